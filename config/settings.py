"""Settings, read from the environment.

ITISA_MODE selects the mode: ``demo`` (default: SQLite, generated secret, console e-mail),
``production`` (SECRET_KEY and ALLOWED_HOSTS required) or ``test``.
DATABASE_URL switches the database (``postgres://user@host:5432/name``); SQLite is the default.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_path, env_str
from config.secret import demo_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
MODE = env_str("ITISA_MODE", "demo", choices=("demo", "production", "test"))
PRODUCTION = MODE == "production"

DEBUG = env_bool("DEBUG", default=MODE == "demo")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production mode.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters in production mode.")
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
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "itisa.core",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "itisa.core.middleware.BadInputMiddleware",
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
                "itisa.core.context_processors.navigation",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0)
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("ITISA_MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

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

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Supervision: rectification period when the text leaves it to the bureau; reminder window before a due date.
SUPERVISION_RECTIFICATION_MONTHS = env_int("SUPERVISION_RECTIFICATION_MONTHS", 6, minimum=1)
SUPERVISION_REMINDER_DAYS = env_int("SUPERVISION_REMINDER_DAYS", 30, minimum=0)
# Expert review: sheets needed and pass mark (see docs/reviews.md for the other REVIEWS_* settings).
REVIEWS_MIN_SHEETS = env_int("REVIEWS_MIN_SHEETS", 2, minimum=1)
REVIEWS_PASS_MARK = env_int("REVIEWS_PASS_MARK", 60, minimum=0)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if redis_url := env_str("REDIS_URL", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
