"""Catalog names and descriptions in Uzbek Cyrillic by the orthography's rules (issue 12), where derived."""

from typing import Any

from django.db import migrations

from darcha.core.translit_legacy import rederive


def forwards(apps: Any, schema_editor: Any) -> None:
    for model in ("Agency", "DocumentType"):
        rederive(apps.get_model("catalog", model), [("name_uz", "name_uz_cyrl")])
    rederive(
        apps.get_model("catalog", "Service"),
        [("name_uz", "name_uz_cyrl"), ("description_uz", "description_uz_cyrl")],
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_online_fee_label")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
