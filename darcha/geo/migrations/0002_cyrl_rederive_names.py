"""Place names in Uzbek Cyrillic by the orthography's rules (issue 12).

The classifier's files have no Cyrillic and the admin shows geography read-only, so every Cyrillic
name was derived: all are derived again.
"""

from typing import Any

from django.db import migrations

from darcha.core.translit_legacy import rederive


def forwards(apps: Any, schema_editor: Any) -> None:
    for model in ("Region", "District", "Mahalla"):
        rederive(apps.get_model("geo", model), [("name_uz", "name_uz_cyrl")], always=True)


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
