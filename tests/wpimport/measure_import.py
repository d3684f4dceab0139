"""Import an export in a fresh process and database; print its peak memory as JSON.

Run by the memory tests in a subprocess: `python -m tests.wpimport.measure_import EXPORT DB`.
"""

import io
import json
import os
import resource
import sys
import time
from pathlib import Path


def peak_kb():
    """This process's peak resident set size, in KB.

    From /proc (VmHWM) where there is one: getrusage's ru_maxrss keeps the high-water
    mark of the process that forked this one, so a big test runner's would show here.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(export, database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    before = peak_kb()
    started = time.monotonic()
    out = io.StringIO()
    call_command("import_wordpress", export, stdout=out)
    from articles.models import Article
    from comments.models import Comment

    print(json.dumps({
        "peak_kb": peak_kb(),
        "before_import_kb": before,
        "seconds": round(time.monotonic() - started, 1),
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "export_bytes": os.path.getsize(export),
    }))


if __name__ == "__main__":
    main(*sys.argv[1:3])
