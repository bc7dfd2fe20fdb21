#!/usr/bin/env python
"""Refresh the message catalogues and compile them.

1. makemessages for uz (Latin, the default), uz_Cyrl, ru and en.
2. uz_Cyrl is derived from uz by transliteration (darcha/core/translit.py); hand corrections for
   words that transliteration gets wrong go in darcha/locale/uz_Cyrl/overrides.po (msgid -> msgstr).
3. en: the source strings are English, so msgstr = msgid.
4. Django's own texts (form errors, the sign-in form, weekday names, the admin) in Uzbek Cyrillic:
   Django ships Uzbek in Latin only, and Python's gettext falls back from uz_Cyrl to uz, so Cyrillic
   pages would show them in Latin. They are derived from Django's uz catalogues the same way, into
   darcha/locale_django/uz_Cyrl (a second entry of LOCALE_PATHS, below ours in priority), with the
   same overrides file for corrections.
5. compilemessages.

Translators edit only darcha/locale/uz/LC_MESSAGES/django.po and darcha/locale/ru/LC_MESSAGES/django.po,
or hand in JSON lists of {msgctxt, msgid, msgstr | msgstr_plural} merged with
`scripts/messages.py --import uz file.json` (then the catalogues are refreshed as usual).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "darcha.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402

from darcha.core.po import Catalogue, Entry  # noqa: E402
from darcha.core.translit import latin_to_cyrillic  # noqa: E402

LOCALE = ROOT / "darcha" / "locale"
DJANGO_LOCALE = ROOT / "darcha" / "locale_django"
LANGS = ["uz", "uz_Cyrl", "ru", "en"]
LANGUAGE_NAMES = {"uz": "uz", "uz_Cyrl": "uz_Cyrl", "ru": "ru", "en": "en"}
PLURALS = {
    "uz": "nplurals=1; plural=0;",
    "uz_Cyrl": "nplurals=1; plural=0;",
    "ru": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
    "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);",
    "en": "nplurals=2; plural=(n != 1);",
}


def fix_header(lang: str) -> None:
    """A real header: project, language, plural forms, not fuzzy (msgfmt would skip a fuzzy header)."""
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    cat = Catalogue.read(path)
    header = cat.find("")
    if header is None:
        return
    fields = {
        "Project-Id-Version": "Darcha",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "Darcha team",
        "Language-Team": "Darcha team",
        "Language": LANGUAGE_NAMES[lang],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURALS[lang],
    }
    header.msgstr = "".join(f"{key}: {value}\n" for key, value in fields.items())
    header.fuzzy = False
    header.comments = ["# Darcha message catalogue. Source strings are English; see docs/translations.md."]
    cat.write(path)


def import_json(lang: str, path: Path) -> int:
    """Merge translations [{msgctxt, msgid, msgstr | msgstr_plural}] into a catalogue; returns the count."""
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    cat = Catalogue.read(po_path)
    count = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        entry = cat.find(item["msgid"], item.get("msgctxt"))
        if entry is None:
            continue
        if item.get("msgstr_plural"):
            # {index: text} as in a .po file, or the forms in order.
            plural = item["msgstr_plural"]
            forms = plural.items() if isinstance(plural, dict) else enumerate(plural)
            entry.msgstr_plural = {str(k): v for k, v in forms}
        else:
            entry.msgstr = item.get("msgstr", "")
        entry.fuzzy = False
        count += 1
    cat.write(po_path)
    return count


def derive(entry: Entry, source: Entry | None, overrides: Catalogue) -> bool:
    """Fill `entry` in Cyrillic: a hand correction if there is one, else the transliterated Latin."""
    manual = overrides.find(entry.msgid, entry.msgctxt)
    if manual is not None and manual.translated:
        entry.msgstr = manual.msgstr
        entry.msgstr_plural = dict(manual.msgstr_plural)
    elif source is not None and source.translated:
        entry.msgstr = latin_to_cyrillic(source.msgstr)
        entry.msgstr_plural = {k: latin_to_cyrillic(v) for k, v in source.msgstr_plural.items()}
    else:
        return False
    entry.fuzzy = False
    return True


def django_sources(domain: str) -> list[Path]:
    """Django's Uzbek catalogues of a domain, in the order Django lets them win: installed apps in
    INSTALLED_APPS order, then Django's own (django/conf/locale)."""
    paths = [Path(app.path) / "locale" / "uz" / "LC_MESSAGES" / f"{domain}.po" for app in apps.get_app_configs()]
    paths.append(Path(django.__file__).parent / "conf" / "locale" / "uz" / "LC_MESSAGES" / f"{domain}.po")
    return [path for path in paths if path.exists()]


