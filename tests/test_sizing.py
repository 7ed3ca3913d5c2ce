"""Fargate sizes: AWS's table, the ECS rounding rule and the EKS +256 MiB rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import SizingError
from advisor.sizing.fargate import (
    EKS_FARGATE_OVERHEAD_MIB,
    FargateSize,
    ecs_task_size,
    eks_pod_size,
    eks_pod_storage_gib,
    valid_sizes,
)
from advisor.workload.pod import pod_request

GB = 1024


def test_table_matches_aws_task_cpu_and_memory():
    sizes = valid_sizes("linux")
    by_cpu = {}
    for s in sizes:
        by_cpu.setdefault(s.vcpu, []).append(s.memory_mib / GB)
    assert by_cpu[0.25] == [0.5, 1, 2]
    assert by_cpu[0.5] == [1, 2, 3, 4]
    assert by_cpu[1] == list(range(2, 9))
    assert by_cpu[2] == list(range(4, 17))
    assert by_cpu[4] == list(range(8, 31))
    assert by_cpu[8] == list(range(16, 61, 4))
    assert by_cpu[16] == list(range(32, 121, 8))
    assert by_cpu[32] == [60, 120, 244]
    assert len(sizes) == 3 + 4 + 7 + 13 + 23 + 12 + 12 + 3


def test_ecs_32_vcpu_tier_fargate_pricing_page_and_cfn_lint_4668():
    """AWS Fargate pricing page, "Supported Configurations": "32vCPU | 60GB, 120GB, and 244GB"; aws-cloudformation/
    cfn-lint PR #4668 (fargate_cpu_memory.json @ 162a611e): 32768 CPU units with memory 61440, 122880 or 249856 MiB
    only, Linux only. A task above 16 vCPU or 120 GB now gets a 32 vCPU size instead of no Fargate size."""
    assert ecs_task_size(17, 30 * GB).size == FargateSize(32, 60 * GB)
    assert ecs_task_size(20, 61 * GB).size == FargateSize(32, 120 * GB)
    assert ecs_task_size(16, 121 * GB).size == FargateSize(32, 244 * GB)
    assert ecs_task_size(32, 244 * GB).size == FargateSize(32, 244 * GB)
    assert ecs_task_size(1, 100 * GB).size == FargateSize(16, 104 * GB)  # 16 vCPU still covers up to 120 GB
    with pytest.raises(SizingError, match="largest is 32 vCPU with 249856 MiB"):
        ecs_task_size(33, 1 * GB)
    with pytest.raises(SizingError, match="largest is 32 vCPU"):
        ecs_task_size(8, 245 * GB)
    assert max(s.vcpu for s in valid_sizes("windows")) == 4  # Linux only


def test_eks_pods_stop_at_16_vcpu_eks_user_guide_fargate_pod_configuration():
    """Amazon EKS User Guide, "Understand Fargate Pod configuration details" (fargate-pod-configuration.adoc @
    4d52b4d): the table ends at "16 vCPU | Between 32 GB and 120 GB in 8-GB increments"; no EKS source has the ECS
    32 vCPU row, so a pod above 16 vCPU / 120 GB (256 MiB included) fits no EKS Fargate size."""
    assert max(s.vcpu for s in valid_sizes("linux", eks=True)) == 16
    assert eks_pod_size(16, 120 * GB - 256).size == FargateSize(16, 120 * GB)
    with pytest.raises(SizingError, match="EKS on Fargate: the largest is 16 vCPU with 122880 MiB"):
        eks_pod_size(17, 30 * GB)
    with pytest.raises(SizingError, match="largest is 16 vCPU"):
        eks_pod_size(16, 120 * GB)
    with pytest.raises(SizingError, match="Linux pods only"):
        valid_sizes("windows", eks=True)


def test_a_pod_above_the_largest_eks_fargate_size_stays_pending_eks_distro_prow_jobs_pr_11():
    """What EKS does with a pod above 16 vCPU / 120 GB (with its 256 MiB): it stays Pending, PodScheduled False with
    reason POD_CPU_MEM_EXCEEDS_MAX_FARGATE_SIZE, "Your pod's cpu/memory requirements exceed the max Fargate
    configuration" (a pod status quoted in aws/eks-distro-prow-jobs pull request #11, 2020-11-27). 16 vCPU with
    120 GB requested is 120 GB + 256 MiB: one MiB above the largest size is already too much. An ECS task of the same
    size is not an EKS pod and names no Kubernetes state."""
    with pytest.raises(SizingError) as exc:
        eks_pod_size(16, 120 * GB - 255)  # 122,881 MiB with the 256: 1 MiB above 120 GB
    assert "16 vCPU and 122881 MiB does not fit any Fargate size for EKS on Fargate" in str(exc.value)
    assert ("EKS leaves such a pod Pending (POD_CPU_MEM_EXCEEDS_MAX_FARGATE_SIZE: \"Your pod's cpu/memory "
            "requirements exceed the max Fargate configuration\")") in str(exc.value)
    with pytest.raises(SizingError) as exc:
        ecs_task_size(4, 31 * GB, "windows")
    assert "largest is 4 vCPU" in str(exc.value) and "Pending" not in str(exc.value)


def test_windows_supports_only_1_2_4_vcpu():
    assert sorted({s.vcpu for s in valid_sizes("windows")}) == [1, 2, 4]


@pytest.mark.parametrize("vcpu,mem,expected", [
    (0.25, 512, (0.25, 512)),
    (0.25, 600, (0.25, 1024)),
    (0.25, 5 * GB, (1, 5 * GB)),      # 0.5 vCPU stops at 4 GB
    (0.3, 512, (0.5, 1024)),
    (1, 1024, (1, 2 * GB)),           # 1 vCPU starts at 2 GB
    (4, 31 * GB, (8, 32 * GB)),       # 8 vCPU in 4 GB steps
    (8, 61 * GB, (16, 64 * GB)),      # 16 vCPU in 8 GB steps
    (16, 120 * GB, (16, 120 * GB)),
])
def test_ecs_rounds_up_to_smallest_cover(vcpu, mem, expected):
    assert (ecs_task_size(vcpu, mem).size.vcpu, ecs_task_size(vcpu, mem).size.memory_mib) == expected


def test_eks_known_value_from_aws_docs():
    # 1 vCPU + 8 GB requested -> +256 MiB does not fit 1 vCPU (max 8 GB) -> 2 vCPU / 9 GB.
    choice = eks_pod_size(1, 8 * GB)
    assert (choice.size.vcpu, choice.size.memory_mib) == (2, 9 * GB)
    assert choice.billed_request_memory_mib == 8 * GB + 256


def test_eks_pods_above_4_vcpu_use_the_8_and_16_vcpu_rows():
    """The EKS User Guide's table (awsdocs/amazon-eks-user-guide, fargate-pod-configuration.adoc at 4d52b4d) lists
    8 vCPU with 16-60 GB in 4-GB steps and 16 vCPU with 32-120 GB in 8-GB steps, as ECS's: 4 vCPU / 30 GB plus
    256 MiB no longer fits 4 vCPU (max 30 GB) and gets 8 vCPU / 32 GB; 6 vCPU / 12 GB gets 8 vCPU / 16 GB."""
    assert eks_pod_size(4, 30 * GB).size == FargateSize(8, 32 * GB)
    assert eks_pod_size(6, 12 * GB).size == FargateSize(8, 16 * GB)
    assert eks_pod_size(2, 40 * GB).size == FargateSize(8, 44 * GB)
    assert eks_pod_size(9, 60 * GB).size == FargateSize(16, 64 * GB)


def test_eks_adds_256_mib():
    assert EKS_FARGATE_OVERHEAD_MIB == 256
    assert eks_pod_size(0.25, 512).size == FargateSize(0.25, 1024)
    assert eks_pod_size(0.5, 1024).size == FargateSize(0.5, 2048)


def test_eks_no_requests_gets_smallest():
    assert eks_pod_size(None, None).size == FargateSize(0.25, 512)


def test_eks_pod_storage_is_request_plus_10_percent_plus_5_gib():
    # AWS Containers blog, "AWS Fargate adds support for larger ephemeral volumes": two containers of 50 GiB ->
    # "(sum of all requests + (10% * sum of all requests) + 5G)" = 115 GiB provisioned, 95 GiB billed
    assert eks_pod_storage_gib(100) == 115
    assert eks_pod_storage_gib(50) == 60
    # a fraction is the next whole GiB: "charged in GB increments" (AWS What's New, 2023-08-02); Fargate "provisions at
    # least" the formula's amount: 175 + 17.5 + 5 = 197.5 -> 198, 25 + 2.5 + 5 = 32.5 -> 33 (13 GiB billed)
    assert eks_pod_storage_gib(175) == 198
    assert eks_pod_storage_gib(25) == 33
    assert eks_pod_storage_gib(20.5) == 28  # 20.5 + 2.05 + 5 = 27.55
    # no request beyond the default: the included 20 GiB
    assert eks_pod_storage_gib(20) == 20


def test_pod_request_rule():
    # max(largest init container, sum of regular containers), per resource
    assert pod_request([(0.25, 256), (0.5, 1024)], [(1, 128)]) == (1, 1280)


def test_sums_and_waste_are_exact_to_the_requests_decimals():
    """Reported: ``advisor compare --format json`` gave ``"fargate_waste": {"vcpu": 0.8999999999999999}`` for a
    1.1 vCPU task on 2 vCPU. Outputs carry exact values (docs/python-api.md), so the figures are computed exactly to
    the requests' decimals: 2 - 1.1 = 0.9 vCPU, 4096 - 2355.2 (2.3 GB) = 1740.8 MiB, 0.1 + 0.2 vCPU = 0.3."""
    choice = ecs_task_size(1.1, 2.3 * 1024)
    assert (choice.waste_vcpu, choice.waste_memory_mib) == (0.9, 1740.8)
    eks = eks_pod_size(0.7, 300.1)  # 300.1 + 256 = 556.1 MiB; 0.7 vCPU -> 1 vCPU / 2 GB (its smallest memory)
    assert (eks.billed_request_memory_mib, eks.waste_vcpu, eks.waste_memory_mib) == (556.1, 0.3, 1747.9)
    assert pod_request([(0.1, 100.1), (0.2, 200.2)]) == (0.3, 300.3)
    assert pod_request([(0.1, 1.0)], [(0.2, 0.1, True), (0.05, 0.2)]) == (0.3, 1.1)  # sidecar joins; init 0.25 / 0.3
    assert ecs_task_size(3 / 1024, 512).waste_vcpu == 0.2470703125  # ECS CPU units: binary fractions, exact


