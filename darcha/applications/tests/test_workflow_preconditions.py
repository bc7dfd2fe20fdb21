"""Declared preconditions of actions: a reason to withdraw, an answer to provide, a settled fee to hand over."""

import pytest

from darcha.applications.tests.test_workflow_table import Row, perform
from darcha.applications.workflow import (
    ACTIONS,
    FRONT_OFFICE_WORK,
    STATES,
    available_actions,
    reason_label,
    waiting_actions,
)
from darcha.core.errors import ValidationFailed


def test_withdrawal_is_destructive_and_needs_a_withdrawal_reason():
    withdraw = ACTIONS["withdraw"]
    assert withdraw.destructive and withdraw.needs_reason
    with pytest.raises(ValidationFailed) as refused:
        perform(Row("accepted"), "withdraw", "operator")
    assert refused.value.code == "reason_required"
    with pytest.raises(ValidationFailed):
        perform(Row("accepted"), "withdraw", "operator", reason_code="not_eligible")  # a rejection's reason
    row = Row("accepted")
    step = perform(row, "withdraw", "operator", reason_code="wrong_service")
    assert (row.status, row.reason_code, step.reason_code) == ("withdrawn", "wrong_service", "wrong_service")


def test_reason_codes_of_rejections_and_withdrawals_never_overlap():
    rejection, withdrawal = (set(ACTIONS[name].reason.choices.values) for name in ("reject", "withdraw"))
    assert rejection and withdrawal and not rejection & withdrawal
    assert reason_label("no_longer_needed") == "The citizen no longer needs the service"
    assert reason_label("not_eligible") == "The applicant is not eligible for the service"


def test_hand_over_waits_for_a_settled_fee():
    for unsettled in ("unpaid", "unconfirmed"):
        row = Row("ready", payment_status=unsettled)
        assert [a.name for a in available_actions(row, "operator")] == []
        assert [a.name for a in waiting_actions(row, "operator")] == ["deliver"]
        with pytest.raises(ValidationFailed) as refused:
            perform(row, "deliver", "operator")
        assert refused.value.code == "fee_unpaid"
        assert row.status == "ready"
    for settled in ("paid", "not_required"):
        row = Row("ready", payment_status=settled)
        perform(row, "deliver", "operator")
        assert row.status == "delivered"


def test_information_provided_records_an_answer_text_or_documents():
    with pytest.raises(ValidationFailed) as refused:
        perform(Row("info_requested"), "provide_info", "operator")
    assert refused.value.code == "answer_required"
    step = perform(Row("info_requested"), "provide_info", "operator", documents=["deed"])
    assert step.data["documents"] == ["deed"]
    with pytest.raises(ValidationFailed):  # documents come only with an answer
        perform(Row("in_review"), "approve", "officer", documents=["deed"])


def test_the_citizen_is_told_only_what_they_must_know():
    told = {name for name, action in ACTIONS.items() if action.tells_citizen}
    assert told == {"accept", "request_info", "approve", "reject", "mark_ready", "withdraw"}


def test_front_office_work_lists_name_declared_states():
    for work in FRONT_OFFICE_WORK:
        assert work.statuses <= set(STATES), work.key
    assert [w.key for w in FRONT_OFFICE_WORK] == ["documents", "information", "pickup", "unpaid"]
