"""The default cache: diskcache's Django backend (SQLite files that every worker of a
host shares, atomic increments across processes), keeping its connections open.

Django closes every cache at the end of each request; for diskcache that meant
reopening each shard's SQLite connection and re-running its set-up statements, about
2 ms a request. Its connections are per thread and reopened after a fork, so keeping
them is safe.
"""

from diskcache import DjangoCache


class FileCache(DjangoCache):
    def close(self, **kwargs):
        pass
