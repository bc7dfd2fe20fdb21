from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit


def test_operator_takes_application_and_officer_approves(world):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    assert app.status == "accepted"
    assert app.number.startswith("DX-")
    perform_transition(actor=world.officer_x, number=app.number, action="start_review")
    done = perform_transition(actor=world.officer_x, number=app.number, action="approve")
    assert done.status == "approved"
    assert [e.action for e in done.events.order_by("sequence")] == ["submit", "accept", "start_review", "approve"]
