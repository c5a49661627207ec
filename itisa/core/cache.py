"""A file cache without compression, for large values read far more often than written (the register's
columns, ADR 0017): Django's file cache zlib-compresses every value, which costs 0.7 s for the 11.6 MB of
columns of a 10,000-alliance register — longer than reading them back is worth saving disk for."""

from __future__ import annotations

import pickle
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


class PlainFileCache(FileBasedCache):
    """:class:`FileBasedCache` with the values pickled as they are (one file per key, shared by every process
    of the machine: the web processes and the task worker)."""

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            with open(self._key_to_file(key, version), "rb") as f:  # type: ignore[attr-defined]
                if not self._is_expired(f):  # type: ignore[attr-defined]
                    return pickle.loads(f.read())  # noqa: S301 - written by this cache only
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file: Any, timeout: Any, value: Any) -> None:
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        value = self.get(key, version=version)
        if value is None:
            return False
        self.set(key, value, timeout, version)
        return True
