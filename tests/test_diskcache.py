"""The cache directory: results read back are exactly what the computation returns, and the cache is never an error.

``advisor.diskcache`` holds parsed price tables and packed fleets (issue 13: a second run of the same workload
reads its fleets instead of searching again).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
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


@pytest.mark.parametrize("damage", [b"", b"not marshal", b"\xe9\x00\x00", None, b"[\xff\xff\xff\x7f",
                                    b"(\xff\xff\xff\x7f", "truncated", "flipped"])
def test_a_damaged_or_foreign_entry_is_recomputed(cache, damage):
    """Damage is found by the checksum before anything is unmarshalled: a 5-byte file that declares a list of 2**31
    items made marshal allocate 16 GiB (seconds per file, or MemoryError) before it found the end of the data."""
    first = packing.pack(GROUPS, TYPES)
    (entry,) = _entries(cache, "fleets")
    import marshal
    good = entry.read_bytes()
    if damage == "truncated":
        damage = good[:-7]
    elif damage == "flipped":
        damage = good[:-3] + bytes([good[-3] ^ 1]) + good[-2:]
    elif damage is None:
        damage = marshal.dumps({"nodes": [("x",)]})
    entry.write_bytes(damage)
    assert diskcache.load("fleets", entry.stem) is None
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
        diskcache.store("fleets", f"{i:032x}", {"i": i})
        os.utime(cache / "fleets" / f"{i:032x}.marshal", ns=(i * 10**9, i * 10**9))
    diskcache.store("fleets", f"{9:032x}", {"i": 9})
    kept = {p.stem for p in _entries(cache, "fleets")}
    assert len(kept) == 3 and f"{9:032x}" in kept and f"{0:032x}" not in kept
    assert not [p for p in (cache / "fleets").iterdir() if p.suffix == ".tmp"]


def test_compare_from_a_warm_cache_equals_compare_from_a_cold_one(tmp_path, monkeypatch):
    """Two processes on the same workload and cache: the second reads tables and fleets; the output is identical
    to the byte (and to a run with the cache off: the same command in this process, which has not priced it)."""
    from typer.testing import CliRunner

    from advisor.cli import app

    env = dict(os.environ, ADVISOR_CACHE_DIR=str(tmp_path / "cache"))
    args = ["compare", str(ROOT / "examples" / "web-app.yaml"), "-f", "json"]
    command = [sys.executable, "-m", "advisor", *args]
    cold = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert _entries(tmp_path / "cache", "fleets") and _entries(tmp_path / "cache", "tables")
    warm = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    fleets = _entries(tmp_path / "cache", "fleets")
    off = CliRunner().invoke(app, args)
    assert off.exit_code == 0, off.output
    assert _entries(tmp_path / "cache", "fleets") == fleets  # off: nothing written
    assert cold == warm == off.stdout


def test_in_process_results_match_with_and_without_the_cache(cache, monkeypatch):
    with_cache = to_json(compare(ROOT / "examples" / "microservices.yaml"))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    without = to_json(compare(ROOT / "examples" / "microservices.yaml", prices=PriceBook(data_dirs=[BUNDLED_DIR])))
    assert with_cache == without


def _edited_fleet_entries(good: dict, plain: dict) -> dict[str, dict]:
    """Entries written through the cache's own format (valid checksum) that are not a packing of GROUPS on TYPES.
    ``plain`` is the packing's nodes as plain data (``PackResult._source()``)."""
    import numpy as np

    src = good["source"]
    nodes = plain["nodes"]
    t0, cont0, used0 = nodes[0]
    types = src["types"]

    def with_nodes(new_nodes, **change):
        return dict(good, source=dict(src, **packing._node_arrays(new_nodes), **change))

    def raw(**arrays):  # arrays given as lists, stored as the format's little-endian int64/float64 bytes
        enc = {k: np.array(v, dtype="<f8" if k == "used" else "<i8").tobytes() for k, v in arrays.items()}
        return dict(good, source=dict(src, **enc))

    cheap = [(n, p, a, usd / 10, cap) for n, p, a, usd, cap in types]
    big = [(t, cont, tuple(4 * u for u in used)) for t, cont, used in nodes]
    every = {}  # every item on the first node, the others left empty: right counts, node over capacity
    for _, cont, _ in nodes:
        for c, k in cont:
            every[c] = every.get(c, 0) + k
    total = tuple(sum(u) for u in zip(*(used for _, _, used in nodes)))
    packed = [(t0, tuple(sorted(every.items())), total)] + [(t, (), (0.0, 0.0, 0.0)) for t, _, _ in nodes[1:]]
    renamed = [("n.large", *types[0][1:])] + types[1:]
    db = next(i for i, m in enumerate(src["members"]) if m[0][0] == "db")
    c_large = next(i for i, t in enumerate(types) if t[0] == "c.large")  # db may not use c.large (allowed types)
    moved = [(c_large if any(c == db for c, _ in cont) else t, cont, used) for t, cont, used in nodes]
    priciest = max(range(len(types)), key=lambda i: types[i][3])
    return {
        "no nodes": with_nodes([]),
        "unknown class": with_nodes([(t0, ((99, 1),), used0)] + nodes[1:]),
        "an item missing": with_nodes([(t0, cont0[:-1], used0)] + nodes[1:]),
        "other members": dict(good, source=dict(src, members=[[("api", 99)]] + src["members"][1:])),
        "negative price": dict(good, source=dict(src, types=[("x", "on_demand", "x86_64", -1.0, (1.0, 1.0, 1.0))]
                                                  + types[1:])),
        "prices cut to a tenth": dict(good, source=dict(src, types=cheap)),
        "a renamed type": dict(good, source=dict(src, types=renamed)),
        "use that is not the items' demand": with_nodes(big),
        "an over-capacity node": with_nodes(packed),
        "an item on a type it may not use": with_nodes(moved),
        "an assignment bound near 0 (overflowed the sweep)": dict(good, assignment=1e-300),
        "more items of a class than it has": with_nodes([(t0, ((0, 10 ** 6),), used0)] + nodes[1:]),
        "empty nodes of the priciest type": with_nodes(nodes + [(priciest, (), (0.0, 0.0, 0.0))] * 20),
        "50,000 nodes claiming 1,000 pairs each": raw(ntype=[t0] * 50_000, sizes=[1000] * 50_000, cls=[0], cnt=[1],
                                                       used=[0.0] * 150_000),
        "arrays cut mid-item": dict(good, source=dict(src, ntype=src["ntype"][:-3])),
        "a type index out of range": raw(ntype=[99] * len(nodes)),
        "negative pair counts per node": raw(sizes=[-1] * len(nodes)),
        "lower bound above cost": dict(good, lb=1e6),
        "no lower bound": dict(good, lb=0.0),
        "negative bound": dict(good, lb=-5.0),
        "NaN bound": dict(good, lb=float("nan")),
        "assignment bound above lower bound": dict(good, assignment=good["lb"] * 2),
        "notes not text": dict(good, notes=[1]),
        "no source": {k: v for k, v in good.items() if k != "source"},
        "nodes as a list (the earlier format)": dict(good, source=dict(plain)),
    }


