"""The one settings module.  Every value that differs between machines comes from the environment
(see docs/configuration.md); a bad value stops start-up with a message naming the variable."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
import fontpkg_sarabun
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pramoen.core.storage import default_storage_config
from pramoen.env import env_bool, env_int, env_list, env_str, env_url

# Lets admin and serializer classes be subscripted for the type checker (ModelAdmin[Agency]).
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path.cwd() / "var"

DEBUG = env_bool("PRAMOEN_DEBUG", False)
# Set by the test suite (conftest.py): fast password hashing, plain HTTP, no collected static files.
TESTING = env_bool("PRAMOEN_TESTING", False)

_DEV_SECRET = "pramoen-insecure-development-key-only-for-debug-and-tests"
SECRET_KEY = env_str("PRAMOEN_SECRET_KEY", _DEV_SECRET if DEBUG or TESTING else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET and not TESTING:
    raise ImproperlyConfigured(
        "PRAMOEN_SECRET_KEY must be set to a long random value when PRAMOEN_DEBUG is off"
    )
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("PRAMOEN_SECRET_KEY must be at least 32 characters long")

ALLOWED_HOSTS = env_list("PRAMOEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS and not TESTING:
    raise ImproperlyConfigured(
        "PRAMOEN_ALLOWED_HOSTS must list this server's host names when PRAMOEN_DEBUG is off"
    )
CSRF_TRUSTED_ORIGINS = env_list("PRAMOEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "pramoen.core",
    "pramoen.orgs",
    "pramoen.jobs",
    "pramoen.feeds",
    "pramoen.framework",
    "pramoen.scoring",
    "pramoen.feeds.services",
    "pramoen.feeds.budget",
    "pramoen.monitoring",
    "pramoen.progress",
    "pramoen.dashboards",
    "pramoen.feeds.complaints",
    "pramoen.appeals",
    "pramoen.notifications",
    "pramoen.connectors",
    "pramoen.innovations",
    "pramoen.feeds.surveys",
    "pramoen.insights",
    "pramoen.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pramoen.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pramoen.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pramoen.core.logs.RequestIdMiddleware",
    "pramoen.core.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pramoen.urls"
WSGI_APPLICATION = "pramoen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pramoen.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'pramoen.sqlite3'}"
DATABASE_URL = env_url("DATABASE_URL", _default_sqlite, schemes={"sqlite", "postgres", "postgresql", "pgsql"})
assert DATABASE_URL is not None
if DATABASE_URL.startswith("sqlite:///") and _default_sqlite == DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("PRAMOEN_DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits: the demo stays usable with several browsers open.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis when configured, else in-process) -----------------------------------------------
REDIS_URL = env_url("REDIS_URL", None, schemes={"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from Redis, written through to the database: a request costs no session query and a
    # Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pramoen"}}
# Jobs' progress and heartbeats, and the data generation (core/generation.py): shared by every web server
# and worker (Redis), or by the processes of one machine (files under var/) — never per process, or a page
# could not see its worker's progress, nor that the worker's import made its cached pages old.
_JOBS_CACHE_DIR = env_str("PRAMOEN_JOBS_CACHE_DIR", str(VAR_DIR / "cache" / "jobs"))
if REDIS_URL:
    CACHES["jobs"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "jobs",
    }
elif TESTING and not env_str("PRAMOEN_JOBS_CACHE_DIR", ""):
    # two test runs side by side would share job ids in one folder; a test that starts a worker process
    # points both at a folder of its own
    CACHES["jobs"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"}
else:
    CACHES["jobs"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": _JOBS_CACHE_DIR,
    }

# --- Background jobs (django-tasks): the database queue by default, RQ on Redis to scale out ---------
PRAMOEN_JOBS_BACKEND = env_str("PRAMOEN_JOBS_BACKEND", "database")
if PRAMOEN_JOBS_BACKEND not in {"database", "redis"}:
    raise ImproperlyConfigured("PRAMOEN_JOBS_BACKEND: 'database' (default) or 'redis'")
if PRAMOEN_JOBS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("PRAMOEN_JOBS_BACKEND=redis needs REDIS_URL")
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pramoen.orgs.passwords.CharacterClassValidator"},
    {"NAME": "pramoen.orgs.passwords.GuessablePasswordValidator"},
]
# Argon2id with OWASP's parameters (orgs/hashers.py); the others only check (and upgrade) older hashes.
PRODUCTION_PASSWORD_HASHERS = [
    "pramoen.orgs.hashers.OwaspArgon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
if TESTING:
    # Tests create many users; a deliberately slow hash would only slow the suite down.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = ["pramoen.orgs.backends.ThrottledModelBackend"]
# Sign-in lock-out (orgs/throttle.py): failures within LOGIN_LOCKOUT_MINUTES of one account from one
# address, of one address for any accounts, and of one account from any addresses.
LOGIN_MAX_FAILURES = env_int("PRAMOEN_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("PRAMOEN_LOGIN_MAX_FAILURES_PER_ADDRESS", 30, minimum=1)
LOGIN_MAX_FAILURES_PER_ACCOUNT = env_int("PRAMOEN_LOGIN_MAX_FAILURES_PER_ACCOUNT", 50, minimum=1)
# Reverse proxies in front of pramoen that append the client's address to X-Forwarded-For (0: none,
# REMOTE_ADDR is the client).
TRUSTED_PROXIES = env_int("PRAMOEN_TRUSTED_PROXIES", 0, minimum=0)
LOGIN_LOCKOUT_MINUTES = env_int("PRAMOEN_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Two-step sign-in (orgs/totp.py): roles that must use it, e.g. "admin,evaluator" (a superuser counts as
# admin); empty: optional for everyone.
TOTP_REQUIRED_ROLES = env_list("PRAMOEN_TOTP_REQUIRED_ROLES", [])
_ROLE_CODES = {"reporter", "approver", "host_reviewer", "evaluator", "committee_member"}
_ROLE_CODES |= {"committee_secretary", "executive", "admin"}
if set(TOTP_REQUIRED_ROLES) - _ROLE_CODES:
    raise ImproperlyConfigured(f"PRAMOEN_TOTP_REQUIRED_ROLES: role codes from {sorted(_ROLE_CODES)}")
# Sign-in through the organisation's OpenID Connect provider (orgs/oidc.py): offered only when the
# issuer, client id and client secret are all set.
OIDC_ISSUER = (env_url("PRAMOEN_OIDC_ISSUER", "", schemes={"https", "http"}) or "").rstrip("/")
OIDC_CLIENT_ID = env_str("PRAMOEN_OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env_str("PRAMOEN_OIDC_CLIENT_SECRET", "")
OIDC_USERNAME_CLAIM = env_str("PRAMOEN_OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_SCOPES = env_str("PRAMOEN_OIDC_SCOPES", "openid profile email")
OIDC_TIMEOUT_SECONDS = env_int("PRAMOEN_OIDC_TIMEOUT", 10, minimum=1)
OIDC_REQUIRE_TOTP = env_bool("PRAMOEN_OIDC_REQUIRE_TOTP", False)
SESSION_COOKIE_AGE = env_int("PRAMOEN_SESSION_MINUTES", 8 * 60, minimum=5) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

# --- Internationalisation: Thai first, English available; BE years on screen ----------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("PRAMOEN_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("fonts/sarabun", Path(fontpkg_sarabun.__file__).resolve().parent / "files"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("PRAMOEN_MEDIA_ROOT", str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Uploaded and built files: PRAMOEN_MEDIA_ROOT, or an S3-compatible bucket when PRAMOEN_S3_BUCKET is set
# (core/storage.py; served only through permission-checked views, never at a public URL).
STORAGES = {
    "default": default_storage_config(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail (console by default) ------------------------------------------------------------------
EMAIL_BACKEND = env_str("PRAMOEN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("PRAMOEN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PRAMOEN_EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("PRAMOEN_EMAIL_FROM", "pramoen@localhost")

# --- Notification channels and connectors (docs/notifications.md, docs/connectors.md) --------------
PRAMOEN_SITE_URL = env_str("PRAMOEN_SITE_URL", "http://127.0.0.1:8000")  # links in e-mail and LINE
LINE_CHANNEL_ACCESS_TOKEN = env_str("PRAMOEN_LINE_CHANNEL_ACCESS_TOKEN", "")  # empty: no LINE channel
LINE_CHANNEL_SECRET = env_str("PRAMOEN_LINE_CHANNEL_SECRET", "")
LINE_BOT_BASIC_ID = env_str("PRAMOEN_LINE_BOT_ID", "")  # the official account's basic id, e.g. @123abcde
LINE_API_URL = env_url("PRAMOEN_LINE_API_URL", "https://api.line.me", schemes={"http", "https"}) or ""
LINE_RETRIES = env_int("PRAMOEN_LINE_RETRIES", 4, minimum=1)
LINE_BACKOFF_SECONDS = float(env_int("PRAMOEN_LINE_BACKOFF_MS", 1000, minimum=0)) / 1000
LINE_TIMEOUT_SECONDS = env_int("PRAMOEN_LINE_TIMEOUT", 10, minimum=1)
TRAFFY_URL = (
    env_url(
        "PRAMOEN_TRAFFY_URL", "https://publicapi.traffy.in.th/share/teamchadchart", schemes={"http", "https"}
    )
    or ""
)
TRAFFY_PAGE_SIZE = env_int("PRAMOEN_TRAFFY_PAGE_SIZE", 1000, minimum=1)
TRAFFY_AREA = env_str("PRAMOEN_TRAFFY_AREA", "")  # empty: all of Bangkok; else e.g. "district=บางรัก"
# which endpoint a pull reads (connectors/traffy_sources.py): "search" (what changed since the last pull) or
# "geojson" (the public map's feed: a page per day of creation, the last LOOKBACK_DAYS read again)
TRAFFY_SOURCE = env_str("PRAMOEN_TRAFFY_SOURCE", "search")
TRAFFY_LOOKBACK_DAYS = env_int("PRAMOEN_TRAFFY_LOOKBACK_DAYS", 7, minimum=1)
TRAFFY_RETRIES = env_int("PRAMOEN_TRAFFY_RETRIES", 5, minimum=1)
TRAFFY_BACKOFF_SECONDS = float(env_int("PRAMOEN_TRAFFY_BACKOFF_MS", 2000, minimum=0)) / 1000
TRAFFY_TIMEOUT_SECONDS = env_int("PRAMOEN_TRAFFY_TIMEOUT", 60, minimum=1)
TRAFFY_PULL_MINUTES = env_int("PRAMOEN_TRAFFY_PULL_MINUTES", 60, minimum=5)
# the worker pulls every TRAFFY_PULL_MINUTES; off in tests (a test's worker must never reach the internet)
TRAFFY_SCHEDULED = env_bool("PRAMOEN_TRAFFY_SCHEDULED", not TESTING)

# --- API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "pramoen.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "pramoen.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pramoen API",
    "DESCRIPTION": "ระบบประเมินผลการปฏิบัติราชการของหน่วยงานกรุงเทพมหานคร — BMA agency performance evaluation",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc are served from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps have a field named "status": give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "MonitoringRoundStatusEnum": "pramoen.monitoring.models.Round.Status",
        "ObservationStatusEnum": "pramoen.monitoring.models.Observation.Status",
        "ProgressReportStatusEnum": "pramoen.progress.models.ProgressReport.Status",
        "MilestoneStatusEnum": "pramoen.progress.models.Milestone.Status",
        "EvaluationRoundStateEnum": "pramoen.framework.models.EvaluationRound.State",
    },
}

# --- Production hardening (all on unless DEBUG; each can be relaxed behind a TLS proxy) -----------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_PLAIN_HTTP = DEBUG or TESTING
SECURE_SSL_REDIRECT = env_bool("PRAMOEN_SSL_REDIRECT", not _PLAIN_HTTP)
SESSION_COOKIE_SECURE = env_bool("PRAMOEN_SECURE_COOKIES", not _PLAIN_HTTP)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("PRAMOEN_HSTS_SECONDS", 0 if _PLAIN_HTTP else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts from this site only: no inline script, no eval (docs/security.md).  Inline styles are allowed
# (they cannot run code).  PRAMOEN_CSP replaces the whole policy.
CONTENT_SECURITY_POLICY = env_str(
    "PRAMOEN_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
SESSION_COOKIE_HTTPONLY = True

# The load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logs: one JSON object per line in production (request and user ids on every record: core/logs.py),
# plain text with debug on; PRAMOEN_LOG_FORMAT chooses.
LOG_FORMAT = env_str("PRAMOEN_LOG_FORMAT", "text" if DEBUG or TESTING else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("PRAMOEN_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "pramoen.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "pramoen.core.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"]},
    },
    "root": {"handlers": ["console"], "level": env_str("PRAMOEN_LOG_LEVEL", "INFO")},
}

# --- Error reports: Sentry when SENTRY_DSN is set (core/observability.py; nothing personal is sent) ------
from pramoen.core.observability import sentry_init  # noqa: E402

SENTRY_ENABLED = sentry_init()
