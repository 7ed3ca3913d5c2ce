"""Karpenter NodePools read by ``advisor import k8s`` (advisor/workload/importers/nodepool.py), on the Karpenter
project's own examples (tests/fixtures/real/k8s/karpenter-nodepools, aws/karpenter-provider-aws examples/v1 at
1d927085) beside its inflate workload, and on small NodePools written for one rule each."""

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import WorkloadError
from advisor.sizing.nodes import instance_category_generation
from advisor.workload.importers import import_k8s

REAL = Path(__file__).parent / "fixtures" / "real" / "k8s"
runner = CliRunner()


def _with_inflate(tmp_path, *docs: str) -> Path:
    """The Karpenter inflate Deployment followed by ``docs`` (file names under karpenter-nodepools or YAML text)."""
    parts = [(REAL / "karpenter-workloads" / "inflate.yaml").read_text()]
    for d in docs:
        parts.append((REAL / "karpenter-nodepools" / d).read_text() if d.endswith(".yaml") else d)
    p = tmp_path / "in.yaml"
    p.write_text("\n---\n".join(parts))
    return p


def _pool(name: str, requirements: list[dict], *, weight: int | None = None, taints=None,
          node_class: dict | None = None) -> str:
    spec: dict = {"template": {"spec": {"requirements": requirements, "nodeClassRef": node_class or {
        "group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"}}}}
    if weight is not None:
        spec["weight"] = weight
    if taints:
        spec["template"]["spec"]["taints"] = taints
    return yaml.safe_dump({"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": {"name": name},
                           "spec": spec})


def _req(key, op, *values):
    return {"key": key, "operator": op, "values": list(values)}


def test_the_general_purpose_nodepool_sets_the_fleets_families():
    """examples/v1/general-purpose.yaml: amd64, on-demand, categories c/m/r, generation > 2 (Karpenter's category
    and generation of a family: the letters before its first digit and that number). The NodePool was skipped as a
    custom resource that runs no pods, and the EC2 fleets drew from advisor's defaults."""
    res = import_k8s(_with_inflate(Path(__import__("tempfile").mkdtemp()), "general-purpose.yaml"))
    fams = res.ec2["allowed_families"]
    for f in fams:
        category, generation = instance_category_generation(f)
        assert category in ("c", "m", "r") and generation > 2
    assert {"m5", "c7i", "r6i", "c3", "m4"} <= set(fams)  # previous generations too: the NodePool allows them
    assert not {"c7g", "m6g", "t3", "x2idn"} & set(fams)  # arm64 (Graviton), other categories
    # previous generations are allowed; bare metal is not, while other types fit: Karpenter's ExoticInstanceTypeFilter
    # (aws/karpenter-provider-aws pkg/providers/instance/filter/filter.go @ 1d927085) launches .metal sizes only when
    # nothing else is compatible (this import wrote ec2.include [bare_metal, previous_generation] before)
    assert res.ec2["include"] == ["previous_generation"]
    assert "spot" not in res.ec2
    [note] = [n for n in res.notes if n.startswith("NodePool general-purpose (Karpenter, EC2NodeClass default)")]
    assert "karpenter.k8s.aws/instance-generation Gt 2" in note and "ECS on EC2" in note
    assert not any("custom resources whose spec holds no pod template" in n for n in res.notes)
    # the EKS on EC2 fleet runs on those families only
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    held = {line.instance_type.split(".")[0] for line in est.lines if line.instance_type}
    assert held and held <= set(fams)


def test_a_spot_nodepool_allows_spot_nodes(tmp_path):
    res = import_k8s(_with_inflate(tmp_path, "spot.yaml"))
    assert res.ec2["spot"] is True
    assert any("karpenter.sh/capacity-type allows spot: ec2.spot true" in n for n in res.notes)


def test_two_nodepools_of_equal_weight_are_read_together(tmp_path):
    """examples/v1/multiple-arch.yaml: an amd64 pool (c/m/r) and an arm64 pool (c/a), both weight 0: pods of either
    architecture find nodes, so the fleets draw from both."""
    res = import_k8s(_with_inflate(tmp_path, "multiple-arch.yaml"))
    fams = set(res.ec2["allowed_families"])
    assert {"c6g", "c7g", "m5", "r6i"} <= fams and "m6g" not in fams  # m is a category of the amd64 pool only
    assert "a1" not in fams  # category a, generation 1: not above 2
    assert any(n.startswith("NodePool(s) amd64, arm64 read for the nodes (the pods use all of them") for n in res.notes)


@pytest.mark.parametrize("fixture, gib, where", [
    ("bottlerocket.yaml", 24, "its blockDeviceMappings"),     # 4 GiB OS volume + 20 GiB data volume
    ("multiple-ebs.yaml", 2120, "its blockDeviceMappings"),   # 20 + 100 + 2,000 GiB
])
def test_the_ec2nodeclass_volumes_per_node_are_noted(tmp_path, fixture, gib, where):
    res = import_k8s(_with_inflate(tmp_path, fixture))
    [note] = [n for n in res.notes if n.startswith("NodePool default (Karpenter")]
    assert f"gives each node {gib} GiB of EBS ({where})" in note and f"ec2.root_volume_gib: {gib}" in note
    assert "root_volume_gib" not in res.ec2  # one setting for both fleets: said, not set


def test_the_ami_familys_default_volumes_are_noted_when_no_mappings_are_given(tmp_path):
    node_class = yaml.safe_dump({"apiVersion": "karpenter.k8s.aws/v1", "kind": "EC2NodeClass",
                                 "metadata": {"name": "default"}, "spec": {"amiSelectorTerms": [
                                     {"alias": "bottlerocket@latest"}]}})
    res = import_k8s(_with_inflate(tmp_path, _pool("p", []), node_class))
    assert any("gives each node 24 GiB of EBS (the bottlerocket AMI family's default block devices" in n
               for n in res.notes)


def test_instance_size_rules_list_the_types(tmp_path):
    """examples/v1/large-instances.yaml: more than 3 vCPUs and more than 8,191 MiB: not whole families, so the
    types themselves (burstable ones too: the NodePool does not leave them out), each priced in the region."""
    res = import_k8s(_with_inflate(tmp_path, "large-instances.yaml"))
    types = res.ec2["allowed_types"]
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    cat = Catalog.of(default_pricebook())
    for name in types[:50] + types[-50:]:
        t = cat.instance_type(name)
        assert t.vcpu > 3 and t.memory_mib > 8191
        cat.on_demand(name, "us-east-1")  # priced there (an unpriced name would fail the fleet)
    assert "t3.xlarge" in types and "m5.large" not in types and "m5.xlarge" in types
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert est.complete and all(line.instance_type in types for line in est.lines if line.instance_type)
    # it sets no karpenter.sh/capacity-type requirement: Karpenter v1 defaults none ("Karpenter v1beta1 drops the
    # defaulting logic for the node requirements", Karpenter docs, "v1beta1 Migration"; v1alpha5 defaulted to
    # on-demand), so Spot is allowed and "Karpenter will prioritize reserved capacity, followed by spot, then finally
    # on-demand" (Karpenter docs, "NodePools"). advisor priced such a pool On-Demand (ec2.spot false).
    assert res.ec2["spot"] is True
    assert any("no karpenter.sh/capacity-type requirement (any capacity type: Karpenter v1 sets no default): "
               "ec2.spot true" in n for n in res.notes)
    # the inflate pods (spot-tolerant) on Spot nodes; CoreDNS stays On-Demand (advisor places spot: false pods there)
    assert "spot" in {line.purchase_option for line in est.lines if line.resource == "instance"}


