"""All settings, read from environment variables (see README, 'Configuration')."""

from __future__ import annotations

import datetime
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from ducha.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret_key,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("DUCHA_DEBUG", False)
# Without DUCHA_SECRET_KEY a random key is made once and kept in var/, so a fresh
# installation is never left with a known key.
SECRET_KEY = env_secret("DUCHA_SECRET_KEY", "") or local_secret_key(BASE_DIR / "var" / "secret_key")
ALLOWED_HOSTS = env_list("DUCHA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

DATABASES = {
    "default": parse_database_url(
        env_str("DUCHA_DATABASE_URL", "sqlite:///var/ducha.sqlite3"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # WhiteNoise's runserver integration serves static files in development as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ducha.core",
    "ducha.accounts",
    "ducha.org",
    "ducha.ledger",
    "ducha.review",
    "ducha.bulletins",
    "ducha.outbox",
    "ducha.progress",
    "ducha.documents",
    "ducha.portal",
    "ducha.demo",
    "ducha.auditlog",
    "ducha.search",
    "ducha.cockpit",
    "ducha.assessment",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "ducha.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ducha.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ducha.accounts.middleware.IdleSessionMiddleware",
    "ducha.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ducha.urls"
WSGI_APPLICATION = "ducha.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ducha.accounts.context_processors.office_nav",
            ],
        },
    }
]

_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("DUCHA_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]

# django-axes checks every login (our page and the admin's) before the model backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair for 15 minutes.
# Username and address together: an office behind one NAT address is not locked out by one
# colleague's typos, and nobody can lock a user out from elsewhere.
AXES_FAILURE_LIMIT = env_int("DUCHA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("DUCHA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ducha.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "ducha.core.request.client_ip"
# Successful logins are in our own audit trail; axes keeps only the failure counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# The office works in Chinese; English is offered for the interface.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("DUCHA_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DUCHA_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Hashed names (cached for a year by browsers) and pre-compressed copies, made by
# `ducha collectstatic` and served by WhiteNoise.
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = PACKAGE_DIR / "root_files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Behind a TLS-terminating proxy (see deploy/): the proxy's X-Forwarded-Proto says whether
# the browser used HTTPS, and the last address in X-Forwarded-For is the client's.
BEHIND_PROXY = env_bool("DUCHA_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins (scheme://host[:port]) from which forms may be posted, e.g. https://ducha.example.gov.cn
CSRF_TRUSTED_ORIGINS = env_list("DUCHA_CSRF_TRUSTED_ORIGINS", [])
SECURE_SSL_REDIRECT = env_bool("DUCHA_SSL_REDIRECT", False)
# The health check answers on plain HTTP too, for the proxy and the monitoring.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DUCHA_SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = env_int("DUCHA_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DUCHA_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DUCHA_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A session ends after this long without a request (IdleSessionMiddleware renews it).
SESSION_COOKIE_AGE = env_int("DUCHA_SESSION_IDLE_MINUTES", 120, minimum=1) * 60

# Every page's scripts and styles come from our own static files: nothing inline, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploaded evidence files; served only through views that check who may see them.
MEDIA_ROOT = Path(env_str("DUCHA_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# With nginx in front, evidence is sent by nginx from this internal location after the
# view has checked the user (X-Accel-Redirect); empty: the application sends the file.
EVIDENCE_ACCEL_REDIRECT = env_str("DUCHA_EVIDENCE_ACCEL_REDIRECT", "")
EMAIL_BACKEND = env_str("DUCHA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("DUCHA_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("DUCHA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DUCHA_EMAIL_PORT", 25)
# A mail server that does not answer holds up one send of the outbox, never a page.
EMAIL_TIMEOUT = env_int("DUCHA_EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DUCHA_DEFAULT_FROM_EMAIL", "督查室 <ducha@localhost>")
# The site's address as users reach it: messages (SMS, robots, mail) link to the item with it.
SITE_URL = env_str("DUCHA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# SMS through the province's 政务短信 gateway: POST to DUCHA_SMS_URL the template with
# {mobile} and {text} filled in (JSON-escaped when the template is JSON).
SMS_URL = env_str("DUCHA_SMS_URL", "")
SMS_TEMPLATE = env_str("DUCHA_SMS_TEMPLATE", '{"mobile": "{mobile}", "content": "{text}"}')
SMS_CONTENT_TYPE = env_str("DUCHA_SMS_CONTENT_TYPE", "application/json; charset=utf-8")
SMS_TOKEN = env_secret("DUCHA_SMS_TOKEN", "")
# Text the gateway's answer must contain to mean "accepted" (empty: any 2xx answer).
SMS_SUCCESS = env_str("DUCHA_SMS_SUCCESS", "")
# Seconds to wait for a gateway or robot before the attempt counts as failed.
CHANNEL_TIMEOUT = env_int("DUCHA_CHANNEL_TIMEOUT", 10, minimum=1)

# The published article's body is rendered once per process (its snapshot never changes).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Errors with their tracebacks go to stderr (journald under systemd), each line with the
# request id that nginx sent or that RequestIdMiddleware made, also in the access log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ducha.core.request.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stderr"], "level": env_str("DUCHA_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own handlers would send errors to mail_admins; ours go to stderr.
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# Ledger imports run in a thread of the web process, so the upload's page answers at once
# and shows the progress; off, the import runs inside the request (tests, small sites).
DUCHA_IMPORT_THREADS = env_bool("DUCHA_IMPORT_THREADS", True)
# The bulletin reader's synonym table (a TOML file like bulletins/reader/synonyms.toml);
# empty: the table shipped with ducha.
BULLETIN_STATUS_SYNONYMS = env_str("DUCHA_BULLETIN_STATUS_SYNONYMS", "")
