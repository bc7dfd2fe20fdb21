"""Applications are made through the real service (submit_application), never by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from darcha.applications.models import Application
from darcha.applications.services import submit_application


def submit(
    *, actor: Any, service: Any, applicant: Any, center: Any = None, at: dt.datetime | None = None, **kw: Any
) -> Application:
    documents = kw.pop(
        "documents_presented",
        [line.document.code for line in service.versions.first().documents.all() if line.mandatory],
    )
    kw.pop("accept_now", None)  # the accept policy is the service's: a complete checklist is accepted
    return submit_application(
        actor=actor,
        service=service,
        center=center or actor.center,
        applicant=applicant,
        documents_presented=documents,
        at=at,
        **kw,
    )
