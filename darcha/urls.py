from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from darcha.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("darcha.core.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("darcha.accounts.urls")),
    path("desk/", include("darcha.applications.urls")),
    path("desk/", include("darcha.payments.urls")),
    path("", include("darcha.portal.urls")),
    prefix_default_language=False,
)

# Error pages keep the site's layout; a 404 never shows Django's list of URL patterns.
handler403 = "darcha.core.views.permission_denied"
handler404 = "darcha.core.views.page_not_found"
