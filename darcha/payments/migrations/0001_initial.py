# Issue 12 (desk): payments of application fees.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('applications', '0003_desk_withdrawal_payment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('amount_uzs', models.PositiveBigIntegerField(verbose_name='amount, UZS')),
                ('method', models.CharField(choices=[('cash_desk', 'cash desk'), ('terminal', 'card terminal')], max_length=20, verbose_name='paid at')),
                ('receipt_number', models.CharField(max_length=40, verbose_name='receipt number')),
                ('confirmed_fee', models.BooleanField(default=False)),
                ('recorded_at', models.DateTimeField(verbose_name='recorded')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='applications.application', verbose_name='application')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'payment',
                'verbose_name_plural': 'payments',
                'ordering': ['application', 'recorded_at'],
                'constraints': [models.UniqueConstraint(fields=('application', 'method', 'receipt_number'), name='payment_receipt_unique')],
            },
        ),
    ]