def test_the_highest_weight_is_read_and_tainted_or_windows_pools_are_left_out(tmp_path):
    high = _pool("reserved-m6i", [_req("karpenter.k8s.aws/instance-family", "In", "m6i")], weight=50)
    low = _pool("general", [_req("karpenter.k8s.aws/instance-category", "In", "c")])
    gpu = _pool("gpu", [_req("karpenter.k8s.aws/instance-family", "In", "r7i")], weight=90,
                taints=[{"key": "nvidia.com/gpu", "effect": "NoSchedule"}])
    res = import_k8s(_with_inflate(tmp_path, high, low, gpu, "windows-2022.yaml"))
    assert res.ec2["allowed_families"] == ["m6i"]
    notes = " | ".join(res.notes)
    assert "general not read (Karpenter uses, for each pod, the matching NodePool of the highest weight" in notes
    assert "NodePool(s) gpu have taints (NoSchedule / NoExecute) that no pod of the input tolerates: not read" in notes
    assert "windows2022 launch Windows nodes only (kubernetes.io/os or a Windows AMI family)" in notes


def test_an_arm64_only_nodepool_runs_pods_that_name_no_architecture_on_arm64(tmp_path):
    pinned = yaml.safe_dump({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x86"}, "spec": {
        "replicas": 2, "selector": {"matchLabels": {"a": "x"}}, "template": {
            "metadata": {"labels": {"a": "x"}}, "spec": {"nodeSelector": {"kubernetes.io/arch": "amd64"},
                                                        "containers": [{"name": "c", "image": "x", "resources": {
                                                            "requests": {"cpu": "1", "memory": "1Gi"}}}]}}}})
    pool = _pool("graviton", [_req("kubernetes.io/arch", "In", "arm64"),
                              _req("karpenter.k8s.aws/instance-category", "In", "c", "m")])
    res = import_k8s(_with_inflate(tmp_path, pinned, pool))
    arch = {s.name: s.architecture for s in res.workload.services}
    assert arch == {"inflate": "arm64", "x86": "x86_64"}  # a pod that asks for amd64 keeps it (and is noted below)
    [svc] = [s for s in res.services if s.data["name"] == "inflate"]
    assert any("launch arm64 nodes only" in c for c in svc.comments)
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    # no amd64 node in the pool: Karpenter would never run the x86 pods. The data prices x86_64 types, so this is the
    # ec2 settings, not missing data: EKS on EC2 cannot run x86 (with the setting named), and inflate is packed
    assert not est.complete and est.missing_prices == []
    [(name, why)] = [(u.service, u.reason) for u in est.unsupported]
    assert name == "x86" and why.startswith("ec2.allowed_families allows no x86_64 type (")
    assert "all arm64); add x86_64 families such as " in why
    assert {ln.architecture for ln in est.lines if ln.instance_type} == {"arm64"}


def test_the_pods_own_instance_types_are_kept(tmp_path):
    pinned = yaml.safe_dump({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {
        "replicas": 2, "selector": {"matchLabels": {"a": "w"}}, "template": {
            "metadata": {"labels": {"a": "w"}}, "spec": {"nodeSelector": {
                "node.kubernetes.io/instance-type": "m5.large"}, "containers": [{"name": "c", "image": "x"}]}}}})
    p = tmp_path / "in.yaml"
    p.write_text(pinned + "---\n" + (REAL / "karpenter-nodepools" / "general-purpose.yaml").read_text())
    res = import_k8s(p)
    assert res.ec2 == {"allowed_types": ["m5.large"]}
    assert any("the pods' own node selectors hold the fleet to types in ec2, all within the NodePool's" in n
               for n in res.notes)


