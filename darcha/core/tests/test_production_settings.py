"""Production refuses the development defaults, and `check --deploy` is clean with the documented settings.

Settings are read once, when Django starts, so each case starts `manage.py` in a subprocess with a
clean environment: only what the case sets, nothing inherited from the test run (which is DARCHA_BENCH).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# The production environment as README.md documents it ("Production deployment"), with real-looking values.
PRODUCTION = {
    "SECRET_KEY": "p3Wq-8xZr_2LmN7vB4kT9yH6sD1fG5jK0aQeRuIoPzXcVbNmLkJhGf",
    "DARCHA_AUDIT_KEY": "Xk9-T2bq_7LmZr4Nv8Wc1Hs6Jd3Fg5Ya0PeQuRiOtYw",
    "ALLOWED_HOSTS": "darcha.example.uz",
    "CSRF_TRUSTED_ORIGINS": "https://darcha.example.uz",
    "PUBLIC_BASE_URL": "https://darcha.example.uz",
    "DARCHA_HTTPS": "1",
    "DATABASE_URL": "postgres://darcha:secret@127.0.0.1:5432/darcha",
}


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "darcha.settings",
        "DARCHA_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_readme_documents_exactly_the_production_environment_checked_here() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- production environment -->", 1)[1].split("```", 2)[1]
    assert set(re.findall(r"^([A-Z_]+)=", block, re.MULTILINE)) == set(PRODUCTION)


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_development_secret_key_is_refused_in_production(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is the published development key" in result.stderr


@pytest.mark.parametrize("flag", [{"DARCHA_DEMO": "1"}, {"DEBUG": "1"}, {"DARCHA_BENCH": "1"}])
def test_the_development_defaults_are_accepted_for_the_demo_debug_and_tests(tmp_path: Path, flag: dict) -> None:
    result = manage(tmp_path, "check", **flag)
    assert result.returncode == 0, result.stderr


def test_switching_rate_limits_off_is_refused_outside_benchmarks_and_the_demo(tmp_path: Path) -> None:
    for env, refused in [
        ({**PRODUCTION, "RATE_LIMITS_ENABLED": "false"}, True),
        ({"DEBUG": "1", "RATE_LIMITS_ENABLED": "false"}, True),
        ({"DARCHA_BENCH": "1", "RATE_LIMITS_ENABLED": "false"}, False),
        ({"DARCHA_DEMO": "1", "RATE_LIMITS_ENABLED": "false"}, False),
    ]:
        result = manage(tmp_path, "check", **env)
        assert (result.returncode != 0) == refused, (env, result.stderr[-500:])
        if refused:
            assert "RATE_LIMITS_ENABLED=false is allowed only" in result.stderr


def test_production_refuses_to_start_without_an_audit_key(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "DARCHA_AUDIT_KEY"}
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0 and "ImproperlyConfigured: DARCHA_AUDIT_KEY is not set" in result.stderr
    result = manage(tmp_path, "check", **{**env, "DARCHA_AUDIT_KEY": "short"})
    assert result.returncode != 0 and "DARCHA_AUDIT_KEY is too short" in result.stderr


def test_the_demo_derives_its_audit_key_and_says_so(tmp_path: Path) -> None:
    result = manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.AUDIT_KEY_DERIVED)",
        DARCHA_DEMO="1",
    )
    assert result.stdout.strip() == "True", result.stderr
