"""A real HTTP server on 127.0.0.1 that records what webhooks POST to it."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The ports these tests may bind (this suite's range for local receivers).
PORTS = range(19310, 19340)


class Receiver:
    def __init__(self):
        self.received = []
        self.statuses = []  # answers to give, in order; then 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.received.append({"headers": dict(self.headers),
                                          "body": self.rfile.read(length).decode()})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {status}".encode())

            def log_message(self, *args):
                pass

        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError:
                continue
        else:
            raise RuntimeError(f"no free port in {PORTS}")
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def closed_port_url():
    """An address on our range where nothing listens (a receiver that is down)."""
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return f"http://127.0.0.1:{port}/hooks"
    raise RuntimeError("every port in the range is taken")
