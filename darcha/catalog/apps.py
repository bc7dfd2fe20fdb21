from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "darcha.catalog"
    label = "catalog"
    verbose_name = _("Service catalog")

    def ready(self) -> None:
        from darcha.catalog import models, selectors
        from darcha.core import refcache

        refcache.watch(
            selectors.CATALOG,
            [models.Service, models.ServiceVersion, models.VersionDocument, models.DocumentType, models.Agency],
        )
        refcache.watch(selectors.BHM, [models.BhmRate])
