from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "darcha.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Registers this app's message templates with the outbox (web process and worker alike).
        from darcha.accounts.navigation import NavLink, register
        from darcha.accounts.roles import Capability
        from darcha.applications import messages  # noqa: F401

        register(NavLink("applications:overview", _("Overview"), Capability.SEE_MANAGEMENT_FIGURES))
        register(
            NavLink(
                "applications:desk",
                _("Front desk"),
                Capability.FRONT_OFFICE,
                needs_center=True,
                root_name="applications:desk",
                sub_paths=("apply/", "receipt/", "register/", "citizen/"),
            )
        )
        register(
            NavLink(
                "applications:inbox",
                _("Applications"),
                Capability.SEE_PERSONAL_DATA,
                root_name="applications:desk",
                sub_paths=("applications/",),
            )
        )
