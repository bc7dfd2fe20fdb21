"""Uzbek Latin -> Uzbek Cyrillic transliteration that follows the Cyrillic orthography.

Uzbek Cyrillic is the script many older citizens read, and Darcha derives it from the Uzbek Latin
texts (the message catalogue, catalog and place names, centre addresses). The 1995 Latin alphabet
maps onto Cyrillic almost letter by letter, but the Cyrillic orthography (the rules of 1956, still
those of Cyrillic texts) writes some words in ways Latin no longer shows:

- ye, yo, yu, ya are one letter (е, ё, ю, я): yer -> ер, dunyo -> дунё, but yoʻl -> йўл;
- e is э at the start of a word and after a vowel, е elsewhere: eʼlon -> эълон, poeziya -> поэзия;
- oʻ, gʻ (any apostrophe: ʻ ' ‘ ’ `) are ў, ғ; the tutuq belgisi (ʼ) is ъ, except between s and h
  where it only separates the two letters (Isʼhoq -> Исҳоқ);
- Russian loanwords keep ц: Latin writes "ts" after a vowel and "s" elsewhere, so ts is ц at the
  start of a word, before e, in -tsiya and before i with a vowel after it (migratsiya -> миграция,
  natsional -> национал, litsenziya -> лицензия), and "s" after k in -ksiya/-ksion (aksiya -> акция). A "ts" anywhere else
  is two letters, because Uzbek verbs make it all the time (ketsa -> кетса, aytsin -> айтсин);
- what no rule can decide (ъ and ь in loanwords: obyekt -> объект, oktabr -> октябрь; ц written
  "s": kvitansiya -> квитанция) comes from an exceptions lexicon, data in data/translit_lexicon.tsv
  with the source of each entry.

Never transliterated: format placeholders, markup, `code`, URLs, domain names, paths (/api/v1/docs),
e-mail addresses, application numbers (DX-2026-101-000123-4), codes written in capitals with
underscores, Roman numerals (disability groups I-II), and the international abbreviations and
product names the lexicon marks as kept (QR, ID, SMS, API …), which Cyrillic texts write in Latin.
Uzbek abbreviations are transliterated like words (JShShIR -> ЖШШИР, BHM -> БҲМ).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

LEXICON_PATH = Path(__file__).parent / "data" / "translit_lexicon.tsv"

# Every form of the apostrophe people type for oʻ/gʻ and the tutuq belgisi.
APOSTROPHES = "ʻʼ'`‘’"
_VOWELS = set("aeiou")

# Kept as written. Order matters only where two patterns could match at the same place.
_PROTECTED = re.compile(
    r"""(
        %(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-\#0+]*[0-9]*(?:\.[0-9]+)?[diouxXeEfFgGcrsa%]  # placeholders
      | \{[A-Za-z_0-9]*\}                                          # format fields
      | <[^>]+> | &[A-Za-z]+; | &\#[0-9]+;                         # markup
      | (?<![A-Za-z])`[^`\n]+`(?![A-Za-z])                         # code in Markdown (API docs)
      | \b[a-z][a-z0-9+.-]*://\S+                                  # URLs with a scheme
      | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+                             # e-mail addresses
      | \b[\w-]+(?:\.[\w-]+)*\.(?:uz|com|org|net|ru|io|gov|info)\b(?:/[^\s,;)»"]*)?  # domains
      | (?<![\w/])/[A-Za-z0-9_.{}/-]*[A-Za-z0-9_}/]                 # absolute paths
      | \bDX(?:-(?:[0-9A-Z]+|…|\.\.\.))*(?![\w])                     # application numbers
      | \b[A-Z0-9]+(?:_[A-Z0-9]+)+\b                               # codes: ID_CARD_ISSUE
    )""",
    re.VERBOSE,
)
# A word: letters, with apostrophes inside; a final apostrophe only after o or g (togʻ, bogʻ).
_WORD = re.compile(r"[A-Za-z](?:[A-Za-z]|[ʻʼ'`‘’](?=[A-Za-z]))*(?:(?<=[oOgG])[ʻʼ'`‘’])?")
_ROMAN = re.compile(r"[IVX]+")

_LETTERS = {
    "a": "а",
    "b": "б",
    "c": "ц",
    "d": "д",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "х",
    "y": "й",
    "z": "з",
}
_IOTATED = {"e": "е", "o": "ё", "u": "ю", "a": "я"}


@dataclass(frozen=True)
class Lexicon:
    """Exceptions to the rules: whole words, word stems (a suffix follows the rules) and Latin kept."""

    words: dict[str, str]
    stems: tuple[tuple[str, str], ...]  # longest first
    keep: frozenset[str]


def fold_apostrophes(text: str) -> str:
    """Every apostrophe form as a plain ', so that lexicon keys match however a word was typed."""
    return re.sub(f"[{APOSTROPHES}]", "'", text)


@functools.cache
def lexicon() -> Lexicon:
    words: dict[str, str] = {}
    stems: dict[str, str] = {}
    keep: set[str] = set()
    with LEXICON_PATH.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t")
        for latin, cyrillic, match, *_source in rows:
            if match == "keep":
                keep.add(latin)
            elif match == "stem":
                stems[fold_apostrophes(latin).lower()] = cyrillic
            else:
                words[fold_apostrophes(latin).lower()] = cyrillic
    ordered = tuple(sorted(stems.items(), key=lambda item: -len(item[0])))
    return Lexicon(words=words, stems=ordered, keep=frozenset(keep))


def _ts_is_tse(word: str, i: int) -> bool:
    """Is the "ts" at `i` the letter ц of a loanword rather than t + s of an Uzbek word?"""
    after = word[i + 2 :]
    return i == 0 or after.startswith(("iya", "e")) or (after[:1] == "i" and after[1:2] in _VOWELS)


def _rules(word: str, previous: str = "") -> str:
    """Transliterate one word by the orthography's rules; each letter keeps its case."""
    low = fold_apostrophes(word).lower()
    out: list[str] = []
    i, n = 0, len(low)
    while i < n:
        ch = low[i]
        before = low[i - 1] if i else previous
        nxt = low[i + 1] if i + 1 < n else ""
        if ch in "og" and nxt == "'":
            unit, step = ("ў" if ch == "o" else "ғ"), 2
        elif ch == "'":
            # Between s and h the sign only separates them (Isʼhoq); elsewhere it is the tutuq belgisi.
            unit, step = ("" if before == "s" and nxt == "h" else "ъ"), 1
        elif ch in "sc" and nxt == "h":
            unit, step = ("ш" if ch == "s" else "ч"), 2
        elif ch == "y" and nxt in _IOTATED and not (nxt == "o" and low[i + 2 : i + 3] == "'"):
            unit, step = _IOTATED[nxt], 2
        elif ch == "t" and nxt == "s" and _ts_is_tse(low, i):
            unit, step = "ц", 2
        elif ch == "s" and before == "k" and low.startswith(("siya", "sion"), i):
            unit, step = "ц", 1
        elif ch == "e":
            unit, step = ("э" if not before or before in _VOWELS else "е"), 1
        else:
            unit, step = _LETTERS.get(ch, word[i]), 1
        out.append(unit.upper() if word[i].isupper() else unit)
        i += step
    return "".join(out)


def _with_case(source: str, cyrillic: str) -> str:
    if len(source) > 1 and source.isupper():
        return cyrillic.upper()
    if source[:1].isupper():
        return cyrillic[:1].upper() + cyrillic[1:]
    return cyrillic


def transliterate_word(word: str) -> str:
    """One Latin word in Cyrillic: the lexicon first (whole word, then the longest stem), then the rules."""
    lex = lexicon()
    if word in lex.keep or _ROMAN.fullmatch(word):
        return word
    key = fold_apostrophes(word).lower()
    whole = lex.words.get(key)
    if whole is not None:
        return _with_case(word, whole)
    for stem, cyrillic in lex.stems:
        if key.startswith(stem):
            rest = word[len(stem) :]
            return _with_case(word[: len(stem)], cyrillic) + _rules(rest, previous=key[len(stem) - 1])
    return _rules(word)


def _plain(text: str) -> str:
    def word(match: re.Match[str]) -> str:
        found = match.group(0)
        # A lone capital beside a full stop is an initial (F.I.Sh.), not a Roman numeral.
        if (
            len(found) == 1
            and "." in text[max(match.start() - 1, 0) : match.start()] + text[match.end() : match.end() + 1]
        ):
            return _rules(found)
        return transliterate_word(found)

    return _WORD.sub(word, text)


def latin_to_cyrillic(text: str) -> str:
    """Transliterate a text, leaving placeholders, markup, links, numbers and kept Latin untouched."""
    parts = _PROTECTED.split(text)
    return "".join(part if i % 2 else _plain(part) for i, part in enumerate(parts))
