"""The cache directory: results read back are exactly what the computation returns, and the cache is never an error.

``advisor.diskcache`` holds parsed price tables and packed fleets (issue 13: a second run of the same workload
reads its fleets instead of searching again).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import diskcache
from advisor.compare import compare
from advisor.render import to_json
from advisor.sizing import packing
from advisor.sizing.packing import ItemGroup, NodeType

ROOT = Path(__file__).resolve().parents[1]
TYPES = [NodeType("m.large", "x86_64", (2.0, 8192.0, 3.0), 0.096), NodeType("c.large", "x86_64", (2.0, 4096.0, 3.0),
                                                                        0.085),
         NodeType("m.xlarge", "x86_64", (4.0, 16384.0, 4.0), 0.192)]
GROUPS = [ItemGroup("api", "x86_64", (0.5, 1024.0, 1.0), 7), ItemGroup("db", "x86_64", (1.0, 6000.0, 1.0), 2,
                                                                         frozenset({"m.large", "m.xlarge"}))]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ADVISOR_CACHE", raising=False)
    return tmp_path


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted((folder / kind).glob("*.marshal")) if (folder / kind).is_dir() else []


def test_a_packing_read_back_equals_the_packing_computed(cache, monkeypatch):
    first = packing.pack(GROUPS, TYPES, min_nodes=1)
    assert len(_entries(cache, "fleets")) == 1
    calls = []
    monkeypatch.setattr(packing, "_pack", lambda *a, **k: calls.append(1))
    again = packing.pack(GROUPS, TYPES, min_nodes=1)
    assert calls == []  # read, not searched
    assert again == first
    # any input that changes the answer changes the key: computed afresh
    monkeypatch.undo()
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(cache))
    packing.pack(GROUPS, TYPES, min_nodes=2)
    packing.pack(GROUPS[:1], TYPES, min_nodes=1)
    packing.pack(GROUPS, [*TYPES[:2], NodeType("m.xlarge", "x86_64", (4.0, 16384.0, 4.0), 0.19)], min_nodes=1)
    assert len(_entries(cache, "fleets")) == 4


def test_a_time_limited_packing_is_not_cached(cache):
    packing.pack(GROUPS, TYPES, time_limit_s=30)
    assert _entries(cache, "fleets") == []


@pytest.mark.parametrize("damage", [b"", b"not marshal", b"\xe9\x00\x00", None])
def test_a_damaged_or_foreign_entry_is_recomputed(cache, damage):
    first = packing.pack(GROUPS, TYPES)
    (entry,) = _entries(cache, "fleets")
    import marshal
    entry.write_bytes(marshal.dumps({"nodes": [("x",)]}) if damage is None else damage)
    assert packing.pack(GROUPS, TYPES) == first


def test_cache_off_reads_and_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    packing.pack(GROUPS, TYPES)
    assert not (cache / "fleets").exists()
    assert diskcache.load("fleets", "anything") is None


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(blocker / "cache"))
    res = packing.pack(GROUPS, TYPES)
    assert res.cost_per_hour > 0
    assert list(tmp_path.iterdir()) == [blocker]


def test_each_kind_keeps_a_bounded_number_of_entries(cache, monkeypatch):
    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 3)
    for i in range(6):
        diskcache.store("fleets", f"k{i}", {"i": i})
        os.utime(cache / "fleets" / f"k{i}.marshal", ns=(i * 10**9, i * 10**9))
    diskcache.store("fleets", "k9", {"i": 9})
    kept = {p.stem for p in _entries(cache, "fleets")}
    assert len(kept) == 3 and "k9" in kept and "k0" not in kept
    assert not [p for p in (cache / "fleets").iterdir() if p.suffix == ".tmp"]


def test_compare_from_a_warm_cache_equals_compare_from_a_cold_one(tmp_path):
    """Two processes on the same workload and cache: the second reads tables and fleets; the output is identical
    to the byte (and to a run with the cache off)."""
    env = dict(os.environ, ADVISOR_CACHE_DIR=str(tmp_path / "cache"))
    args = [sys.executable, "-m", "advisor", "compare", str(ROOT / "examples" / "web-app.yaml"), "-f", "json"]
    cold = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    assert _entries(tmp_path / "cache", "fleets") and _entries(tmp_path / "cache", "tables")
    warm = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    off = subprocess.run(args, env=dict(env, ADVISOR_CACHE="off"), capture_output=True, text=True, check=True).stdout
    assert cold == warm == off


def test_in_process_results_match_with_and_without_the_cache(cache, monkeypatch):
    with_cache = to_json(compare(ROOT / "examples" / "microservices.yaml"))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    without = to_json(compare(ROOT / "examples" / "microservices.yaml", prices=PriceBook(data_dirs=[BUNDLED_DIR])))
    assert with_cache == without


def test_wrong_shaped_entries_with_a_valid_checksum_are_recomputed(cache):
    """Even an entry written through the cache's own format is checked: types, finite non-negative money, rows that
    agree with the nodes. (Found by a tester: a fleet with cost -5 or NaN printed wrong numbers.)"""
    first = packing.pack(GROUPS, TYPES)
    (entry,) = _entries(cache, "fleets")
    good = packing._result_to_plain(first)
    src = good["source"]
    t0, cont0, used0 = src["nodes"][0]
    broken_sources = [dict(src, nodes=[]), dict(src, nodes=[(t0, ((99, 1),), used0)] + src["nodes"][1:]),
                      dict(src, nodes=[(t0, cont0[:-1], used0)] + src["nodes"][1:]),
                      dict(src, members=[[("api", 99)]] + src["members"][1:]),
                      dict(src, types=[("x", "on_demand", "x86_64", -1.0, (1.0, 1.0, 1.0))] + src["types"][1:])]
    for change in ({"cost": -5.0}, {"cost": float("nan")}, {"fleet": [{}]}, {"util": {}},
                   {"gap": float("nan")}, {"cost": good["cost"] + 1.0}, {"notes": [1]},
                   *({"source": b} for b in broken_sources)):
        assert packing._result_from_plain(dict(good, **change)) is None, change
        diskcache.store("fleets", entry.stem, dict(good, **change))
        assert packing.pack(GROUPS, TYPES) == first, change
    assert packing._result_from_plain(good) == first


def test_a_fifo_or_an_endless_file_in_the_cache_is_not_read(cache):
    first = packing.pack(GROUPS, TYPES)
    (entry,) = _entries(cache, "fleets")
    entry.unlink()
    os.mkfifo(entry)
    code = ("import os, sys; sys.path.insert(0, %r); from test_diskcache import GROUPS, TYPES; "
            "from advisor.sizing import packing; print(packing.pack(GROUPS, TYPES).cost_per_hour)"
            % str(Path(__file__).parent))
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, ADVISOR_CACHE_DIR=str(cache)),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and float(out.stdout) == first.cost_per_hour
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert packing.pack(GROUPS, TYPES) == first


def test_a_killed_writers_temporary_file_is_removed_by_a_later_write(cache):
    packing.pack(GROUPS, TYPES)
    stale = cache / "fleets" / ".abc.1234.5678.tmp"
    stale.write_bytes(b"half")
    old = diskcache.STALE_TMP_S + 60
    os.utime(stale, (os.path.getmtime(stale) - old, os.path.getmtime(stale) - old))
    fresh = cache / "fleets" / ".def.1234.5678.tmp"
    fresh.write_bytes(b"a writer at work")
    diskcache.store("fleets", "another", {"x": 1})
    assert not stale.exists() and fresh.exists()


def test_a_price_file_copied_with_its_old_size_and_time_is_read_again(tmp_path, cache):
    """Tables are keyed by each file's inode and change time too: ``cp -p`` / ``touch -d`` keep size and mtime."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    user = tmp_path / "user"
    user.mkdir()
    src = (BUNDLED_DIR / "eks_rates.csv").read_text()
    target = user / "eks_rates.csv"
    target.write_text(src)
    stamp = (1_700_000_000, 1_700_000_000)
    os.utime(target, stamp)
    first = PriceBook(data_dirs=[user]).table("eks_rates").rows
    changed = src.replace("0.1,", "0.2,", 1)
    assert len(changed) == len(src) and changed != src
    replacement = tmp_path / "replacement.csv"
    replacement.write_text(changed)
    os.utime(replacement, stamp)
    os.replace(replacement, target)  # same path, size and mtime; a new inode and change time
    again = PriceBook(data_dirs=[user]).table("eks_rates").rows
    assert again != first


