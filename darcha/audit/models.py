"""A tamper-evident (hash-chained) log of sensitive actions and personal-data access.

Each entry's hash covers its own fields and the previous entry's hash, so changing or deleting any
entry breaks every later link; each hash is also sealed with a key the database never holds
(darcha.audit.keys), so the chain cannot be recomputed by someone who can only write rows. On
PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of entries (migration 0003).
`python manage.py verify_audit` walks the chain and checks the seals.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    purpose = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # HMAC-SHA256 of `hash` under the audit key named by `key_id` (darcha.audit.keys).
    mac = models.CharField(max_length=64, default="")
    key_id = models.CharField(max_length=12, default="")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity, not business logic: entries are written once.
        if not self._state.adding:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Audit entries are append-only.")


class AuditHead(models.Model):
    """One row holding the chain's last hash; locking it serialises appends across processes."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    # The seal of `last_hash`: entries removed from the end of the chain cannot be hidden by
    # pointing the head at an earlier entry without the key.
    mac = models.CharField(max_length=64, default="")
    key_id = models.CharField(max_length=12, default="")
