"""Gunicorn for Newsroom: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be overridden on the command line (`make run` passes --workers) or by
the environment variables named below. Sync workers are right behind nginx, which
buffers whole requests and responses, so a slow client never holds a worker.

Graceful reload (new code, no dropped request): `kill -HUP <master pid>` starts new
workers and lets the old ones finish what they are serving (up to graceful_timeout).
"""

import multiprocessing
import os

wsgi_app = "newsroom.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers are CPU- and database-bound: two per core, plus one for the one waiting
# on the database. WEB_CONCURRENCY (gunicorn's own variable) overrides.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)

# A request that runs longer than this is killed and its worker replaced (the slowest
# legitimate request, an image upload with its renditions, takes a few seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On reload or shutdown, workers get this long to finish the requests they hold.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
keepalive = 5

# Replace each worker after about this many requests (jittered, so they do not all
# restart at once): bounds the damage of any slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 100))

# gunicornc's control socket only where asked for: its default path is one per user,
# which two app servers on one machine would fight over. Signals work regardless.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Trust X-Forwarded-Proto only from the proxy (FORWARDED_ALLOW_IPS, which Django's
# newsroom/proxy.py reads too).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on stderr/stdout for the service manager. With LOG_FORMAT=json the app writes
# one line per request itself (with the request id), so gunicorn's access log is off.
errorlog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    accesslog = None
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "newsroom.logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO",
                                       "propagate": False}},
    }
else:
    accesslog = "-"
    access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