def test_too_big_says_the_largest():
    with pytest.raises(SizingError, match="largest is 32 vCPU with 249856 MiB"):
        ecs_task_size(33, 1024)
    with pytest.raises(SizingError, match="largest is 4 vCPU"):
        ecs_task_size(8, 16 * GB, "windows")
    with pytest.raises(SizingError):
        eks_pod_size(16, 120 * GB)  # +256 MiB no longer fits


VALID = {(s.vcpu, s.memory_mib) for s in valid_sizes("linux")}


@given(st.floats(min_value=0.01, max_value=32), st.floats(min_value=1, max_value=244 * GB))
def test_chosen_size_is_valid_and_covers(vcpu, mem):
    try:
        choice = ecs_task_size(vcpu, mem)
    except SizingError:
        # only when no size covers both
        assert not any(c >= vcpu and m >= mem for c, m in VALID)
        return
    s = choice.size
    assert (s.vcpu, s.memory_mib) in VALID
    assert s.vcpu >= vcpu - 1e-9 and s.memory_mib >= mem - 1e-9
    # and it is the cheapest covering size at us-east-1 rates
    cost = lambda c, m: c * 0.04048 + m / GB * 0.004445  # noqa: E731
    assert cost(s.vcpu, s.memory_mib) <= min(cost(c, m) for c, m in VALID if c >= vcpu and m >= mem) + 1e-12


