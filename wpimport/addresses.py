"""Old WordPress addresses: how they are written down, and found again."""

from urllib.parse import parse_qs, unquote, urlsplit

# WordPress's query-string addresses ("/?p=12" works whatever the permalinks were).
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author", "feed")


def normal_path(path):
    """A path as stored: decoded, without a trailing slash (except the root)."""
    path = unquote(path or "/")
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def query_form(path, params):
    """The stored form of a WordPress query address, or None."""
    for key in QUERY_KEYS:
        value = params.get(key)
        if value and key != "feed":
            return f"{normal_path(path)}?{key}={value}"[:500]
    return None


def path_of(url):
    """The stored form of an old URL (path, plus a WordPress query form if it has one)."""
    parts = urlsplit(url or "")
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return query_form(parts.path, params) or normal_path(parts.path)[:500]


def lookup(candidates):
    from .models import OldAddress

    # A NUL byte is in no stored address (and PostgreSQL refuses it in a query).
    paths = [c if "?" in c else normal_path(c) for c in candidates if c and "\x00" not in c]
    if not paths:
        return None
    found = dict(OldAddress.objects.filter(old_path__in=paths).values_list("old_path", "new_path"))
    return next((found[p] for p in paths if p in found), None)


def remember(importer, old, new_path):
    """Have the old address `old` (a path or URL) answer with a 301 to `new_path`."""
    from .models import OldAddress

    old_path = path_of(old)
    if not old_path or old_path == normal_path(new_path):
        return
    existing = OldAddress.objects.filter(old_path=old_path).first()
    if existing is None:
        OldAddress.objects.create(old_path=old_path, new_path=new_path)
        importer.summary.count("old address", "created")
    elif existing.new_path != new_path:
        existing.new_path = new_path
        existing.save(update_fields=["new_path"])
        importer.summary.count("old address", "updated")
    else:
        importer.summary.count("old address", "skipped", "unchanged since the last import")
