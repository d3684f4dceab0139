"""The default cache: diskcache's Django backend (SQLite files that every worker of a
host shares, atomic increments across processes), keeping its connections open and
reading many keys in one query per shard.

- Django closes every cache at the end of each request; for diskcache that meant
  reopening each shard's SQLite connection and re-running its set-up statements, about
  2 ms a request. Its connections are per thread and reopened after a fork, so keeping
  them is safe.
- `get_many` reads a page's surrogate keys' purge times in one SELECT per shard
  instead of one per key (a front page shows some fifty keys). It follows diskcache's
  own fast read path (pinned diskcache==5.6.3): the default eviction policy and no
  statistics, so reading changes nothing.
"""

import time
from collections import defaultdict

from diskcache import DjangoCache

SELECT = ("SELECT key, mode, filename, value FROM Cache WHERE raw = 1 AND key IN ({})"
          " AND (expire_time IS NULL OR expire_time > ?)")


class FileCache(DjangoCache):
    def close(self, **kwargs):
        pass

    def get_many(self, keys, version=None):
        fanout = self._cache
        shards = fanout._shards
        if fanout.eviction_policy != "least-recently-stored" or fanout.statistics:
            return super().get_many(keys, version=version)
        wanted = {self.make_key(key, version=version): key for key in keys}
        by_shard = defaultdict(list)
        for made in wanted:
            by_shard[fanout._hash(made) % len(shards)].append(made)
        found = {}
        now = time.time()
        for index, made_keys in by_shard.items():
            shard = shards[index]
            query = SELECT.format(",".join("?" * len(made_keys)))
            for db_key, mode, filename, value in shard._sql(query, (*made_keys, now)).fetchall():
                try:
                    found[wanted[db_key]] = shard._disk.fetch(mode, filename, value, False)
                except OSError:  # a file-backed value deleted meanwhile: a miss
                    continue
        return found
