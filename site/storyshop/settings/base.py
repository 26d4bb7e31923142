"""Settings shared by every environment; the environment variables are listed in the README."""

from datetime import timedelta
from pathlib import Path

from storyshop.content_security import ADMIN_POLICY, READER_POLICY
from storyshop.themes.folders import static_dirs

from .environment import database_from_env, env_int, env_list, env_str

# The repository root: site/storyshop/settings/base.py is three folders below it.
BASE_DIR = Path(__file__).resolve().parents[3]
# Local state of a checkout (SQLite database, media uploads); never committed.
VAR_DIR = Path(env_str("STORYSHOP_VAR_DIR") or BASE_DIR / "var")
# One folder per theme; the theme is a per-Site setting (README, "Themes").
STORYSHOP_THEMES_DIR = BASE_DIR / "themes"

INSTALLED_APPS = [
    "storyshop.home",
    "storyshop.demo",
    "storyshop.themes",
    "storyshop.creators",
    "content",
    "commerce.shop",
    "commerce.catalogue",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy: the readers' policy, and the admin's (storyshop/content_security.py).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "storyshop.content_security.AdminPolicyMiddleware",
    # Before anything reads them: no path or query parameter with NUL or control characters.
    "storyshop.query_parameters.QueryParameterMiddleware",
    "storyshop.themes.middleware.ThemeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Remembers the creator's referral (`?ref=`) or story link (`?via=`) a reader came by.
    "commerce.shop.middleware.AttributionMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "storyshop.urls"
WSGI_APPLICATION = "storyshop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            # The request's Site's theme, then the default theme, then the apps' templates;
            # cached per theme (storyshop/themes/loaders.py).
            "loaders": [
                (
                    "storyshop.themes.loaders.CachedLoader",
                    [
                        "storyshop.themes.loaders.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "commerce.shop.context_processors.shop",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full-text search (Wagtail's database search backend) needs it.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sign-in throttling (storyshop/login_throttle.py): after this many failed sign-ins for one
# account, or from one address (an IPv6 /64), signing in is refused for the window.
AUTHENTICATION_BACKENDS = [
    "storyshop.login_throttle.RequestAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("STORYSHOP_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=1000)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("STORYSHOP_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=60 * 24 * 7)
)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "storyshop.login_throttle.client_address"
AXES_LOCKOUT_CALLABLE = "storyshop.login_throttle.lockout_response"
# The window the message promises: tries during a lock do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# Failed attempts only: no table of every successful sign-in and its address.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# Content-Security-Policy (storyshop/content_security.py): strict for readers; the admin gets a
# looser enforced policy and the strict one as report-only.
SECURE_CSP = READER_POLICY
STORYSHOP_ADMIN_PATH = "/admin/"
STORYSHOP_ADMIN_CSP = ADMIN_POLICY
STORYSHOP_ADMIN_CSP_REPORT_ONLY = READER_POLICY

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The default theme's files as they are, every other theme's under its name: "<name>/css/...".
STATICFILES_DIRS = static_dirs(STORYSHOP_THEMES_DIR)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page editors post many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Storyshop"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]

DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Storyshop <shop@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(env_str("DJANGO_EMAIL_PORT", "25")),
            "username": env_str("DJANGO_EMAIL_USER"),
            "password": env_str("DJANGO_EMAIL_PASSWORD"),
            "use_tls": env_str("DJANGO_EMAIL_PORT", "25") == "587",
        },
    }
}

# Storyshop
STORYSHOP_CURRENCY = env_str("STORYSHOP_CURRENCY", "IDR").upper()
# The demo command refuses to run where this is False (production).
STORYSHOP_DEMO_ALLOWED = False
STORYSHOP_DEMO_CREDENTIALS_FILE = VAR_DIR / "demo-admin.txt"

# Payments (Stripe). Without STRIPE_SECRET_KEY the shop runs and says payments are off.
# The values are checked in one place, commerce.conf, and reported by its system checks.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
STRIPE_MAX_NETWORK_RETRIES = env_str("STRIPE_MAX_NETWORK_RETRIES", "2")
STRIPE_TIMEOUT_SECONDS = env_str("STRIPE_TIMEOUT_SECONDS", "10")
STRIPE_CHECKOUT_EXPIRY_MINUTES = env_str("STRIPE_CHECKOUT_EXPIRY_MINUTES", "30")
# The demo payment provider (a local page where the reader pays pretend money): "true", "false",
# or "auto" (on when no real provider is). Never on where STORYSHOP_DEMO_ALLOWED is False.
STORYSHOP_DEMO_PAYMENTS = env_str("STORYSHOP_DEMO_PAYMENTS", "false")
# Payments (Xendit: QRIS, e-wallets, virtual accounts, retail outlets). Off without a secret key;
# checked in commerce.shop.payments.xendit_conf (configuration_problems). XENDIT_API_BASE sends
# the SDK to another server (the tests' local stand-in).
XENDIT_SECRET_KEY = env_str("XENDIT_SECRET_KEY")
XENDIT_CALLBACK_TOKEN = env_str("XENDIT_CALLBACK_TOKEN")
XENDIT_API_BASE = env_str("XENDIT_API_BASE")
XENDIT_MAX_NETWORK_RETRIES = env_str("XENDIT_MAX_NETWORK_RETRIES", "2")
XENDIT_TIMEOUT_SECONDS = env_str("XENDIT_TIMEOUT_SECONDS", "10")
# Stock one client (an IPv4 address or an IPv6 /64) may hold in unpaid checkouts: units in one
# checkout, open checkouts at once, and the share of a variant's sellable stock (at least 1 unit).
# Checked in commerce/shop/conf.py; see commerce/shop/services/holds.py.
STORYSHOP_MAX_CHECKOUT_UNITS = env_str("STORYSHOP_MAX_CHECKOUT_UNITS", "50")
STORYSHOP_MAX_OPEN_CHECKOUTS = env_str("STORYSHOP_MAX_OPEN_CHECKOUTS", "5")
STORYSHOP_MAX_HOLD_SHARE = env_str("STORYSHOP_MAX_HOLD_SHARE", "0.25")
# Creators' money (commerce/shop/conf.py checks them; the README's "Creators get paid"):
# how long a referral or story link is remembered (0: not at all), how long a commission is
# held before it can be paid (the return window), the smallest payout, in the shop currency,
# and a tax withheld from payouts (a share, e.g. 0.025; 0: none).
STORYSHOP_ATTRIBUTION_DAYS = env_str("STORYSHOP_ATTRIBUTION_DAYS", "7")
STORYSHOP_COMMISSION_HOLD_DAYS = env_str("STORYSHOP_COMMISSION_HOLD_DAYS", "14")
STORYSHOP_PAYOUT_MINIMUM = env_str("STORYSHOP_PAYOUT_MINIMUM", "50000")
STORYSHOP_PAYOUT_WITHHOLDING_RATE = env_str("STORYSHOP_PAYOUT_WITHHOLDING_RATE", "0")
# Rate limits per client (storyshop/ratelimits.py): checkouts started per 10 minutes; searches,
# suggestions, cart changes and Stripe look-ups of the success page per minute. The scale
# multiplies them all (e.g. for readers behind one shared address, or a load test).
STORYSHOP_CHECKOUT_LIMIT = env_str("STORYSHOP_CHECKOUT_LIMIT", "20")
STORYSHOP_SEARCH_LIMIT = env_str("STORYSHOP_SEARCH_LIMIT", "60")
STORYSHOP_SUGGEST_LIMIT = env_str("STORYSHOP_SUGGEST_LIMIT", "240")
STORYSHOP_CART_LIMIT = env_str("STORYSHOP_CART_LIMIT", "120")
STORYSHOP_CHECKOUT_LOOKUP_LIMIT = env_str("STORYSHOP_CHECKOUT_LOOKUP_LIMIT", "10")
STORYSHOP_RATE_LIMIT_SCALE = env_str("STORYSHOP_RATE_LIMIT_SCALE", "1")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "storyshop": {"level": env_str("STORYSHOP_LOG_LEVEL", "INFO")},
        "commerce": {"level": env_str("STORYSHOP_LOG_LEVEL", "INFO")},
        "search": {"level": env_str("STORYSHOP_LOG_LEVEL", "INFO")},
        # Every task start and end is INFO (a line per published page); failures are ERROR.
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# Search: Elasticsearch when ELASTICSEARCH_URL is set, Wagtail's database search otherwise.
# search/conf.py validates these and `manage.py check` reports bad values (README "Search").
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_API_KEY = env_str("ELASTICSEARCH_API_KEY")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "storyshop")
ELASTICSEARCH_TIMEOUT = env_str("ELASTICSEARCH_TIMEOUT", "5")
ELASTICSEARCH_MAX_RETRIES = env_str("ELASTICSEARCH_MAX_RETRIES", "2")
# The client's HTTP node class: a class, or elastic_transport's name for one.
ELASTICSEARCH_NODE_CLASS = "urllib3"
