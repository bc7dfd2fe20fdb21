from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeedConfig(AppConfig):
    """The demo: an app of its own so its commands (`seed_demo`, `demo_logins`) sit above the apps they fill.

    It owns no models; being installed is what lets Django find its management commands.
    """

    name = "darcha.seed"
    label = "seed"
    verbose_name = _("Demo data")
