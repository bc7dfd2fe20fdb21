from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "darcha.core"
    label = "core"
