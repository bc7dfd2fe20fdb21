"""Centre names in Uzbek Cyrillic by the orthography's rules (issue 12), where they had been derived."""

from typing import Any

from django.db import migrations

from darcha.core.translit_legacy import rederive


def forwards(apps: Any, schema_editor: Any) -> None:
    rederive(apps.get_model("centers", "Center"), [("name_uz", "name_uz_cyrl")])


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_cyrl_address_uz_cyrl")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
