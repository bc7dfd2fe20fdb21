"""The letter-by-letter transliteration Darcha used before issue 12, kept for data migrations only.

A stored Cyrillic name or description equal to what these rules made from its Latin was derived, not
written by hand, so a migration may replace it with the output of darcha.core.translit; anything
else was typed by an administrator and is left alone. Nothing else may use this module.
"""

from __future__ import annotations

import re
from typing import Any

_APOSTROPHES = "ʻʼ'`‘’"
_PAIRS = [
    ("Yе", "Е"), ("yе", "е"), ("YE", "Е"), ("O'", "Ў"), ("o'", "ў"), ("G'", "Ғ"), ("g'", "ғ"),
    ("Sh", "Ш"), ("SH", "Ш"), ("sh", "ш"), ("Ch", "Ч"), ("CH", "Ч"), ("ch", "ч"), ("Yo", "Ё"),
    ("YO", "Ё"), ("yo", "ё"), ("Yu", "Ю"), ("YU", "Ю"), ("yu", "ю"), ("Ya", "Я"), ("YA", "Я"), ("ya", "я"),
]  # fmt: skip
_SINGLE = dict(
    zip(
        "ABDEFGHIJKLMNOPQRSTUVXYZCWabdefghijklmnopqrstuvxyzcw",
        "АБДЭФГҲИЖКЛМНОПҚРСТУВХЙЗЦВабдэфгҳижклмнопқрстувхйзцв",
        strict=True,
    )
)
_PLACEHOLDER = re.compile(
    r"(%\([a-zA-Z_]+\)[sd]|%[sd]|\{[a-zA-Z_0-9]*\}|<[^>]+>|&[a-z]+;|https?://\S+|\bQR\b|\bDX(?:-[0-9]+)*\b)"
)


def _word_initial_e(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch in "eE":
            prev = text[i - 1] if i else " "
            initial = not prev.isalpha() or prev.lower() in "aeiou"
            out.append(("э" if ch == "e" else "Э") if initial else ("е" if ch == "e" else "Е"))
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
    return "".join("ъ" if ch in _APOSTROPHES else _SINGLE.get(ch, ch) for ch in text)


def legacy_latin_to_cyrillic(text: str) -> str:
    parts = _PLACEHOLDER.split(text)
    return "".join(part if _PLACEHOLDER.fullmatch(part) else _plain(part) for part in parts)


def rederive(model: type[Any], pairs: list[tuple[str, str]], *, always: bool = False) -> int:
    """Store the new transliteration in each (latin_field, cyrillic_field) pair that holds a derived text.

    A Cyrillic text is derived when it is empty-but-Latin-given or equal to the legacy rules' output of
    its Latin; `always` treats every row as derived (data loaded from files that have no Cyrillic, such as
    the SOATO classifier, read-only in the admin). Returns the number of rows changed.
    """
    from darcha.core.translit import latin_to_cyrillic

    changed = []
    fields = [name for pair in pairs for name in pair]
    for row in model.objects.only("pk", *fields).iterator(chunk_size=2000):
        dirty = False
        for latin_field, cyrillic_field in pairs:
            latin, stored = getattr(row, latin_field) or "", getattr(row, cyrillic_field) or ""
            if not latin or not (always or stored == legacy_latin_to_cyrillic(latin)):
                continue
            fresh = latin_to_cyrillic(latin)
            if fresh != stored:
                setattr(row, cyrillic_field, fresh)
                dirty = True
        if dirty:
            changed.append(row)
    model.objects.bulk_update(changed, [cyrillic for _latin, cyrillic in pairs], batch_size=500)
    return len(changed)