@given(st.floats(min_value=0.01, max_value=15), st.floats(min_value=1, max_value=100 * GB))
def test_eks_size_covers_request_plus_overhead(vcpu, mem):
    try:
        s = eks_pod_size(vcpu, mem).size
    except SizingError:
        return
    assert s.memory_mib >= mem + 256 - 1e-9 and s.vcpu >= vcpu - 1e-9
    assert (s.vcpu, s.memory_mib) in VALID


def test_is_valid_size_reads_the_fargate_table():
    """Amazon ECS Developer Guide, task CPU and memory: 4 vCPU takes 8-30 GB, 0.25 vCPU 0.5-2 GB; Windows starts
    at 1 vCPU. A value outside the table is a request to round (None), not an invalid task size."""
    from advisor.errors import SizingError
    from advisor.sizing.fargate import is_valid_size

    assert is_valid_size(4, 8192) is True and is_valid_size(4, 2048) is False
    assert is_valid_size(0.25, 2048) is True and is_valid_size(0.25, 3072) is False
    assert is_valid_size(0.1, 200) is None and is_valid_size(1, 1000) is None
    assert is_valid_size(0.25, 512, "windows") is None and is_valid_size(1, 2048, "windows") is True
    # the 32 vCPU row (Fargate pricing page; cfn-lint #4668): 60, 120 or 244 GB, nothing between
    assert is_valid_size(32, 60 * GB) is True and is_valid_size(32, 64 * GB) is False
    assert is_valid_size(32, 244 * GB) is True and is_valid_size(32, 4 * GB, "windows") is None
    with pytest.raises(SizingError, match="linux, windows"):
        is_valid_size(1, 2048, "macos")
