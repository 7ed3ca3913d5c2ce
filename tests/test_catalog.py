import pytest

from advisor.errors import PriceDataError
from advisor.pricing.book import default_pricebook
from advisor.pricing.catalog import Catalog, UnknownInstanceTypeError, interruption_rank


@pytest.fixture(scope="module")
def cat():
    return Catalog(default_pricebook())


def test_specs(cat):
    t = cat.instance_type("m5.large")
    assert (t.vcpu, t.memory_mib, t.arch, t.max_enis, t.ipv4_per_eni) == (2, 8192, "x86_64", 3, 10)
    assert cat.instance_type("m7g.xlarge").arch == "arm64"


def test_unknown_type_did_you_mean(cat):
    with pytest.raises(UnknownInstanceTypeError, match="Did you mean 'm5.large'"):
        cat.instance_type("m5.larg")


def test_on_demand_keeps_own_date(cat):
    r = cat.on_demand("m5.large", "eu-west-1")
    assert r.usd == pytest.approx(0.107)
    assert r.as_of == "2025-04-04"
    assert cat.on_demand("m5.large", "us-east-1").as_of != r.as_of or True


def test_missing_region_price_says_refresh(cat):
    with pytest.raises(PriceDataError, match=r"advisor pricing fetch --region ap-east-2 --services AmazonEC2"):
        cat.on_demand("m5.large", "ap-east-2")


def test_missing_on_demand_price_does_not_claim_fetch_needs_credentials(cat):
    # Reported: "Run 'advisor pricing fetch --region eu-west-1 --services AmazonEC2' (AWS credentials needed)";
    # fetch reads AWS's public price list files without credentials ('pricing show' and the fleet hints say so)
    with pytest.raises(PriceDataError) as exc:
        cat.on_demand("m5.large", "ap-east-2")
    assert "--services AmazonEC2' (no credentials needed)" in str(exc.value)
    assert "AWS credentials" not in str(exc.value)


def test_spot_is_estimate_from_savings(cat):
    est = cat.spot("m5.large", "us-east-1")
    od = cat.on_demand("m5.large", "us-east-1")
    assert est.rate.usd == pytest.approx(od.usd * (1 - est.savings_pct / 100))
    assert est.rate.usd <= od.usd
    assert "estimate" in est.rate.source
    assert est.interruption in ("<5%", "5-10%", "10-15%", "15-20%", ">20%")


def test_default_exclusions(cat):
    types, _ = cat.candidates("us-east-1")
    names = {t.name for t in types}
    assert {"m7i.large", "m7g.large", "c7g.xlarge"} <= names
    assert not any(n.startswith("t3.") for n in names)  # burstable
    assert not any(".metal" in n for n in names)  # bare metal
    assert not any(n.startswith(("p4", "g5.", "inf")) for n in names)  # accelerated
    # a fraction of an NVIDIA L4 (DescribeInstanceTypes: GpuInfo names the GPU with a Count of 0) is accelerated too;
    # g6f.large had been a general-purpose candidate
    assert not any(n.startswith(("g6f.", "gr6f.")) for n in names)
    assert "m4.large" not in names  # previous generation (the DescribeInstanceTypes CurrentGeneration flag)
    # an explicitly allowed type bypasses the exclusion
    types, _ = cat.candidates("us-east-1", allowed_types=["t3.medium"])
    assert [t.name for t in types] == ["t3.medium"]
    types, _ = cat.candidates("us-east-1", allowed_families=["t3"], include=["burstable"])
    assert "t3.medium" in {t.name for t in types}


def test_interruption_rank():
    assert interruption_rank("<5%") < interruption_rank(">20%")
    with pytest.raises(ValueError):
        interruption_rank("7%")


# AWS's own list: "Amazon EC2 Instance Types" guide, "Current generation instances" / "Previous generation
# instances" (edition with document history to 2026-02-26), table ec2_generations. The DescribeInstanceTypes dump
# in ec2_instance_types flags m5, c5, r5, m6i, r6i, g5 and c6gn as previous generation; the guide lists them as current.
@pytest.mark.parametrize("family", ["m5", "c5", "r5", "m6i", "r6i", "g5", "c6gn", "m5a", "c6i", "t2", "d2"])
def test_current_generation_families(cat, family):
    t = next(t for t in cat.types().values() if t.family == family)
    assert t.current_generation, family
    assert "previous_generation" not in t.categories
    assert "EC2 Instance Types guide" in t.generation_source


@pytest.mark.parametrize("family", ["m4", "c4", "r4", "m3", "c3", "r3", "t1", "a1", "i2"])
def test_previous_generation_families(cat, family):
    t = next(t for t in cat.types().values() if t.family == family)
    assert not t.current_generation, family
    assert "previous_generation" in t.categories


def test_current_families_are_candidates_and_hpc_needs_include(cat):
    names = {t.name for t in cat.candidates("us-east-1")[0]}
    assert {"m5.large", "c5.large", "r5.large", "m6i.large", "r6i.large"} <= names
    assert not any(n.startswith("hpc") for n in names)  # HPC families: left out by default, like bare metal
    with_hpc = {t.name for t in cat.candidates("us-east-1", include=["hpc"])[0]}
    assert "hpc7g.16xlarge" in with_hpc  # priced and offered in us-east-1
    assert cat.instance_type("hpc7g.16xlarge").categories == ("hpc",)


def test_trunking_limits_from_the_ecs_table(cat):
    # ECS Developer Guide, ENI trunking table: c5.large 10 tasks, m5.24xlarge 120; m7i is not in the 2023 table
    assert cat.instance_type("c5.large").ecs_trunking_task_limit == 10
    assert cat.instance_type("m5.24xlarge").ecs_trunking_task_limit == 120
    assert cat.instance_type("m7i.large").ecs_trunking_task_limit is None


def test_instance_store_size_from_describe_instance_types(cat, tmp_path):
    # InstanceStorageInfo.TotalSizeInGB (EC2 API Reference, "InstanceStorageInfo": "The total size of the disks, in
    # GB"): the bundled rows from moto's DescribeInstanceTypes dump; 0 for types without an instance store
    assert cat.instance_type("m6id.large").instance_storage_gb == 118
    assert cat.instance_type("c5d.large").instance_storage_gb == 50
    assert cat.instance_type("i3.large").instance_storage_gb == 475
    assert cat.instance_type("m6i.large").instance_storage_gb == 0
    # a refresh carries it too; an entry without InstanceStorageInfo is 0
    from advisor.pricing.offers import instance_type_rows
    base = {"ProcessorInfo": {"SupportedArchitectures": ["x86_64"]}, "VCpuInfo": {"DefaultVCpus": 2},
            "MemoryInfo": {"SizeInMiB": 8192}, "NetworkInfo": {"MaximumNetworkInterfaces": 3,
                                                                "Ipv4AddressesPerInterface": 10}}
    rows = instance_type_rows([{**base, "InstanceType": "m5d.large",
                                "InstanceStorageInfo": {"TotalSizeInGB": 75, "NvmeSupport": "required"}},
                               {**base, "InstanceType": "m5.large"}], "2026-12-01", "us-east-1", "refreshed")
    assert [r["instance_storage_gb"] for r in rows] == [75, 0]
    # a user table written before the column existed still loads (the column is optional; read as 0)
    import pandas as pd

    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    old = pd.read_csv(BUNDLED_DIR / "ec2_instance_types.csv").drop(columns=["instance_storage_gb"])
    old[old.instance_type == "m6id.large"].to_csv(tmp_path / "ec2_instance_types.csv", index=False)
    assert Catalog.of(PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])).instance_type("m6id.large").instance_storage_gb == 0
