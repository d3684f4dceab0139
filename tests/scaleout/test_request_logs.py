"""Request ids and JSON logs (newsroom/logging.py)."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.logging import JsonFormatter, RequestIdMiddleware

factory = RequestFactory()


def respond(request):
    logging.getLogger("newsroom.test").warning("inside the view")
    return HttpResponse("ok")


def test_every_response_carries_a_fresh_request_id():
    response = RequestIdMiddleware(respond)(factory.get("/"))
    assert len(response["X-Request-ID"]) == 32


def test_the_proxys_request_id_is_kept():
    request = factory.get("/", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})
    assert RequestIdMiddleware(respond)(request)["X-Request-ID"] == \
        "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("sent", ["short", "has spaces in it", "x" * 200, "trailing-newline\n"])
def test_a_malformed_request_id_is_replaced(sent):
    response = RequestIdMiddleware(respond)(factory.get("/", headers={"X-Request-ID": sent}))
    assert response["X-Request-ID"] != sent


def test_json_logs_write_one_line_per_request_with_its_id(settings, caplog):
    settings.LOG_FORMAT = "json"
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        response = RequestIdMiddleware(respond)(factory.get("/feed/"))
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "newsroom.request"]
    assert len(lines) == 1 and "\n" not in lines[0]
    entry = json.loads(lines[0])
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/feed/", 200)
    assert entry["level"] == "INFO" and "duration_ms" in entry


def test_records_logged_during_a_request_carry_its_id(caplog):
    with caplog.at_level(logging.WARNING, logger="newsroom.test"):
        records = []
        handler = logging.Handler()
        handler.emit = lambda record: records.append(JsonFormatter().format(record))
        logging.getLogger("newsroom.test").addHandler(handler)
        try:
            response = RequestIdMiddleware(respond)(factory.get("/"))
        finally:
            logging.getLogger("newsroom.test").removeHandler(handler)
    assert json.loads(records[0])["request_id"] == response["X-Request-ID"]


def test_text_logs_write_no_request_lines(settings, caplog):
    settings.LOG_FORMAT = "text"
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        RequestIdMiddleware(respond)(factory.get("/"))
    assert not [r for r in caplog.records if r.name == "newsroom.request"]
