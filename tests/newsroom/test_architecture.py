"""The layout's dependency direction holds, as import contracts (pyproject.toml).

authors <- articles <- comments <- the newer apps, and newsroom's shared modules import
no app. `lint-imports` checks every import, including those inside functions.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("authors/reverse.py", "from articles.models import Article\n",
         "authors is not allowed to import articles"),
        ("articles/reverse.py", "from comments import counts\n",
         "articles is not allowed to import comments"),
        ("comments/reverse.py", "def later():\n    from pages.models import Page\n",
         "comments is not allowed to import pages"),
        ("newsroom/reverse.py", "from authors.models import Author\n",
         "newsroom is not allowed to import authors"),
    ],
    ids=["authors-articles", "articles-comments", "comments-pages", "newsroom-authors"],
)
def test_an_import_against_the_direction_breaks_a_contract(tmp_path, module, line, broken):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.txt"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / module).write_text(line, encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
