import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.units import HOURS_PER_MONTH, QuantityError, parse_cpu, parse_memory_mib


def test_hours_per_month_is_the_aws_calculator_convention():
    assert HOURS_PER_MONTH == 365 * 24 / 12


@pytest.mark.parametrize("text,vcpu", [
    (0.5, 0.5), ("0.5 vCPU", 0.5), ("512 units", 0.5), ("256 units", 0.25), ("500m", 0.5), ("250m", 0.25),
    (2, 2.0), ("1", 1.0), ("4 vcpu", 4.0), ("1024 cpu units", 1.0), ("256 vCPU", 256.0),
])
def test_cpu_forms(text, vcpu):
    assert parse_cpu(text) == pytest.approx(vcpu)


@pytest.mark.parametrize("text,mib", [
    (1024, 1024.0), ("1 GB", 1024.0), ("1 GiB", 1024.0), ("1Gi", 1024.0), ("1024Mi", 1024.0), ("512 MiB", 512.0),
    ("0.5 GB", 512.0), ("1G", 1e9 / 2**20), ("2Ti", 2 * 1024 * 1024.0), ("8 GB", 8192.0),
])
def test_memory_forms(text, mib):
    assert parse_memory_mib(text) == pytest.approx(mib)


@pytest.mark.parametrize("bad,fragment", [
    (256, "looks like ECS CPU units"), ("1024", "ambiguous"), ("x", "not a CPU quantity"), ("1 core2", "not a CPU"),
    ("5 ghz", "unknown CPU unit"), (0, "positive"), (True, "not a CPU quantity"),
])
def test_cpu_rejects(bad, fragment):
    with pytest.raises(QuantityError, match=fragment):
        parse_cpu(bad)


@pytest.mark.parametrize("bad,fragment", [
    ("512 MB", "'MB' means MiB to AWS"), (2, "did you mean '2 GB'"), ("1 PB", "unknown memory unit"),
    ("1g", "lower-case"), ("512m", "lower-case"), (-5, "positive"),
])
def test_memory_rejects(bad, fragment):
    with pytest.raises(QuantityError, match=fragment):
        parse_memory_mib(bad)


@pytest.mark.parametrize("bad, says", [
    ("500M", "Did you mean '500m' (= 0.5 vCPU)?"),   # reported: read as 500 millicores (0.5 vCPU)
    ("2M", "Did you mean '2m' (= 0.002 vCPU)?"),     # reported: read as 0.002 vCPU
    ("500 M", "Did you mean '500m'"),
    ("500 mc", "unknown CPU unit 'mc'"),
    ("2 vcpuz", "Did you mean '2 vCPU'?"),
])
def test_cpu_millicores_are_a_lower_case_m_only(bad, says):
    """Kubernetes quantities are case-sensitive: 'm' is milli, 'M' mega (10^6 cores); the k8s importer refuses '500M'.
    The workload file, the CLI and the schema refuse it too, with the spelling meant."""
    import re

    from advisor.units import CPU_QUANTITY_PATTERN

    with pytest.raises(QuantityError) as err:
        parse_cpu(bad)
    assert says in str(err.value), str(err.value)
    assert not re.match(CPU_QUANTITY_PATTERN, bad)
    assert re.match(CPU_QUANTITY_PATTERN, "500m") and re.match(CPU_QUANTITY_PATTERN, "0.5 VCPU")


def test_cpu_upper_case_m_is_refused_by_sizes_and_the_workload_file(tmp_path):
    from typer.testing import CliRunner

    from advisor.cli import app
    from advisor.errors import WorkloadError
    from advisor.workload.load import load_workload

    res = CliRunner().invoke(app, ["sizes", "--cpu", "500M", "--memory", "1024"])
    assert res.exit_code == 2 and "--cpu: '500M'" in res.output and "Did you mean '500m'" in res.output, res.output
    path = tmp_path / "w.yaml"
    path.write_text("name: t\nservices:\n  - {name: web, cpu: 500M, memory: 1024}\n")
    with pytest.raises(WorkloadError, match=r"services\[0\]\.cpu \(line 3\): '500M'.*Did you mean '500m'"):
        load_workload(path)


def test_memory_lower_case_m_stays_refused():
    """The mirror slip: a lower-case 'm' in memory is milli-bytes to Kubernetes, never what a person meant."""
    with pytest.raises(QuantityError, match=r"lower-case 'm' is not a memory unit; write '500Mi'"):
        parse_memory_mib("500m")
    assert parse_memory_mib("500M") == pytest.approx(500e6 / 2**20)


@given(st.integers(min_value=1, max_value=131072))
def test_cpu_units_round_trip(units):
    assert parse_cpu(f"{units} units") * 1024 == pytest.approx(units)


@given(st.integers(min_value=64, max_value=10**6))
def test_mebibytes_round_trip(mib):
    assert parse_memory_mib(f"{mib}Mi") == mib == parse_memory_mib(mib)