def test_edited_fleet_entries_with_a_valid_checksum_are_recomputed(cache):
    """An entry written through the cache's own format is still checked against the packing asked for: its node types
    are the ones given (names, prices, capacities), its classes the services given, every item is on a node that may
    hold it and within capacity, and rows, cost, gap and utilisation are computed from the nodes. (Found by testers:
    a fleet with cost -5 or NaN, prices cut to a tenth, a renamed type or a 700%-full node printed wrong numbers.)"""
    first = packing.pack(GROUPS, TYPES, min_nodes=2)
    (entry,) = _entries(cache, "fleets")
    good = packing._result_to_plain(first)
    prob = packing._Problem(GROUPS, TYPES)
    assert packing._result_from_plain(good, prob, 2) == first
    for what, edited in _edited_fleet_entries(good, first._source()).items():
        assert packing._result_from_plain(edited, prob, 2) is None, what
        diskcache.store("fleets", entry.stem, edited)
        assert packing.pack(GROUPS, TYPES, min_nodes=2) == first, what
    # fewer nodes than min_nodes asks for: not this packing
    assert packing._result_from_plain(good, prob, len(first.nodes) + 1) is None


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
    stale = cache / "fleets" / f".{'a' * 32}.1234.5678.tmp"
    stale.write_bytes(b"half")
    old = diskcache.STALE_TMP_S + 60
    os.utime(stale, (os.path.getmtime(stale) - old, os.path.getmtime(stale) - old))
    fresh = cache / "fleets" / f".{'d' * 32}.1234.5678.tmp"
    fresh.write_bytes(b"a writer at work")
    diskcache.store("fleets", "f" * 32, {"x": 1})
    assert not stale.exists() and fresh.exists()


