"""The catalog's search key (issue 12): names folded to one spelling, filled in for existing services."""

from typing import Any

from django.db import migrations, models

from darcha.core.search import search_key


def fill(apps: Any, schema_editor: Any) -> None:
    Service = apps.get_model("catalog", "Service")
    services = list(Service.objects.all())
    for service in services:
        service.search_key = search_key(
            [service.code, service.name_uz, service.name_uz_cyrl, service.name_ru, service.name_en]
        )
    Service.objects.bulk_update(services, ["search_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_cyrl_rederive_names")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_key",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
