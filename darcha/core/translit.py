"""Uzbek Latin -> Uzbek Cyrillic transliteration.

The official Latin alphabet (1995, amended) maps to Cyrillic almost letter by letter; the digraphs
sh, ch, o', g' and ng stay as written, and ye/yo/yu/ya become single letters. Used to derive Cyrillic
names where a source gives only Latin (shared/data/SOURCES.md allows this), and to derive the
uz_Cyrl message catalogue from the uz one. Loan words written with ц or ь in Cyrillic cannot be
recovered from Latin; such strings are corrected by hand in the catalogue.
"""

from __future__ import annotations

import re

_APOSTROPHES = "ʻʼ'`‘’"

# Order matters: longer sequences first.
_PAIRS = [
    ("Yе", "Е"),
    ("yе", "е"),
    ("YE", "Е"),
    ("O'", "Ў"),
    ("o'", "ў"),
    ("G'", "Ғ"),
    ("g'", "ғ"),
    ("Sh", "Ш"),
    ("SH", "Ш"),
    ("sh", "ш"),
    ("Ch", "Ч"),
    ("CH", "Ч"),
    ("ch", "ч"),
    ("Yo", "Ё"),
    ("YO", "Ё"),
    ("yo", "ё"),
    ("Yu", "Ю"),
    ("YU", "Ю"),
    ("yu", "ю"),
    ("Ya", "Я"),
    ("YA", "Я"),
    ("ya", "я"),
]
_SINGLE = {
    "A": "А",
    "B": "Б",
    "D": "Д",
    "E": "Э",
    "F": "Ф",
    "G": "Г",
    "H": "Ҳ",
    "I": "И",
    "J": "Ж",
    "K": "К",
    "L": "Л",
    "M": "М",
    "N": "Н",
    "O": "О",
    "P": "П",
    "Q": "Қ",
    "R": "Р",
    "S": "С",
    "T": "Т",
    "U": "У",
    "V": "В",
    "X": "Х",
    "Y": "Й",
    "Z": "З",
    "C": "Ц",
    "W": "В",
    "a": "а",
    "b": "б",
    "d": "д",
    "e": "е",
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
    "x": "х",
    "y": "й",
    "z": "з",
    "c": "ц",
    "w": "в",
}
# Kept as written: format placeholders, markup, links, and Latin codes that are the same in every
# script (a QR code; application numbers such as DX-2026-101-000123-4, printed in Latin on receipts).
_PLACEHOLDER = re.compile(
    r"(%\([a-zA-Z_]+\)[sd]|%[sd]|\{[a-zA-Z_0-9]*\}|<[^>]+>|&[a-z]+;|https?://\S+|\bQR\b|\bDX(?:-[0-9]+)*\b)"
)


def _word_initial_e(text: str) -> str:
    # Latin "e" at the start of a word or after a vowel is Cyrillic "э"; elsewhere "е".
    out = []
    for i, ch in enumerate(text):
        if ch in "eE":
            prev = text[i - 1] if i else " "
            initial = not prev.isalpha() or prev.lower() in "aeiou"
            if ch == "e":
                out.append("э" if initial else "е")
            else:
                out.append("Э" if initial else "Е")
        else:
            out.append(ch)
    return "".join(out)


def _plain(text: str) -> str:
    for apostrophe in _APOSTROPHES:
        text = text.replace(f"o{apostrophe}", "o'").replace(f"O{apostrophe}", "O'")
        text = text.replace(f"g{apostrophe}", "g'").replace(f"G{apostrophe}", "G'")
    text = _word_initial_e(text)
    for latin, cyrillic in _PAIRS:
        text = text.replace(latin, cyrillic)
    result = []
    for ch in text:
        if ch in _APOSTROPHES:
            result.append("ъ")  # tutuq belgisi
        else:
            result.append(_SINGLE.get(ch, ch))
    return "".join(result)


def latin_to_cyrillic(text: str) -> str:
    """Transliterate, leaving format placeholders, HTML tags and URLs untouched."""
    parts = _PLACEHOLDER.split(text)
    return "".join(part if _PLACEHOLDER.fullmatch(part) else _plain(part) for part in parts)
