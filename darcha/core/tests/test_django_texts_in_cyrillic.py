"""Django's own texts (form errors, the sign-in form, weekday and month names, the admin) in Uzbek Cyrillic.

Django ships Uzbek in Latin only, and gettext falls back from uz_Cyrl to uz, so without
darcha/locale_django a Cyrillic page showed "Parol", "Ushbu maydon toʻldirilishi shart." and "Dush".
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS_ABBR

from darcha.core.po import Catalogue

DERIVED = Path(settings.BASE_DIR) / "darcha" / "locale_django" / "uz_Cyrl" / "LC_MESSAGES"


# Through variables: xgettext would otherwise put Django's texts into our own catalogue.
REQUIRED, PASSWORD = "This field is required.", "Password"


def test_djangos_texts_are_cyrillic_on_cyrillic_pages() -> None:
    with translation.override("uz-cyrl"):
        assert translation.gettext(REQUIRED) == "Ушбу майдон тўлдирилиши шарт."
        assert translation.gettext(PASSWORD) == "Парол"
        assert [str(day) for day in WEEKDAYS_ABBR.values()] == ["Душ", "Сеш", "Чор", "Пай", "Жум", "Шан", "Як"]
        assert str(MONTHS[10]) == "Октябрь"


def test_djangos_texts_stay_latin_on_uzbek_latin_pages() -> None:
    with translation.override("uz"):
        assert translation.gettext(PASSWORD) == "Parol"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_uzbek_text_of_django_has_its_cyrillic(domain: str) -> None:
    """The derived catalogue is current with the installed Django (`make messages` after an upgrade)."""
    derived = Catalogue.read(DERIVED / f"{domain}.po")
    sources = [Path(app.path) / "locale" / "uz" / "LC_MESSAGES" / f"{domain}.po" for app in apps.get_app_configs()]
    sources.append(Path(django.__file__).parent / "conf" / "locale" / "uz" / "LC_MESSAGES" / f"{domain}.po")
    missing = [
        entry.msgid
        for path in sources
        if path.exists()
        for entry in Catalogue.read(path).entries
        if entry.msgid and entry.translated and derived.find(entry.msgid, entry.msgctxt) is None
    ]
    assert missing == [], f"run `make messages`: {missing[:5]}"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_is_current(domain: str) -> None:
    po = DERIVED / f"{domain}.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run `make messages`"
    if shutil.which("msgfmt"):
        compiled = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True, check=True).stdout
        assert compiled == mo.read_bytes(), f"{mo} is older than {po}: run `make messages`"
