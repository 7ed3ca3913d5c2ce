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


@given(st.integers(min_value=1, max_value=131072))
def test_cpu_units_round_trip(units):
    assert parse_cpu(f"{units} units") * 1024 == pytest.approx(units)


@given(st.integers(min_value=64, max_value=10**6))
def test_mebibytes_round_trip(mib):
    assert parse_memory_mib(f"{mib}Mi") == mib == parse_memory_mib(mib)