def test_shown_lines_add_up_to_the_shown_total():
    """seed-comparison on ECS on Fargate: each 365 vCPU-h x $0.04048 = $14.7752 line rounded alone shows $14.78, and
    the 20 lines added up to $196.45 under a total of $196.42. Apportioned, they add up to $196.42, each line within
    a cent of its exact amount."""
    from advisor.units import apportioned_cents, cents

    amounts = [365 * 0.04048] * 10 + [3.24485] * 5 + [6.4897] * 5
    total = sum(amounts)
    assert cents(total) == 196.42
    assert round(sum(cents(a) for a in amounts), 2) == 196.45  # the fault: each line rounded on its own
    shown = apportioned_cents(amounts, total)
    assert round(sum(shown), 2) == 196.42
    assert all(abs(s - a) < 0.01 for s, a in zip(shown, amounts))
    assert shown[:10].count(14.78) == 10 - 3 and shown[:10].count(14.77) == 3  # 3 of the $14.7752 lines show $14.77


def test_apportioned_cents_credits_and_mismatch():
    from advisor.units import apportioned_cents

    # a Savings Plan credit (negative line) among charges: the shown lines still add up to the shown total
    shown = apportioned_cents([10.005, 20.005, -5.0025], 25.0075)
    assert round(sum(shown), 2) == 25.01 and shown[2] in (-5.0, -5.01)
    # lines that do not add up to the total (a caller's mistake) are each rounded alone, never skewed to fit
    assert apportioned_cents([1.004, 2.004], 100.0) == [1.0, 2.0]
    shown = apportioned_cents([float("nan"), 1.0], 1.0)
    assert shown[1] == 1.0 and shown[0] != shown[0]  # NaN passes through: money() shows a dash


@pytest.mark.parametrize("value", [1e-308, 5e-324, "1e-308 vCPU", 0.0009, "0.5 units", "0.9m"])
def test_cpu_below_one_ecs_cpu_unit_is_refused(value):
    """cpu: 1e-308 crashed the EC2 packer with an OverflowError traceback (tasks per node overflowed); anything below
    one ECS CPU unit (1/1024 vCPU) is now refused where the quantity is read."""
    with pytest.raises(QuantityError, match="less than one ECS CPU unit"):
        parse_cpu(value)


def test_smallest_cpu_requests_are_accepted():
    assert parse_cpu("1 units") == 1 / 1024 and parse_cpu("1m") == 0.001


def test_tiny_cpu_in_a_workload_exits_2(tmp_path):
    from typer.testing import CliRunner

    from advisor.cli import app

    p = tmp_path / "w.yaml"
    p.write_text("name: t\nservices:\n  - {name: web, cpu: 1e-308, memory: 1024, replicas: 1}\n")
    res = CliRunner().invoke(app, ["compare", str(p)])
    assert res.exit_code == 2 and "services[0].cpu" in res.output and "Traceback" not in res.output


def test_show_writes_null_and_booleans_as_the_user_wrote_them():
    """Messages said 'got None' and 'True is not a number' for YAML's null and true."""
    from advisor.units import show

    assert (show(None), show(True), show(False), show("x"), show(5)) == ("null", "true", "false", "'x'", "5")


@pytest.mark.parametrize("value", ["-1", "-0", " -0.5 vCPU", "-512 units", "-500m", "-1e3"])
def test_a_negative_cpu_text_is_refused_as_not_positive_as_a_negative_number_is(value):
    """'-1' said "is not a CPU quantity; write vCPU as a number" (it is one), where the number -1 said "must be a
    positive number"."""
    with pytest.raises(QuantityError, match=r": CPU must be a positive number such as 0\.5, '512 units' or '500m' "):
        parse_cpu(value)
    with pytest.raises(QuantityError, match=r"^-1: CPU must be a positive number"):
        parse_cpu(-1)


@pytest.mark.parametrize("value", ["-1", "-1Gi", "-0 GB", "-2048 MiB"])
def test_a_negative_memory_text_is_refused_as_not_positive(value):
    with pytest.raises(QuantityError, match=r": memory must be a positive number such as 1024 \(MiB\) or '1 GB'$"):
        parse_memory_mib(value)


def test_a_zero_cpu_or_memory_says_what_to_write_instead():
    """'advisor sizes --cpu 0 --memory 0' and 'cpu: 0' in a workload said only "CPU must be a positive number"."""
    with pytest.raises(QuantityError, match=r"^0: CPU must be a positive number such as 0\.5, '512 units' or '500m' "
                                            r"\(the smallest is one ECS CPU unit, 1/1024 vCPU\)$"):
        parse_cpu(0)
    with pytest.raises(QuantityError, match=r"^'0 GB': memory must be a positive number such as 1024 \(MiB\) or "
                                            r"'1 GB'$"):
        parse_memory_mib("0 GB")
