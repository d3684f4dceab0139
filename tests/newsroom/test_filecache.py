"""The default file cache: shared between processes, and `get_many` as `get` sees it."""

import subprocess
import sys

from django.conf import settings
from django.core.cache import cache


def test_get_many_returns_what_get_returns_for_every_kind_of_value():
    values = {"float": 1.5, "int": 3, "text": "é" * 3, "bytes": b"\x00\x01",
              "dict": {"a": [1, 2]}, "big": b"x" * 200_000}
    cache.set_many(values)
    cache.set("gone", 1, timeout=-1)
    assert cache.get_many([*values, "missing", "gone"]) == values
    assert {k: cache.get(k) for k in values} == values


def test_a_value_set_in_one_process_is_read_in_another():
    if not settings.CACHES["default"]["BACKEND"].endswith("FileCache"):
        return  # the Redis run: shared by construction
    cache.set("from-parent", 42)
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'newsroom.settings'); django.setup(); from django.conf import settings; "
            "from django.core.cache import caches; from django.core.cache.backends.base import "
            "BaseCache; c = caches.create_connection('default'); "
            "print(c.get('from-parent'))")
    location = settings.CACHES["default"]["LOCATION"]
    env = {"CACHE_URL": f"diskcache://{location}", "SECRET_KEY": "x", "PATH": "/usr/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=settings.BASE_DIR, timeout=60)
    assert out.stdout.strip() == "42", out.stderr
