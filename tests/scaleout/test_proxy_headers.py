"""The client's address and scheme, believed only from the proxy (newsroom/proxy.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.proxy import TrustedProxyMiddleware

factory = RequestFactory()


def seen(request):
    response = HttpResponse(request.META["REMOTE_ADDR"])
    response["X-Proto"] = request.META.get("HTTP_X_FORWARDED_PROTO", "")
    return response


@pytest.fixture(autouse=True)
def _proxy_on_localhost(settings):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]


def through(remote_addr, **headers):
    request = factory.get("/", REMOTE_ADDR=remote_addr, headers=headers)
    return TrustedProxyMiddleware(seen)(request)


def test_the_proxys_x_real_ip_becomes_the_clients_address():
    assert through("127.0.0.1", **{"X-Real-IP": "198.51.100.4"}).content == b"198.51.100.4"


def test_x_real_ip_from_anyone_else_is_ignored():
    assert through("192.0.2.8", **{"X-Real-IP": "198.51.100.4"}).content == b"192.0.2.8"


def test_x_forwarded_proto_from_anyone_else_is_dropped():
    assert through("192.0.2.8", **{"X-Forwarded-Proto": "https"})["X-Proto"] == ""


def test_a_malformed_x_real_ip_leaves_the_proxys_address():
    assert through("127.0.0.1", **{"X-Real-IP": "not an address"}).content == b"127.0.0.1"


def test_a_trusted_network_is_written_in_cidr(settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/8"]
    assert through("10.1.2.3", **{"X-Real-IP": "198.51.100.4"}).content == b"198.51.100.4"