def test_an_auto_mode_nodepool_without_arch_or_capacity_type_allows_both(tmp_path):
    """EKS User Guide, "Create a Node Pool for EKS Auto Mode": its sample NodePool sets categories, CPUs, zones and
    kubernetes.io/arch [arm64, amd64], and no karpenter.sh/capacity-type. With the arch requirement left out too, the
    pool launches both architectures and both capacity types (Karpenter docs, "NodePools"): capacity_types is left
    out of eks_auto_mode (no requirement: On-Demand and Spot), architectures lists both."""
    pool = _pool("any", [_req("eks.amazonaws.com/instance-category", "In", "c", "m", "r")],
                 node_class={"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "default"})
    res = import_k8s(_with_inflate(tmp_path, pool))
    am = res.eks_auto_mode
    assert "capacity_types" not in am and am["architectures"] == ["amd64", "arm64"]
    w = res.workload.eks_auto_mode
    assert (w.launch_capacity_types, w.launch_architectures) == (["on-demand", "spot"], ["amd64", "arm64"])
    # a pool that names on-demand keeps it
    od = _pool("od", [_req("karpenter.sh/capacity-type", "In", "on-demand")],
               node_class={"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "default"})
    assert import_k8s(_with_inflate(tmp_path, od)).eks_auto_mode["capacity_types"] == ["on-demand"]


def test_an_auto_mode_nodepool_sets_eks_auto_mode(tmp_path):
    """An EKS Auto Mode NodePool (nodeClassRef eks.amazonaws.com NodeClass) with categories, a vCPU list, a
    generation and its NodeClass's ephemeral storage: a custom NodePool, its vCPU rule read as the types it allows."""
    node_class = yaml.safe_dump({"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass",
                                 "metadata": {"name": "web"}, "spec": {"ephemeralStorage": {"size": "40Gi"}}})
    pool = _pool("web-pool", [_req("eks.amazonaws.com/instance-category", "In", "c", "m", "r"),
                              _req("eks.amazonaws.com/instance-cpu", "In", "2", "4", "8"),
                              _req("eks.amazonaws.com/instance-generation", "Gt", "4"),
                              _req("kubernetes.io/arch", "In", "amd64"),
                              _req("karpenter.sh/capacity-type", "In", "on-demand", "spot"),
                              _req("topology.kubernetes.io/zone", "In", "us-east-1a")],
                 node_class={"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "web"})
    res = import_k8s(_with_inflate(tmp_path, node_class, pool))
    am = res.eks_auto_mode
    assert (am["node_pool"], am["capacity_types"], am["instance_categories"], am["min_generation"],
            am["architectures"], am["ephemeral_storage_gib"]) == ("custom", ["on-demand", "spot"], ["c", "m", "r"], 5,
                                                                  ["amd64"], 40)
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    cat = Catalog.of(default_pricebook())
    assert am["allowed_types"] and all(cat.instance_type(n).vcpu in (2, 4, 8) for n in am["allowed_types"])
    w = res.workload
    assert w.eks_auto_mode.node_pool == "custom" and w.eks_auto_mode.ephemeral_storage_gib == 40
    assert "eks_auto_mode:" in res.to_yaml()
    assert res.ec2 == {}  # Auto Mode's pool does not choose the EC2 fleets' types


def test_auto_mode_nodeclass_associate_public_ip_address(tmp_path):
    """EKS Auto Mode's NodeClass spec.advancedNetworking.associatePublicIPAddress (Amazon EKS User Guide, "Create a
    Node Class for Amazon EKS"): true gives each node a public IPv4 address, eks_auto_mode.public_ip (priced per node
    per IP-hour: tests/test_managed.py); false, none, noted; left out (or the default NodeClass, not in the input), the
    subnets' MapPublicIpOnLaunch decides, which manifests do not hold: an assumption naming the field to set. A value
    that is not a boolean exits 2 naming the field."""
    ref = {"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "edge"}
    pool = _pool("edge", [_req("eks.amazonaws.com/instance-category", "In", "m")], node_class=ref)

    def node_class(adv):
        spec = {"ephemeralStorage": {"size": "80Gi"}, **({"advancedNetworking": adv} if adv is not None else {})}
        return yaml.safe_dump({"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass", "metadata": {"name": "edge"},
                               "spec": spec})

    res = import_k8s(_with_inflate(tmp_path, node_class({"associatePublicIPAddress": True}), pool))
    assert res.eks_auto_mode["public_ip"] is True and res.workload.eks_auto_mode.public_ip is True
    assert "public_ip: true" in res.to_yaml()
    assert any("NodeClass edge sets spec.advancedNetworking.associatePublicIPAddress: true, so each Auto Mode node "
               "holds a public IPv4 address" in n for n in res.notes)
    assert not any("associatePublicIPAddress" in a for a in res.assumptions)
    res = import_k8s(_with_inflate(tmp_path, node_class({"associatePublicIPAddress": False}), pool))
    assert "public_ip" not in res.eks_auto_mode and res.workload.eks_auto_mode.public_ip is False
    assert not any("associatePublicIPAddress" in a for a in res.assumptions)
    for adv in (None, {"httpsProxy": "http://192.0.2.4:3128"}):
        res = import_k8s(_with_inflate(tmp_path, node_class(adv), pool))
        assert res.workload.eks_auto_mode.public_ip is False
        [a] = [a for a in res.assumptions if "associatePublicIPAddress" in a]
        assert a.startswith("NodeClass edge (EKS Auto Mode) does not set spec.advancedNetworking."
                            "associatePublicIPAddress") and "set eks_auto_mode.public_ip: true in the workload file" in a
    default = _pool("any", [_req("eks.amazonaws.com/instance-category", "In", "m")],
                    node_class={**ref, "name": "default"})
    res = import_k8s(_with_inflate(tmp_path, default))
    assert any(a.startswith("NodeClass default (EKS Auto Mode) does not set") for a in res.assumptions)
    r = runner.invoke(app, ["import", "k8s", str(_with_inflate(tmp_path, node_class({"associatePublicIPAddress": "yes"}),
                                                              pool))])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "spec.advancedNetworking.associatePublicIPAddress: 'yes' is not valid; give true" in " ".join(
        r.output.split()), r.output
    r = runner.invoke(app, ["import", "k8s", str(_with_inflate(tmp_path, node_class(["x"]), pool))])
    assert r.exit_code == 2 and "spec.advancedNetworking: must be a mapping" in " ".join(r.output.split()), r.output


@pytest.mark.parametrize("requirement, fld, message", [
    (_req("karpenter.k8s.aws/instance-category", "In", "C"), "spec.template.spec.requirements",
     "allow no instance type advisor prices in us-east-1"),
    (_req("karpenter.k8s.aws/instance-generation", "Gt", "two"), "spec.template.spec.requirements[0].values",
     "operator Gt takes a single positive integer value"),
    ({"key": "kubernetes.io/arch", "operator": "in", "values": ["amd64"]}, "spec.template.spec.requirements[0].operator",
     "'in' is not valid"),
    (_req("karpenter.sh/capacity-type", "In", "Spot"), "spec.template.spec.requirements[0].values",
     "'Spot' is not a capacity type nodes carry"),
    ({"key": "kubernetes.io/arch", "operator": "In"}, "spec.template.spec.requirements[0].values",
     "operator In needs at least one value"),
])
def test_a_nodepool_karpenter_would_refuse_or_never_use_exits_2(tmp_path, requirement, fld, message):
    p = _with_inflate(tmp_path, _pool("bad", [requirement]))
    with pytest.raises(WorkloadError, match=message.replace("(", "\\(")) as err:
        import_k8s(p)
    assert fld in str(err.value)
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_a_provisioner_is_noted_not_read(tmp_path):
    old = yaml.safe_dump({"apiVersion": "karpenter.sh/v1alpha5", "kind": "Provisioner", "metadata": {"name": "old"},
                          "spec": {"requirements": []}})
    res = import_k8s(_with_inflate(tmp_path, old))
    assert res.ec2 == {} and any("Karpenter Provisioner old" in n for n in res.notes)


def _deployment(name: str, selector: dict | None = None, cpu: str = "1") -> str:
    spec: dict = {"containers": [{"name": "c", "image": "x", "resources": {"requests": {"cpu": cpu, "memory": "1Gi"}}}]}
    if selector:
        spec["nodeSelector"] = selector
    return yaml.safe_dump({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name}, "spec": {
        "replicas": 2, "selector": {"matchLabels": {"a": name}}, "template": {"metadata": {"labels": {"a": name}},
                                                                             "spec": spec}}})


def _file(tmp_path, *docs: str) -> Path:
    p = tmp_path / "in.yaml"
    p.write_text("\n---\n".join(docs))
    return p


def test_each_pod_uses_the_highest_weight_pool_it_can_run_on(tmp_path):
    """An arm64 pool of weight 50 and an amd64 pool of weight 10; the pods ask for amd64. Karpenter uses, per pod,
    the highest-weight pool that matches it: the amd64 one (the whole workload went to the arm64 pool, and the EC2
    fleets could run nothing)."""
    arm = _pool("arm", [_req("kubernetes.io/arch", "In", "arm64")], weight=50)
    amd = _pool("amd", [_req("kubernetes.io/arch", "In", "amd64"),
                        _req("karpenter.k8s.aws/instance-category", "In", "c")], weight=10)
    res = import_k8s(_file(tmp_path, _deployment("web", {"kubernetes.io/arch": "amd64"}), arm, amd))
    fams = res.ec2["allowed_families"]
    assert "c6i" in fams and not any(f.endswith("g") for f in fams)
    assert any("arm not read" in n for n in res.notes)


def test_a_pod_that_picks_a_pool_by_name_uses_it(tmp_path):
    small = _pool("small", [_req("karpenter.k8s.aws/instance-family", "In", "t3")], weight=50)
    big = _pool("big", [_req("karpenter.k8s.aws/instance-family", "In", "r7i")])
    res = import_k8s(_file(tmp_path, _deployment("db", {"karpenter.sh/nodepool": "big"}), small, big))
    assert res.ec2["allowed_families"] == ["r7i"]
    res = import_k8s(_file(tmp_path, _deployment("db", {"karpenter.sh/nodepool": "huge"}), small, big))
    assert any("select NodePool huge" in n and "Karpenter would launch no node" in n for n in res.notes)


def test_u_types_have_karpenters_category_and_auto_mode_pools_without_categories_import(tmp_path):
    """instance_category_generation read u-6tb1 as category 'u-6tb1' (Karpenter: u, generation 1), and an Auto Mode
    pool that names no category wrote it into instance_categories, which the workload model refused."""
    assert instance_category_generation("u-6tb1") == ("u", 1)
    assert instance_category_generation("u7in-32tb") == ("u", 7)
    pool = _pool("cpu", [_req("eks.amazonaws.com/instance-cpu", "In", "4", "8", "16", "32")],
                 node_class={"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "default"})
    res = import_k8s(_with_inflate(tmp_path, pool))
    am = res.eks_auto_mode
    assert "u" in am["instance_categories"] and "u-6tb1" not in am["instance_categories"]
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    cat = Catalog.of(default_pricebook())
    assert len(am["allowed_types"]) > 400 and all(cat.instance_type(n).vcpu in (4, 8, 16, 32)
                                                  for n in am["allowed_types"])
    assert res.workload.eks_auto_mode.allowed_types == am["allowed_types"]  # past the 400 the model took


def test_auto_mode_pools_of_equal_weight_are_their_types_not_a_cross_product(tmp_path):
    ref = {"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "default"}
    a = _pool("c-arm", [_req("eks.amazonaws.com/instance-category", "In", "c"), _req("kubernetes.io/arch", "In",
                                                                                      "arm64")], node_class=ref)
    b = _pool("m-amd", [_req("eks.amazonaws.com/instance-category", "In", "m"), _req("kubernetes.io/arch", "In",
                                                                                      "amd64")], node_class=ref)
    res = import_k8s(_with_inflate(tmp_path, a, b))
    allowed = set(res.eks_auto_mode["allowed_types"])
    assert "c7g.large" in allowed and "m7i.large" in allowed
    assert "c7i.large" not in allowed and "m7g.large" not in allowed  # neither pool allows these


def test_memory_and_cpu_labels_are_whole_numbers(tmp_path):
    """i4i.32xlarge has 1,048,576 MiB: the label was written '1.04858e+06' and matched nothing."""
    res = import_k8s(_with_inflate(tmp_path, _pool("mem", [_req("karpenter.k8s.aws/instance-memory", "In",
                                                                "1048576")])))
    assert "i4i.32xlarge" in res.ec2["allowed_types"]
    res = import_k8s(_with_inflate(tmp_path, _pool("ge", [_req("karpenter.k8s.aws/instance-cpu", "Gte", "96"),
                                                          _req("karpenter.k8s.aws/instance-family", "In", "m7i")])))
    # m7i.metal-24xl and m7i.metal-48xl meet the labels too, but Karpenter launches metal only when nothing else fits
    assert res.ec2["allowed_types"] == ["m7i.24xlarge", "m7i.48xlarge"]


def test_a_nodepool_of_metal_sizes_only_keeps_them(tmp_path):
    """Karpenter's ExoticInstanceTypeFilter keeps metal types when they are all a NodePool allows: an instance-size
    requirement of metal alone (m7i: metal-24xl and metal-48xl) launches those."""
    res = import_k8s(_with_inflate(tmp_path, _pool("metal", [
        _req("karpenter.k8s.aws/instance-size", "In", "metal-24xl", "metal-48xl"),
        _req("karpenter.k8s.aws/instance-family", "In", "m7i")])))
    assert res.ec2["allowed_types"] == ["m7i.metal-24xl", "m7i.metal-48xl"]


@pytest.mark.parametrize("spec_patch, fld, message", [
    ({"weight": 0}, "spec.weight", "an integer from 1 to 100"),
    ({"template": {"spec": {"requirements": [{"key": "kubernetes.io/arch", "operator": "Exists",
                                               "values": ["amd64"]}]}}}, "requirements[0].values", "takes no values"),
    ({"template": {"spec": {"requirements": [{"key": "karpenter.k8s.aws/instance-cpu", "operator": "In",
                                               "values": [4, 8]}]}}}, "requirements[0].values[0]", "quote it"),
    ({"template": {"spec": {"requirements": [{"key": "karpenter.k8s.aws/instance-cpu", "operator": "Gt",
                                               "values": ["\u00b2"]}]}}}, "requirements[0].values",
     "single positive integer"),
    ({"template": {"spec": {"requirements": [{"key": "a", "operator": "Exists"}] * 101}}}, "requirements",
     "at most 100"),
    ({"template": {"spec": {"requirements": [{"key": "karpenter.sh/capacity-type", "operator": "DoesNotExist"}]}}},
     "requirements[0]", "allow no capacity type"),
    ({"template": {"spec": {"taints": "x"}}}, "taints", "must be a list of taints"),
    ({"template": {"spec": {"taints": [{"key": "gpu", "effect": "noschedule"}]}}}, "taints[0].effect",
     "is not a taint effect"),
    ({"template": {"spec": {"taints": [{"effect": "NoSchedule"}]}}}, "taints[0].key", "is required"),
])
def test_what_the_nodepool_api_refuses_exits_2(tmp_path, spec_patch, fld, message):
    pool = yaml.safe_load(_pool("p", []))
    for k, v in spec_patch.items():
        if k == "template":
            pool["spec"]["template"]["spec"].update(v["spec"])
        else:
            pool["spec"][k] = v
    p = _with_inflate(tmp_path, yaml.safe_dump(pool))
    with pytest.raises(WorkloadError) as err:
        import_k8s(p)
    assert fld in str(err.value) and message in str(err.value)
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "Traceback" not in r.output


@pytest.mark.parametrize("node_class, message", [
    ({"amiSelectorTerms": 5}, "spec.amiSelectorTerms: must be a list of terms"),
    ({"blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": [1]}]}, "ebs: must be a mapping"),
    ({"blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": "1e308"}}]}, "an EBS volume is 1 GiB"),
])
def test_a_malformed_ec2nodeclass_exits_2(tmp_path, node_class, message):
    nc = yaml.safe_dump({"apiVersion": "karpenter.k8s.aws/v1", "kind": "EC2NodeClass", "metadata": {"name": "default"},
                         "spec": node_class})
    with pytest.raises(WorkloadError, match=re.escape(message)):
        import_k8s(_with_inflate(tmp_path, _pool("p", []), nc))


def test_missing_node_class_spot_only_limits_and_windows_ami_are_noted(tmp_path):
    spot = yaml.safe_load(_pool("spot", [_req("karpenter.sh/capacity-type", "In", "spot")]))
    spot["spec"]["limits"] = {"cpu": "4"}
    win_class = yaml.safe_dump({"apiVersion": "karpenter.k8s.aws/v1", "kind": "EC2NodeClass",
                                "metadata": {"name": "win"}, "spec": {"amiFamily": "Windows2022"}})
    win = _pool("win", [], weight=100, node_class={"group": "karpenter.k8s.aws", "kind": "EC2NodeClass",
                                                   "name": "win"})
    res = import_k8s(_with_inflate(tmp_path, yaml.safe_dump(spot), win_class, win))
    notes = " | ".join(res.notes)
    assert "its EC2NodeClass default is not in the input" in notes
    assert "it allows Spot only, while advisor still places spot: false services (and CoreDNS) on On-Demand" in notes
    assert ("the spec.limits of spot: ec2.node_pool_limits, compared with the planned fleet in the EKS on EC2 "
            "estimate") in notes
    assert res.ec2["node_pool_limits"] == {"node_pools": ["spot"], "vcpu": 4}
    assert "win launch Windows nodes only (kubernetes.io/os or a Windows AMI family)" in notes


def test_pod_types_outside_the_pool_are_named(tmp_path):
    pool = _pool("gen6", [_req("karpenter.k8s.aws/instance-category", "In", "c", "m", "r"),
                          _req("karpenter.k8s.aws/instance-generation", "Gt", "5")])
    res = import_k8s(_file(tmp_path, _deployment("web", {"node.kubernetes.io/instance-type": "t3.large"}), pool))
    assert res.ec2 == {"allowed_types": ["t3.large"]}
    assert any("its pods' node selectors allow none of the instance types NodePool(s) gen6 launch: Karpenter would "
               "launch no node for them" in n for n in res.notes)


def test_pod_families_and_a_pool_are_read_as_the_types_both_allow(tmp_path):
    """A pod selecting category m (families m1 ... m8) on a pool of generation > 4: Karpenter launches m5 and newer
    only; the pods' families were written whole, m1-m4 included."""
    pool = _pool("gen5", [_req("karpenter.k8s.aws/instance-category", "In", "c", "m", "r"),
                          _req("karpenter.k8s.aws/instance-generation", "Gt", "4")])
    res = import_k8s(_file(tmp_path, _deployment("web", {"karpenter.k8s.aws/instance-category": "m"}), pool))
    types = res.ec2["allowed_types"]
    assert "m5.large" in types and "m7i.large" in types and not any(t.startswith(("m4.", "m3.", "c5.")) for t in types)
    assert "allowed_families" not in res.ec2


def test_a_pods_karpenter_labels_are_read_into_families_or_types(tmp_path):
    """nodeSelector on karpenter.k8s.aws/instance-category / -generation (Karpenter's labels, as the NodePools are
    read): whole families; -size and -cpu together: the types; too many types for one service: noted; a value no
    node carries: an error (the pod would stay Pending)."""
    res = import_k8s(_file(tmp_path, _deployment("web", {"karpenter.k8s.aws/instance-category": "m",
                                                         "karpenter.k8s.aws/instance-generation": "7"})))
    assert res.ec2 == {"allowed_families": ["m7a", "m7g", "m7gd", "m7i", "m7i-flex"]}
    res = import_k8s(_file(tmp_path, _deployment("web", {"karpenter.k8s.aws/instance-family": "c7i",
                                                         "karpenter.k8s.aws/instance-cpu": "8"})))
    assert res.workload.services[0].instance_types == ["c7i.2xlarge"]
    res = import_k8s(_file(tmp_path, _deployment("web", {"karpenter.k8s.aws/instance-cpu": "4"})))
    assert res.ec2 == {} and any("more instance types than a service can be held to" in n for n in res.notes)
    res = import_k8s(_file(tmp_path, _deployment("web", {"karpenter.k8s.aws/instance-hypervisor": "nitro"})))
    assert any("nodeSelector karpenter.k8s.aws/instance-hypervisor: nitro" in n and "not modelled" in n
               for n in res.notes)
    with pytest.raises(WorkloadError, match="allow no instance family at all"):
        import_k8s(_file(tmp_path, _deployment("web", {"karpenter.k8s.aws/instance-category": "zz"})))


def test_one_nodepool_per_name_whatever_the_namespace(tmp_path):
    a = yaml.safe_load(_pool("p", [_req("karpenter.k8s.aws/instance-family", "In", "m5")]))
    b = yaml.safe_load(_pool("p", [_req("karpenter.k8s.aws/instance-family", "In", "c5")]))
    a["metadata"]["namespace"], b["metadata"]["namespace"] = "x", "y"
    with pytest.raises(WorkloadError, match="NodePool p is defined twice, differently"):
        import_k8s(_with_inflate(tmp_path, yaml.safe_dump(a), yaml.safe_dump(b)))


def test_a_pod_affinity_on_the_nodepool_label_picks_among_those_pools(tmp_path):
    """Required node affinity karpenter.sh/nodepool In [a, b]: of those, the highest weight (b); c, of higher weight,
    is never used by the pod (it was read)."""
    aff = yaml.safe_load(_deployment("web"))
    aff["spec"]["template"]["spec"]["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": "karpenter.sh/nodepool", "operator": "In",
                                                     "values": ["a", "b"]}]}]}}}
    pools = [_pool("a", [_req("karpenter.k8s.aws/instance-family", "In", "c5")], weight=10),
             _pool("b", [_req("karpenter.k8s.aws/instance-family", "In", "r5")], weight=20),
             _pool("c", [_req("karpenter.k8s.aws/instance-family", "In", "m5")], weight=90)]
    res = import_k8s(_file(tmp_path, yaml.safe_dump(aff), *pools))
    assert res.ec2["allowed_families"] == ["r5"]


