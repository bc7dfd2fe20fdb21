from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "darcha.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Registers this app's message templates with the outbox (web process and worker alike).
        from darcha.applications import messages  # noqa: F401