def test_files_advisor_did_not_name_are_never_removed(cache, monkeypatch):
    """A cache directory pointed at a folder holding the user's own files (ADVISOR_CACHE_DIR=~, with a folder named
    tables or fleets): a write used to delete every *.tmp file there older than an hour, and *.marshal files beyond
    the newest 256."""
    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 1)
    folder = cache / "tables"
    folder.mkdir(parents=True)
    mine = [folder / "notes.tmp", folder / ".draft.tmp", folder / "old.marshal", folder / f".{'a' * 32}.x.tmp"]
    for path in mine:
        path.write_text("precious")
        os.utime(path, (1, 1))  # older than STALE_TMP_S and than any entry
    diskcache.store("tables", "1" * 32, [1])
    diskcache.store("tables", "2" * 32, [2])
    assert all(p.read_text() == "precious" for p in mine)
    assert {p.name for p in folder.iterdir()} == {p.name for p in mine} | {"2" * 32 + ".marshal"}


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


def _edited_rows(rows: list[dict], numeric: str) -> dict[str, object]:
    """Table rows as a cache entry could hold them (valid checksum) that ``_read_table`` could never return."""
    first = rows[0]
    return {
        "a price as text": [dict(first, **{numeric: "0.5"})] + rows[1:],
        "a NaN price": [dict(first, **{numeric: float("nan")})] + rows[1:],
        "a negative price": [dict(first, **{numeric: -1.0})] + rows[1:],
        "a row that is not a dict": [None] + rows[1:],
        "a list for a row": [[1, 2, 3]] + rows[1:],
        "a missing column": [{k: v for k, v in first.items() if k != numeric}] + rows[1:],
        "a number in a text column": [dict(first, instance_type=5)] + rows[1:],
        "a date that is not a date": [dict(first, as_of="soon")] + rows[1:],
        "a date that is not in the calendar": [dict(first, as_of="2026-99-99")] + rows[1:],
        "a date in the future": [dict(first, as_of="9999-12-31")] + rows[1:],
        "a price of 1e308": [dict(first, **{numeric: 1e308})] + rows[1:],
        "every row twice (a slow read on every run)": rows + rows,
        "another region's row": [dict(first, region="eu-west-1")] + rows[1:],
        "not a list": {"rows": rows},
    }


def test_edited_price_table_entries_with_a_valid_checksum_are_read_again(cache):
    """Merged tables and region slices read back from the cache must keep the table's column contract, else the CSV
    files are read again. (Found by a tester: a slice whose usd_per_hour was a string priced ECS on EC2 at $150.80
    instead of $975.40; None or a list for a row gave a traceback.)"""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    expected = PriceBook(data_dirs=[BUNDLED_DIR]).region_table("ec2_prices", "us-east-1").rows  # slice, from disk
    whole = PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_prices").rows
    entries = {p.stem: diskcache.load("tables", p.stem) for p in _entries(cache, "tables")}
    slice_key = next(k for k, v in entries.items() if v == expected)
    merged_key = next(k for k, v in entries.items() if v == whole)
    for what, edited in {**_edited_rows(expected, "usd_per_hour"), "no rows": []}.items():
        if what == "no rows":
            diskcache.store("tables", merged_key, edited)
            assert PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_prices").rows == whole, what
            continue
        diskcache.store("tables", slice_key, edited)
        assert PriceBook(data_dirs=[BUNDLED_DIR]).region_table("ec2_prices", "us-east-1").rows == expected, what
        if what != "another region's row":  # a merged table holds every region
            diskcache.store("tables", merged_key, edited)
            assert PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_prices").rows == whole, what
    wl = ROOT / "examples" / "microservices.yaml"
    want = to_json(compare(wl, platforms=["ecs-ec2"], prices=PriceBook(data_dirs=[BUNDLED_DIR])))
    diskcache.store("tables", slice_key, _edited_rows(expected, "usd_per_hour")["a price as text"])
    assert to_json(compare(wl, platforms=["ecs-ec2"], prices=PriceBook(data_dirs=[BUNDLED_DIR]))) == want


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


