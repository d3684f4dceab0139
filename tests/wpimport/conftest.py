import io

import pytest
from django.core.management import call_command

from . import wxr


@pytest.fixture
def run_import(tmp_path):
    """Write an export from `wxr.wxr(**kw)` (or use `path`) and import it; return the output."""

    def run(*args, path=None, **kw):
        path = path or wxr.write(tmp_path, **kw)
        out = io.StringIO()
        call_command("import_wordpress", str(path), *args, stdout=out)
        return out.getvalue()

    return run