@pytest.mark.parametrize("selector, message", [
    ({"karpenter.sh/nodepool": "arm", "kubernetes.io/arch": "amd64"},
     "its pods ask for x86_64 nodes, which NodePool(s) arm they may use do not launch"),
    ({"karpenter.sh/capacity-type": "spot"},
     "its pods ask for spot capacity (karpenter.sh/capacity-type), which NodePool(s) arm do not launch"),
])
def test_pods_a_pool_cannot_serve_are_named(tmp_path, selector, message):
    pool = _pool("arm", [_req("kubernetes.io/arch", "In", "arm64"), _req("karpenter.sh/capacity-type", "In",
                                                                         "on-demand")])
    res = import_k8s(_file(tmp_path, _deployment("web", selector), pool))
    assert any(message in n for n in res.notes)


@pytest.mark.parametrize("doc, fld", [
    ({"apiVersion": "karpenter.k8s.aws/v1", "kind": "EC2NodeClass", "metadata": {"name": "default"}, "spec": [1]},
     "spec: must be a mapping"),
    ({"apiVersion": "karpenter.k8s.aws/v1", "kind": "EC2NodeClass", "metadata": {"name": "default"},
      "spec": {"amiFamily": ["Windows2022"]}}, "spec.amiFamily: must be a string"),
])
def test_a_malformed_node_class_names_the_field(tmp_path, doc, fld):
    with pytest.raises(WorkloadError, match=re.escape(fld)):
        import_k8s(_with_inflate(tmp_path, _pool("p", []), yaml.safe_dump(doc)))


