"""Odd and hostile inputs to the newest features (pod overhead, CoreDNS from the input, NodePool limits), each kept
with its right value: eks.coredns.replicas 0 and beside existing_cluster, RuntimeClasses defined twice or with an
overhead below 1 MiB, two CoreDNS Deployments, an HPA on CoreDNS, NodePool names given twice."""

from __future__ import annotations

import pytest

from advisor.compare import compare
from advisor.workload import parse_workload


def _wl(eks: dict | None = None, **extra):
    data = {"name": "t", "region": "us-east-1",
            "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}], **extra}
    if eks is not None:
        data["eks"] = eks
    return parse_workload(data)


def _coredns_lines(est) -> list:
    return [ln for ln in est.lines if ln.name.startswith("CoreDNS pods")]


def test_coredns_replicas_0_prices_no_coredns_lines_and_says_so(prices):
    # eks.coredns.replicas: 0 (the input's CoreDNS Deployment scaled to 0). EKS on Fargate used to add two $0.00 lines
    # "CoreDNS pods: Fargate pod vCPU" of 0 vCPU-hours and the note "0 pod(s) ... run on Fargate at 0.25 vCPU / 0.5 GB
    # all month"; now no line, and a note that none is priced. EKS on Fargate: 2 web pods of 0.5 vCPU / 1024 MiB ->
    # + 256 MiB -> 0.5 vCPU / 2 GB: 2 x 730 x (0.5 x 0.04048 + 2 x 0.004445) = $42.5298, + $73 control plane.
    w = _wl({"coredns": {"replicas": 0}})
    c = compare(w, prices=prices, platforms=["eks-fargate", "eks-ec2"])
    fargate = c.estimate("eks-fargate")
    assert _coredns_lines(fargate) == []
    assert fargate.monthly_cost == pytest.approx(42.5298 + 73.0, abs=1e-9)
    assert ("CoreDNS: no pods priced: the input's CoreDNS Deployment runs 0 replicas (eks.coredns.replicas: 0), so "
            "the cluster runs no CoreDNS pods.") in fargate.notes
    assert not any(n.startswith("CoreDNS: 0 pod(s)") for n in fargate.notes)
    ec2 = c.estimate("eks-ec2")
    assert any(n.endswith("; no CoreDNS pods: the input's CoreDNS Deployment runs 0 replicas (eks.coredns.replicas: "
                          "0).") for n in ec2.notes)
    assert not any("CoreDNS 0 x" in n for n in ec2.notes)


def test_existing_cluster_says_eks_coredns_is_not_used(prices):
    # existing_cluster with the input's CoreDNS (eks.coredns): the cluster it joins runs CoreDNS already, so none is
    # priced; eks.coredns was dropped without a word on EKS on Fargate. Web pods only: $42.5298 (no control plane).
    w = _wl({"existing_cluster": True, "coredns": {"replicas": 5, "cpu": 2}})
    c = compare(w, prices=prices, platforms=["eks-fargate", "eks-ec2"])
    fargate = c.estimate("eks-fargate")
    assert fargate.monthly_cost == pytest.approx(42.5298, abs=1e-9)
    assert ("eks.coredns is not used: the existing cluster (eks.existing_cluster) already runs its CoreDNS pods, so "
            "no CoreDNS pods are priced whatever eks.coredns asks.") in fargate.notes
    assert any(n.endswith("; no CoreDNS pods: the existing cluster (eks.existing_cluster) already runs them "
                          "(eks.coredns is not used).") for n in c.estimate("eks-ec2").notes)
    # without eks.coredns the note is as before
    plain = compare(_wl({"existing_cluster": True}), prices=prices, platforms=["eks-fargate"]).estimate("eks-fargate")
    assert not any("eks.coredns" in n for n in plain.notes)
