from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "darcha.centers"
    label = "centers"
    verbose_name = _("Centres")

    def ready(self) -> None:
        from darcha.centers import models, selectors
        from darcha.core import refcache
        from darcha.geo.models import District, Region

        refcache.watch(selectors.CENTRES, [models.Center, District, Region])
