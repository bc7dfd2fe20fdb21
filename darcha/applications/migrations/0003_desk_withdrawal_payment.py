# Issue 12 (desk): withdrawal reasons, fees to be confirmed, payment history entries.

from django.db import migrations, models

# Cases not yet closed whose service version's fee is "not verified": the stored fee is the catalog's
# placeholder, so it is to be confirmed, never "no fee" (issue 12). Literal values: a migration is
# frozen history and must not follow later changes of the code.
NOT_CLOSED = ["submitted", "accepted", "in_review", "info_requested", "approved", "ready"]


def unknown_fees_to_be_confirmed(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Application.objects.filter(
        status__in=NOT_CLOSED,
        service_version__fee_verified="no",
        payment_status__in=["not_required", "unpaid"],
    ).update(payment_status="unconfirmed")


def back_to_no_fee(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Application.objects.filter(payment_status="unconfirmed", fee_uzs=0).update(payment_status="not_required")
    Application.objects.filter(payment_status="unconfirmed").update(payment_status="unpaid")


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_declared_choices'),
    ]

    operations = [
        # The choice lists first: the update below writes the new value.
        migrations.AlterField(
            model_name='application',
            name='payment_status',
            field=models.CharField(choices=[('not_required', 'no fee'), ('unpaid', 'awaiting payment'), ('unconfirmed', 'fee to be confirmed'), ('paid', 'paid'), ('refunded', 'refunded')], default='unpaid', max_length=20),
        ),
        migrations.AlterField(
            model_name='application',
            name='reason_code',
            field=models.CharField(blank=True, choices=[('missing_documents', 'Required documents were not provided'), ('invalid_documents', 'Documents are invalid or contradictory'), ('not_eligible', 'The applicant is not eligible for the service'), ('info_not_provided', 'Requested information was not provided in time'), ('duplicate', 'A duplicate of an application already being processed'), ('legal_bar', 'A legal restriction prevents the service'), ('other', 'Other legal ground (see comment)'), ('no_longer_needed', 'The citizen no longer needs the service'), ('wrong_service', 'Applied for the wrong service or with wrong details'), ('duplicate_application', 'A second application for the same need'), ('documents_unavailable', 'The citizen cannot bring the missing documents'), ('other_request', 'Another reason given by the citizen (see comment)')], max_length=30),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='action',
            field=models.CharField(choices=[('submit', 'Submitted'), ('accept', 'Accept documents'), ('start_review', 'Start review'), ('request_info', 'Request information'), ('provide_info', 'Information provided'), ('approve', 'Approve'), ('reject', 'Reject'), ('mark_ready', 'Result ready for pick-up'), ('deliver', 'Hand over to the citizen'), ('withdraw', "Withdraw (citizen's request)"), ('documents', 'Documents added'), ('payment', 'Payment recorded'), ('fee_confirmed', 'No fee due (confirmed)'), ('overdue', 'Became overdue')], max_length=30),
        ),
        migrations.RunPython(unknown_fees_to_be_confirmed, back_to_no_fee),
    ]
