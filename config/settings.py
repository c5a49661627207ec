"""Settings, read from the environment.

ITISA_MODE selects the mode: ``demo`` (default: SQLite, generated secret, console e-mail),
``production`` (SECRET_KEY and ALLOWED_HOSTS required) or ``test``.
DATABASE_URL switches the database (``postgres://user@host:5432/name``); SQLite is the default.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_json, env_list, env_path, env_str
from config.secret import demo_secret_key, state_dir

BASE_DIR = Path(__file__).resolve().parent.parent
MODE = env_str("ITISA_MODE", "demo", choices=("demo", "production", "test"))
PRODUCTION = MODE == "production"

# Off unless asked for, in the demo too: the demo is served the way production is (gunicorn + whitenoise).
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production mode.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 varied characters in production mode.")
elif MODE == "test":
    SECRET_KEY = env_str("SECRET_KEY", "test-only-" + "x" * 40)
else:
    SECRET_KEY = env_str("SECRET_KEY", "") or demo_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production mode.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = env_path("ITISA_DATA_DIR", BASE_DIR / "var")
# The address the public reaches this site at: printed on certificates and put in their QR codes.
ITISA_PUBLIC_URL = env_str("ITISA_PUBLIC_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not ITISA_PUBLIC_URL:
    raise ImproperlyConfigured("ITISA_PUBLIC_URL is required in production mode (certificates link to it).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "django_filters",
    "django_tables2",
    "itisa.core",
    "itisa.access",
    "itisa.accounts",
    "itisa.audit",
    "itisa.register",
    "itisa.documents",
    "itisa.supervision",
    "itisa.funding",
    "itisa.workflow",
    "itisa.notices",
    "itisa.recognition",
    "itisa.reviews",
    "itisa.public",
    "itisa.leadunit",
    "itisa.staff",
    "itisa.experts",
    "itisa.finance",
    "itisa.dashboards",
    "itisa.api",
    "itisa.workbench",
    "itisa.demo",
    "itisa.operations",
    "itisa.exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "itisa.accounts.middleware.SessionTimeoutMiddleware",
    "itisa.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "itisa.core.badinput.BadInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "itisa.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "itisa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "itisa.access.context_processors.navigation",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {
    # Persistent connections (health-checked before reuse): 1.8x the throughput on PostgreSQL.
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the task worker read while the web process writes; a busy timeout avoids spurious locks.
    # IMMEDIATE takes the write lock at BEGIN, so a second writer waits (up to the timeout) instead of failing
    # mid-transaction with "database is locked"; past the timeout the request is a 409 (BadInputMiddleware).
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "itisa.accounts.validators.ComplexityValidator", "OPTIONS": {"classes": 3}},
]

# ---- Accounts and sessions (issue 9 §2; docs/security.md) ----
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client address is REMOTE_ADDR; behind a reverse proxy point AXES_CLIENT_IP_CALLABLE at a function that
# reads the proxy's header (docs/security.md, "the deployment").
AXES_VERBOSE = False
# Idle timeouts in seconds (staff, finance, admin; everyone else) and the absolute lifetime of a login.
SESSION_IDLE_PRIVILEGED = env_int("SESSION_IDLE_PRIVILEGED", 30 * 60, minimum=60)
SESSION_IDLE_OTHER = env_int("SESSION_IDLE_OTHER", 2 * 60 * 60, minimum=60)
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 12 * 60 * 60, minimum=60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Second factor (TOTP) for staff, finance and admin. Skipping it is for the demo and tests only.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "ITISA")
if PRODUCTION:
    if env_bool("ITISA_DEMO_SKIP_2FA", False):
        raise ImproperlyConfigured("ITISA_DEMO_SKIP_2FA is for the demo only; production requires two-step sign-in.")
    ITISA_SKIP_2FA = False
else:
    ITISA_SKIP_2FA = env_bool("ITISA_DEMO_SKIP_2FA", MODE == "demo")
# Content-Security-Policy (django-csp): scripts and styles only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("ITISA_STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("ITISA_MEDIA_ROOT", DATA_DIR / "media")
# Uploads go through Django's storage API only: an object store is a backend and its options, not code.
STORAGES = {
    "default": {
        "BACKEND": env_str("ITISA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("ITISA_STORAGE_OPTIONS", {}),
    },
    # Hashed, compressed names (cached forever by browsers) need ``collectstatic``: production only.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise also serves straight from the apps, so the demo works before collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing

# Uploads: the limits every Document must respect (see itisa.documents.validators).
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
DOCUMENT_ALLOWED_TYPES = env_list(
    "DOCUMENT_ALLOWED_TYPES", ["pdf", "docx", "doc", "xlsx", "xls", "jpg", "jpeg", "png", "ofd", "zip"]
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@itisa.invalid")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Exports (ADR 0019): a workbook longer than this is built in the background ("My exports"); CSV always streams.
ITISA_EXCEL_INLINE_MAX_ROWS = env_int("ITISA_EXCEL_INLINE_MAX_ROWS", 5000, minimum=0)

# Supervision: rectification period when the text leaves it to the bureau; reminder window before a due date.
SUPERVISION_RECTIFICATION_MONTHS = env_int("SUPERVISION_RECTIFICATION_MONTHS", 6, minimum=1)
SUPERVISION_REMINDER_DAYS = env_int("SUPERVISION_REMINDER_DAYS", 30, minimum=0)
# The hour (Asia/Shanghai) from which `manage.py run_worker` enqueues the day's deadline scan (ADR 0016).
ITISA_SCAN_HOUR = env_int("ITISA_SCAN_HOUR", 1, minimum=0)
if ITISA_SCAN_HOUR > 23:
    raise ImproperlyConfigured(f"ITISA_SCAN_HOUR={ITISA_SCAN_HOUR} is not an hour of the day (0–23).")
# Expert review: sheets needed and pass mark (see docs/reviews.md for the other REVIEWS_* settings).
REVIEWS_MIN_SHEETS = env_int("REVIEWS_MIN_SHEETS", 2, minimum=1)
REVIEWS_PASS_MARK = env_int("REVIEWS_PASS_MARK", 60, minimum=0)

# Audit trail (docs/adr/0003): chain hash, number of chains, and anchors signed with a key kept
# outside the database, appended to a file outside the database.
AUDIT_HASH = env_str("AUDIT_HASH", "sha256", choices=("sha256", "sm3"))
AUDIT_STREAMS = env_int("AUDIT_STREAMS", 16, minimum=1)
AUDIT_ANCHOR_EVERY = env_int("AUDIT_ANCHOR_EVERY", 100, minimum=0)
AUDIT_ANCHOR_FILE = env_path("AUDIT_ANCHOR_FILE", DATA_DIR / "audit-anchors.jsonl")
if PRODUCTION:
    AUDIT_ANCHOR_KEY = env_str("AUDIT_ANCHOR_KEY")
    if len(AUDIT_ANCHOR_KEY) < 32 or AUDIT_ANCHOR_KEY == SECRET_KEY:
        raise ImproperlyConfigured("AUDIT_ANCHOR_KEY (at least 32 characters, not the SECRET_KEY) is required.")
elif MODE == "test":
    AUDIT_ANCHOR_KEY = env_str("AUDIT_ANCHOR_KEY", "test-anchor-" + "k" * 40)
else:
    AUDIT_ANCHOR_KEY = env_str("AUDIT_ANCHOR_KEY", "") or demo_secret_key(state_dir() / "audit_anchor_key")
# Retention: events are never purged by the application (no purge command exists); the operator keeps
# database backups and the anchor file for at least this many days (等保 2.0 8.1.4.3: >= 6 months).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365, minimum=183)

# REST API rate limits (docs/api.md), counted in the cache below.
API_RATE_ANON = env_str("API_RATE_ANON", "120/m")
API_RATE_AUTH = env_str("API_RATE_AUTH", "600/m")

CACHES: dict[str, dict[str, object]] = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The register's columns per version (ADR 0017), shared by the web processes and the task worker, which
# reads them again in the background after a write: files on one machine (no compression), Redis when set.
CACHES["columns"] = {"BACKEND": "itisa.core.cache.PlainFileCache", "LOCATION": str(DATA_DIR / "cache" / "columns"),
                     "OPTIONS": {"MAX_ENTRIES": 64}}
if redis_url := env_str("REDIS_URL", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
              "columns": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                          "KEY_PREFIX": "columns"}}

# The main lists and the dashboard kept per data version (itisa.core.page_cache): how long a page may show what
# no audit event marks (a bulk load, a restore). 0 turns it off; the test settings do, but where a test turns it on.
ITISA_PAGE_CACHE_SECONDS = env_int("ITISA_PAGE_CACHE_SECONDS", 0 if MODE == "test" else 60, minimum=0)

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (docs/deployment.md): only then.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Load balancers probe the health checks over plain HTTP on loopback: no redirect for them.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
