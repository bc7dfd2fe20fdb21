"""While the database is unreachable, pages and the API answer 503 with Retry-After, never a 500."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from darcha.accounts.services import issue_token
from darcha.core.outage import RETRY_AFTER_SECONDS, database_unavailable
from darcha.core.tests.outage import database_down

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_a_page_answers_503_in_the_site_layout(client):
    with database_down():
        response = client.get(reverse("portal:services"))
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    assert "Darcha is briefly unavailable" in html
    assert 'class="site-header"' in html and 'href="/services/"' in html  # the layout, with a way to retry


def test_a_signed_in_officer_gets_the_page_without_the_staff_bar_and_keeps_the_session(world):
    # The session is first read by a middleware (idle sign-out), below the outage middleware: Django
    # logs that error before the 503 replaces its 500, and the test client would re-raise it.
    client = Client(raise_request_exception=False)
    client.force_login(world.officer_x)
    with database_down():
        response = client.get(reverse("applications:inbox"))
    assert response.status_code == 503
    assert "Signed in as" not in response.content.decode()
    assert "sessionid" not in response.cookies  # not deleted: the officer is still signed in afterwards
    assert client.get(reverse("applications:inbox")).status_code == 200


def test_the_page_speaks_the_language_of_the_url(client):
    with database_down():
        response = client.get("/ru/services/")
    assert response.status_code == 503
    assert response["Content-Language"] == "ru"
    assert "Сервис Darcha временно недоступен" in response.content.decode()


def test_an_api_call_answers_503_json(client):
    with database_down():
        response = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "detail": "The service is briefly unavailable. Please try again in a minute.",
        "code": "database_unavailable",
    }


def test_an_authenticated_api_call_whose_token_cannot_be_checked_answers_503(client, world):
    token = issue_token(user=world.officer_x)
    with database_down():
        response = client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert response.json()["detail"] == "Сервис временно недоступен. Попробуйте ещё раз через минуту."


def test_the_api_answers_503_under_debug_too(client, settings):
    # Under DEBUG ninja would answer a 500 with a traceback for an exception without a handler.
    settings.DEBUG = True
    with database_down():
        response = client.get("/api/v1/services")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def test_the_health_check_answers_503_for_the_load_balancer(client):
    with database_down():
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503


class FailingMiddleware:
    """A middleware below the outage middleware that needs the database (as sessions or auth do)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("server closed the connection unexpectedly")


def test_a_database_error_in_a_middleware_below_answers_503(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: settings.MIDDLEWARE.index("darcha.core.outage.DatabaseOutageMiddleware") + 1],
        "darcha.core.tests.test_outage_pages.FailingMiddleware",
    ]
    client = Client(raise_request_exception=False)
    response = client.get("/services/")
    assert response.status_code == 503
    assert "Darcha is briefly unavailable" in response.content.decode()
    response = client.get("/api/v1/services")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def test_the_503_page_itself_makes_no_query(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable(rf.get("/services/"))
    assert response.status_code == 503


def test_other_errors_are_not_disguised_as_an_outage(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: settings.MIDDLEWARE.index("darcha.core.outage.DatabaseOutageMiddleware") + 1],
        "darcha.core.tests.test_outage_pages.BrokenMiddleware",
    ]
    response = Client(raise_request_exception=False).get("/services/")
    assert response.status_code == 500


class BrokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError("a bug, not an outage")


def test_the_retry_link_stays_on_this_site(rf):
    request = rf.get("/services/")
    request.path = request.path_info = "//evil.example/services/"  # as a raw request line may give it
    response = database_unavailable(request)
    assert 'href="/evil.example/services/"' in response.content.decode()
