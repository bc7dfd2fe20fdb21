"""Tokens issued before tokens expired get 90 days from the day they were issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_token_expiry")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_expire_ninety_days_after_they_were_issued() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps: Any = executor.loader.project_state(BEFORE).apps
    user = old_apps.get_model("accounts", "User").objects.create(username="old", role="analyst")
    ApiToken = old_apps.get_model("accounts", "ApiToken")
    token = ApiToken.objects.create(user=user, prefix="dx_old00", digest="0" * 64)
    issued = timezone.now() - dt.timedelta(days=100)
    ApiToken.objects.filter(pk=token.pk).update(created_at=issued)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps: Any = executor.loader.project_state(AFTER).apps
    migrated = new_apps.get_model("accounts", "ApiToken").objects.get(pk=token.pk)
    assert migrated.expires_at == issued + dt.timedelta(days=90)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
