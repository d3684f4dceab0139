"""Real engines for the scale-out tests: a streaming PostgreSQL replica, nginx, gunicorn.

Each binds to 127.0.0.1 on a port in 18400-18499 and is stopped by the fixture that
started it.
"""

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.security.live import ROOT, LiveServer

PORTS = range(18400, 18500)
_taken = set()
NGINX = Path("/usr/sbin/nginx")
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
# What a hot standby needs at least as much of as its primary.
STANDBY_MINIMUMS = ("max_connections", "max_worker_processes", "max_wal_senders",
                    "max_prepared_transactions", "max_locks_per_transaction")


def port():
    """A free port of ours, never handed out twice in one test run."""
    for candidate in PORTS:
        if candidate in _taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
        _taken.add(candidate)
        return candidate
    raise RuntimeError("no free port in 18400-18499")


def wait_for_port(port_number, timeout=30, process=None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}: " + (log or ""))
        try:
            socket.create_connection(("127.0.0.1", port_number), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port_number} after {timeout}s")


def stop_process(process, timeout=20):
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- PostgreSQL -------------------------------------------------------------------


def pg_bin():
    """The directory of PostgreSQL's server programs, or None where they are absent."""
    for directory in PG_BIN_DIRS:
        if (directory / "pg_basebackup").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def connect(url, **kw):
    import psycopg

    return psycopg.connect(url, autocommit=True, **kw)


class Replica:
    """A hot standby of the primary at `primary_url`, streaming, in a temporary directory."""

    def __init__(self, primary_url, bin_dir):
        self.primary = urlsplit(primary_url)
        self.bin = bin_dir
        self.port = port()
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)

    def as_postgres(self, program, *args, check=True, timeout=120):
        result = subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / program), *args],
            capture_output=True, text=True, timeout=timeout, cwd=self.dir,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr.strip()}")
        return result

    def create(self):
        primary = f"postgresql://{self.primary.netloc}/postgres"
        with connect(primary) as conn:
            minimums = {name: conn.execute(f"SHOW {name}").fetchone()[0]
                        for name in STANDBY_MINIMUMS}
        self.as_postgres(
            "pg_basebackup", "--host", self.primary.hostname, "--port",
            str(self.primary.port or 5432), "--username", self.primary.username or "postgres",
            "--pgdata", str(self.data), "--write-recovery-conf", "--wal-method=stream",
            "--checkpoint=fast", "--no-sync",
        )
        settings = {
            "port": self.port, "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.dir}'", "hot_standby": "on",
            "shared_buffers": "'32MB'", "fsync": "off", "log_statement": "'all'",
            "log_line_prefix": "'%m [%d] '", "wal_receiver_status_interval": "'1s'",
            **minimums,
        }
        (self.data / "postgresql.conf").write_text(
            "".join(f"{name} = {value}\n" for name, value in settings.items()))
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (self.data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(self.data / name, "postgres", "postgres")
        return self.start()

    def start(self):
        self.as_postgres("pg_ctl", "--pgdata", str(self.data), "--log", str(self.log),
                         "--wait", "--timeout", "60", "start")
        return self

    def stop(self, mode="fast"):
        self.as_postgres("pg_ctl", "--pgdata", str(self.data), "--mode", mode, "--wait",
                         "stop", check=False)

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database):
        user = self.primary.username or "postgres"
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def query(self, database, sql):
        with connect(self.url(database).replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute(sql).fetchall()

    def pause_replay(self):
        self.query("postgres", "SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        self.query("postgres", "SELECT pg_wal_replay_resume()")

    def catch_up(self, primary_url, timeout=30):
        """Wait until everything the primary has committed so far is replayed here."""
        with connect(primary_url.replace("postgres://", "postgresql://", 1)) as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.query("postgres", f"SELECT pg_last_wal_replay_lsn() >= '{target}'")[0][0]
            if done:
                return
            time.sleep(0.1)
        raise AssertionError(f"the replica did not replay up to {target} in {timeout}s")

    def statements(self, database, table):
        """How many statements this replica ran in `database` naming `table`."""
        marker = f"[{database}] LOG:  statement: "
        text = self.log.read_text(errors="replace")
        return sum(1 for line in text.splitlines() if marker in line and f'"{table}"' in line)


def replication_refusal(primary_url):
    """Why the primary cannot feed a replica, or None when it can."""
    with connect(primary_url.replace("postgres://", "postgresql://", 1)) as conn:
        wal_level = conn.execute("SHOW wal_level").fetchone()[0]
        senders = int(conn.execute("SHOW max_wal_senders").fetchone()[0])
    if wal_level not in ("replica", "logical"):
        return f"the primary's wal_level is {wal_level} (needs replica; a restart applies it)"
    if senders < 1:
        return "the primary's max_wal_senders is 0 (a restart applies a change)"
    return None


# --- gunicorn behind nginx ---------------------------------------------------------


class AppServer(LiveServer):
    """The app under gunicorn with the project's deploy/gunicorn.conf.py, on our ports."""

    def __init__(self, tmp_path, *, workers=2, **env):
        super().__init__(tmp_path, workers=workers, **env)
        self.port = port()
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self):
        self.log_path = self.tmp / f"gunicorn-{self.port}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/readyz")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError("gunicorn did not start: " + self.log_path.read_text())


def self_signed_certificate(directory):
    """A certificate for 127.0.0.1 and its key, made here with openssl."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


class Nginx:
    """nginx from deploy/nginx/, rendered for this test's ports and paths."""

    def __init__(self, tmp_path, *, upstream_ports, static_root, max_body_bytes):
        sys.path.insert(0, str(ROOT / "deploy" / "nginx"))
        try:
            import render
        finally:
            sys.path.pop(0)
        self.dir = tmp_path / f"nginx-{upstream_ports[0]}"
        self.dir.mkdir()
        self.cert, key = self_signed_certificate(self.dir)
        self.http_port, self.https_port = port(), port()
        self.conf = self.dir / "nginx.conf"
        self.conf.write_text(render.render({
            "USER": "root", "HTTP_PORT": self.http_port, "HTTPS_PORT": self.https_port,
            "UPSTREAMS": ",".join(f"127.0.0.1:{p}" for p in upstream_ports),
            "MAX_BODY_BYTES": max_body_bytes,
            "TLS_CERT": self.cert, "TLS_KEY": key, "STATIC_ROOT": static_root,
            "RUN_DIR": self.dir, "LOG_DIR": self.dir,
        }))
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(NGINX), "-c", str(self.conf), "-p", str(self.dir), "-e", str(self.dir / "stderr.log"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.https_port, process=self.process)
        return self

    def stop(self):
        stop_process(self.process)

    def error_log(self):
        return (self.dir / "nginx-error.log").read_text(errors="replace")

