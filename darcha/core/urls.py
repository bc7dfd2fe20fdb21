from django.urls import path

from darcha.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("bench/baseline", views.baseline, name="bench-baseline"),
]
