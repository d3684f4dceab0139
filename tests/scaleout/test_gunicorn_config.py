"""deploy/gunicorn.conf.py: workers from the CPU count, bounded requests, overridable."""

import multiprocessing
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "LOG_FORMAT", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_workers_follow_the_cpu_count(monkeypatch):
    assert load(monkeypatch)["workers"] == multiprocessing.cpu_count() * 2 + 1


def test_web_concurrency_sets_the_workers(monkeypatch):
    assert load(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_workers_are_recycled_with_jitter(monkeypatch):
    config = load(monkeypatch)
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]


def test_timeouts_are_set_and_overridable(monkeypatch):
    assert load(monkeypatch)["timeout"] == 30
    assert load(monkeypatch, GUNICORN_TIMEOUT="12")["timeout"] == 12
    assert load(monkeypatch)["graceful_timeout"] > 0


def test_json_logs_turn_gunicorns_access_log_off(monkeypatch):
    config = load(monkeypatch, LOG_FORMAT="json")
    assert config["accesslog"] is None
    assert config["logconfig_dict"]["formatters"]["json"]["()"] == "newsroom.logging.JsonFormatter"