def _edited_node_type_records(record: dict):
    """Records with a valid checksum that the planner's own build could not have written (found by a tester)."""
    kept, types = record["kept"], record["types"]
    yield "the first type lies", dict(record, types=[("m5.large", "x86_64", (1.0, 1.0, 1.0), 0.01, "on_demand")]
                                      + types[1:])
    yield "a type kept twice", dict(record, kept=kept + kept[:1], types=types + types[:1])
    yield "Spot the settings do not allow", dict(
        record, kept=[(kept[0][0] + "-spot", "spot")] + kept[1:],
        types=[(types[0][0] + "-spot", *types[0][1:4], "spot")] + types[1:])
    yield "fewer candidates than kept types", dict(record, candidate_count=len(kept) - 1)
    yield "kept prices' dates left out", dict(record, rate_dates=["2001-01-01"])
    yield "dates out of order", dict(record, rate_dates=record["rate_dates"][::-1] + ["2001-01-01"])
    dates = record["rate_dates"]
    yield "a date no price row has", dict(record, rate_dates=["1970-01-01", *dates])
    yield "a date in the future", dict(record, rate_dates=[*dates, "9999-12-31"])
    yield "a candidate count larger than the catalogue", dict(record, candidate_count=999_999)
    yield "twice the catalogue's types as candidates", dict(record, candidate_count=2 * 1364)
    yield "a date inside other text", dict(record, rate_dates=sorted([f"{dates[0]} and any text", *dates[1:]]))
    yield "a long string of real dates", dict(record, rate_dates=sorted(set([" ".join([dates[0]] * 1000), *dates])))
    yield "fees said to be missing on a platform without fees", dict(record, fee_missing=True)
    yield "the kept types repeated 100,000 times", dict(record, kept=kept * 100_000, types=types * 100_000,
                                                        candidate_count=len(kept) * 100_000)
    x86 = [i for i, t in enumerate(types) if t[1] == "x86_64"]
    assert 0 < len(x86) < len(types)
    yield "an architecture left out", dict(record, kept=[kept[i] for i in x86], types=[types[i] for i in x86])


def test_edited_node_type_records_with_a_valid_checksum_are_rebuilt(cache, monkeypatch):
    """A node-types record is checked against what the build could have kept: each option once, no Spot the settings
    forbid, every architecture the workload needs, none dominated, dates of every kept price; else the planner is
    built from the catalogue again."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.sizing.fleet import fleet_planner
    from advisor.workload import load_workload

    wl = load_workload(ROOT / "examples" / "arm-windows-mix.yaml")

    def planner():
        return fleet_planner(wl, "ecs-ec2", PriceBook(data_dirs=[BUNDLED_DIR]))

    want = planner()
    assert {nt.arch for nt in want.node_types} == {"x86_64", "arm64"}
    assert not any(nt.purchase == "spot" for nt in want.node_types)
    (path,) = _entries(cache, "node-types")
    record = diskcache.load("node-types", path.stem)
    for what, edited in _edited_node_type_records(record):
        diskcache.store("node-types", path.stem, edited)
        got = planner()
        assert (got.node_types, got.candidate_count, got.rate_dates) == (
            want.node_types, want.candidate_count, want.rate_dates), what


@pytest.mark.parametrize("example", ["microservices", "web-app", "arm-windows-mix", "seed-comparison"])
def test_every_fleet_of_an_example_is_read_back_without_a_search(cache, monkeypatch, example):
    """The checks on reading never refuse a real packing: a second compare of each example reads every fleet (the
    search is never run) and gives the same result."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    path = ROOT / "examples" / f"{example}.yaml"
    first = to_json(compare(path, prices=PriceBook(data_dirs=[BUNDLED_DIR])))
    assert _entries(cache, "fleets")

    def no_search(*args, **kwargs):
        raise AssertionError("a cached fleet was refused and searched again")

    monkeypatch.setattr(packing, "_pack", no_search)
    assert to_json(compare(path, prices=PriceBook(data_dirs=[BUNDLED_DIR]))) == first


