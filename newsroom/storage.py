"""Media storage: local disk that never leaves a half-written upload behind (the
default), or a private S3-compatible bucket when STORAGE_URL is set."""

import os
import tempfile
from functools import cache

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from .faults import StorageUnavailable


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Static files under hashed names, compressed (whitenoise), each name's address
    worked out once per process: the manifest is read when the storage is made and
    does not change under it, and a page asks for the same few files on every render
    (about 35 µs each through the manifest)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        found = self._urls.get(name)
        if found is None or force:
            found = super().url(name, force)
            if not force and len(self._urls) < 1024:
                self._urls[name] = found
        return found


class _StagedFile(File):
    """A finished copy of an upload that the parent storage can move into place."""

    def temporary_file_path(self):
        return self.name


class AtomicFileSystemStorage(FileSystemStorage):
    """Write each upload to a temporary file beside its target, then rename it.

    A full disk or an unwritable directory raises StorageUnavailable (shown as a
    503 by newsroom.faults) and leaves no partial file at the upload's name.
    """

    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        staged = None
        try:
            os.makedirs(directory, exist_ok=True)
            fd, staged = tempfile.mkstemp(dir=directory, prefix=".partial-")
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                out.flush()
                os.fsync(out.fileno())
            return super()._save(name, _StagedFile(None, name=staged))
        except OSError as exc:
            raise StorageUnavailable(exc.errno, f"Could not store {name}: {exc.strerror or exc}") from exc
        finally:
            if staged and os.path.exists(staged):
                os.unlink(staged)


def s3_options(url):
    """STORAGES options for django-storages' S3 backend from a STORAGE_URL:

        s3://KEY:SECRET@host:port/bucket?region=eu-west-1&secure=off

    `secure=off` talks plain HTTP to the endpoint (a local S3 server); without a
    host:port the AWS endpoint of the region is used.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    secure = query.get("secure", "on").lower() not in ("off", "0", "false", "no")
    options = {
        "access_key": unquote(parts.username or ""),
        "secret_key": unquote(parts.password or ""),
        "bucket_name": parts.path.strip("/"),
        "region_name": query.get("region", "us-east-1"),
        # Private objects: every file reaches readers through the app's media view,
        # which keeps unpublished articles' images from them (articles/media.py).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    if parts.hostname:
        scheme = "https" if secure else "http"
        options["endpoint_url"] = f"{scheme}://{parts.hostname}:{parts.port or (443 if secure else 80)}"
    return options


@cache
def _s3_storage_class():
    from storages.backends.s3 import S3Storage

    class S3MediaStorage(S3Storage):
        """Media in a private S3-compatible bucket, served through the app (MEDIA_URL)."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            from django.conf import settings
            from django.utils.encoding import filepath_to_uri

            return settings.MEDIA_URL + filepath_to_uri(name)

        def _save(self, name, content):
            try:
                return super()._save(name, content)
            except Exception as exc:  # endpoint down, bucket gone: a 503, not a 500
                raise StorageUnavailable(0, f"Could not store {name}: {exc}") from exc

    return S3MediaStorage


def __getattr__(name):
    # django-storages and boto3 are only imported when STORAGE_URL asks for them.
    if name == "S3MediaStorage":
        return _s3_storage_class()
    raise AttributeError(name)
