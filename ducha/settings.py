"""All settings, read from environment variables (see README, 'Configuration')."""

from __future__ import annotations

from pathlib import Path

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
    "ducha.portal",
    "ducha.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ducha.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ducha.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# The office works in Chinese; English is offered for the interface.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("DUCHA_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Uploaded evidence files; served only through views that check who may see them.
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "media/"
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EMAIL_BACKEND = env_str("DUCHA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("DUCHA_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("DUCHA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DUCHA_EMAIL_PORT", 25)
# A mail server that does not answer holds up one send of the outbox, never a page.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DUCHA_DEFAULT_FROM_EMAIL", "督查室 <ducha@localhost>")
