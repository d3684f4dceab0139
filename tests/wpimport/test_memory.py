"""A big export imports in bounded memory: peak RSS does not grow with the file.

Each import runs in its own process (and SQLite database), which reports its peak
resident set size; the 500 MB export is `long` (make test-long runs it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import wxr

ROOT = Path(__file__).resolve().parents[2]
# Django, the migrations and one post in flight; what the file's size must not add to.
PEAK_BOUND_MB = 160
GROWTH_BOUND_MB = 25


def measure(tmp_path, megabytes):
    export = tmp_path / f"export-{megabytes}mb.xml"
    posts = wxr.write_large(export, megabytes)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.wpimport.measure_import", str(export),
         str(tmp_path / f"import-{megabytes}.sqlite3")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["articles"] == posts
    print(f"\n{megabytes} MB export: {figures}")
    export.unlink()
    return figures


def test_a_50_mb_export_imports_in_the_memory_a_5_mb_one_needs(tmp_path):
    small, large = measure(tmp_path, 5), measure(tmp_path, 50)
    assert large["peak_kb"] < PEAK_BOUND_MB * 1024
    assert large["peak_kb"] - small["peak_kb"] < GROWTH_BOUND_MB * 1024


@pytest.mark.long
def test_a_500_mb_export_imports_in_bounded_memory(tmp_path):
    small, large = measure(tmp_path, 5), measure(tmp_path, 500)
    assert large["peak_kb"] < PEAK_BOUND_MB * 1024
    assert large["peak_kb"] - small["peak_kb"] < GROWTH_BOUND_MB * 1024