@pytest.mark.parametrize("template, fld", [([1], "spec.template: must be a mapping"),
                                           ({"spec": "x"}, "spec.template.spec: must be a mapping")])
def test_a_malformed_template_names_it(tmp_path, template, fld):
    pool = yaml.safe_load(_pool("p", []))
    pool["spec"]["template"] = template
    with pytest.raises(WorkloadError, match=re.escape(fld)):
        import_k8s(_with_inflate(tmp_path, yaml.safe_dump(pool)))


def test_an_os_requirement_that_allows_no_node_exits_2(tmp_path):
    with pytest.raises(WorkloadError, match="kubernetes.io/os DoesNotExist allows no node"):
        import_k8s(_with_inflate(tmp_path, _pool("p", [{"key": "kubernetes.io/os", "operator": "DoesNotExist"}])))


def test_an_exclusion_and_a_pool_with_a_higher_weight_it_cannot_use(tmp_path):
    """A pod with instance-family NotIn [t3] and a weight-100 pool of t3 only: Karpenter uses the other pool."""
    burst = _pool("burst", [_req("karpenter.k8s.aws/instance-family", "In", "t3")], weight=100)
    general = _pool("general", [_req("karpenter.k8s.aws/instance-category", "In", "c", "m", "r"),
                                _req("karpenter.k8s.aws/instance-generation", "Gt", "4")], weight=10)
    pod = yaml.safe_load(_deployment("web"))
    pod["spec"]["template"]["spec"]["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": "karpenter.k8s.aws/instance-family", "operator": "NotIn",
                                                     "values": ["t3"]}]}]}}}
    res = import_k8s(_file(tmp_path, yaml.safe_dump(pod), burst, general))
    assert "t3" not in res.ec2["allowed_families"] and "m5" in res.ec2["allowed_families"]
    assert any("burst not read" in n for n in res.notes)


