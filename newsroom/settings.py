"""Settings for Newsroom, driven by environment variables (and `.env` if present).

Defaults serve a laptop: SQLite, a file cache every worker shares, console email, media on disk.
Production differs only by environment: DATABASE_URL, CACHE_URL, EMAIL_URL, SECURE.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Run `make run` (it writes .env with a fresh key) "
            "or set SECRET_KEY in the environment."
        )
    SECRET_KEY = "insecure-debug-only-key"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Every absolute URL is built from this (newsroom/site.py). Unset, it follows the port
# `make run` serves on (the Makefile passes PORT to the server and to load_demo).
SITE_URL = (env.str("SITE_URL", default="")
            or f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Newsroom")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_prose_editor",
    "simple_history",
    "axes",
    "django.contrib.sitemaps",
    "django_tasks_db",
    "newsroom.apps.NewsroomConfig",
    "authors",
    "articles",
    "comments",
    "pages",
    "wpimport",
    "liveblog",
    "demo",
    "frontpage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.AdminContentSecurityPolicyMiddleware",
    "newsroom.middleware.EmbedContentSecurityPolicyMiddleware",
    "newsroom.middleware.RequestSizeLimitMiddleware",
    "newsroom.middleware.UriTooLongMiddleware",
    "newsroom.middleware.QueryControlCharactersMiddleware",
    "newsroom.middleware.ServiceUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.pagecache.PageCacheMiddleware",
    "newsroom.middleware.EmbedFrameSourcesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wpimport.middleware.OldAddressMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "comments.middleware.NoindexOwnCommentsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with its addresses remembered (newsroom/links.py).
            "builtins": ["newsroom.templatetags.links"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, noticing when the file is deleted or replaced under it.
    DATABASES["default"]["ENGINE"] = "newsroom.sqlite"
    _name = Path(DATABASES["default"]["NAME"])
    if not _name.is_absolute() and str(_name) != ":memory:":
        DATABASES["default"]["NAME"] = str(BASE_DIR / _name)
    if str(_name) != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock
    # at BEGIN so concurrent writers queue on the busy timeout instead of failing
    # with "database is locked" halfway through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA temp_store=MEMORY;"
            ),
        }
    )
# Keep each worker's connection between requests (opening one, and on SQLite running
# the PRAGMAs above, cost more than a cached page); checked before reuse, so a
# database that went away is reconnected to without a restart.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every worker and host ----------------------------------------
# Cached pages, purge times and rate-limit counters must be the same for every worker,
# so the default is a cache in files under var/cache (diskcache: SQLite in WAL mode,
# atomic increments across processes, no server to start). Production: Redis.
CACHE_URL = env.str("CACHE_URL", default="diskcache://var/cache")
# A cache server that accepts connections but never answers costs at most this much
# per call, and is then skipped for CACHE_RETRY_SECONDS (newsroom/faults.py).
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=0.05)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5)
if CACHE_URL.startswith("diskcache://"):
    _cache_dir = Path(CACHE_URL.removeprefix("diskcache://"))
    CACHES = {
        "default": {
            "BACKEND": "newsroom.filecache.FileCache",
            "LOCATION": str(_cache_dir if _cache_dir.is_absolute() else BASE_DIR / _cache_dir),
            # Writers wait this long for SQLite's lock before retrying (reads never wait).
            "DATABASE_TIMEOUT": 0.05,
            "OPTIONS": {"size_limit": env.int("CACHE_SIZE_LIMIT", default=2**30)},
        }
    }
else:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
    if CACHES["default"]["BACKEND"].endswith("RedisCache"):
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        CACHES["default"].setdefault("OPTIONS", {}).update(
            socket_connect_timeout=CACHE_TIMEOUT_SECONDS, socket_timeout=CACHE_TIMEOUT_SECONDS,
            # No retries inside a request: the breaker in newsroom/faults.py decides.
            retry=Retry(NoBackoff(), 0),
        )
    if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        # Per process: right only for one process (a system check warns otherwise).
        CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)
CACHES["default"].setdefault("KEY_PREFIX", "newsroom")

# --- Page cache and purges (newsroom/caching.py, pagecache.py, purging.py) ----------
# Whole public pages for anonymous readers, purged by surrogate key. Off: every page
# is rendered (for measuring and debugging); HTTP caching headers stay as they are.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=True)
# How long shared caches (this page cache, Varnish, a CDN) keep a page; purges end it sooner.
PAGE_CACHE_SERVER_SECONDS = env.int("PAGE_CACHE_SERVER_SECONDS", default=3600)
# Browsers: revalidate every time (a 304 from the nearest cache), so a purge reaches them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
# Shared caches may serve an expired page this long while they fetch a fresh one.
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=30)
# The response header naming a page's keys: Surrogate-Key (Fastly, Varnish here),
# Cache-Tag (Cloudflare), xkey.
SURROGATE_KEY_HEADER = env.str("SURROGATE_KEY_HEADER", default="Surrogate-Key")
# Clocks of different hosts may disagree by this much (seconds).
PURGE_CLOCK_MARGIN = env.float("PURGE_CLOCK_MARGIN", default=0.05)
# HTTP caches are told twice, this many seconds apart: one that fetched a page rendered
# just before a commit may have kept it after the first purge.
PURGE_REPEAT_SECONDS = env.float("PURGE_REPEAT_SECONDS", default=2)
PURGE_BACKENDS = {"pagecache": {"BACKEND": "newsroom.purging.PageCacheBackend"}}
if env.list("PURGE_VARNISH_URLS", default=[]):
    PURGE_BACKENDS["varnish"] = {
        "BACKEND": "newsroom.purging.VarnishBackend", "URLS": env.list("PURGE_VARNISH_URLS"),
    }
if env.str("PURGE_HTTP_URL", default=""):
    PURGE_BACKENDS["http"] = {
        "BACKEND": "newsroom.purging.HTTPBackend",
        "URL": env.str("PURGE_HTTP_URL"),
        # e.g. "Authorization=Bearer abc,Fastly-Key=xyz"
        "HEADERS": env.dict("PURGE_HTTP_HEADERS", default={}),
        "BODY": env.str("PURGE_HTTP_BODY", default="json"),  # json | header
        "JSON_FIELD": env.str("PURGE_HTTP_JSON_FIELD", default="tags"),
        "KEY_HEADER": env.str("PURGE_HTTP_KEY_HEADER", default="Surrogate-Key"),
    }
# Benchmark baselines (bench/urls.py: a minimal view); never on in production.
BENCH = env.bool("BENCH", default=False)
if BENCH:
    ROOT_URLCONF = "bench.urls"

# --- Tasks (Django's tasks framework, stored in the database) ----------------------
# Enqueued in the same database as the change that caused them and run by
# `manage.py db_worker` (make run starts one): mail, purges, scheduled purges.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker keeps these running, each rescheduling itself (newsroom/tasks.py). Named
# here, like INSTALLED_APPS, so the shared package lists apps' tasks without importing them.
PERIODIC_TASKS = [
    "newsroom.tasks.recover_stalled_tasks",
    "comments.tasks.purge_personal_data",
    "newsroom.tasks.analyze_database",
    "newsroom.tasks.prune_task_results",
    "newsroom.tasks.sweep_orphan_media",
]
# A task still RUNNING this long after it started, by a worker we cannot see, is taken
# to be orphaned (its worker was killed) and is queued again (newsroom/tasks.py). A
# worker on this host that has exited is noticed at once. Longer than any task runs.
TASK_STALL_SECONDS = env.int("TASK_STALL_SECONDS", default=900)
# /healthz fails when a due task has waited this many seconds (no worker keeping up).
TASK_QUEUE_MAX_AGE = env.int("TASK_QUEUE_MAX_AGE", default=300)
# Finished task rows are deleted after this many days (failed ones after twice that).
TASK_RESULT_DAYS = env.int("TASK_RESULT_DAYS", default=7)
# Seconds before each retry of a mail the SMTP server did not take; then it is FAILED.
MAIL_RETRY_DELAYS = env.list("MAIL_RETRY_DELAYS", cast=float, default=[30, 120, 600, 1800, 3600])

# --- Email (Django 6.1 mailers) ---------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
_mail_options = {}
for _setting, _option in {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}.items():
    if _email.get(_setting):
        _mail_options[_option] = _email[_setting]
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    # A server that accepts and then hangs costs the worker this long, then a retry.
    _mail_options.setdefault("timeout", env.int("EMAIL_TIMEOUT", default=30))
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MODERATOR_EMAILS = env.list("MODERATOR_EMAILS", default=[])

# --- Auth ---------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Editors' newsroom (issue 3): images, revisions -----------------------------
# Uploaded images: refuse anything bigger than this, or with more pixels than this
# (a decompression bomb is a small file that inflates to gigabytes of pixels).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Widths rendered for srcset, each as WebP plus a JPEG/PNG fallback.
IMAGE_WIDTHS = [480, 960, 1600]
# The clean copy kept of an upload (og:image, the no-srcset fallback) is at most this wide.
IMAGE_ORIGINAL_MAX_WIDTH = env.int("IMAGE_ORIGINAL_MAX_WIDTH", default=2400)

# --- Embeds (newsroom/embeds.py) and live blogs (liveblog/) -------------------------
# A snapshot is fetched once, at save time, in a task: each request to a provider gets
# this many seconds in all and at most this many bytes (thumbnails: IMAGE_MAX_UPLOAD_BYTES).
EMBED_FETCH_TIMEOUT = env.float("EMBED_FETCH_TIMEOUT", default=5.0)
EMBED_MAX_BYTES = env.int("EMBED_MAX_BYTES", default=256 * 1024)
# {provider slug: oEmbed endpoint} replacing the providers' own (tests, a proxy).
EMBED_OEMBED_ENDPOINTS = env.dict("EMBED_OEMBED_ENDPOINTS", default={})
# Fetch from loopback and private addresses too (tests' local server only).
EMBED_ALLOW_PRIVATE_HOSTS = env.bool("EMBED_ALLOW_PRIVATE_HOSTS", default=False)
# How often live pages ask for new entries, in seconds (each reader at a random moment
# within the range, so a crowd does not ask at once).
LIVEBLOG_POLL_SECONDS = (15, 30)
# The poll answers at most this many new entries (a reader away for long reloads).
LIVEBLOG_POLL_MAX_ENTRIES = 50
# Reverting to a revision in the admin shows the old version in the normal form.
SIMPLE_HISTORY_REVERT_DISABLED = False

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env.str("STATIC_ROOT", default="var/static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / env.str("MEDIA_ROOT", default="var/media")
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    # Uploads are written whole or not at all (see newsroom/storage.py).
    "default": {"BACKEND": "newsroom.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "newsroom.storage.StaticStorage"
        )
    },
}
# Media in an S3-compatible bucket (django-storages): s3://KEY:SECRET@host:port/bucket?
# region=...&secure=off. Unset: local disk (MEDIA_ROOT). Either way readers get media
# through /media/ (articles/media.py), so keep SERVE_MEDIA on with a bucket.
STORAGE_URL = env.str("STORAGE_URL", default="")
if STORAGE_URL:
    from newsroom.storage import s3_options

    STORAGES["default"] = {"BACKEND": "newsroom.storage.S3MediaStorage",
                           "OPTIONS": s3_options(STORAGE_URL)}
# The hourly sweep removes media files no row points to once they are this old (seconds).
MEDIA_ORPHAN_AGE = env.int("MEDIA_ORPHAN_AGE", default=3600)
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed ones get a year automatically

# --- Security ---------------------------------------------------------------
SECURE = env.bool("SECURE", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# One policy for every page, the admin included (Django 6.1's admin carries nonces):
# no inline script or style, no eval, nothing framed, forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # Article bodies may show images hosted elsewhere (the sanitiser allows https).
    "img-src": [CSP.SELF, "https:", "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The one exception, for /admin/ only: the rich-text editor injects a <style> element
# and sets style attributes as it lays out the document. Styles cannot run script;
# scripts stay nonce-only everywhere.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "style-src-elem": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
}
# Limits on what one request may send; bigger bodies get a 413 before Django reads them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form fields, uploads excluded
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=12 * 1024 * 1024)
# Longer URLs (path and query) get the site's 414 page. gunicorn is started with a
# request-line limit above this (Makefile: --limit-request-line 8190, its maximum).
MAX_URL_LENGTH = env.int("MAX_URL_LENGTH", default=4000)
# Images with more pixels than this are refused before decoding (decompression bombs).
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
# How long clients are asked to wait when the database or disk is unavailable.
RETRY_AFTER_SECONDS = env.int("RETRY_AFTER_SECONDS", default=30)
# Admin login throttling (django-axes): five wrong passwords from one address for
# one username lock that pair out for 15 minutes; other staff keep working.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_VERBOSE = False

# --- Newsroom -----------------------------------------------------------------
# Where `load_demo` records the demo users' generated passwords (never in code).
DEMO_CREDENTIALS_FILE = Path(env.str("DEMO_CREDENTIALS_FILE",
                                     default=str(BASE_DIR / "var" / "demo-credentials.txt")))
# Public pages: how long browsers and shared caches may keep them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
ARTICLES_PER_PAGE = 20
COMMENT_MAX_LENGTH = 5000
# Links readers type without a scheme ("www.example.com") point at https://.
URLIZE_ASSUME_HTTPS = True
COMMENT_MAX_DEPTH = env.int("COMMENT_MAX_DEPTH", default=3)
# The article page shows this many top-level comments, each with its replies, per page.
COMMENT_THREADS_PER_PAGE = env.int("COMMENT_THREADS_PER_PAGE", default=25)
# A comment form older than this is refused (the signed timestamp in the form).
COMMENT_FORM_MAX_AGE = 60 * 60 * 24
# Comments (see comments/moderation.py for what each one does).
# A form posted sooner than this after it was rendered is refused as too fast.
COMMENT_MIN_SECONDS = env.int("COMMENT_MIN_SECONDS", default=3)
# Per IP and per email: at most N posts in SECONDS ("N/SECONDS"); over it → HTTP 429.
COMMENT_RATE_LIMIT = env.str("COMMENT_RATE_LIMIT", default="5/60")
# Reports ("Report this comment") per IP.
COMMENT_FLAG_RATE_LIMIT = env.str("COMMENT_FLAG_RATE_LIMIT", default="10/3600")
# Reports from different readers that send an approved comment back to the queue.
COMMENT_FLAG_THRESHOLD = env.int("COMMENT_FLAG_THRESHOLD", default=3)
# More links than this → held for a moderator.
COMMENT_MAX_LINKS = env.int("COMMENT_MAX_LINKS", default=2)
# Words that hold a comment / mark it as spam (editors add more in the admin).
COMMENT_HOLD_WORDS = env.list("COMMENT_HOLD_WORDS", default=[])
COMMENT_SPAM_WORDS = env.list("COMMENT_SPAM_WORDS", default=[])
# Publish without waiting when the same name and email already had a comment approved.
COMMENT_AUTO_APPROVE_KNOWN = env.bool("COMMENT_AUTO_APPROVE_KNOWN", default=False)
# Comments close this many days after publication (0: never by age).
COMMENT_CLOSE_AFTER_DAYS = env.int("COMMENT_CLOSE_AFTER_DAYS", default=0)
# Commenters' IP addresses and user agents are purged after this many days.
COMMENT_IP_RETENTION_DAYS = env.int("COMMENT_IP_RETENTION_DAYS", default=30)
# Moderators get at most one digest of new pending comments per this many seconds.
COMMENT_DIGEST_INTERVAL = env.int("COMMENT_DIGEST_INTERVAL", default=600)
# Editors get at most one mail about articles submitted for review per this many seconds.
REVIEW_DIGEST_INTERVAL = env.int("REVIEW_DIGEST_INTERVAL", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Scale-out and operations (issue 13) ---------------------------------------------
# Read replicas (newsroom/routers.py): readers' pages read from a streaming replica
# that keeps up; writes, staff and anyone who just wrote read from the primary.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
# A replica further behind than this many seconds (or unreachable) is skipped...
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=10)
# ...as measured by each process at most this often.
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=5)
for _n, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = env.db_url_config(_url)
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    _replica.update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True,
                    TEST={"MIRROR": "default"})
    DATABASES[f"replica{_n}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("newsroom.pagecache.PageCacheMiddleware"),
                      "newsroom.routers.ReplicaReadsMiddleware")

# Behind a proxy (deploy/nginx/): the addresses whose X-Real-IP and X-Forwarded-Proto
# are believed (newsroom/proxy.py). Gunicorn reads the same variable. Empty: none.
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=[])
if FORWARDED_ALLOW_IPS:
    MIDDLEWARE.insert(0, "newsroom.proxy.TrustedProxyMiddleware")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe app servers directly over HTTP: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Logs: "text" (default) or "json", one object a line, with a request log line per
# request carrying the request id nginx sends in X-Request-ID (or a fresh one).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
MIDDLEWARE.insert(0, "newsroom.logging.RequestIdMiddleware")
if LOG_FORMAT == "json":
    LOGGING["formatters"] = {"json": {"()": "newsroom.logging.JsonFormatter"}}
    LOGGING["handlers"]["console"]["formatter"] = "json"

# /healthz (newsroom/health.py): each check is a function returning None when its
# service is fine.
HEALTH_CHECKS = {
    "database": "newsroom.health.check_database",
    "cache": "newsroom.health.check_cache",
    "storage": "newsroom.ops.check_storage",
    "tasks": "newsroom.ops.check_task_queue",
}

# `manage.py backup` / `manage.py restore` (ops/backups.py).
INSTALLED_APPS += ["ops"]

# --- Preview links, the content API and webhooks (issues 15 and 16) -------------------
INSTALLED_APPS += ["previews", "api"]
# A shared preview link works for this many hours unless the editor chooses otherwise.
PREVIEW_LINK_HOURS = env.int("PREVIEW_LINK_HOURS", default=24)
# The content API (api/): requests per client address without a key ("N/SECONDS"), and
# for a key unless the key sets its own. Cached answers (page cache, Varnish) are free.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/60")
API_KEY_RATE_LIMIT = env.str("API_KEY_RATE_LIMIT", default="1200/60")
# Webhook deliveries: seconds to wait for the receiver, and the waits between retries.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5)
WEBHOOK_RETRY_DELAYS = [int(s) for s in env.list("WEBHOOK_RETRY_DELAYS",
                                                 default=["10", "60", "300", "1800", "7200"])]