def derive_django(overrides: Catalogue) -> None:
    """Django's own texts in Uzbek Cyrillic, derived from its Uzbek (Latin) catalogues."""
    for domain in ("django", "djangojs"):
        header = Entry(
            comments=[
                "# Django's own texts in Uzbek (Cyrillic), derived by scripts/messages.py from the Uzbek (Latin)",
                "# catalogues of Django and its installed contrib apps (BSD licence; translators named there).",
                "# Do not edit: corrections go in darcha/locale/uz_Cyrl/overrides.po.",
            ],
            msgstr=(
                "Project-Id-Version: Darcha (Django texts)\nLanguage: uz_Cyrl\nMIME-Version: 1.0\n"
                "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
                f"Plural-Forms: {PLURALS['uz_Cyrl']}\n"
            ),
        )
        derived: dict[tuple[str | None, str], Entry] = {}
        for path in django_sources(domain):
            for source in Catalogue.read(path).entries:
                key = (source.msgctxt, source.msgid)
                if not source.msgid or key in derived:
                    continue
                entry = Entry(
                    comments=[c for c in source.comments if c.startswith("#,")],
                    msgctxt=source.msgctxt,
                    msgid=source.msgid,
                    msgid_plural=source.msgid_plural,
                )
                if derive(entry, source, overrides):
                    derived[key] = entry
        target = DJANGO_LOCALE / "uz_Cyrl" / "LC_MESSAGES" / f"{domain}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        entries = sorted(derived.values(), key=lambda e: (e.msgid, e.msgctxt or ""))
        Catalogue([header, *entries]).write(target)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--import":
        # scripts/messages.py --import LANG FILE.json [FILE.json ...]
        for name in sys.argv[3:]:
            print(f"{name}: {import_json(sys.argv[2], Path(name))} entries")
    manage = [sys.executable, str(ROOT / "manage.py")]
    args = ["makemessages", "--no-obsolete", "--add-location=file", "-i", "node_modules", "-i", ".venv", "-i", "var"]
    for lang in LANGS:
        args += ["-l", lang]
    subprocess.run(manage + args, check=True, cwd=ROOT / "darcha")
    for lang in LANGS:
        fix_header(lang)
    uz = Catalogue.read(LOCALE / "uz" / "LC_MESSAGES" / "django.po")
    overrides_path = LOCALE / "uz_Cyrl" / "overrides.po"
    overrides = Catalogue.read(overrides_path) if overrides_path.exists() else Catalogue([])
    cyrl_path = LOCALE / "uz_Cyrl" / "LC_MESSAGES" / "django.po"
    cyrl = Catalogue.read(cyrl_path)
    for entry in cyrl.entries:
        if entry.msgid:
            source = uz.find(entry.msgid, entry.msgctxt)
            derive(entry, source, overrides)
            entry.fuzzy = False
            manual = overrides.find(entry.msgid, entry.msgctxt)
            if manual is not None and source is not None and manual.msgstr == latin_to_cyrillic(source.msgstr):
                print(f"uz_Cyrl/overrides.po: no longer needed, the rules agree: {entry.msgid[:60]!r}")
    cyrl.write(cyrl_path)
    derive_django(overrides)
    en_path = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    en = Catalogue.read(en_path)
    for entry in en.entries:
        if entry.msgid:
            entry.msgstr = entry.msgid
            if entry.msgid_plural:
                entry.msgstr_plural = {"0": entry.msgid, "1": entry.msgid_plural}
            entry.fuzzy = False
    en.write(en_path)
    subprocess.run([*manage, "compilemessages", "--ignore", ".venv", "--ignore", "node_modules"], check=True, cwd=ROOT)
    for lang in ("uz", "ru"):
        missing = Catalogue.read(LOCALE / lang / "LC_MESSAGES" / "django.po").untranslated()
        print(f"{lang}: {len(missing)} untranslated")


if __name__ == "__main__":
    main()
