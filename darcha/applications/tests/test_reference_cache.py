"""Reference data read by intake and the API is kept in memory, and a change made anywhere is seen at once.

"Another process" is played by writing the rows and moving the change counter in the database
only, as another process's save does (darcha/core/refcache.py), leaving this process's memory alone.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from darcha.accounts.models import ApiToken
from darcha.accounts.services import TOKENS, issue_token, revoke_token
from darcha.catalog.models import BhmRate, ServiceVersion
from darcha.catalog.selectors import BHM, CATALOG
from darcha.centers.models import Center
from darcha.centers.selectors import CENTRES
from darcha.core import refcache
from darcha.core.models import ReferenceStamp
from darcha.people.pinfl import make_pinfl

URL = "/api/v1/applications"
REFERENCE_TABLES = (
    "catalog_service",
    "catalog_serviceversion",
    "catalog_versiondocument",
    "catalog_bhmrate",
    "centers_center",
    "accounts_apitoken",
)


def person(serial: int) -> dict[str, Any]:
    born = dt.date(1990, 3, 15)
    return {
        "pinfl": make_pinfl(birth_date=born, sex="M", area=733, serial=serial),
        "last_name": "Toshmatov",
        "first_name": "Bobur",
        "birth_date": born.isoformat(),
        "sex": "M",
    }


class Desk:
    """An API client with one token, posting intakes for new citizens."""

    def __init__(self, client: Any, user: Any) -> None:
        self.client = client
        self.token = issue_token(user=user)
        self.serial = 0

    def intake(self, **fields: Any) -> Any:
        self.serial += 1
        payload = {
            "service_code": "SERVICE_X",
            "center_code": "psc-a",
            "channel": "front_desk",
            "applicant": person(self.serial),
            "documents_presented": ["passport", "photo"],
            **fields,
        }
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": str(uuid.uuid4())}
        return self.client.post(URL, json.dumps(payload), content_type="application/json", headers=headers)


def elsewhere(key: str) -> None:
    """What another process's save leaves in the database: the counter moved (its rows written by the caller)."""
    ReferenceStamp.objects.filter(key=key).update(version=F("version") + 1) or ReferenceStamp.objects.create(
        key=key, version=1
    )


@pytest.fixture
def desk(world: Any, client: Any) -> Desk:
    desk = Desk(client, world.operator_a)
    refcache.forget()  # as a process that has served requests since the world was set up
    assert desk.intake().status_code == 201  # warms the cache
    return desk


def reference_reads(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in REFERENCE_TABLES)]


def test_a_warm_intake_reads_no_reference_data(desk: Desk) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = desk.intake()
    assert response.status_code == 201, response.content
    assert reference_reads(queries.captured_queries) == []
    # One read of the change counters for the whole request.
    assert sum('"core_referencestamp"' in q["sql"] for q in queries.captured_queries) == 1


def test_a_fee_changed_in_another_process_is_seen_at_the_next_request(desk: Desk, world: Any) -> None:
    assert desk.intake().json()["fee_uzs"] == 412_000
    ServiceVersion.objects.filter(service=world.service_x).update(fee_bhm=Decimal("2"))
    elsewhere(CATALOG)
    assert desk.intake().json()["fee_uzs"] == 824_000


def test_data_changed_without_its_counter_is_not_read_again(desk: Desk, world: Any) -> None:
    # The contract: every write goes through a save (or calls refcache.bump); memory is really used.
    ServiceVersion.objects.filter(service=world.service_x).update(fee_bhm=Decimal("2"))
    assert desk.intake().json()["fee_uzs"] == 412_000
    refcache.bump(CATALOG)
    assert desk.intake().json()["fee_uzs"] == 824_000


def test_a_new_bhm_is_used_from_the_next_request(desk: Desk) -> None:
    before = ReferenceStamp.objects.get(key=BHM).version if ReferenceStamp.objects.filter(key=BHM).exists() else 0
    BhmRate.objects.create(effective_from=timezone.localdate() - dt.timedelta(days=1), value_uzs=450_000)
    assert ReferenceStamp.objects.get(key=BHM).version == before + 1
    assert desk.intake().json()["fee_uzs"] == 450_000


def test_a_centre_closed_elsewhere_takes_no_more_applications(desk: Desk, world: Any) -> None:
    Center.objects.filter(pk=world.center_a.pk).update(is_active=False)
    elsewhere(CENTRES)
    response = desk.intake()
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_center"


def test_a_revoked_token_is_refused_at_the_very_next_request(desk: Desk) -> None:
    revoke_token(token=ApiToken.objects.get(digest=ApiToken.digest_of(desk.token)))
    assert desk.intake().status_code == 401


def test_a_token_revoked_by_another_process_is_refused_at_once(desk: Desk) -> None:
    ApiToken.objects.filter(digest=ApiToken.digest_of(desk.token)).update(revoked_at=timezone.now())
    elsewhere(TOKENS)
    assert desk.intake().status_code == 401


def test_a_deactivated_user_s_token_is_refused_at_once(desk: Desk, world: Any) -> None:
    world.operator_a.is_active = False
    world.operator_a.save()
    assert desk.intake().status_code == 401


def test_a_rolled_back_change_moves_no_counter(world: Any) -> None:
    refcache.stamps()
    before = dict(ReferenceStamp.objects.values_list("key", "version"))
    with pytest.raises(RuntimeError), transaction.atomic():
        BhmRate.objects.create(effective_from=dt.date(2030, 1, 1), value_uzs=1)
        raise RuntimeError
    assert dict(ReferenceStamp.objects.values_list("key", "version")) == before


def test_noting_a_token_s_use_does_not_empty_the_cache(desk: Desk) -> None:
    token = ApiToken.objects.get(digest=ApiToken.digest_of(desk.token))
    before = ReferenceStamp.objects.get(key=TOKENS).version
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    assert ReferenceStamp.objects.get(key=TOKENS).version == before
