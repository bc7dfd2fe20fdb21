"""The admin answers a malformed id with a 404 (never a 500, nor a redirect) for every registered model.

A malformed id is one no row could have: text for an integer key, a number past the column's range,
anything but a UUID for a UUID key, a NUL. (A well-formed id of a deleted row keeps Django's redirect
with "doesn't exist".) The list of models is the admin's own registry, so a model added later is covered.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model

ACTIONS = ["change", "history", "delete"]


def malformed_ids(model: type[Model]) -> list[str]:
    kind = model._meta.pk.get_internal_type()
    if kind in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}:
        return ["abc", "1.5", "9" * 30, str(2**63), "-" + "9" * 25, "1%20OR%201=1"]
    if kind == "UUIDField":
        return ["abc", "9" * 30, "00000000-0000-0000-0000-00000000000g"]
    return ["x" * (model._meta.pk.max_length or 255) + "x"]


def admin_url(model: type[Model], object_id: str, action: str) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{object_id}/{action}/"


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_a_malformed_id_is_a_404_for_every_registered_model(admin_client: Any, db: Any, model: type[Model]) -> None:
    answers = {
        (object_id, action): admin_client.get(admin_url(model, object_id, action)).status_code
        for object_id in malformed_ids(model)
        for action in ACTIONS
    }
    assert set(answers.values()) == {404}, answers


def test_a_nul_in_an_id_is_a_404_even_without_the_middleware(admin_client: Any, db: Any, settings: Any) -> None:
    """The middleware answers a NUL with a 400 first; the admin does not depend on it."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RejectControlCharactersMiddleware")]
    for model in admin.site._registry:
        assert admin_client.get(admin_url(model, "1%00", "change")).status_code == 404, model


def test_a_well_formed_id_of_a_missing_row_keeps_the_redirect(admin_client: Any, db: Any) -> None:
    response = admin_client.get("/admin/catalog/service/987654/change/")
    assert response.status_code == 302


def test_the_new_rules_version_page_answers_a_malformed_id_with_a_404(admin_client: Any, world: Any) -> None:
    assert admin_client.get("/admin/catalog/service/abc/new-version/").status_code == 404
    assert admin_client.get("/admin/catalog/service/987654/new-version/").status_code == 404
    assert admin_client.get(f"/admin/catalog/service/{world.service_x.pk}/new-version/").status_code == 200
