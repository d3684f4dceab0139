"""Request ids and structured logs.

Every request gets an id: the one the front proxy sends in X-Request-ID (nginx's
$request_id), or a fresh one. It is echoed in the response's X-Request-ID, carried by
every log record written while the request runs, and readable by code that hands work
on (a task enqueued from a view should pass `current_request_id()` along, so its logs
join the request's). With LOG_FORMAT=json each record is one JSON object on one line,
and each request writes one "newsroom.request" line.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

_request_id = contextvars.ContextVar("newsroom_request_id", default=None)
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
request_logger = logging.getLogger("newsroom.request")

# Attributes every LogRecord has; anything else was passed in `extra` and is logged.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def current_request_id():
    """The id of the request being served here, or None outside one."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give the request its id, and log one line for it when logs are JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request.request_id = sent if VALID_ID.fullmatch(sent) else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            if settings.LOG_FORMAT == "json":
                log_request(request, response, time.perf_counter() - started)
            return response
        finally:
            _request_id.reset(token)


def log_request(request, response, seconds):
    request_logger.info("%s %s %s", request.method, request.path, response.status_code, extra={
        "request_id": request.request_id,
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "remote_addr": request.META.get("REMOTE_ADDR"),
        "reads": getattr(getattr(request, "reads", None), "alias", None) or "default",
    })


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id, extras."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        entry.update({k: v for k, v in vars(record).items()
                      if k not in STANDARD and k not in entry})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
