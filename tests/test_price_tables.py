"""Hand-edited or damaged price tables in the user data directory: one message naming the file (and line), exit code
2, never a hang, never a silently used row."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.errors import PriceDataError
from advisor.pricing.book import BUNDLED_DIR, PriceBook

HEADER = "region,arch,os,capacity,usd_per_vcpu_hour,usd_per_gb_hour,usd_per_os_license_vcpu_hour," \
         "usd_per_ephemeral_storage_gb_hour,effective_date,as_of,source,ephemeral_storage_as_of\n"
ROW = "us-east-1,x86_64,linux,on_demand,{vcpu},0.004445,,0.000111,,2026-11-30,hand-edited,\n"  # newer than the bundle


def _book(tmp_path) -> PriceBook:
    return PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])


def _fargate(tmp_path, text: str):
    (tmp_path / "fargate_rates.csv").write_text(text, encoding="utf-8")
    return _book(tmp_path).fargate_rate("us-east-1")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_or_device_is_refused_not_read(tmp_path):
    # a FIFO named fargate_rates.csv used to block every command for ever; /dev/zero grew without end
    os.mkfifo(tmp_path / "fargate_rates.csv")
    with pytest.raises(PriceDataError, match=r"fargate_rates.csv is not a regular file \(a pipe, device or folder\)"):
        _book(tmp_path).fargate_rate("us-east-1")
    (tmp_path / "fargate_rates.csv").unlink()
    if sys.platform.startswith("linux"):
        (tmp_path / "fargate_rates.csv").symlink_to("/dev/zero")
        with pytest.raises(PriceDataError, match="is not a regular file"):
            _book(tmp_path).fargate_rate("us-east-1")


def test_a_symlink_loop_is_named_not_skipped(tmp_path):
    # it was skipped without a word and the bundled table used
    (tmp_path / "fargate_rates.csv").symlink_to(tmp_path / "fargate_rates.csv")
    with pytest.raises(PriceDataError, match=r"fargate_rates.csv cannot be read"):
        _book(tmp_path).fargate_rate("us-east-1")


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    # Excel's "CSV UTF-8" starts the file with a BOM: it was reported as "lacks the columns region"
    rate = _fargate(tmp_path, "\ufeff" + HEADER + ROW.format(vcpu="0.05"))
    assert rate.vcpu_hour.usd == 0.05 and rate.vcpu_hour.origin != "bundled"


@pytest.mark.parametrize("data", [b"\xff\xfe" + HEADER.encode("utf-16-le"), (HEADER + ROW.format(vcpu="0.05")).encode(
    "utf-8") + "source: caf\u00e9\n".encode("latin-1") * 2000], ids=["utf-16", "latin-1 after 8 KiB"])
def test_a_table_that_is_not_utf8_says_so(tmp_path, data):
    """It said "cannot be read ('utf-8' codec can't decode byte 0xff in position 0: invalid start byte)"; the position
    was that of a chunk the reader decoded, not of the file."""
    (tmp_path / "fargate_rates.csv").write_bytes(data)
    with pytest.raises(PriceDataError) as err:
        _book(tmp_path).fargate_rate("us-east-1")
    assert str(err.value).startswith(f"price table {tmp_path / 'fargate_rates.csv'} is not UTF-8 text (a binary file, "
                                     "or saved in another encoding); a price table is a CSV file in UTF-8, as advisor "
                                     "writes it. To fix it, delete "), str(err.value)
    assert "codec" not in str(err.value)


def test_two_rows_with_one_key_are_refused(tmp_path):
    # the first of the two was used silently
    with pytest.raises(PriceDataError, match=r"fargate_rates.csv, line 3: the same key as line 2 \(region "
                                             r"'us-east-1', arch 'x86_64', os 'linux', capacity 'on_demand'\)"):
        _fargate(tmp_path, HEADER + ROW.format(vcpu="0.05") + ROW.format(vcpu="0.06"))


@pytest.mark.parametrize("text, why", [
    ("０.０５", "is not a number"),  # full-width digits: Python's float() reads them
    ("0.0_5", "is not a number"),
])
def test_only_ascii_decimal_numbers(tmp_path, text, why):
    with pytest.raises(PriceDataError, match=rf"line 2, column usd_per_vcpu_hour: '{text}' {why}"):
        _fargate(tmp_path, HEADER + ROW.format(vcpu=text))


def test_minus_zero_reads_as_zero(tmp_path):
    # shown as "$-0" before
    rate = _fargate(tmp_path, HEADER + ROW.format(vcpu="-0"))
    assert rate.vcpu_hour.usd == 0.0 and str(rate.vcpu_hour.usd) == "0.0"


def test_an_ec2_price_of_zero_is_refused_where_it_is_written(tmp_path, monkeypatch):
    # it passed the table check, then every ECS on EC2 estimate failed with the packer's "usd_per_hour must be > 0"
    # and advice about service sizes
    (tmp_path / "ec2_prices.csv").write_text("region,instance_type,usd_per_hour,effective_date,as_of,source\n"
                                             "us-east-1,m5.large,0,,2026-09-01,hand-edited\n", encoding="utf-8")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    here = os.path.dirname(__file__)
    r = CliRunner().invoke(app, ["compare", os.path.join(here, "..", "examples", "web-app.yaml"), "-p", "ecs-ec2"])
    assert r.exit_code == 2
    assert "ec2_prices.csv, line 2, column usd_per_hour: '0' is not a price above 0" in r.output.replace("\n", " ")
    assert "Traceback" not in r.output


def test_task_definition_sizes_are_ascii_numbers(tmp_path):
    # Python's \d and float() read full-width and other scripts' digits: a task cpu of "２５６" was 256 units
    import json

    from advisor.errors import WorkloadError
    from advisor.workload.importers.taskdef import import_taskdef

    td = tmp_path / "td.json"
    td.write_text(json.dumps({"family": "web", "cpu": "２５６", "memory": "512", "networkMode": "awsvpc",
                              "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "web"}]}))
    with pytest.raises(WorkloadError, match=r"cpu: '２５６' is not a CPU quantity"):
        import_taskdef(td)


def _instance_types_file(tmp_path, column: str, value: str) -> None:
    """The bundled m5.large row of ec2_instance_types, with ``column`` set to ``value``, in a user data directory."""
    import csv

    with (BUNDLED_DIR / "ec2_instance_types.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["instance_type"] == "m5.large")
    row.update({column: value, "as_of": "2026-11-01"})
    with (tmp_path / "ec2_instance_types.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerow(row)


@pytest.mark.parametrize("column, value, why", [
    # blank specs were a traceback (int(None)) in every EC2 command; 0.5 was cut to 0, 0 gave "no CPU left"
    ("eks_max_pods", "", "is blank; write a whole number above 0"),
    ("vcpu", "", "is blank; write a whole number above 0"),
    ("vcpu", "0", "'0' is not a whole number above 0"),
    ("memory_mib", "0.5", "'0.5' is not a whole number"),
    ("max_enis_default_card", "2.5", "'2.5' is not a whole number"),
    # columns no rule covered: 'x' and 'nan' were a traceback, 'x' for a flag read as False without a word
    ("gpu_count", "x", "'x' is not valid. Valid: a whole number of GPUs from 0 to 999"),
    ("gpu_count", "nan", "'nan' is not valid"),
    ("burstable", "x", "'x' is not valid. Valid: True, False, true, false"),
    ("spot_supported", "TRUE", "'TRUE' is not valid. Did you mean 'True'?"),
])
def test_instance_type_specs_are_whole_numbers_and_flags_true_or_false(tmp_path, monkeypatch, column, value, why):
    _instance_types_file(tmp_path, column, value)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    here = os.path.dirname(__file__)
    for argv in (["compare", os.path.join(here, "..", "examples", "web-app.yaml"), "-p", "ecs-ec2,eks-ec2"],
                 ["nodes", "capacity", "--instance-type", "m5.large", "--platform", "eks-ec2"]):
        r = CliRunner().invoke(app, argv)
        text = " ".join(r.output.split())
        assert r.exit_code == 2, r.output
        assert f"ec2_instance_types.csv, line 2, column {column}: {why}" in text, text
        assert "Traceback" not in r.output


def test_instance_type_specs_as_written_still_read(tmp_path):
    # '2.0' is the whole number 2; lower-case flags are how a hand-written file may spell them
    _instance_types_file(tmp_path, "vcpu", "2.0")
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    row = book.table("ec2_instance_types").index("instance_type")[("m5.large",)]
    assert row["vcpu"] == 2.0 and row["origin"] != "bundled"
    _instance_types_file(tmp_path, "spot_supported", "false")
    from advisor.pricing.catalog import Catalog

    assert Catalog(PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])).instance_type("m5.large").spot_supported is False


def test_fetched_instance_specs_must_be_whole_numbers():
    # the writer's check matches the reader's: a fractional count is refused before anything is written
    import csv

    from advisor.pricing.store import PriceValidationError, validate_rows

    with (BUNDLED_DIR / "ec2_instance_types.csv").open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)]
    rows[0]["memory_mib"] = "8192.5"
    with pytest.raises(PriceValidationError, match=r"where memory_mib is not a finite number > 0 and at most 1e9, "
                                                   r"and a whole number"):
        validate_rows("ec2_instance_types", rows, "a test")
    rows[0]["memory_mib"] = ""
    with pytest.raises(PriceValidationError, match=r"where memory_mib is not a finite number"):
        validate_rows("ec2_instance_types", rows, "a test")


@pytest.mark.parametrize("savings", ["100", "150"])
def test_a_spot_saving_of_100_percent_or_more_is_refused(tmp_path, monkeypatch, savings):
    # Spot price = On-Demand x (1 - savings/100): 0 or less, so every Spot node type was dropped without a word and a
    # workload with ec2.spot: true was priced all On-Demand ($305.43 instead of $128.35 for this one)
    lines = (BUNDLED_DIR / "ec2_spot_advisor.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines[1:] if line.startswith("us-east-1,")]
    for row in rows:
        row[2] = savings
    (tmp_path / "ec2_spot_advisor.csv").write_text("\n".join([lines[0]] + [",".join(r) for r in rows]) + "\n",
                                                  encoding="utf-8")
    workload = tmp_path / "w.yaml"
    workload.write_text("name: spot-ec2\nregion: us-east-1\nec2: {spot: true}\nservices:\n"
                        "  - {name: a, cpu: 1, memory: 2 GB, replicas: 6}\n"
                        "  - {name: b, cpu: 0.5, memory: 4 GB, replicas: 3}\n", encoding="utf-8")
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    r = CliRunner().invoke(app, ["compare", str(workload), "-p", "ecs-ec2"])
    text = " ".join(r.output.split())
    assert r.exit_code == 2, r.output
    assert (f"ec2_spot_advisor.csv, line 2, column savings_vs_on_demand_pct: '{savings}' is not below 100 (a saving "
            "of 100% or more would make the price 0 or less") in text


def test_a_price_without_a_source_is_refused_where_it_is_written(tmp_path):
    # a blank source was read and priced: ECS on Fargate's lines had no source at all
    with pytest.raises(PriceDataError, match=r"fargate_rates.csv, line 2, column source: blank; every price names "
                                             r"where it comes from"):
        _fargate(tmp_path, HEADER + ROW.format(vcpu="0.05").replace("hand-edited", " "))


def test_a_spot_saving_of_100_percent_or_more_is_refused_by_the_catalog(tmp_path):
    # a saving of 150% priced Spot nodes at minus half the On-Demand price (declared Spot node groups took it as it
    # was); the file's reader refuses it now (test above), and a row changed in memory is checked where it is used
    from advisor.pricing.catalog import Catalog

    (tmp_path / "ec2_spot_advisor.csv").write_text(
        "region,instance_type,savings_vs_on_demand_pct,interruption_range_index,interruption_frequency,as_of,source\n"
        "us-east-1,m5.large,50,3,15-20%,2026-11-30,hand-edited\n", encoding="utf-8")
    book = _book(tmp_path)
    for row in book.table("ec2_spot_advisor").rows:
        if row["instance_type"] == "m5.large" and row["region"] == "us-east-1":
            row["savings_vs_on_demand_pct"] = 150.0
    with pytest.raises(PriceDataError, match=r"ec2_spot_advisor, the row for m5.large in us-east-1: "
                                             r"savings_vs_on_demand_pct is 150.0; a Spot saving is a percentage below 100"):
        Catalog.of(book).spot("m5.large", "us-east-1")


@pytest.mark.parametrize("value, problem", [
    (float("nan"), "is nan; a price is a finite number from 0 to 1e9"),
    (-1.0, "is -1.0; a price is a finite number from 0 to 1e9"),
    ("0.05", "is '0.05'; a price is a finite number from 0 to 1e9"),  # text: what no reader writes there
    (None, "blank"),
])
def test_rows_changed_in_memory_are_checked_where_they_are_used(value, problem):
    """A table's rows are plain dicts (``book.table(name).rows``): a row set to NaN crashed the recommendation with
    "cannot convert float NaN to integer", one set to -1 priced ECS on Fargate at -$161.76 a month."""
    import math

    import advisor

    book = PriceBook(data_dirs=[BUNDLED_DIR])
    for row in book.table("fargate_rates").rows:
        if row["region"] == "us-east-1":
            row["usd_per_vcpu_hour"] = value
    c = advisor.price("examples/web-app.yaml", platforms=["ecs-fargate", "ecs-fargate-spot"], prices=book)
    t = advisor.totals_frame(c)
    assert t.status.tolist() == ["no price data", "no price data"]
    assert all(math.isnan(v) for v in t.monthly_cost)  # no total, never a negative or NaN one
    (message,) = c.estimate("ecs-fargate").missing_prices
    expected = ("is blank in fargate_rates" if problem == "blank" else
                f"price table fargate_rates, the row for region us-east-1, arch x86_64, os linux, capacity on_demand: "
                f"column usd_per_vcpu_hour {problem}")
    assert expected in message
    lines = advisor.lines_frame(c)
    assert not (lines.monthly_cost < 0).any() and lines.monthly_cost.notna().all()


def test_data_dirs_changed_after_the_book_was_made_is_checked_and_rereads_the_tables(tmp_path):
    """``book.data_dirs = ["x"]`` skipped the check of PriceBook(data_dirs=...) and failed inside with "unsupported
    operand type(s) for /: 'str' and 'str'"; and the tables read before a change were still used."""
    import advisor
    from advisor.errors import AdvisorError

    for bad, message in ((["nope"], "the folder nope does not exist"), ([], "the list is empty"),
                         (None, "give a list of folders .* got NoneType")):
        book = PriceBook(data_dirs=[BUNDLED_DIR])
        book.data_dirs = bad
        with pytest.raises(PriceDataError, match=rf"PriceBook\(data_dirs=\.\.\.\): {message}"):
            advisor.price("examples/web-app.yaml", prices=book)
    (tmp_path / "fargate_rates.csv").write_text(HEADER + ROW.format(vcpu="0.5"), encoding="utf-8")
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    assert book.fargate_rate("us-east-1").vcpu_hour.usd == 0.5
    book.data_dirs = [str(BUNDLED_DIR)]  # a string is a path, as PriceBook(data_dirs=...) takes it
    assert book.fargate_rate("us-east-1").vcpu_hour.usd == PriceBook().fargate_rate("us-east-1").vcpu_hour.usd
    book.data_dirs.insert(0, tmp_path)  # edited in place
    assert book.fargate_rate("us-east-1").vcpu_hour.usd == 0.5
    book.data_dirs.append(3)
    with pytest.raises(AdvisorError, match=r"PriceBook\(data_dirs=\.\.\.\): 3 \(int\) is not a path"):
        book.fargate_rate("us-east-1")


@pytest.mark.parametrize("kind", ["folder", "named pipe", "broken link", "link loop"])
def test_a_table_name_that_is_no_file_stops_every_command_at_the_start(tmp_path, monkeypatch, kind):
    """A folder, named pipe or broken link named fargate_rates.csv in the user data directory was skipped by the
    check at start: the command exited 0 with every Fargate platform 'not priced' and the reason only in the JSON.
    It stops the command with exit code 2 and the message naming the file, as a damaged table does."""
    table = tmp_path / "fargate_rates.csv"
    if kind == "folder":
        table.mkdir()
    elif kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes need POSIX")
        os.mkfifo(table)
    elif kind == "broken link":
        table.symlink_to(tmp_path / "gone.csv")
    else:
        table.symlink_to(table)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    r = CliRunner().invoke(app, ["compare", str(Path(__file__).resolve().parents[1] / "examples" / "web-app.yaml")])
    assert r.exit_code == 2, r.output
    assert f"price table {table} " in r.stderr and ("is not a regular file" in r.stderr or "cannot be read" in r.stderr)
