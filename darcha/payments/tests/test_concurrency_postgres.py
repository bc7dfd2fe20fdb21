"""Two operators (or a double click) recording the same fee at once: one payment, one conflict.

Meaningful on PostgreSQL only (row locks); skipped on SQLite, which serialises writers.
"""

import pytest
from django.db import connection

from darcha.applications.tests.factories import submit
from darcha.applications.tests.test_concurrency_postgres import run_together
from darcha.core.errors import Conflict
from darcha.payments.models import Payment
from darcha.payments.services import record_payment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock concurrency needs PostgreSQL"),
]


@pytest.mark.parametrize("same_receipt", [True, False])
def test_a_fee_is_recorded_once_however_many_press_at_once(world, same_receipt):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)

    def pay(receipt: str):
        return lambda: record_payment(
            actor=world.operator_a, number=app.number, amount_uzs=412_000, method="cash_desk", receipt_number=receipt
        )

    results = run_together(*(pay("R1" if same_receipt else f"R{i}") for i in range(4)))
    assert sum(isinstance(r, Payment) for r in results) == 1, results
    assert all(isinstance(r, (Payment, Conflict)) for r in results), results
    assert Payment.objects.filter(application=app).count() == 1
    assert app.events.filter(action="payment").count() == 1