def test_selectors_that_contradict_or_name_accelerated_families(tmp_path):
    """In and NotIn on the instance type in one term crashed (AttributeError); a type and a size no type has together
    were priced on the type; category g was narrowed to the one unaccelerated g family."""
    pod = yaml.safe_load(_deployment("a"))
    pod["spec"]["template"]["spec"]["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["m5.large", "m5.xlarge"]},
            {"key": "node.kubernetes.io/instance-type", "operator": "NotIn", "values": ["m5.large"]}]}]}}}
    svc = import_k8s(_file(tmp_path, yaml.safe_dump(pod))).workload.services[0]
    from advisor.workload.type_pattern import type_matches

    assert set(svc.instance_types or []) | {"m5.large", "m5.xlarge"} == {"m5.large", "m5.xlarge"}
    assert not type_matches(svc.instance_type_pattern, "m5.large")
    with pytest.raises(WorkloadError, match="allow no instance (type|family) at all"):
        import_k8s(_file(tmp_path, _deployment("a", {"node.kubernetes.io/instance-type": "m5.large",
                                                     "karpenter.k8s.aws/instance-size": "xlarge"})))
    res = import_k8s(_file(tmp_path, _deployment("a", {"karpenter.k8s.aws/instance-category": "g"})))
    assert {"g4dn", "g5", "g6"} <= set(res.ec2["allowed_families"])


@pytest.mark.parametrize("values, message", [([], "operator NotIn needs at least one value"),
                                             ([5], "5 is not a string"), ([None], "null is not a string")])
def test_a_pod_affinity_the_api_server_refuses_exits_2(tmp_path, values, message):
    pod = yaml.safe_load(_deployment("a"))
    pod["spec"]["template"]["spec"]["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": "node.kubernetes.io/instance-type", "operator": "NotIn",
                                                     "values": values}]}]}}}
    with pytest.raises(WorkloadError, match=message):
        import_k8s(_file(tmp_path, yaml.safe_dump(pod)))