def test_a_region_slice_is_the_whole_tables_rows_for_that_region(cache):
    """``PriceBook.region_table`` (what the EC2 catalogue reads) equals filtering the whole table, from a cold and a
    warm cache, for a region with data and one without."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    for name in ("ec2_prices", "ec2_spot_advisor", "ec2_offerings"):
        whole = PriceBook(data_dirs=[BUNDLED_DIR]).table(name).rows
        for region in ("eu-west-1", "us-east-1", "mx-central-1"):
            expected = [r for r in whole if r["region"] == region]
            assert PriceBook(data_dirs=[BUNDLED_DIR]).region_table(name, region).rows == expected  # cold
            assert PriceBook(data_dirs=[BUNDLED_DIR]).region_table(name, region).rows == expected  # from the cache


def test_a_planner_restored_from_the_cache_equals_one_built_from_the_catalogue(cache, monkeypatch):
    """The pruned node types of a planner (kind ``node-types``) are rebuilt for the kept types only and checked
    against the record; a record that no longer matches (or is damaged) is rebuilt from the catalogue."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.sizing.fleet import fleet_planner
    from advisor.workload import load_workload

    wl = load_workload(ROOT / "examples" / "microservices.yaml")

    def planner(platform):
        return fleet_planner(wl, platform, PriceBook(data_dirs=[BUNDLED_DIR]))  # a new book: no in-memory planner

    for platform in ("ecs-ec2", "eks-ec2", "eks-auto-mode"):
        built = planner(platform)
        restored = planner(platform)
        assert restored.node_types == built.node_types and restored.notes == built.notes
        assert restored.rate_dates == built.rate_dates and restored.candidate_count == built.candidate_count
        assert restored.plan(wl).result == built.plan(wl).result
    for path in _entries(cache, "node-types"):  # every record now lies about its first type
        record = diskcache.load("node-types", path.stem)
        record["types"][0] = ("m5.large", "x86_64", (1.0, 1.0, 1.0), 0.01, "on_demand")
        diskcache.store("node-types", path.stem, record)
    from_lying_cache = planner("ecs-ec2").node_types
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    assert from_lying_cache == planner("ecs-ec2").node_types
