"""GET /api/v1/me: the user, role, scope and what the user may do."""

from __future__ import annotations

import pytest

from darcha.accounts.services import issue_token


def me(client, user):  # type: ignore[no-untyped-def]
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {issue_token(user=user)}"})


def test_an_operator_takes_applications_at_their_centre(world, client):
    response = me(client, world.operator_a)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["username"], data["role"]) == ("op_a", "operator")
    assert data["scope"]["dimension"] == "center"
    assert data["scope"]["center_code"] == "psc-a"
    assert data["takes_applications"] is True and data["sees_personal_data"] is True
    actions = {a["action"]: a["from_states"] for a in data["actions"]}
    assert set(actions) == {"accept", "provide_info", "mark_ready", "deliver", "withdraw"}
    assert actions["accept"] == ["submitted"]


def test_an_officer_acts_in_the_back_office_of_their_agency(world, client):
    data = me(client, world.officer_x).json()
    assert data["scope"] == {
        "dimension": "agency",
        "center_code": None,
        "agency_code": "justice",
        "region_code": None,
        "center_name": None,
        "agency_name": world.agency_x.name,
        "region_name": None,
    }
    assert data["takes_applications"] is False
    assert {"approve", "reject", "request_info", "start_review"} <= {a["action"] for a in data["actions"]}
    assert "back_office" in data["capabilities"]


@pytest.mark.parametrize(("who", "personal"), [("analyst", False), ("admin", True), ("supervisor_a", True)])
def test_national_and_regional_roles(world, client, who, personal):
    data = me(client, getattr(world, who)).json()
    assert data["sees_personal_data"] is personal
    if who == "analyst":
        assert data["scope"]["dimension"] == "nation"
        assert data["actions"] == [] and data["capabilities"] == ["see_management_figures"]
    if who == "supervisor_a":
        assert data["scope"]["region_code"] == "1733"


def test_without_a_token_it_is_a_401(client):
    assert client.get("/api/v1/me").status_code == 401