def test_compare_region_resolves_a_nodepool_in_that_region_as_import_does(tmp_path):
    """``compare MANIFESTS --region R`` reads a NodePool against the instance types priced in R, as ``advisor import
    k8s --region R`` does. It used to resolve it in us-east-1 and then price in R: instance-family In [m8g, m7i] with
    4 vCPUs gave allowed_types m7i.xlarge and m8g.xlarge, and, the bundled ap-southeast-2 data having no m8g
    price, every EC2 platform failed for 'missing price data ... m8g.xlarge', while the imported workload priced
    m7i.xlarge nodes. A region that is not one is refused as such before the NodePool is read."""
    p = _with_inflate(tmp_path, _pool("graviton", [_req("karpenter.k8s.aws/instance-family", "In", "m8g", "m7i"),
                                                   _req("karpenter.k8s.aws/instance-cpu", "In", "4")]))
    imported = import_k8s(p, region="ap-southeast-2")
    assert imported.ec2["allowed_types"] == ["m7i.xlarge"]
    c = compare(str(p), region="ap-southeast-2", platforms=["eks-ec2"])
    assert c.workload.ec2.allowed_types == ["m7i.xlarge"]
    assert any("priced in ap-southeast-2" in n for n in c.workload.notes)
    assert not any("us-east-1" in n for n in c.workload.notes)
    eks = c.estimate("eks-ec2")
    assert eks.complete and {ln.instance_type for ln in eks.lines if ln.instance_type} == {"m7i.xlarge"}
    for args in (["compare", str(p), "--region", "mars-1"],
                 ["nodes", "pack", str(p), "--platform", "eks-ec2", "--region", "mars-1"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2
        assert "'mars-1' is not an AWS region" in r.output and "NodePool" not in r.output


def test_python_api_reads_manifests_in_the_region_it_moves_them_to(tmp_path):
    """regions_frame, with_region and scenario(region=...) of a path read the manifests in that region, as
    ``compare --region`` does: they loaded them in us-east-1 (the NodePool's m8g.xlarge and m7i.xlarge) and then
    priced ap-southeast-2, whose bundled data has no m8g price, so EKS on EC2 there was 'no price data'."""
    import advisor

    p = _with_inflate(tmp_path, _pool("graviton", [_req("karpenter.k8s.aws/instance-family", "In", "m8g", "m7i"),
                                                   _req("karpenter.k8s.aws/instance-cpu", "In", "4")]))
    assert advisor.load(p).ec2.allowed_types == ["m7i.xlarge", "m8g.xlarge"]
    for w in (advisor.with_region(p, "ap-southeast-2"), advisor.scenario(str(p), region="ap-southeast-2")):
        assert (w.region, w.ec2.allowed_types) == ("ap-southeast-2", ["m7i.xlarge"])
    df = advisor.regions_frame(str(p), regions=["ap-southeast-2"], platforms=["eks-ec2"])
    expected = compare(str(p), region="ap-southeast-2", platforms=["eks-ec2"]).estimate("eks-ec2").monthly_cost
    assert df.status.tolist() == ["ok"] and df.monthly_cost.tolist() == pytest.approx([expected])


def test_pods_priced_on_x86_64_beside_arm64_nodes_are_named(tmp_path):
    """Pools that launch both architectures leave the pods that name no architecture on x86_64 (their images may
    be x86_64 only), as before, and now say so with the setting that prices Graviton. The inflate Deployment names
    none: with Karpenter's multiple-arch example (an amd64 pool and an arm64 pool of equal weight) or one pool of
    kubernetes.io/arch In [amd64, arm64] it gets the note; with an amd64-only pool it does not."""
    both = _pool("default", [_req("kubernetes.io/arch", "In", "amd64", "arm64"),
                             _req("karpenter.k8s.aws/instance-category", "In", "c", "m")])
    for doc, pools in (("multiple-arch.yaml", "amd64, arm64"), (both, "default")):
        res = import_k8s(_with_inflate(tmp_path, doc))
        assert res.services[0].data["architecture"] == "x86_64"
        note = [n for n in res.notes if n.startswith("inflate: their pods name no architecture")]
        assert len(note) == 1 and f"NodePool(s) {pools} launch x86_64 and arm64 nodes: priced on x86_64" in note[0]
        assert "set architecture: arm64" in note[0]
    amd = _pool("default", [_req("kubernetes.io/arch", "In", "amd64")])
    assert not any("name no architecture" in n for n in import_k8s(_with_inflate(tmp_path, amd)).notes)


def _team_deployment(name: str, pod: dict) -> str:
    return yaml.safe_dump({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name}, "spec": {
        "replicas": 2, "selector": {"matchLabels": {"app": name}}, "template": {"metadata": {"labels": {"app": name}},
        "spec": {"containers": [{"name": name, "image": name, "resources": {"requests": {"cpu": "1"}}}], **pod}}}})


def _labelled(pool: str, labels: dict) -> str:
    doc = yaml.safe_load(pool)
    doc["spec"]["template"]["metadata"] = {"labels": labels}
    return yaml.safe_dump(doc)


#: A pool for everyone (c6i) and one dedicated to a team (m6i, weight 10): taint team=data:NoSchedule and template
#: label team: data, the usual way to keep a NodePool for the pods that both tolerate its taint and select its label.
_GENERAL = _pool("general", [_req("karpenter.k8s.aws/instance-family", "In", "c6i")])
_DEDICATED = _labelled(_pool("dedicated", [_req("karpenter.k8s.aws/instance-family", "In", "m6i")], weight=10,
                             taints=[{"key": "team", "value": "data", "effect": "NoSchedule"}]), {"team": "data"})


def test_a_tainted_pool_is_read_for_the_pods_that_tolerate_it(tmp_path):
    """Pools with taints were left out for every pod ('advisor does not read tolerations'), so a dedicated pool the
    pods tolerate and select was never read and its pods were priced on whatever the other pools allowed. Karpenter
    docs, 'NodePools': 'If Karpenter encounters a taint in the NodePool that is not tolerated by a Pod, Karpenter
    won't use that NodePool to provision the pod'; of the pools a pod may use, the highest weight."""
    etl = _team_deployment("etl", {"tolerations": [{"key": "team", "operator": "Equal", "value": "data",
                                                "effect": "NoSchedule"}], "nodeSelector": {"team": "data"}})
    res = import_k8s(_with_inflate(tmp_path, _GENERAL, _DEDICATED, etl))
    # inflate tolerates nothing: general; etl tolerates and selects the dedicated pool: both pools are read together
    assert res.ec2["allowed_families"] == ["c6i", "m6i"]
    assert any(n.startswith("NodePool(s) dedicated, general read for the nodes (the pods use all of them") for n in
               res.notes)
    assert not any("have taints" in n for n in res.notes)
    # without etl, the dedicated pool is not read, and the note says why
    res = import_k8s(_with_inflate(tmp_path, _GENERAL, _DEDICATED))
    assert res.ec2["allowed_families"] == ["c6i"]
    assert any(n.startswith("NodePool(s) dedicated have taints (NoSchedule / NoExecute) that no pod of the input "
                            "tolerates: not read") for n in res.notes)


@pytest.mark.parametrize("pod, families, said", [
    # an empty key with Exists tolerates every taint: the higher weight, dedicated, wins
    ({"tolerations": [{"operator": "Exists"}]}, ["m6i"], None),
    # a toleration of another effect, or another value, does not tolerate team=data:NoSchedule
    ({"tolerations": [{"key": "team", "operator": "Exists", "effect": "NoExecute"}]}, ["c6i"], None),
    ({"tolerations": [{"key": "team", "value": "web"}]}, ["c6i"], None),
    # tolerating the taint, but selecting another team's label: no pool carries team=web
    ({"tolerations": [{"operator": "Exists"}], "nodeSelector": {"team": "web"}}, None,
     "etl: no NodePool it may use runs its pods (general: its nodes do not carry team=web, which the pods select; "
     "dedicated: its nodes carry team=data, the pods select team=web): Karpenter would launch no node for them"),
    # selecting the label without tolerating the taint
    ({"nodeSelector": {"team": "data"}}, None,
     "etl: no NodePool it may use runs its pods (general: its nodes do not carry team=data, which the pods select; "
     "dedicated: taint team=data:NoSchedule not tolerated)"),
])
def test_tolerations_and_custom_labels_choose_the_pools_a_pod_may_use(tmp_path, pod, families, said):
    res = import_k8s(_only(tmp_path, _GENERAL, _DEDICATED, _team_deployment("etl", pod)))
    if families is not None:
        assert res.ec2["allowed_families"] == families
    if said is not None:
        assert any(said in n for n in res.notes), res.notes


def _only(tmp_path, *docs: str) -> Path:
    p = tmp_path / "only.yaml"
    p.write_text("\n---\n".join(docs))
    return p


@pytest.mark.parametrize("toleration, fld, message", [
    ({"key": "team", "operator": "exists"}, "tolerations[0].operator", "is not valid; a toleration's operator is"),
    ({"key": "team", "operator": "Exists", "value": "data"}, "tolerations[0].value", "must be empty when operator is"),
    ({"operator": "Equal", "value": "data"}, "tolerations[0].key", "is required unless operator is Exists"),
    ({"key": "team", "effect": "NoScheduled"}, "tolerations[0].effect", "is not a taint effect"),
    ({"key": "team", "value": 5}, "tolerations[0].value", "is not a string"),
    # tolerationSeconds is an int64 and only beside NoExecute (ValidateTolerations); both were read without a word
    ({"key": "team", "effect": "NoExecute", "tolerationSeconds": "abc"}, "tolerations[0].tolerationSeconds",
     "'abc' is not valid; give a whole number of seconds"),
    ({"key": "team", "effect": "NoExecute", "tolerationSeconds": 1.5}, "tolerations[0].tolerationSeconds",
     "1.5 is not valid"),
    ({"key": "team", "effect": "NoSchedule", "tolerationSeconds": 30}, "tolerations[0].effect",
     "effect must be 'NoExecute' when `tolerationSeconds` is set"),
])
def test_a_toleration_the_api_server_refuses_exits_2(tmp_path, toleration, fld, message):
    p = _only(tmp_path, _team_deployment("etl", {"tolerations": [toleration]}))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"spec.template.spec.{fld}" in r.output and message in r.output


@pytest.mark.parametrize("seconds", [300, "300", ""])
def test_toleration_seconds_beside_no_execute_is_read(tmp_path, seconds):
    # a number, or the Terraform provider's string of one ('' when unset), beside NoExecute: imported
    p = _only(tmp_path, _team_deployment("etl", {"tolerations": [
        {"key": "team", "effect": "NoExecute", "tolerationSeconds": seconds}]}))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 0, r.output


# --------------------------------------------------------------------------------------------- spec.limits
def _limited(name: str, limits, requirements=None, **kw) -> str:
    pool = yaml.safe_load(_pool(name, requirements or [_req("karpenter.k8s.aws/instance-category", "In", "c", "m")],
                                **kw))
    pool["spec"]["limits"] = limits
    return yaml.safe_dump(pool)


def test_node_overlay_team_alpha_cpu_limit_against_the_planned_fleet(tmp_path):
    """karpenter-blueprints node-overlay: NodePool team-alpha (amd64 c/m/r, generation > 4, On-Demand) has limits
    {cpu: 100}, and workload-team-alpha (1 vCPU / 1Gi pods) selects it. The limits were only noted ('not modelled').
    Now they are ec2.node_pool_limits (vcpu 100) and the EKS on EC2 estimate compares its planned nodes' vCPUs with
    them. As written (1 replica) the fleet is far below 100 vCPU: no note. Scaled to 120 replicas (kubectl scale),
    EKS on EC2 plans 1 x c6a.12xlarge (48 vCPU) + 1 x c6a.16xlarge (64) + 1 x c6a.2xlarge (8) + 1 x c6a.xlarge (4) =
    124 vCPU > 100: Karpenter would launch no node past 100 vCPU, so the note names the pool, both figures and the fix;
    the price is the same fleet's with or without the limits."""
    overlay = REAL / "karpenter-node-overlay"
    pool = (overlay / "nodepool-targeted.yaml").read_text()
    app_ = (overlay / "workload-targeted.yaml").read_text()
    res = import_k8s(_file(tmp_path, pool, app_))
    assert res.ec2["node_pool_limits"] == {"node_pools": ["team-alpha"], "vcpu": 100}
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert not [n for n in est.notes if n.startswith("NodePool limits exceeded")]

    scaled = import_k8s(_file(tmp_path, pool, app_.replace("replicas: 1\n", "replicas: 120\n")))
    w = scaled.workload
    assert w.ec2.node_pool_limits.vcpu == 100 and w.services[0].replicas == 120
    est = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    fleet = sorted((r["instance_type"], r["count"], r["vcpu"]) for r in est.fleet.nodes)
    assert fleet == [("c6a.12xlarge", 1, 48), ("c6a.16xlarge", 1, 64), ("c6a.2xlarge", 1, 8), ("c6a.xlarge", 1, 4)]
    [note] = [n for n in est.notes if n.startswith("NodePool limits exceeded")]
    assert note.startswith("NodePool limits exceeded: team-alpha: spec.limits.cpu 100 is below the planned nodes' 124 "
                           "vCPU (raise it to at least 124).")
    assert "would stay Pending" in note and "raise the limits to run it" in note
    unlimited = w.model_copy(update={"ec2": w.ec2.model_copy(update={"node_pool_limits": None})})
    free = compare(unlimited, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert est.monthly_cost == free.monthly_cost == pytest.approx(3541.79)
    assert not [n for n in free.notes if n.startswith("NodePool limits exceeded")]
    # ECS on EC2 draws on the same ec2 settings but no NodePool: no note there
    ecs = compare(w, platforms=["ecs-ec2"], scaling=False).estimate("ecs-ec2")
    assert not [n for n in ecs.notes if "NodePool limits" in n]


def test_memory_and_node_limits_are_node_capacity(tmp_path):
    """2 pods of 1 vCPU / 1Gi on On-Demand m6a.large only (2 vCPU, 8 GiB): 2 nodes (ec2.min_nodes 2; one 1-vCPU pod fits
    a node beside the add-ons), compared as Karpenter counts capacity:
    memory 8192 - ceil(8192 x 7.5%) = 8192 - 615 = 7,577 MiB per node, not allocatable. A limit of exactly the
    planned capacity is within (Karpenter: usage above the limit exceeds it); one MiB and one node less is not."""
    pool = _limited("p", {"memory": "15154Mi", "nodes": 2},
                    [_req("node.kubernetes.io/instance-type", "In", "m6a.large"),
                     _req("karpenter.sh/capacity-type", "In", "on-demand")])
    res = import_k8s(_file(tmp_path, _deployment("web"), pool))
    assert res.ec2["node_pool_limits"] == {"node_pools": ["p"], "memory_mib": 15154, "nodes": 2}
    w = res.workload
    est = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("m6a.large", 2)]
    assert not [n for n in est.notes if n.startswith("NodePool limits exceeded")]  # 2 x 7,577 = 15,154: at the limit
    tight = w.model_copy(update={"ec2": w.ec2.model_copy(update={"node_pool_limits": w.ec2.node_pool_limits.model_copy(
        update={"memory_mib": 15153.0, "nodes": 1})})})
    [note] = [n for n in compare(tight, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2").notes
              if n.startswith("NodePool limits exceeded")]
    assert ("spec.limits.memory 14.7979Gi (15,153 MiB) is below the planned nodes' 15,154 MiB memory capacity "
            "(installed memory less the VM overhead; raise it to at least 15154Mi, 15Gi)") in note
    assert "spec.limits.nodes 1 is below the 2 planned nodes (raise it to at least 2)" in note


def test_pools_read_together_sum_the_limits_every_one_sets(tmp_path):
    a = _limited("a", {"cpu": "4", "memory": "8Gi", "nvidia.com/gpu": 2})
    b = _limited("b", {"cpu": "8500m", "nodes": "3"})
    res = import_k8s(_file(tmp_path, _deployment("web"), a, b))
    assert res.ec2["node_pool_limits"] == {"node_pools": ["a", "b"], "vcpu": 12.5}  # memory, nodes: not both
    assert "NodePool(s) a: spec.limits nvidia.com/gpu not compared (advisor compares cpu, memory and nodes)" in res.notes


def test_a_limit_beyond_any_fleet_is_no_limit(tmp_path):
    """Reported: ``memory: 1Ei`` (a common way to write "no limit") was refused as the workload's
    ec2.node_pool_limits.memory_mib above 1e12. A limit no fleet can reach is left out; the others are kept."""
    a = _limited("a", {"cpu": "100", "memory": "1Ei", "nodes": 10**13})
    res = import_k8s(_file(tmp_path, _deployment("web"), a))
    assert res.ec2["node_pool_limits"] == {"node_pools": ["a"], "vcpu": 100.0}


@pytest.mark.parametrize("nodes, read", [(20, 20), ("1k", 1000), ("2500m", 2), ("3Ki", 3072), ("0", 0),
                                         (1e30, None), ("1e30", None), ("1Ei", None)])
def test_a_node_limit_is_a_quantity_as_karpenter_reads_it(tmp_path, nodes, read):
    """Reported: ``nodes: 1e30`` was refused as "not a node count" while ``memory: 1Ei`` was read as no limit.
    NodePool ``limits`` is a ``v1.ResourceList`` (kubernetes-sigs/karpenter ``type Limits v1.ResourceList``), so
    ``nodes`` is a Kubernetes quantity: '1k' is 1,000 nodes; Karpenter counts 1 per node and a limit is exceeded only
    by usage above it, so '2500m' allows 2 nodes; beyond any fleet (1e30, 1Ei: above 1e12) it is no limit."""
    res = import_k8s(_file(tmp_path, _deployment("web"), _limited("a", {"cpu": "100", "nodes": nodes})))
    assert res.ec2["node_pool_limits"] == {"node_pools": ["a"], "vcpu": 100.0, **({"nodes": read} if read is not None
                                                                                  else {})}
    assert all(type(v) is int for k, v in res.ec2["node_pool_limits"].items() if k == "nodes")


@pytest.mark.parametrize("limits, replicas, fld, message", [
    ({"cpu": "lots"}, None, "spec.limits.cpu", "is not a Kubernetes CPU quantity"),
    ({"cpu": "-4"}, None, "spec.limits.cpu", "CPU must be a finite number >= 0"),
    ({"memory": "-1Gi"}, None, "spec.limits.memory", "must be a finite number >= 0"),
    ({"memory": "10 GB"}, None, "spec.limits.memory", "has a space in it"),
    ({"nodes": -1}, None, "spec.limits.nodes", "-1 is not a node count: limits.nodes is a Kubernetes quantity, 0 or "
                                               "more (e.g. 20 or '1k')"),
    ({"nodes": "lots"}, None, "spec.limits.nodes", "'lots' is not a node count"),
    ({"nodes": "1e3k"}, None, "spec.limits.nodes", "'1e3k' is not a node count"),  # an exponent and a suffix
    (["cpu", "100"], None, "spec.limits", "must be a mapping of resource limits (cpu, memory, nodes)"),
    ({"cpu": "10", "nodes": 2}, 2, "spec.limits", "cpu: a static NodePool (spec.replicas) takes limits.nodes only"),
])
def test_bad_limits_name_the_field(tmp_path, limits, replicas, fld, message):
    pool = yaml.safe_load(_limited("p", limits))
    if replicas is not None:
        pool["spec"]["replicas"] = replicas
    p = _file(tmp_path, _deployment("web"), yaml.safe_dump(pool))
    with pytest.raises(WorkloadError) as err:
        import_k8s(p)
    assert fld in str(err.value) and message in str(err.value), str(err.value)
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "Traceback" not in r.output
