"""Media storage that never leaves a half-written upload behind."""

import os
import tempfile

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

from .faults import StorageUnavailable


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
