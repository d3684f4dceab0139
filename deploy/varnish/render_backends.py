"""Write deploy/varnish/backends.vcl for your app servers: `python render_backends.py OUT HOST:PORT...`.

default.vcl includes ./backends.vcl, which declares one backend per app server, each
probed on /readyz, and the round-robin director `app` that spreads misses over the
healthy ones. The backends.vcl shipped beside default.vcl is this script's output for
one app server on 127.0.0.1:8000.
"""

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

BACKEND = """backend app{n} {{
    .host = "{host}";
    .port = "{port}";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {{
        .url = "/readyz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;  // healthy from the start, until probes say otherwise
    }}
}}
"""


def backends(upstreams):
    """The text of backends.vcl for `upstreams`, a list of "host:port"."""
    if not upstreams:
        raise ValueError("name at least one app server (host:port)")
    declared, added = [], []
    for n, upstream in enumerate(upstreams, start=1):
        host, _, port = upstream.strip().rpartition(":")
        declared.append(BACKEND.format(n=n, host=host or "127.0.0.1", port=port))
        added.append(f"    app.add_backend(app{n});\n")
    return ("# Written by deploy/varnish/render_backends.py: the app servers Varnish fetches from.\n\n"
            "import directors;\n\n" + "\n".join(declared)
            + "\nsub vcl_init {\n    new app = directors.round_robin();\n" + "".join(added) + "}\n")


def write_config(directory, upstreams):
    """default.vcl and a backends.vcl for `upstreams` in `directory` (a test's, the
    benchmark's or make stack's): the path to give varnishd -f."""
    directory = Path(directory)
    shutil.copy(HERE / "default.vcl", directory / "default.vcl")
    (directory / "backends.vcl").write_text(backends(upstreams))
    return directory / "default.vcl"


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    Path(sys.argv[1]).write_text(backends(sys.argv[2:]))
