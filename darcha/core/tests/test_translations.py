"""Every user-facing string is translated into every language, and the compiled catalogues are current."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from darcha.core.po import Catalogue

LOCALE = Path(settings.BASE_DIR) / "darcha" / "locale"
HAND_TRANSLATED = ["uz", "uz_Cyrl", "ru"]


def catalogue(lang: str) -> Catalogue:
    return Catalogue.read(LOCALE / lang / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("lang", HAND_TRANSLATED)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    missing = [e.msgid for e in catalogue(lang).untranslated()]
    assert missing == [], f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are needed to extract strings")
def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    """Extract the strings afresh (as makemessages does) and compare with the committed catalogue."""
    project = Path(settings.BASE_DIR)
    work = tmp_path / "darcha"
    shutil.copytree(project / "darcha", work, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    (work / "locale").mkdir()
    subprocess.run(
        [
            str(project / ".venv" / "bin" / "django-admin"),
            "makemessages",
            "-l",
            "uz",
            "--no-location",
            "--settings=darcha.settings",
        ],
        cwd=work,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(project),
            "DJANGO_SETTINGS_MODULE": "darcha.settings",
            "DARCHA_LOCALE_DIR": str(work / "locale"),
            "DARCHA_VAR_DIR": str(tmp_path / "var"),
        },
    )
    fresh = {
        (e.msgctxt, e.msgid)
        for e in Catalogue.read(work / "locale" / "uz" / "LC_MESSAGES" / "django.po").entries
        if e.msgid
    }
    for lang in [*HAND_TRANSLATED, "en"]:
        known = {(e.msgctxt, e.msgid) for e in catalogue(lang).entries if e.msgid}
        new = sorted(m for _c, m in fresh - known)
        assert not new, f"{lang}: strings missing from the catalogue (run `make messages`): {new[:5]}"


@pytest.mark.parametrize("lang", ["uz", "uz-cyrl", "ru", "en"])
def test_compiled_catalogue_is_used(lang):
    with translation.override(lang):
        assert translation.gettext("approved") != "" and translation.get_language() == lang
    if lang in {"uz", "ru", "uz-cyrl"}:
        with translation.override(lang):
            assert translation.gettext("approved") != "approved"


def test_compiled_files_are_current():
    for lang in [*HAND_TRANSLATED, "en"]:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run `make messages`"
        result = (
            subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True, check=True)
            if shutil.which("msgfmt")
            else None
        )
        if result is not None:
            assert result.stdout == mo.read_bytes(), f"{mo} is older than {po}: run `make messages`"
