from django.urls import path

from darcha.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("services/<str:code>/", views.service, name="service"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/<str:code>/", views.track_link, name="track_link"),
]
