from django.urls import path

from darcha.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("home/", views.home, name="home"),
    path("two-step/", views.two_factor_verify, name="two_factor_verify"),
    path("two-step/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
