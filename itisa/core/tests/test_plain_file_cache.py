"""The columns' file cache (no compression) keeps values, expiries and ``add``/``touch`` as Django's file cache."""

from __future__ import annotations

import time

import numpy as np

from itisa.core.cache import PlainFileCache


def test_values_round_trip_uncompressed_and_expire(tmp_path):
    c = PlainFileCache(str(tmp_path), {})
    value = {"ids": ["1", "2"], "m": np.arange(100_000, dtype=np.int64)}
    c.set("k", value, 60)
    got = c.get("k")
    assert got["ids"] == value["ids"] and np.array_equal(got["m"], value["m"])
    (f,) = tmp_path.glob("*.djcache")
    assert f.stat().st_size > 800_000  # 100,000 int64 as they are: not zlib-compressed
    assert c.add("k", 1) is False and c.add("n", 1, 60) is True and c.get("n") == 1
    assert c.touch("n", 0.01) is True and c.touch("missing") is False
    time.sleep(0.05)
    assert c.get("n", "gone") == "gone"
    c.clear()
    assert c.get("k") is None
