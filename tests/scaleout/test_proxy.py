"""nginx from deploy/nginx/ in front of gunicorn from deploy/gunicorn.conf.py.

TLS with a certificate made for the test, static files from disk, the client's real
address and a request id passed on, the body limit, compression, and slow clients
that cannot starve the app's sync workers.
"""

import http.client
import json
import os
import signal
import socket
import ssl
import threading
import time
import uuid

import pytest

from .engines import AppServer, Nginx

pytestmark = pytest.mark.long

MAX_BODY = 1024 * 1024
ARTICLE = "/articles/harbour-plan/"


@pytest.fixture(scope="module")
def proxy(nginx_binary, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("proxy")
    app = AppServer(tmp, workers=2, FORWARDED_ALLOW_IPS="127.0.0.1", SECURE="on",
                    LOG_FORMAT="json", LOG_LEVEL="INFO", MAX_REQUEST_BYTES=MAX_BODY)
    app.prepare().start()
    nginx = Nginx(tmp, upstream_ports=[app.port], static_root=app.env["STATIC_ROOT"],
                  max_body_bytes=MAX_BODY).start()
    nginx.app = app
    yield nginx
    nginx.stop()
    app.stop()
    app.database.drop()


def https(proxy, method, path, *, headers=None, body=None, source="127.0.0.1", timeout=10):
    context = ssl.create_default_context(cafile=str(proxy.cert))
    conn = http.client.HTTPSConnection("127.0.0.1", proxy.https_port, context=context,
                                       timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def eventually(condition, timeout=5):
    """True once `condition()` is (logs are written just after the response is sent)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def app_log(proxy, request_id):
    """The app's JSON request log line for `request_id` (None if it never got there)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for line in proxy.app.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("logger") == "newsroom.request" and \
                        entry.get("request_id") == request_id:
                    return entry
        time.sleep(0.1)
    return None


def test_pages_are_served_over_tls_with_a_verified_certificate(proxy):
    status, headers, body = https(proxy, "GET", ARTICLE)
    assert status == 200
    assert b"Harbour plan approved" in body


def test_the_app_knows_the_request_came_over_https(proxy):
    # HSTS is only sent on requests Django believes are secure (X-Forwarded-Proto).
    _, headers, _ = https(proxy, "GET", ARTICLE)
    assert "max-age=31536000" in headers["strict-transport-security"]


def test_static_files_are_served_by_nginx_from_static_root(proxy, tmp_path):
    name = f"probe-{uuid.uuid4().hex}.txt"
    # Written after the app started: the app's own static serving does not know it.
    (proxy.app.tmp / "static" / name).write_text("served from disk")
    status, headers, body = https(proxy, "GET", f"/static/{name}")
    assert status == 200 and body == b"served from disk"
    assert "x-request-id" not in headers  # the app adds one to everything it answers


def test_the_app_sees_the_clients_address_not_a_forged_one(proxy):
    forged = {"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "203.0.113.9"}
    _, headers, _ = https(proxy, "GET", ARTICLE, headers=forged, source="127.0.0.2")
    assert app_log(proxy, headers["x-request-id"])["remote_addr"] == "127.0.0.2"


def test_gunicorn_trusts_forwarded_headers_only_from_the_proxy(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy.app.port, timeout=10,
                                      source_address=("127.0.0.2", 0))
    conn.request("GET", "/readyz", headers={"X-Real-IP": "203.0.113.9"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert app_log(proxy, response.getheader("X-Request-ID"))["remote_addr"] == "127.0.0.2"


def test_the_app_logs_the_request_id_nginx_made(proxy):
    _, headers, _ = https(proxy, "GET", ARTICLE)
    request_id = headers["x-request-id"]
    assert len(request_id) == 32 and int(request_id, 16) >= 0  # nginx's $request_id
    entry = app_log(proxy, request_id)
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", ARTICLE, 200)
    assert eventually(lambda: request_id in (proxy.dir / "nginx-access.log").read_text())


def test_a_body_over_the_apps_limit_is_refused_by_nginx(proxy):
    context = ssl.create_default_context(cafile=str(proxy.cert))
    with socket.create_connection(("127.0.0.1", proxy.https_port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall((f"POST {ARTICLE}comments/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         f"Content-Type: application/x-www-form-urlencoded\r\n"
                         f"Content-Length: {MAX_BODY + 1}\r\n\r\n").encode())
            answer = tls.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")


def test_pages_the_app_did_not_compress_are_gzipped(proxy):
    # A search nobody made before misses the page cache: the app sends it uncompressed.
    path = f"/search/?q=harbour{uuid.uuid4().hex[:6]}"
    _, headers, _ = https(proxy, "GET", path, headers={"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip"


def test_pages_are_brotli_compressed_where_nginx_has_the_module(proxy):
    if "brotli on;" not in proxy.conf.read_text():
        pytest.skip("Debian's libnginx-mod-http-brotli-filter is not installed: gzip only")
    path = f"/search/?q=harbour{uuid.uuid4().hex[:6]}"
    _, headers, _ = https(proxy, "GET", path, headers={"Accept-Encoding": "br, gzip"})
    assert headers.get("content-encoding") == "br"


def slow_client(port, stop):
    """Slowloris: send a request's headers a line at a time, never finishing them."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            n = 0
            while not stop.wait(0.5):
                n += 1
                sock.sendall(f"X-Slow-{n}: {'a' * 10}\r\n".encode())
    except OSError:
        pass  # nginx hung up on it: that is allowed too


def test_slow_clients_through_nginx_leave_pages_fast(proxy):
    stop = threading.Event()
    slow = [threading.Thread(target=slow_client, args=(proxy.http_port, stop), daemon=True)
            for _ in range(8)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(1)  # every slow connection is open and dribbling
        timings = []
        for n in range(10):
            started = time.monotonic()
            status, _, _ = https(proxy, "GET", f"/search/?q=slow{n}", timeout=5)
            timings.append(time.monotonic() - started)
            assert status == 200
    finally:
        stop.set()
        for thread in slow:
            thread.join(timeout=10)
    assert max(timings) < 1.0, timings


def test_a_graceful_reload_replaces_the_workers_and_drops_no_request(proxy):
    before = set(proxy.app.worker_pids())
    proxy.app.process.send_signal(signal.SIGHUP)
    statuses, deadline = [], time.monotonic() + 15
    while time.monotonic() < deadline:
        statuses.append(https(proxy, "GET", ARTICLE)[0])
        now = set(proxy.app.worker_pids())
        if len(now) == 2 and not now & before:
            break
        time.sleep(0.05)
    assert not set(proxy.app.worker_pids()) & before, "the old workers are still serving"
    assert set(statuses) == {200}


def test_a_page_from_the_cache_carries_this_requests_id(proxy):
    # Each worker has its own page cache here (local memory): ask until one answers
    # from it.
    answers = [https(proxy, "GET", "/section/local/")[1] for _ in range(8)]
    hits = [headers for headers in answers if headers.get("x-page-cache") == "hit"]
    assert hits
    assert len({headers["x-request-id"] for headers in answers}) == len(answers)
    assert app_log(proxy, hits[-1]["x-request-id"])["path"] == "/section/local/"


def test_with_json_logs_every_line_gunicorn_and_the_app_write_is_json(proxy):
    https(proxy, "GET", ARTICLE)
    lines = [line for line in proxy.app.log_path.read_text().splitlines() if line.strip()]
    assert lines
    assert all(isinstance(json.loads(line), dict) for line in lines), lines[:5]


def kill(server):
    """Take an app server down at once, as a crashed host would go: no goodbyes."""
    for pid in [*server.worker_pids(), server.process.pid]:
        os.kill(pid, signal.SIGKILL)
    server.process.wait()


def test_gets_are_retried_on_another_app_server_when_one_dies(proxy, tmp_path):
    app = proxy.app
    other = AppServer(tmp_path, workers=1, database=app.database,
                      **{k: app.env[k] for k in ("FORWARDED_ALLOW_IPS", "SECURE", "LOG_FORMAT",
                                                 "LOG_LEVEL", "MAX_REQUEST_BYTES",
                                                 "STATIC_ROOT", "SECRET_KEY")}).start()
    pair = Nginx(tmp_path, upstream_ports=[other.port, app.port],
                 static_root=app.env["STATIC_ROOT"], max_body_bytes=MAX_BODY).start()
    try:
        statuses = [https(pair, "GET", ARTICLE)[0] for _ in range(4)]
        kill(other)
        statuses += [https(pair, "GET", f"{ARTICLE}?n={n}")[0] for n in range(20)]
        assert set(statuses) == {200}
        assert "Connection refused" in pair.error_log()  # the dead one was tried, then skipped
    finally:
        pair.stop()
        other.stop()
