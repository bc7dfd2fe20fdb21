"""Arbitrary JSON posted to the write endpoints never gets a 5xx: bad input is always a 4xx."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from darcha.accounts.services import issue_token
from darcha.applications.tests.factories import submit
from darcha.applications.workflow import ACTIONS, RejectionReason
from darcha.people.pinfl import make_pinfl

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

awkward_text = st.sampled_from(["", " ", "\x00", "\ud800", "null", "0" * 10_000, "ʻOʻzbek", "1' OR '1'='1"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | awkward_text
)
any_json = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a plausible value, sometimes anything at all."""
    return st.one_of(strategy, strategy, any_json)


pinfls = st.builds(
    lambda born, sex, serial: make_pinfl(birth_date=born, sex=sex, area=733, serial=serial),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(0, 999),
)
person = st.fixed_dictionaries(
    {"pinfl": maybe(pinfls | st.text(max_size=16))},
    optional={
        "last_name": maybe(st.text(max_size=120)),
        "first_name": maybe(st.text(max_size=120)),
        "patronymic": maybe(st.text(max_size=10)),
        "birth_date": maybe(st.dates().map(str)),
        "sex": maybe(st.sampled_from(["M", "F", "X", ""])),
        "phone": maybe(st.sampled_from(["+998901234567", "90 123 45 67", "12", ""]) | st.text(max_size=25)),
        "mahalla_code": maybe(st.text(max_size=14)),
        "disability_group": maybe(st.sampled_from(["", "1", "2", "3", "4"])),
        "basis": maybe(st.sampled_from(["parent", "power_of_attorney", "neighbour"])),
        "document": maybe(st.text(max_size=30)),
    },
)
application_bodies = any_json | st.fixed_dictionaries(
    {},
    optional={
        "service_code": maybe(st.sampled_from(["SERVICE_X", "SERVICE_Y", "NOPE", ""])),
        "center_code": maybe(st.sampled_from(["psc-a", "psc-b", "psc-zz"])),
        "channel": maybe(st.sampled_from(["front_desk", "online", "home_visit", "fax"])),
        "applicant": maybe(person),
        "representative": maybe(person | st.none()),
        "documents_presented": maybe(st.lists(st.sampled_from(["passport", "photo", "title", "x" * 70]), max_size=5)),
    },
)
transition_bodies = any_json | st.fixed_dictionaries(
    {},
    optional={
        "action": maybe(st.sampled_from([*ACTIONS, "fly"])),
        "comment": maybe(st.text(max_size=50)),
        "reason_code": maybe(st.sampled_from([*RejectionReason.values, "bored"])),
        "expected_version": maybe(st.integers(min_value=-5, max_value=10)),
    },
)


def test_arbitrary_application_bodies_never_get_a_5xx(world, client):
    headers = {"Authorization": f"Bearer {issue_token(user=world.operator_a)}"}

    @FUZZ
    @given(body=application_bodies, key=st.none() | st.text(min_size=1, max_size=120).filter(str.isprintable))
    def post(body: Any, key: str | None) -> None:
        extra = {"Idempotency-Key": key.encode("ascii", "ignore").decode() or "k"} if key is not None else {}
        response = client.post(
            "/api/v1/applications", json.dumps(body), content_type="application/json", headers={**headers, **extra}
        )
        assert response.status_code < 500, response.content
        assert response.status_code in {201, 400, 403, 409, 422}, response.content
        if response.status_code >= 400:
            assert set(response.json()) >= {"detail", "code"}

    post()


def test_arbitrary_transition_bodies_never_get_a_5xx(world, client):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    tokens = {
        user.username: issue_token(user=user)
        for user in (world.operator_a, world.officer_x, world.analyst, world.operator_b)
    }

    @FUZZ
    @given(
        body=transition_bodies,
        who=st.sampled_from(sorted(tokens)),
        number=st.sampled_from([app.number, app.number.lower(), "DX-2026-101-000002-0", "x", "%00"]),
    )
    def act(body: Any, who: str, number: str) -> None:
        response = client.post(
            f"/api/v1/applications/{number}/transitions",
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {tokens[who]}"},
        )
        assert response.status_code < 500, response.content
        # 400: control characters in the path ("%00"), refused by darcha.core.middleware.
        assert response.status_code in {200, 400, 403, 404, 409, 422}, response.content

    act()


def test_arbitrary_bytes_never_get_a_5xx(world, client):
    headers = {"Authorization": f"Bearer {issue_token(user=world.operator_a)}", "Idempotency-Key": "bytes"}

    @FUZZ
    @given(raw=st.binary(max_size=200))
    def post(raw: bytes) -> None:
        response = client.post("/api/v1/applications", raw, content_type="application/json", headers=headers)
        assert response.status_code in {400, 422}, response.content

    post()


def test_arbitrary_path_text_never_gets_a_5xx(world, client):
    headers = {"Authorization": f"Bearer {issue_token(user=world.admin)}"}

    @FUZZ
    @given(text=st.text(min_size=1, max_size=80))
    def get(text: str) -> None:
        quoted = urllib.parse.quote(text, safe="")
        for path in (f"/api/v1/applications/{quoted}", f"/api/v1/services/{quoted}"):
            response = client.get(path, headers=headers)
            # 400: control characters in the path, refused by darcha.core.middleware.
            assert response.status_code in {200, 400, 404, 422}, (path, response.content)

    get()
