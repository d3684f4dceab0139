"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API gives is one object: `type` (a URI naming the kind of problem,
relative to the API), `title` (the same for every problem of that type), `status`,
`detail` (what went wrong with this request, for a person) and `instance` (the
request's path). Validation problems add `errors`: one entry per bad parameter.
(Relative `type` URIs are allowed by RFC 9457, resolved against the request URL.)
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Unknown API key",
    404: "Not found",
    405: "Method not allowed",
    410: "Gone",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}
TYPES = {
    400: "invalid-parameters",
    401: "unknown-api-key",
    404: "not-found",
    405: "method-not-allowed",
    410: "gone",
    429: "rate-limited",
    500: "server-error",
    503: "service-unavailable",
}


def problem_type(status):
    return f"/api/v1/problems/{TYPES.get(status, 'error')}"


def problem(request, status, detail, *, headers=None, **extra):
    """A problem response; never kept by any cache (an error is not a page)."""
    body = {
        "type": problem_type(status),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path if request is not None else "",
        **extra,
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                            content_type=f"{CONTENT_TYPE}; charset={settings.DEFAULT_CHARSET}")
    for name, value in (headers or {}).items():
        response[name] = value
    add_never_cache_headers(response)
    return response


def validation_errors(errors):
    """Ninja's (pydantic's) errors as [{"parameter", "location", "message"}], readable."""
    readable = []
    for error in errors:
        location = list(error.get("loc", ()))
        where = location[0] if location else "query"
        name = ".".join(str(part) for part in location[1:]) or str(where)
        readable.append({"parameter": name, "location": str(where),
                         "message": error.get("msg", "")})
    return readable