@pytest.mark.parametrize("wider, narrower", [
    ({"include": ["burstable", "previous_generation"]}, {}),
    ({}, {"allowed_families": ["m7i", "m7g"]}),
    ({"spot": True, "max_interruption": ">20%"}, {"spot": True, "max_interruption": "<5%"}),
], ids=["types-left-out-by-default", "outside-allowed-families", "spot-above-max-interruption"])
def test_a_record_made_under_wider_settings_is_not_read_for_narrower_ones(cache, wider, narrower):
    """A node-types record with real prices and capacities, but made under wider ``ec2`` settings (burstable types,
    other families, Spot rated above ``max_interruption``), is rebuilt when read for the narrower settings. (Found by
    a tester: such records priced ECS on EC2 at $692.35 instead of $975.40, or $18.52 instead of $151.97.)"""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.sizing.fleet import fleet_planner
    from advisor.workload import load_workload

    wl = load_workload(ROOT / "examples" / "arm-windows-mix.yaml")

    def planner(change):
        w = wl.model_copy(update={"ec2": wl.ec2.model_copy(update=change)})
        return fleet_planner(w, "ecs-ec2", PriceBook(data_dirs=[BUNDLED_DIR]))

    want = planner(narrower)
    (narrow_key,) = [p.stem for p in _entries(cache, "node-types")]
    wide = planner(wider)
    assert {nt.name for nt in wide.node_types} - {nt.name for nt in want.node_types}  # the record differs
    (wide_key,) = [p.stem for p in _entries(cache, "node-types") if p.stem != narrow_key]
    diskcache.store("node-types", narrow_key, diskcache.load("node-types", wide_key))
    got = planner(narrower)
    assert (got.node_types, got.candidate_count, got.rate_dates) == (
        want.node_types, want.candidate_count, want.rate_dates)


def test_table_rows_beyond_what_the_files_can_hold_are_not_read():
    """A CSV row takes at least a byte per column, so an entry with more rows than its files' bytes allow was padded
    (found by a tester: repeated or invented rows made every run slow)."""
    from advisor.pricing.book import TABLES, _keeps_contract

    spec = TABLES["ec2_prices"]
    row = {"region": "us-east-1", "instance_type": "m5.large", "usd_per_hour": 0.096, "effective_date": "",
           "as_of": "2026-09-01", "source": "s", "origin": "bundled"}
    rows = [dict(row, instance_type=f"m{i}.large") for i in range(20)]
    assert _keeps_contract(rows, spec, files=(("ec2_prices.csv", 20 * 40, 0, 0, 0, "bundled"),))
    assert not _keeps_contract(rows, spec, files=(("ec2_prices.csv", 100, 0, 0, 0, "bundled"),))


# ------------------------------------------------------------------------------------ ADVISOR_* values (finding 13)
def _cli(*args):
    from typer.testing import CliRunner

    from advisor.cli import app

    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("value,on", [("off", False), ("0", False), ("FALSE", False), ("no", False),
                                      ("disabled", False), (" Off ", False), ("on", True), ("1", True),
                                      ("true", True), ("yes", True), ("enabled", True), ("", True)])
def test_advisor_cache_accepts_the_documented_spellings(monkeypatch, value, on):
    monkeypatch.setenv("ADVISOR_CACHE", value)
    assert diskcache.enabled() is on


@pytest.mark.parametrize("value", ["bogus", "none", "of"])
def test_an_unknown_advisor_cache_value_is_an_error_not_a_silent_on(monkeypatch, value):
    """The tester's report (finding 13): ADVISOR_CACHE=disabled, bogus or none left the cache on without a word.
    'disabled' now turns it off; any value advisor does not know stops every command with exit 2 naming the variable
    and the valid values (help still shows)."""
    from advisor.errors import AdvisorError

    monkeypatch.setenv("ADVISOR_CACHE", value)
    with pytest.raises(AdvisorError, match=f"ADVISOR_CACHE is '{value}', which advisor does not know. Set it to off"):
        diskcache.enabled()
    for args in (["compare", str(Path(__file__).resolve().parents[1] / "examples" / "web-app.yaml"), "-p", "ecs-fargate"], ["sizes", "--cpu", "1", "--memory", "2048"],
                 ["pricing", "show"]):
        r = _cli(*args)
        assert r.exit_code == 2 and "(or 0, false, no, disabled)" in r.stderr and "unset ADVISOR_CACHE" in r.stderr, \
            (args, r.output)
    assert _cli("compare", "--help").exit_code == 0


