from django.urls import path

from darcha.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("find/", views.find_citizen, name="find"),
    path("register/", views.register, name="register"),
    path("next/", views.clear_citizen, name="clear"),
    path("citizen/details/", views.citizen_details, name="citizen_details"),
    path("apply/<str:code>/", views.apply, name="apply"),
    path("apply/<str:code>/summary/", views.apply_summary, name="apply_summary"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/search/", views.inbox_search, name="inbox_search"),
    path("inbox/search/clear/", views.inbox_clear_search, name="inbox_clear_search"),
    path("inbox/export.<str:fmt>", views.inbox_export, name="inbox_export"),
    path("applications/<str:number>/", views.application_page, name="detail"),
    path("applications/<str:number>/documents/", views.add_documents, name="add_documents"),
    path("applications/<str:number>/assign/", views.assign, name="assign"),
    path("applications/<str:number>/confirm/<str:action>/", views.confirm_action, name="confirm"),
    path("overview/", views.overview, name="overview"),
]
