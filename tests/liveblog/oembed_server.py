"""A local oEmbed provider on 127.0.0.1 for the embed tests: answers like YouTube's,
serves a thumbnail, and can be told to hang (a provider that times out)."""

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image


def thumbnail_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), "teal").save(buffer, format="JPEG")
    return buffer.getvalue()


class OEmbedServer:
    def __init__(self, port):
        self.port = port
        self.requests = []
        self.hang_seconds = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                server.requests.append(self.path)
                if server.hang_seconds:
                    time.sleep(server.hang_seconds)
                if parts.path == "/thumb.jpg":
                    body, kind = thumbnail_bytes(), "image/jpeg"
                else:
                    url = parse_qs(parts.query).get("url", [""])[0]
                    body = json.dumps({
                        "type": "video", "version": "1.0", "provider_name": "YouTube",
                        "title": "Storm surge reaches <the> harbour", "author_name": "Harbour Cam",
                        "author_url": "https://www.youtube.com/@harbourcam",
                        "thumbnail_url": f"{server.url}/thumb.jpg",
                        "html": f'<iframe src="{url}"></iframe><script>alert(1)</script>',
                    }).encode()
                    kind = "application/json"
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