def test_an_advisor_data_dir_that_is_a_file_is_an_error(monkeypatch, tmp_path):
    """The same fault in ADVISOR_DATA_DIR: a path to a file made advisor skip the user's prices without a word. A
    folder that does not exist yet is fine (fetch creates it)."""
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "file"))
    r = _cli("compare", str(Path(__file__).resolve().parents[1] / "examples" / "web-app.yaml"), "-p", "ecs-fargate")
    assert r.exit_code == 2 and f"$ADVISOR_DATA_DIR is '{tmp_path / 'file'}', which is not a folder" in r.stderr
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "not-yet"))
    assert _cli("sizes", "--cpu", "1", "--memory", "2048").exit_code == 0


def test_a_planner_with_service_instance_types_is_restored_as_built(cache, monkeypatch):
    """Services held to instance types add candidates the pruning keeps for them (``FleetPlanner._pools``): the record
    read back rebuilds the same types, the same per-service allowed sets and the same packing."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.sizing.fleet import fleet_planner
    from advisor.workload import parse_workload

    wl = parse_workload({"name": "p", "services": [
        {"name": "a", "cpu": 1, "memory": 2048, "replicas": 3, "instance_types": ["m6i.large", "t3.large"]},
        {"name": "c", "cpu": 0.5, "memory": 1024, "replicas": 2, "architecture": "arm64",
         "instance_families": ["c7g"]},
        {"name": "b", "cpu": 0.5, "memory": 1024, "replicas": 4}]})
    from advisor.sizing.fleet import FleetPlanner

    build = FleetPlanner._build
    for platform in ("ecs-ec2", "eks-ec2"):
        monkeypatch.setattr(FleetPlanner, "_build", build)
        built = fleet_planner(wl, platform, PriceBook(data_dirs=[BUNDLED_DIR]))
        monkeypatch.setattr(FleetPlanner, "_build", lambda *a: pytest.fail("rebuilt: the record was not restored"))
        restored = fleet_planner(wl, platform, PriceBook(data_dirs=[BUNDLED_DIR]))
        monkeypatch.setattr(FleetPlanner, "_build", build)  # plan() may build the planners of other settings
        assert restored.node_types == built.node_types and restored.candidate_count == built.candidate_count
        assert {s.name: restored.allowed_names(s) for s in wl.services} == \
            {s.name: built.allowed_names(s) for s in wl.services}
        assert "t3.large" in {nt.name for nt in built.node_types}  # named: a candidate despite the burstable default
        assert not any(n.startswith("t3.") for n in built.allowed_names(wl.services[2]))  # b keeps the defaults
        assert restored.plan(wl).result == built.plan(wl).result


def test_a_blank_cache_directory_is_read_as_unset(tmp_path, monkeypatch):
    # ADVISOR_CACHE_DIR=' ' made a folder named ' ' in the current folder and cached there
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    for blank in (" ", "\t"):
        monkeypatch.setenv("ADVISOR_CACHE_DIR", blank)
        assert diskcache.cache_dir() == tmp_path / "xdg" / "advisor"


def _bound_sequence(counts_list: list[list[int]]) -> list[float]:
    """A new ``BoundModel``'s values for ``counts_list``, asked in order (a new model: as a new process asks)."""
    model = packing.BoundModel(GROUPS, TYPES, min_nodes=1)
    return [model.value(c) for c in counts_list]


def test_bound_values_read_back_are_the_values_solved_in_that_order(cache, monkeypatch):
    """A sweep's LP bounds are read from the cache while a process asks the same counts in the same order; at the
    first other request the earlier ones are solved again, so every value equals (to the bit) what a run without
    the cache gives: a re-solve starts from the last basis, so a value may depend on the requests before it."""
    first, then, other = [[7, 2], [14, 4], [3, 1]], [[7, 2], [14, 4], [21, 6]], [[5, 5], [7, 2]]
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    expected = [_bound_sequence(seq) for seq in (first, then, other)]
    monkeypatch.delenv("ADVISOR_CACHE")
    assert _bound_sequence(first) == expected[0]  # solved, and logged
    assert len(_entries(cache, "lp-log")) == 1
    solves = []
    real = packing.BoundModel._solve
    monkeypatch.setattr(packing.BoundModel, "_solve", lambda self, lo, hi: solves.append(1) or real(self, lo, hi))
    assert _bound_sequence(first) == expected[0] and solves == []  # read back, nothing solved
    assert _bound_sequence(then) == expected[1]
    assert len(solves) == 3  # the two asked before the new request, again in order, then the new one
    solves.clear()
    assert _bound_sequence(then) == expected[1] and solves == []  # the log now follows the new order
    assert _bound_sequence(other) == expected[2] and len(solves) == 2


