"""Django's admin app with Darcha's site (a module of its own: INSTALLED_APPS imports it before models load)."""

from django.contrib.admin.apps import AdminConfig


class DarchaAdminConfig(AdminConfig):
    default_site = "darcha.accounts.admin_site.DarchaAdminSite"
