#!/usr/bin/env python
"""Refresh the message catalogues and compile them.

1. makemessages for uz (Latin, the default), uz_Cyrl, ru and en.
2. uz_Cyrl is derived from uz by transliteration (darcha/core/translit.py); hand corrections for
   words that transliteration gets wrong go in darcha/locale/uz_Cyrl/overrides.po (msgid -> msgstr).
3. en: the source strings are English, so msgstr = msgid.
4. compilemessages.

Translators edit only darcha/locale/uz/LC_MESSAGES/django.po and darcha/locale/ru/LC_MESSAGES/django.po.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "darcha.settings")

import django  # noqa: E402

django.setup()

from darcha.core.po import Catalogue  # noqa: E402
from darcha.core.translit import latin_to_cyrillic  # noqa: E402

LOCALE = ROOT / "darcha" / "locale"
LANGS = ["uz", "uz_Cyrl", "ru", "en"]


def main() -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    args = ["makemessages", "--no-obsolete", "--add-location=file", "-i", "node_modules", "-i", ".venv", "-i", "var"]
    for lang in LANGS:
        args += ["-l", lang]
    subprocess.run(manage + args, check=True, cwd=ROOT / "darcha")
    uz = Catalogue.read(LOCALE / "uz" / "LC_MESSAGES" / "django.po")
    overrides_path = LOCALE / "uz_Cyrl" / "overrides.po"
    overrides = Catalogue.read(overrides_path) if overrides_path.exists() else Catalogue([])
    cyrl_path = LOCALE / "uz_Cyrl" / "LC_MESSAGES" / "django.po"
    cyrl = Catalogue.read(cyrl_path)
    for entry in cyrl.entries:
        if not entry.msgid:
            continue
        manual = overrides.find(entry.msgid, entry.msgctxt)
        source = uz.find(entry.msgid, entry.msgctxt)
        if manual is not None and manual.translated:
            entry.msgstr = manual.msgstr
            entry.msgstr_plural = dict(manual.msgstr_plural)
        elif source is not None and source.translated:
            entry.msgstr = latin_to_cyrillic(source.msgstr)
            entry.msgstr_plural = {k: latin_to_cyrillic(v) for k, v in source.msgstr_plural.items()}
        entry.fuzzy = False
    cyrl.write(cyrl_path)
    en_path = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    en = Catalogue.read(en_path)
    for entry in en.entries:
        if entry.msgid:
            entry.msgstr = entry.msgid
            if entry.msgid_plural:
                entry.msgstr_plural = {"0": entry.msgid, "1": entry.msgid_plural}
            entry.fuzzy = False
    en.write(en_path)
    subprocess.run(manage + ["compilemessages", "--ignore", ".venv", "--ignore", "node_modules"], check=True, cwd=ROOT)
    for lang in ("uz", "ru"):
        missing = Catalogue.read(LOCALE / lang / "LC_MESSAGES" / "django.po").untranslated()
        print(f"{lang}: {len(missing)} untranslated")


if __name__ == "__main__":
    main()
