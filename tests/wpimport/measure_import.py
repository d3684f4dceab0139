"""Import an export in a fresh process and database; print its peak memory as JSON.

Run by the memory tests in a subprocess: `python -m tests.wpimport.measure_import EXPORT DB`.
"""

import io
import json
import os
import resource
import sys
import time


def main(export, database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    out = io.StringIO()
    call_command("import_wordpress", export, stdout=out)
    from articles.models import Article
    from comments.models import Comment

    print(json.dumps({
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "before_import_kb": before,
        "seconds": round(time.monotonic() - started, 1),
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "export_bytes": os.path.getsize(export),
    }))


if __name__ == "__main__":
    main(*sys.argv[1:3])
