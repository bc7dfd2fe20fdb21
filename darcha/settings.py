"""Darcha settings: one module, read from the environment, defaults that make `make run` work.

Every variable is documented in README.md ("Configuration").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DARCHA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)
# Demo mode seeds demo data and shows demo logins on the login page; never in production.
DEMO_MODE = env_bool("DARCHA_DEMO", False)
# The default is refused outside demo, DEBUG and tests: see "Production guards" at the end.
SECRET_KEY = os.environ.get("SECRET_KEY", "darcha-insecure-development-key-change-me")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Public base URL used in receipts' QR codes (tracking link). Empty: derived from the request.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")

INSTALLED_APPS = [
    # Django's admin with Darcha's site: administrators only, and a malformed id is a 404 for every
    # model (darcha.accounts.admin_site on darcha.core.admin_site).
    "darcha.accounts.admin_config.DarchaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Serves the API docs' Swagger UI from our own static files instead of a CDN (rural links).
    "ninja",
    "darcha.core",
    "darcha.accounts",
    "darcha.geo",
    "darcha.catalog",
    "darcha.people",
    "darcha.centers",
    "darcha.applications",
    "darcha.payments",
    "darcha.notifications",
    "darcha.audit",
    "darcha.portal",
    # The demo's commands (seed_demo, demo_logins): a domain-layer app so it may fill every other app.
    "darcha.seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer, the 400 below included (CONTENT_SECURITY_POLICY, at the end).
    "csp.middleware.CSPMiddleware",
    # Early: control characters in a URL or a form are a 400 before anything reads them (issue 11).
    "darcha.core.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that may touch the database: an outage answers 503, not 500 (darcha/core/outage.py).
    "darcha.core.outage.DatabaseOutageMiddleware",
    # Reference data cached in memory: its change counters are read once per request (darcha/core/refcache.py).
    "darcha.core.refcache.ReferenceStampMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The language chosen once is served on the next visit (the language cookie), on unprefixed pages too.
    "darcha.core.middleware.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which device, if any, verified this session's sign-in with a code (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "darcha.accounts.middleware.StaffSessionMiddleware",
    "darcha.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: turns a locked-out sign-in (site or admin) into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "darcha.urls"
WSGI_APPLICATION = "darcha.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "darcha" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "darcha.core.context_processors.darcha",
            ],
        },
    },
]

# Database: SQLite (WAL) under var/ by default; PostgreSQL through DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "darcha.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
                # failing mid-transaction; WAL lets readers go on while one writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# axes' backend goes first: it refuses a locked-out attempt before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache: the database cache is shared by every web process and needs nothing installed;
# rate limits live here. REDIS_URL switches to Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "darcha_cache",
        }
    }

# Languages: Uzbek (Latin) is the default. Django calls Uzbek Cyrillic "uz-cyrl" -> locale uz_Cyrl.
# Django knows Uzbek ("uz", Latin) but not its Cyrillic script; describe it once here.
LANG_INFO.setdefault(
    "uz-cyrl", {"bidi": False, "code": "uz-cyrl", "name": "Uzbek (Cyrillic)", "name_local": "ўзбек тили"}
)
LANGUAGE_CODE = "uz"
LANGUAGES = [
    ("uz", "Oʻzbekcha"),
    ("uz-cyrl", "Ўзбекча"),
    ("ru", "Русский"),
    ("en", "English"),
]
# The language chosen with the switcher is kept for a year, not only until the browser closes (Django's
# default), and served again on unprefixed addresses (darcha.core.middleware.RememberedLanguageMiddleware).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [
    Path(os.environ.get("DARCHA_LOCALE_DIR", BASE_DIR / "darcha" / "locale")),
    # Django's own texts (form errors, the sign-in form, weekday names, the admin) in Uzbek Cyrillic,
    # derived from Django's Uzbek Latin by scripts/messages.py: Django ships Uzbek in Latin only.
    BASE_DIR / "darcha" / "locale_django",
]
USE_I18N = True
# Dates are typed and shown as DD.MM.YYYY in every language, the admin included (darcha/core/formats).
FORMAT_MODULE_PATH = ["darcha.core.formats"]
TIME_ZONE = "Asia/Tashkent"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "darcha" / "static", ("vendor", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not env_bool("DARCHA_PLAIN_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day at a desk, at most
# Desk computers are shared: a session ends when the browser closes, and on the server after this
# many minutes without a request (darcha.accounts.middleware).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)

# Two-step sign-in (darcha.accounts.two_factor): staff who see personal data confirm each sign-in
# with a code from an authenticator app. Required by default, except in demo mode.
DARCHA_REQUIRE_2FA = env_bool("DARCHA_REQUIRE_2FA", not DEMO_MODE)
OTP_TOTP_ISSUER = "Darcha"
# The admin never shows a device's secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Codes are limited per user by RATE_LIMIT_TWO_FACTOR instead of django-otp's per-device back-off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token travels in forms
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("DARCHA_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30

# The proxies in front of the web processes (nginx, a load balancer): comma-separated addresses or
# CIDR networks. Only requests from these may name the client in X-Forwarded-For (darcha.core.net).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]

# Sign-in lock-outs (django-axes with atomic counters, darcha.accounts.lockout), for the staff sign-in
# and the admin alike: failed attempts per client address and username, per username from all
# addresses, and per address for all usernames (a centre's staff share one address), each counted
# over a window of AXES_COOLOFF_MINUTES from its first failure. Usernames are compared normalised.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 30)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "username", "ip_address"]
AXES_HANDLER = "darcha.accounts.lockout.SignInLockoutHandler"
AXES_USERNAME_CALLABLE = "darcha.accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "darcha.accounts.lockout.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "darcha.accounts.lockout.locked_out_response"
# A right password does not wipe other failures from the same address (an attacker with one account
# would otherwise reset the address's count); attempts refused while locked out are not recorded.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# axes' own admin pages are untranslated; administrators lift a lock-out from the staff user list.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_COOLOFF_MESSAGE = _("Too many sign-in attempts. Wait a few minutes and try again.")

# REST API bearer tokens expire this many days after they are issued (`issue_token --days` overrides).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

# Rate limits: "count/seconds", counted in the database (darcha.core.ratelimit).
RATE_LIMIT_TRACK = os.environ.get("RATE_LIMIT_TRACK", "30/60")
# Wrong PINFL digits for one number, from all addresses together, per hour and per day: at most 15 of
# the 10,000 possible endings a day (counted before comparing; a right answer gives its count back).
# The receipt's QR link is not limited per number.
RATE_LIMIT_TRACK_NUMBER = os.environ.get("RATE_LIMIT_TRACK_NUMBER", "5/3600")
RATE_LIMIT_TRACK_NUMBER_DAILY = os.environ.get("RATE_LIMIT_TRACK_NUMBER_DAILY", "15/86400")
# Codes typed at the two-step sign-in (app or recovery codes), per user.
RATE_LIMIT_TWO_FACTOR = os.environ.get("RATE_LIMIT_TWO_FACTOR", "5/300")
# Benchmarks and load tests switch rate limits off for 127.0.0.1 only through this variable.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)

# PINFL check digit: the commonly documented rule is unverified (DOMAIN.md), so it can be switched off.
PINFL_CHECK_DIGIT = env_bool("PINFL_CHECK_DIGIT", True)

# Gateways: "local" implementations keep everything on this machine.
SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "darcha.notifications.gateways.LocalSmsGateway")
# Outbox: attempts before a message becomes a dead letter (back-off 1, 2, 4 … minutes in between).
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
# Worker: longest wait, in seconds, between two tries to reach a database that is down.
WORKER_MAX_BACKOFF = float(os.environ.get("WORKER_MAX_BACKOFF", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry URLs only; personal data never travels in URLs (tracking uses POST/query
        # of the number and last four PINFL digits, which are not personal data on their own).
        "django.server": {"level": "WARNING"},
        # The worker would log two lines per periodic job every few seconds; only problems matter.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # One line per failed sign-in, with the username and address masked.
        "axes": {"level": "WARNING"},
    },
}

SITE_NAME = _("Darcha")

# ---------------------------------------------------------------------------------------------------
# Production guards, the audit key and the Content-Security-Policy (issue 11; README "Production").
# The development defaults above (a published SECRET_KEY, a derived audit key, rate limits off) are
# accepted only where nobody's data is at stake:
#   DEBUG or DARCHA_DEMO=1  - a developer's machine or the demo (`make run`);
#   DARCHA_BENCH=1          - a throwaway instance on this machine: the test suite (darcha/settings_test.py)
#                             and bench/intake.py.
# Anything else is production, and refuses to start with them.
# ---------------------------------------------------------------------------------------------------
BENCH_MODE = env_bool("DARCHA_BENCH", False)
_THROWAWAY = DEBUG or DEMO_MODE or BENCH_MODE
DEFAULT_SECRET_KEY = "darcha-insecure-development-key-change-me"  # noqa: S105 - the published default, refused below

if SECRET_KEY == DEFAULT_SECRET_KEY and not _THROWAWAY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the published development key. Set SECRET_KEY (README.md, 'Production deployment'), "
        "or DARCHA_DEMO=1 for the demo."
    )
if not RATE_LIMITS_ENABLED and not (DEMO_MODE or BENCH_MODE):
    raise ImproperlyConfigured(
        "RATE_LIMITS_ENABLED=false is allowed only for benchmarks on this machine (DARCHA_BENCH=1) or the demo."
    )

# The audit key seals the audit chain (darcha.audit.keys). It is never stored in the database and is
# independent of SECRET_KEY, so rotating SECRET_KEY leaves the chain verifiable. Old keys, comma-separated,
# keep entries sealed before a rotation verifiable.
AUDIT_KEY = os.environ.get("DARCHA_AUDIT_KEY", "")
AUDIT_KEYS_OLD = [k.strip() for k in os.environ.get("DARCHA_AUDIT_KEYS_OLD", "").split(",") if k.strip()]
AUDIT_KEY_DERIVED = False
if not AUDIT_KEY:
    if not _THROWAWAY:
        raise ImproperlyConfigured(
            "DARCHA_AUDIT_KEY is not set: the audit chain cannot be sealed. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'` (README.md, 'The audit key')."
        )
    # Demo, DEBUG and tests: a key derived from SECRET_KEY, so nothing needs setting up; verify_audit says so.
    AUDIT_KEY = hashlib.sha256(b"darcha-audit-key-from-secret-key\x00" + SECRET_KEY.encode()).hexdigest()
    AUDIT_KEY_DERIVED = True
elif len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("DARCHA_AUDIT_KEY is too short: use at least 32 random characters.")

if env_bool("DARCHA_HTTPS", False):
    # Behind the TLS proxy every plain-HTTP request is redirected, except the load balancer's health check.
    SECURE_SSL_REDIRECT = env_bool("DARCHA_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DARCHA_HSTS_SECONDS", 60 * 60 * 24 * 365))
    # Sending `preload` only makes the domain eligible; submitting it to browsers' lists is a separate step.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DARCHA_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DARCHA_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): our own origin only, no inline scripts or styles, never framed.
# The admin and the API docs (Swagger UI, served by ninja from static files without inline script) work
# under it unchanged: darcha/portal/tests/test_browser_csp.py loads them in Chromium and finds no violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        # "data:" for the empty favicon (`<link rel="icon" href="data:,">`) that saves a request per page.
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "object-src": [CSP_NONE],
    }
}
