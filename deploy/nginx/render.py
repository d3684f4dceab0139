"""Render deploy/nginx/nginx.conf.template: `python deploy/nginx/render.py OUT NAME=VALUE...`.

Values not given come from the defaults below. UPSTREAMS is a comma-separated list of
host:port (the app servers, or Varnish). Brotli is on when Debian's
libnginx-mod-http-brotli-filter module is installed, off (gzip only) otherwise.
"""

import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
BROTLI = """
    brotli on;
    brotli_comp_level 5;
    brotli_min_length 1024;
    brotli_types text/css text/plain text/xml application/javascript application/json
                 application/xml application/rss+xml application/atom+xml image/svg+xml;"""

DEFAULTS = {
    "USER": "www-data",  # the workers' user (when nginx starts as root)
    "HOST": "127.0.0.1",
    "HTTP_PORT": "8080",
    "HTTPS_PORT": "8443",
    "SERVER_NAME": "_",
    "UPSTREAMS": "127.0.0.1:8000",
    "MAX_BODY_BYTES": "12582912",
    "RUN_DIR": "/run/newsroom-nginx",
    "LOG_DIR": "/var/log/newsroom",
}
REQUIRED = ("TLS_CERT", "TLS_KEY", "STATIC_ROOT")


def render(values, *, brotli=None):
    values = {**DEFAULTS, **values}
    missing = [name for name in REQUIRED if not values.get(name)]
    if missing:
        raise ValueError("missing values: " + ", ".join(missing))
    if brotli is None:
        brotli = BROTLI_MODULE.exists()
    values["LOAD_BROTLI"] = f"load_module {BROTLI_MODULE};" if brotli else "# (no brotli module)"
    values["BROTLI"] = BROTLI if brotli else ""
    values["UPSTREAM_SERVERS"] = "\n".join(
        f"        server {upstream.strip()} max_fails=1 fail_timeout=5s;"
        for upstream in values["UPSTREAMS"].split(",") if upstream.strip()
    )
    values["STATIC_ROOT"] = str(values["STATIC_ROOT"]).rstrip("/")
    text = TEMPLATE.read_text()
    unknown = set(re.findall(r"@@([A-Z_]+)@@", text)) - set(values)
    if unknown:
        raise ValueError("no value for " + ", ".join(sorted(unknown)))
    return re.sub(r"@@([A-Z_]+)@@", lambda m: str(values[m.group(1)]), text)


def main(argv):
    if len(argv) < 1:
        sys.exit(__doc__)
    out, pairs = Path(argv[0]), dict(arg.split("=", 1) for arg in argv[1:])
    out.write_text(render(pairs))
    for name in ("RUN_DIR", "LOG_DIR"):
        Path(pairs.get(name, DEFAULTS[name])).mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main(sys.argv[1:])