def test_lower_bounds_read_back_equal_the_solved_ones(cache, monkeypatch):
    solved = packing.lower_bound(GROUPS, TYPES, min_nodes=1)
    assert len(_entries(cache, "lp-values")) == 1
    monkeypatch.setattr(packing, "_solve", lambda *a, **k: pytest.fail("solved again"))
    assert packing.lower_bound(GROUPS, TYPES, min_nodes=1) == solved


@pytest.mark.parametrize("kind", ["lp-values", "lp-log"])
def test_edited_lp_value_entries_with_a_valid_checksum_are_solved_again(cache, monkeypatch, kind):
    """Entries written through the cache's own format that no solve could have written (a negative, NaN or
    huge value, a digest that is not one, another shape) are ignored: the LP is solved again."""
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    want = (packing.lower_bound(GROUPS, TYPES, min_nodes=1) if kind == "lp-values"
            else _bound_sequence([[7, 2]])[0])
    monkeypatch.delenv("ADVISOR_CACHE")
    assert (packing.lower_bound(GROUPS, TYPES, min_nodes=1) if kind == "lp-values"
            else _bound_sequence([[7, 2]])[0]) == want
    (entry,) = _entries(cache, kind)
    key = entry.stem
    good = diskcache.load(kind, key)
    pairs = list(good.items()) if kind == "lp-values" else list(good)
    digest = pairs[0][0]
    for bad in (-1.0, float("nan"), float("inf"), 1e300, 7, "0.1"):
        edited = [(digest, bad)]
        diskcache.store(kind, key, dict(edited) if kind == "lp-values" else edited)
        got = (packing.lower_bound(GROUPS, TYPES, min_nodes=1) if kind == "lp-values"
               else _bound_sequence([[7, 2]])[0])
        assert got == want, bad
    for bad in ([["x" * 32, 1.0]], {"rows": 1}, [("short", 0.5)], None):
        diskcache.store(kind, key, bad)
        assert (packing.lower_bound(GROUPS, TYPES, min_nodes=1) if kind == "lp-values"
                else _bound_sequence([[7, 2]])[0]) == want


def test_a_value_the_log_cannot_hold_ends_the_log(cache):
    """The log holds every request from the first, in order. A value it cannot hold (not finite, say) used to be
    left out while later ones were logged: a process asking the requests without it then replayed a value solved
    after it (a warm-started value depends on the requests before it)."""
    prob = packing._Problem(GROUPS, TYPES)

    class Solver:  # each value depends on how many requests were solved before it, as a re-solve's last bits do
        def __init__(self):
            self.solved = 0

        def __call__(self, n, fewest):
            self.solved += 1
            return float("nan") if int(n.sum()) == 50 else float(n.sum()) + self.solved / 8

    def values(seq):
        log, solver = packing._SolveLog(prob, 1), Solver()
        return [log.value(np.array(c), 1, solver) for c in seq]

    a, unloggable, c = [3, 1], [40, 10], [5, 5]
    values([a, unloggable, c])
    assert values([a, c]) == [4 + 1 / 8, 10 + 2 / 8]  # as without the cache: c solved second


def test_lp_values_no_solve_could_give_are_solved_again(cache, monkeypatch):
    """Entries with a valid checksum, a digest that matches and a value of the right type that the LP cannot have
    (below what the cheapest node for a class, the fewest nodes or the cheapest capacity costs; above every item
    alone on its cheapest node) are solved again."""
    counts = [[7, 2], [14, 4], [3, 1]]
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    want_lb, want_seq = packing.lower_bound(GROUPS, TYPES, min_nodes=1), _bound_sequence(counts)
    monkeypatch.delenv("ADVISOR_CACHE")
    packing.lower_bound(GROUPS, TYPES, min_nodes=1)
    _bound_sequence(counts)
    ((values_key,), (log_key,)) = ([e.stem for e in _entries(cache, k)] for k in ("lp-values", "lp-log"))
    values, log = diskcache.load("lp-values", values_key), diskcache.load("lp-log", log_key)
    for bad in (0.0, -0.0, 5e-324, want_lb / 3, 1e11):
        diskcache.store("lp-values", values_key, dict.fromkeys(values, bad))
        assert packing.lower_bound(GROUPS, TYPES, min_nodes=1) == want_lb, bad
        diskcache.store("lp-log", log_key, [(log[0][0], bad), *log[1:]])
        assert _bound_sequence(counts) == want_seq, bad


