"""The tie-break after packing (advisor.sizing.packing._merge_nodes): fewer nodes at no higher instance cost, within
every constraint the packer keeps to; and the example whose EKS on EC2 total fell as replicas rose."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from advisor.sizing import packing
from advisor.sizing.packing import ItemGroup, NodeType, pack

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# one family whose sizes double in price and a little more than double in capacity (the DaemonSets and the kubelet
# reservation are counted once per node), and another family's xlarge at the m5.xlarge's price
LARGE = NodeType("m5.large", "x86_64", (1.8, 7000.0, 8.0), 0.1)
XLARGE = NodeType("m5.xlarge", "x86_64", (3.8, 14500.0, 17.0), 0.2)
XXLARGE = NodeType("m5.2xlarge", "x86_64", (7.8, 29500.0, 35.0), 0.4)
OTHER = NodeType("c5.xlarge", "x86_64", (3.8, 14500.0, 17.0), 0.2)
ITEM = (0.6, 2000.0, 1.0)


def _merged(groups, types, nodes, min_nodes=0):
    """``_merge_nodes`` on a fleet of ``nodes`` (type name, {group name: items}): (merges, [(type name, {group
    name: items}), ...], $/h before, $/h after)."""
    prob = packing._Problem(groups, types)
    cls = {name: c for c, members in enumerate(prob.members) for name, _ in members}
    tix = {nt.name: t for t, nt in enumerate(prob.types)}
    fleet = packing._Fleet()
    for name, placed in nodes:
        cont = {cls[g]: k for g, k in placed.items()}
        fleet.add(tix[name], cont, packing._used_of(prob, cont))
    fleets = {"x86_64": fleet}
    before = packing._fleet_price(prob, fleets)
    merges = packing._merge_nodes(prob, fleets, min_nodes)
    after = packing._fleet_price(prob, fleets)
    out = []
    for t, cont, used in zip(fleets["x86_64"].ntype, fleets["x86_64"].contents, fleets["x86_64"].used):
        assert np.all(used <= prob.cap[t] + 1e-9)
        np.testing.assert_allclose(used, packing._used_of(prob, cont))
        out.append((prob.types[t].name, {prob.members[c][0][0]: k for c, k in cont.items()}))
    return merges, sorted(out, key=lambda n: (n[0], sorted(n[1].items()))), before, after


def test_two_half_full_nodes_become_the_next_size_at_the_same_price():
    groups = [ItemGroup("a", "x86_64", ITEM, 6)]
    merges, nodes, before, after = _merged(groups, [LARGE, XLARGE, OTHER],
                                           [("m5.large", {"a": 3}), ("m5.large", {"a": 3})])
    # 6 x (0.6 vCPU, 2,000 MiB, 1 slot) = 3.6 vCPU, 12,000 MiB, 6 slots: fits the m5.xlarge (3.8, 14,500, 17)
    assert (merges, nodes) == (1, [("m5.xlarge", {"a": 6})])
    assert after == pytest.approx(before) == pytest.approx(0.2)


def test_a_merged_node_merges_again_up_the_family_but_not_below_min_nodes():
    groups = [ItemGroup("a", "x86_64", ITEM, 12)]
    four = [("m5.large", {"a": 3})] * 4
    # 12 items = 7.2 vCPU, 24,000 MiB, 12 slots: one m5.2xlarge ($0.40/h, the four m5.large's price)
    assert _merged(groups, [LARGE, XLARGE, XXLARGE], four)[:2] == (3, [("m5.2xlarge", {"a": 12})])
    assert _merged(groups, [LARGE, XLARGE, XXLARGE], four, min_nodes=2)[:2] == (
        2, [("m5.xlarge", {"a": 6}), ("m5.xlarge", {"a": 6})])
    assert _merged(groups, [LARGE, XLARGE, XXLARGE], four, min_nodes=4)[0] == 0


@pytest.mark.parametrize("case", ["dearer", "other family", "slots", "apart", "allowed", "exclusive key",
                                  "too big"])
def test_no_merge_that_breaks_a_rule_or_costs_more(case):
    """Each case leaves the two m5.large nodes as they are: the only larger type costs more than the two
    ($0.21/h), is of another family (c5.xlarge at $0.20/h), has too few slots (5 for 6 pods), or the merged node
    would hold two replicas kept apart, a replica on a type its service may not use, two holders of one host port,
    or more CPU than the m5.xlarge has."""
    item, count, types = ITEM, 3, [LARGE, XLARGE]
    if case == "dearer":
        types = [LARGE, NodeType("m5.xlarge", "x86_64", XLARGE.capacity, 0.21)]
    elif case == "other family":
        types = [LARGE, OTHER]
    elif case == "slots":
        types = [LARGE, NodeType("m5.xlarge", "x86_64", (3.8, 14500.0, 5.0), 0.2)]
    elif case == "too big":
        item = (0.9, 2000.0, 1.0)  # 2 x 0.9 = 1.8 vCPU per node, 3.6 in all: fits; 3 per node would not
        count = 2
        types = [LARGE, NodeType("m5.xlarge", "x86_64", (3.5, 14500.0, 17.0), 0.2)]
    if case in ("apart", "allowed", "exclusive key"):
        count = 2  # room on each m5.large for the one more pod (without the rule the two would merge)
    groups = [ItemGroup("a", "x86_64", item, 2 * count)]
    one, two = {"a": count}, {"a": count}
    if case == "apart":
        groups.append(ItemGroup("p", "x86_64", (0.1, 100.0, 1.0), 2, apart=True))
        one, two = {"a": count, "p": 1}, {"a": count, "p": 1}
    elif case == "allowed":
        groups.append(ItemGroup("only-large", "x86_64", (0.1, 100.0, 1.0), 1, allowed=frozenset({"m5.large"})))
        one = {"a": count, "only-large": 1}
    elif case == "exclusive key":
        groups += [ItemGroup("web", "x86_64", (0.1, 100.0, 1.0), 1, exclusive=frozenset({80})),
                   ItemGroup("api", "x86_64", (0.1, 100.0, 1.0), 1, exclusive=frozenset({80}))]
        one, two = {"a": count, "web": 1}, {"a": count, "api": 1}
    merges, nodes, before, after = _merged(groups, types, [("m5.large", one), ("m5.large", two)])
    assert merges == 0 and len(nodes) == 2 and after == before


def test_spot_and_on_demand_nodes_are_not_merged_together():
    spot_large = NodeType("m5.large", "x86_64", LARGE.capacity, 0.04, "spot")
    spot_xlarge = NodeType("m5.xlarge", "x86_64", XLARGE.capacity, 0.08, "spot")
    groups = [ItemGroup("a", "x86_64", ITEM, 6)]
    prob = packing._Problem(groups, [LARGE, XLARGE, spot_large, spot_xlarge])
    fleet = packing._Fleet()
    for t in (0, 2):  # one On-Demand m5.large, one Spot m5.large
        fleet.add(t, {0: 3}, packing._used_of(prob, {0: 3}))
    assert packing._merge_nodes(prob, {"x86_64": fleet}, 0) == 0


def test_pack_never_returns_two_nodes_that_one_of_their_family_holds_for_the_same_price():
    """The packer ties fleets of the same instance price; the tie-break leaves the fewer nodes (and so the fewer
    root volumes). 6 items fit one m5.xlarge or two m5.large, both $0.20/h."""
    groups = [ItemGroup("a", "x86_64", ITEM, 6)]
    res = pack(groups, [LARGE, XLARGE])
    assert res.cost_per_hour == pytest.approx(0.2)
    assert [(r["instance_type"], r["count"]) for r in res.fleet] == [("m5.xlarge", 1)]
    assert pack(groups, [LARGE, XLARGE], min_nodes=2).cost_per_hour == pytest.approx(0.2)
    assert len(pack(groups, [LARGE, XLARGE], min_nodes=2).nodes) == 2


def _k8s_with_web_replicas(tmp_path: Path, replicas: int) -> Path:
    folder = tmp_path / f"k8s-{replicas}"
    shutil.copytree(EXAMPLES / "k8s", folder)
    web = folder / "web.yaml"
    text = web.read_text()
    assert 'advisor/average-replicas: "6"' in text
    web.write_text(text.replace('advisor/average-replicas: "6"', f'advisor/average-replicas: "{replicas}"'))
    return folder


def test_eks_on_ec2_total_no_longer_falls_as_web_replicas_rise(tmp_path):
    """examples/k8s on EKS on EC2 with the web Deployment's average replicas at 6 and at 9: at 6 the packer left
    1 c6g.2xlarge + 2 c6g.xlarge + 1 c6a.large (4 nodes, $556.37/month) where 9 replicas get 1 c6g.4xlarge + 1
    c6a.large (2 nodes, $553.17): the same $0.6205/h of instances, two more 20 GiB root volumes. The two c6g.xlarge
    ($0.136/h each) now merge into a c6g.2xlarge ($0.272/h) and the two c6g.2xlarge into a c6g.4xlarge ($0.544/h)."""
    from advisor import api

    totals = {}
    for replicas in (6, 9):
        est = api.price(str(_k8s_with_web_replicas(tmp_path, replicas)), platforms="eks-ec2").estimate("eks-ec2")
        assert sorted((n["instance_type"], n["count"]) for n in est.fleet.nodes) == [("c6a.large", 1),
                                                                                      ("c6g.4xlarge", 1)]
        root = [line for line in est.lines if line.name.startswith("EBS root volume")]
        assert [(line.quantity, line.unit_price) for line in root] == [(40.0, 0.08)]  # 2 nodes x 20 GiB
        # instances (0.544 + 0.0765) x 730 + root volumes 40 x 0.08 + postgres 3 x 100 GiB x 0.08 + control plane 73
        assert est.monthly_cost == pytest.approx(452.965 + 3.20 + 24.0 + 73.0)
        totals[replicas] = est.monthly_cost
    assert totals[6] == totals[9]  # $553.17 (553.165) at both: more replicas, the same total (it was $556.37 at 6)
