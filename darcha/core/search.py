"""One spelling for searching texts however people type them.

Citizens and operators type service names in Latin or Cyrillic, with any apostrophe (ʻ ' ‘ ’ `) or
none, and on a Russian keyboard without the Uzbek letters (у for ў, к for қ, х for ҳ, г for ғ).
`fold` maps all of these to one lower-case Latin form; `search_key` folds the texts of a record
into the string its search looks in, with each oʻ/ў word in both of the forms people type without
the apostrophe ("koʻchmas" is found as "kochmas" and, from a Russian keyboard, "кучмас").

The folding loses distinctions on purpose (q/k, h/x, ts/s, ye/e, ь and ъ): a search that finds one
service too many is better than one that finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from darcha.core.translit import APOSTROPHES

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ц": "s",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "ö",
    "қ": "k",
    "ғ": "g",
    "ҳ": "x",
}
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
# oʻ/ў while folding, until it is written both ways (a letter no Uzbek or Russian text contains).
_TURNED_O = "ö"
_NON_WORD = re.compile(r"[^a-z0-9_ö]+")


def _latin(text: str) -> str:
    """Lower case, Cyrillic spelled in Latin, oʻ marked with one sign and every other apostrophe gone."""
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    text = re.sub(f"o[{APOSTROPHES}]", _TURNED_O, text)
    text = _APOSTROPHE.sub("", text)
    # What a Russian keyboard or a loanword's two spellings make of the same letter.
    text = re.sub(r"(?<![sc])h", "x", text.replace("ts", "s").replace("q", "k").replace("ye", "e"))
    return _NON_WORD.sub(" ", text).strip()


def fold(text: str) -> list[str]:
    """The words of a query in the folded form (oʻ and ў typed as o)."""
    return _latin(text).replace(_TURNED_O, "o").split()


def search_key(texts: Iterable[str]) -> str:
    """Every word of `texts`, folded; a word with oʻ/ў appears both with o and with u."""
    words: list[str] = []
    for text in texts:
        for word in _latin(text or "").split():
            words.append(word.replace(_TURNED_O, "o"))
            if _TURNED_O in word:
                words.append(word.replace(_TURNED_O, "u"))
    return " " + " ".join(dict.fromkeys(words)) + " "
