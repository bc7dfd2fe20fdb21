"""The OpenAPI document and the interactive docs describe every endpoint."""

from __future__ import annotations

import json

EXPECTED = {
    "/api/v1/services": {"get"},
    "/api/v1/services/{code}": {"get"},
    "/api/v1/centers": {"get"},
    "/api/v1/applications": {"get", "post"},
    "/api/v1/applications/{number}": {"get"},
    "/api/v1/applications/{number}/transitions": {"post"},
    "/api/v1/applications/{number}/documents": {"post"},
    "/api/v1/applications/{number}/payments": {"get", "post"},
    "/api/v1/public/track": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/public/track/{number}/{code}": {"get"},
}
PUBLIC = {
    "/api/v1/services",
    "/api/v1/services/{code}",
    "/api/v1/centers",
    "/api/v1/public/track",
    "/api/v1/public/track/{number}/{code}",
}


def test_openapi_document_is_valid_json_listing_every_path(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1"
    paths = document["paths"]
    assert {path: set(ops) for path, ops in paths.items()} == EXPECTED


def test_openapi_marks_which_endpoints_need_a_bearer_token(db, client):
    document = client.get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    for path, operations in document["paths"].items():
        for operation in operations.values():
            assert bool(operation.get("security")) == (path not in PUBLIC), path


def test_openapi_documents_the_idempotency_key_header(db, client):
    post = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/applications"]["post"]
    headers = [p["name"] for p in post["parameters"] if p["in"] == "header"]
    assert headers == ["Idempotency-Key"]
    assert "201" in post["responses"] and "409" in post["responses"]


def test_docs_page_is_served_without_a_cdn(db, client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui" in page
    assert "cdn.jsdelivr" not in page and "unpkg" not in page


def _accepts_null(schema: dict) -> bool:
    return any(option.get("type") == "null" for option in schema.get("anyOf", [])) or schema.get("nullable") is True


def test_openapi_says_optional_input_fields_accept_null(client):
    """Generated clients send null for an optional field they leave unset; the document must allow it."""
    schemas = json.loads(client.get("/api/v1/openapi.json").content)["components"]["schemas"]
    for name, schema in schemas.items():
        if not name.endswith("In"):
            continue
        required = set(schema.get("required", []))
        for field, spec in schema["properties"].items():
            if field not in required:
                assert _accepts_null(spec), (name, field)
