"""Every answer carries the Content-Security-Policy: our own origin only, no inline code, never framed.

That the pages still work under it is checked in Chromium (darcha/portal/tests/test_browser_csp.py).
"""

from __future__ import annotations

from typing import Any

import pytest


def directives(response: Any) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(
    "path", ["/", "/services/", "/accounts/login/", "/admin/login/", "/api/v1/services", "/api/v1/docs", "/nowhere/"]
)
def test_policy_allows_only_our_own_origin(client: Any, db: Any, path: str) -> None:
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_the_bad_request_page_carries_the_policy_too(client: Any, db: Any) -> None:
    response = client.get("/services/?q=%00")
    assert response.status_code == 400
    assert directives(response)["default-src"] == ["'self'"]
