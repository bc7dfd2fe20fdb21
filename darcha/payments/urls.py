from django.urls import path

from darcha.payments import views

app_name = "payments"
urlpatterns = [
    path("applications/<str:number>/payment/", views.record, name="record"),
]