@pytest.mark.parametrize("seed", range(12))
def test_solved_lp_values_are_within_the_solver_free_range(seed, monkeypatch):
    """The range check never refuses a value the solver gives (a refused value costs only a solve, but a warm run
    must read what it wrote)."""
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    rng = np.random.default_rng(seed)
    types = [NodeType(f"t{i}", str(rng.choice(["x86_64", "arm64"])) if i > 1 else ["x86_64", "arm64"][i],
                      (float(rng.integers(1, 96)), float(rng.integers(512, 393216)), float(rng.integers(4, 110))),
                      float(rng.uniform(0.004, 9.0))) for i in range(int(rng.integers(2, 40)))]
    groups = [ItemGroup(f"g{i}", str(rng.choice(["x86_64", "arm64"])),
                        (float(rng.choice([0.0, 0.125, 0.25, 0.5, 1, 2, 4])), float(rng.choice([64, 512, 2048, 8192])),
                         float(rng.choice([0.0, 1.0]))), int(rng.integers(1, 400)), apart=bool(rng.random() < 0.1))
              for i in range(int(rng.integers(1, 30)))]
    for fewest in (0, 1, 25):
        prob = packing._Problem(groups, types)
        value = packing.lower_bound(groups, types, min_nodes=fewest)
        assert packing._lp_value_possible(prob, prob.count, fewest, value)
        model = packing.BoundModel(groups, types, min_nodes=fewest)
        for factor in (0.1, 3.0, 17.0):
            counts = np.maximum(np.round(np.array([g.count for g in groups]) * factor), 0).astype(np.int64)
            n = np.bincount(model._class_of, weights=counts, minlength=model._prob.C).astype(np.int64)
            if n.any():
                assert packing._lp_value_possible(model._prob, n, fewest, model.value(counts))


def test_edited_instance_type_entries_with_a_valid_checksum_are_read_again(cache):
    """ec2_instance_types rows read back from the cache keep the column rules the CSV reader applies: whole
    specifications above 0, never blank, True/False flags, a whole GPU count; ec2_prices keeps its prices above 0.
    (Found by a cache fuzz: a row whose eks_max_pods was None stopped compare with a traceback, int(None).)"""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.pricing.catalog import Catalog

    whole = PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_instance_types").rows
    key = next(p.stem for p in _entries(cache, "tables") if diskcache.load("tables", p.stem) == whole)
    first = whole[0]
    for what, value in {"eks_max_pods": None, "vcpu": 0.0, "memory_mib": 0.5, "ipv4_per_eni": None,
                        "gpu_count": "x", "burstable": "x", "spot_supported": "maybe"}.items():
        diskcache.store("tables", key, [dict(first, **{what: value})] + whole[1:])
        book = PriceBook(data_dirs=[BUNDLED_DIR])
        assert book.table("ec2_instance_types").rows == whole, what
        assert Catalog(book).instance_type(first["instance_type"]).vcpu == int(first["vcpu"]), what
    prices = PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_prices").rows
    key = next(p.stem for p in _entries(cache, "tables") if diskcache.load("tables", p.stem) == prices)
    diskcache.store("tables", key, [dict(prices[0], usd_per_hour=0.0)] + prices[1:])
    assert PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_prices").rows == prices
    spot = PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_spot_advisor").rows  # a saving of 100% or more: no price
    key = next(p.stem for p in _entries(cache, "tables") if diskcache.load("tables", p.stem) == spot)
    diskcache.store("tables", key, [dict(spot[0], savings_vs_on_demand_pct=150.0)] + spot[1:])
    assert PriceBook(data_dirs=[BUNDLED_DIR]).table("ec2_spot_advisor").rows == spot
