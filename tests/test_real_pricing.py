"""Each platform prices what real manifests and task definitions say, by that platform's documented rule.

Every expected value is computed by hand (arithmetic in the comments) from the bundled us-east-1 rates
(advisor/pricing_data): Fargate Linux x86 $0.04048 per vCPU-hour, $0.004445 per GB-hour, ephemeral storage
$0.000111 per GB-hour; Fargate Spot x86 $0.01288871 / $0.00141527; gp3 $0.08 per GB-month; NLB $0.0225 per
hour and $0.006 per NLCU-hour; c7a.medium $0.05132 and c6a.large $0.0765 per hour; 730 hours; EKS control plane
$73.00. One Fargate task/pod a month: 0.25 vCPU / 0.5 GB = (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = $9.010025;
0.5 / 1 GB = $18.02005; 1 / 2 GB = $36.0401.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from advisor.compare import compare
from advisor.costing.fargate_spot import estimate_ecs_fargate_spot
from advisor.costing.shared import nlb_nlcu_per_hour
from advisor.render.checklist import review
from advisor.sizing.fleet import fleet_planner, plan_fleet
from advisor.workload import parse_workload
from advisor.workload.importers import load_any
from advisor.workload.model import NetworkLoadBalancers

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
K8S, ECS = REAL / "k8s", REAL / "ecs"
FARGATE = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]


def wl(services, **top):
    return parse_workload({"name": "t", "services": services, **top})


def compute(est, service=None) -> float:
    """The estimate's task/pod compute lines (vCPU, memory, OS licence), for one service or all."""
    return sum(line.monthly_cost for line in est.lines if line.category in ("compute", "spot", "os_license")
               and (service is None or line.service == service))


def scale_total(est) -> float:
    other, lines = est.scale.at(1.0, est.platform)
    return other + sum(line.monthly_cost for line in lines)


# ------------------------------------------------------------------------------------ 1. DaemonSets


DEPLOYMENT_AND_AGENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          resources: {requests: {cpu: 400m, memory: 768Mi}}
        - name: envoy
          resources: {requests: {cpu: 100m, memory: 256Mi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: migrate-first}
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          resources: {requests: {cpu: "1", memory: 1Gi}}
      containers:
        - name: app
          resources: {requests: {cpu: 200m, memory: 256Mi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit}
spec:
  template:
    spec:
      containers:
        - name: fluent-bit
          resources: {requests: {cpu: 100m, memory: 128Mi}}
"""


def test_daemonset_runs_as_a_sidecar_in_every_fargate_task_and_pod(tmp_path, prices):
    path = tmp_path / "app.yaml"
    path.write_text(DEPLOYMENT_AND_AGENT)
    c = compare(path, prices=prices, platforms=FARGATE)
    assert not any(e.excluded for e in c.estimates)  # DaemonSets no longer rule Fargate out
    ecs, eks = c.estimate("ecs-fargate"), c.estimate("eks-fargate")
    # web: app 400m/768Mi + envoy 100m/256Mi + fluent-bit 100m/128Mi = 0.6 vCPU / 1152 MiB
    #   ECS: -> 1 vCPU / 2 GB = $36.0401 a task, 2 tasks = $72.0802
    #   EKS: 1152 + 256 = 1408 MiB, 0.6 vCPU -> 1 vCPU / 2 GB, the same $72.0802
    assert compute(ecs, "web") == pytest.approx(72.0802, abs=1e-6)
    assert compute(eks, "web") == pytest.approx(72.0802, abs=1e-6)
    # migrate-first: long-running 200m/256Mi + fluent-bit 100m/128Mi = 300m/384Mi, but the init container needs
    # 1 vCPU / 1024 MiB first (Kubernetes pod-request rule): the request stays 1 vCPU / 1024 MiB
    #   ECS: 1 vCPU / 2 GB = $36.0401; EKS: 1024 + 256 = 1280 MiB -> 1 vCPU / 2 GB = $36.0401
    assert compute(ecs, "migrate-first") == pytest.approx(36.0401, abs=1e-6)
    assert compute(eks, "migrate-first") == pytest.approx(36.0401, abs=1e-6)
    assert any("fluent-bit adds 0.1 vCPU / 128 MiB into each pod's request, before the 256 MiB" in n for n in eks.notes)
    assert any("fluent-bit adds 0.1 vCPU / 128 MiB into each task's size" in n for n in ecs.notes)
    # the Services section shows the billed Fargate size, sidecar included
    web = next(s for s in c.services() if s["name"] == "web")
    assert web["fargate_size"] == {"vcpu": 1.0, "memory_mib": 2048.0}


def test_the_sidecar_note_agrees_with_the_number_of_daemonsets(prices):
    # one DaemonSet "adds" (the note read "fluent-bit add 0.1 vCPU"); two "add" their sum
    def note(pods):
        w = parse_workload({"name": "d", "services": [{"name": "web", "cpu": 0.5, "memory": 1024}],
                            "daemonsets": pods})
        est = compare(w, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
        return next(n for n in est.notes if n.startswith("DaemonSets as sidecars"))

    assert "sidecar): fluent-bit adds 0.1 vCPU / 128 MiB into each task's size;" in note(
        [{"name": "fluent-bit", "cpu": "100m", "memory": "128Mi"}])
    assert "sidecar): fluent-bit, otel add 0.15 vCPU / 192 MiB into each task's size;" in note(
        [{"name": "fluent-bit", "cpu": "100m", "memory": "128Mi"}, {"name": "otel", "cpu": "50m", "memory": "64Mi"}])


def test_daemonset_excluded_on_fargate_and_kept_per_node_on_ec2(prices):
    services = [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]
    w = wl(services, daemonsets={"on_fargate": "exclude", "pods": [{"name": "agent", "cpu": 0.1, "memory": 128}]})
    c = compare(w, prices=prices, platforms=["ecs-fargate", "eks-fargate"])
    # left out: ECS 0.5 vCPU / 1 GB = $18.02005 x 2 = $36.0401;
    # EKS 1024 + 256 = 1280 MiB -> 0.5 vCPU / 2 GB = (0.5 x 0.04048 + 2 x 0.004445) x 730 = 0.02913 x 730 = $21.2649,
    # x 2 = $42.5298
    assert compute(c.estimate("ecs-fargate")) == pytest.approx(36.0401, abs=1e-6)
    assert compute(c.estimate("eks-fargate"), "web") == pytest.approx(42.5298, abs=1e-6)
    # the cluster's 2 CoreDNS pods run on Fargate too (0.25 vCPU / 0.5 GB each, $9.010025); no DaemonSet in them
    assert compute(c.estimate("eks-fargate")) == pytest.approx(42.5298 + 2 * 9.010025, abs=1e-6)
    assert any("left out on Fargate (daemonsets.on_fargate: exclude): agent" in n for n in c.estimate("ecs-fargate").notes)
    # on EC2 nodes the DaemonSet stays per-node overhead: every node gives 0.1 vCPU / 128 MiB to it
    planner = fleet_planner(w, "eks-ec2", prices)
    cap = planner.capacities["m7i.large"] if "m7i.large" in planner.capacities else next(iter(planner.capacities.values()))
    # aws-node 50m (aws-node and aws-eks-nodeagent containers), kube-proxy 100m, agent 100m
    assert "agent" in cap.details["daemonsets"] and cap.daemonset_cpu == pytest.approx(0.05 + 0.1 + 0.1)


def test_unsized_daemonset_adds_nothing_and_is_listed(prices):
    # a DaemonSet without requests follows the missing-requests rule: counts 0, listed in the input notes
    w = wl([{"name": "web", "cpu": 0.5, "memory": 1024}], daemonsets=[{"name": "node-exporter"}])
    c = compare(w, prices=prices, platforms=["ecs-fargate"])
    assert compute(c.estimate("ecs-fargate")) == pytest.approx(18.02005, abs=1e-6)  # 0.5 / 1 GB, unchanged
    assert any("DaemonSet node-exporter (no cpu or memory)" in n for n in c.notes)


# ------------------------------------------------------------------------------------ 2. containers without requests


def test_sock_shop_lists_each_container_once_and_each_platform_says_its_rule(prices):
    c = compare(K8S / "sock-shop-complete-demo.yaml", prices=prices, scaling=False)
    every_note = list(c.notes) + [n for e in c.estimates for n in e.notes]
    # 7 containers without requests, each named exactly once in all the notes together
    for container in ("carts-db: carts-db", "rabbitmq: rabbitmq (", "rabbitmq: rabbitmq-exporter", "user-db: user-db"):
        assert sum(n.count(container) for n in every_note) == 1, container
    eks = c.estimate("eks-fargate")
    assert any("each pod runs at the smallest Fargate size, 0.25 vCPU / 0.5 GB" in n for n in eks.notes)
    # ECS on Fargate: 14 tasks, each the smallest size 0.25 / 0.5 GB (the largest request, 100m / 300Mi, fits):
    # 14 x 9.010025 = $126.14035
    assert compute(c.estimate("ecs-fargate")) == pytest.approx(126.14035, abs=1e-6)
    # ECS on EC2: 14 awsvpc tasks, each with its own ENI (2 per c6a.large: 3 ENIs - 1): 7 x c6a.large =
    # 7 x 0.0765 x 730 = $390.915 of instances; the ENIs drive it, and the estimate says so for the zero-request tasks
    ecs_ec2 = c.estimate("ecs-ec2")
    assert ecs_ec2.fleet.limiting == "awsvpc task ENIs"
    assert ecs_ec2.fleet.instance_monthly == pytest.approx(390.915, abs=1e-6)
    assert any("yet each awsvpc task still needs its own ENI" in n and "carts-db" in n for n in ecs_ec2.notes)
    # EKS on EC2: the zero-request pods still take one pod slot each
    planner = fleet_planner(c.workload, "eks-ec2", prices)
    groups, _ = planner.items(c.workload)
    assert next(g for g in groups if g.name == "carts-db").demand == (0.0, 0.0, 1.0)


# ------------------------------------------------------------------------------------ 3. network modes


def test_bridge_task_definition_packs_without_enis(prices):
    # nginx_ec2: bridge, 256 CPU units / 256 MiB, containerPort 80 without a hostPort (a dynamic port). Six tasks:
    # bridge -> no ENI per task; c7a.medium (1 vCPU, 2048 MiB - ceil(2048 x 7.5%) = 1894 MiB registered) holds
    # 4 by CPU; ec2.min_nodes 2 -> 2 x c7a.medium = 2 x 0.05132 x 730 = $74.9272, + 2 x 30 GiB x $0.08 root = $4.80
    w = load_any(ECS / "aws-containers-task-definitions-nginx-nginx_ec2.json")
    six = w.model_copy(update={"services": [w.services[0].model_copy(update={"replicas": 6})]})
    est = compare(six, prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("c7a.medium", 2)]
    assert est.monthly_cost == pytest.approx(74.9272 + 4.80, abs=1e-6)
    # the same six tasks in awsvpc mode take an ENI each: c6a.large has 3 ENIs -> 2 tasks; 3 x 0.0765 x 730 =
    # $167.535, + 3 x $2.40 root = $174.735
    awsvpc = six.model_copy(update={"services": [six.services[0].model_copy(update={"network_mode": "awsvpc"})]})
    est = compare(awsvpc, prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("c6a.large", 3)]
    assert est.monthly_cost == pytest.approx(174.735, abs=1e-6)


def test_bridge_and_host_tasks_cannot_run_on_ecs_fargate(prices):
    for name, mode in (("aws-containers-task-definitions-nginx-nginx_ec2.json", "bridge"),
                       ("aws-containers-task-definitions-consul-ConsulClient.json", "host")):
        c = compare(ECS / name, prices=prices, platforms=["ecs-fargate", "ecs-fargate-spot", "ecs-ec2"])
        for p in ("ecs-fargate", "ecs-fargate-spot"):
            [u] = c.estimate(p).unsupported
            assert f"network mode {mode} runs only on EC2 instances" in u.reason
            assert "the awsvpc network mode is required" in u.reason
        assert c.estimate("ecs-ec2").complete and c.recommendation.platform == "ecs-ec2"


def test_static_host_port_allows_one_task_per_instance(prices):
    # hostPort 80 in bridge mode: one task per instance -> 6 tasks need 6 instances (the cheapest x86 type that holds
    # 0.25 vCPU / 256 MiB is c7a.medium): 6 x 0.05132 x 730 = $224.7816 of instances
    w = wl([{"name": "web", "cpu": 0.25, "memory": 256, "replicas": 6, "network_mode": "bridge", "host_ports": [80]}])
    est = compare(w, prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert est.fleet.node_count == 6
    assert est.fleet.instance_monthly == pytest.approx(224.7816, abs=1e-6)
    assert any("at most one task of each of these services on an instance" in n for n in est.notes)


def test_static_host_ports_hold_on_every_ec2_backed_ecs_platform(prices):
    """Four tasks holding hostPort 80 need four instances on ECS on EC2 and on ECS Managed Instances in host mode
    ("You can't run more than a single instantiation of a task on each host", Amazon ECS Developer Guide, Managed
    Instances "Host network mode"): Managed Instances packed them three instances deep before (no port rule), and ECS
    on EC2 dropped the rule as soon as an awsvpc task shared the fleet."""
    host = {"name": "web", "cpu": 0.25, "memory": 512, "replicas": 4, "network_mode": "host", "host_ports": [80]}
    assert plan_fleet(wl([host]), "ecs-ec2", prices).node_count == 4
    mi = wl([{**host, "network_mode": None}], ecs_managed_instances={"network_mode": "host"})
    assert plan_fleet(mi, "ecs-managed-instances", prices).node_count == 4
    # the same task in awsvpc mode holds no port of its instance: 4 x 0.25 vCPU / 512 MiB share instances
    assert plan_fleet(wl([{**host, "network_mode": "awsvpc"}]), "ecs-managed-instances", prices).node_count == 3
    # a bridge-default workload with one awsvpc service still keeps the static-port tasks one per instance
    mixed = wl([{**host, "network_mode": None}, {"name": "api", "cpu": 0.25, "memory": 512, "replicas": 2,
                                                 "network_mode": "awsvpc"}], ec2={"ecs_network_mode": "bridge"})
    assert plan_fleet(mixed, "ecs-ec2", prices).node_count == 4


def test_host_ports_conflict_only_on_the_same_protocol(prices):
    """53/TCP and 53/UDP are different ports (ECS: PORTS and PORTS_UDP, Amazon ECS API Reference, Resource): two bridge
    services holding them need no note and share instances (4: dns-tcp's tasks apart, dns-udp's beside them); both on
    53/TCP need 4 + 3 = 7 instances, one task holding port 53 each, whichever service it belongs to ("A port number on
    a host can't be used by multiple tasks"), and the packing keeps them so (it kept only each service's own tasks
    apart before, 4 instances, and a note said the fleet may be short by 3)."""
    tcp = {"name": "dns-tcp", "cpu": 0.25, "memory": 512, "replicas": 4, "network_mode": "bridge", "host_ports": [53]}
    udp = {"name": "dns-udp", "cpu": 0.25, "memory": 512, "replicas": 3, "network_mode": "bridge",
           "host_ports": [{"port": 53, "protocol": "udp"}]}
    est = compare(wl([tcp, udp]), prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert est.fleet.node_count == 4
    assert not any(n.startswith("Host ports held by") for n in est.notes)
    assert any("dns-tcp (53); dns-udp (53/UDP)" in n for n in est.notes)
    both = compare(wl([tcp, {**udp, "host_ports": [53]}]), prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert both.fleet.node_count == 7
    [note] = [n for n in both.notes if n.startswith("Host ports held by")]
    assert note.startswith("Host ports held by tasks of more than one service: port 53: dns-tcp, dns-udp (7 tasks).")
    assert note.endswith("so the packing places at most one of those tasks on an instance, whichever service it "
                         "belongs to: at least 7 instances (give the services different ports to let them share).")


def test_pods_on_one_port_of_different_addresses_are_kept_apart_as_the_scheduler_does(prices):
    """Kubernetes ``HostPortInfo.CheckConflict``: a pod on 0.0.0.0:80 conflicts with one on 10.0.0.1:80 and with one
    on 10.0.0.2:80, which do not conflict with each other; 80/UDP conflicts with none of them. By hand: edge's 2 pods
    (every address) each need a node without any other port-80/TCP pod; a (10.0.0.1, 3 pods) and b (10.0.0.2, 3 pods)
    may pair up on 3 more nodes, and dns (80/UDP, 2 pods) may join any: 2 + 3 = 5 nodes, not 2 + 3 + 3 = 8. By CPU
    alone the 10 pods of 250m and CoreDNS's 2 x 100m ask for 3 c7a.medium (0.94 vCPU allocatable each)."""
    from advisor.sizing.fleet import port_exclusions

    pod = {"cpu": 0.25, "memory": 256}
    w = wl([{"name": "edge", "replicas": 2, "host_ports": [80], **pod},
            {"name": "a", "replicas": 3, "host_ports": [{"port": 80, "host_ip": "10.0.0.1"}], **pod},
            {"name": "b", "replicas": 3, "host_ports": [{"port": 80, "host_ip": "10.0.0.2"}], **pod},
            {"name": "dns", "replicas": 2, "host_ports": [{"port": 80, "protocol": "UDP"}], **pod}])
    assert port_exclusions(w.services, "eks-ec2") == {
        "edge": frozenset({"80/TCP@10.0.0.1", "80/TCP@10.0.0.2"}), "a": frozenset({"80/TCP@10.0.0.1"}),
        "b": frozenset({"80/TCP@10.0.0.2"})}
    plan = plan_fleet(w, "eks-ec2", prices)
    assert plan.node_count == 5
    for node in plan.result.nodes:
        p = node.placements
        assert p.get("edge", 0) + p.get("a", 0) <= 1 and p.get("edge", 0) + p.get("b", 0) <= 1
    assert fleet_planner(w, "eks-ec2", prices).min_nodes_for(w) == 5
    # the same services as ECS bridge tasks (ports on every address of the instance, no host_ip): 2 + 3 + 3 = 8
    bridge = wl([{"name": n, "replicas": r, "network_mode": "bridge", "host_ports": [80], **pod}
                 for n, r in (("edge", 2), ("a", 3), ("b", 3))])
    assert plan_fleet(bridge, "ecs-ec2", prices).node_count == 8
    # awsvpc tasks hold no port of their instance: the same 8 tasks share instances, two per c6a.large (3 ENIs, one
    # the instance's own), which the ENIs limit: 4 instances
    awsvpc = wl([{"name": n, "replicas": r, "network_mode": "awsvpc", "host_ports": [80], **pod}
                 for n, r in (("edge", 2), ("a", 3), ("b", 3))])
    plan = plan_fleet(awsvpc, "ecs-ec2", prices)
    assert [(r["instance_type"], r["count"]) for r in plan.result.fleet] == [("c6a.large", 4)]


def test_null_network_mode_follows_the_workload_default(prices):
    # network_mode absent -> ec2.ecs_network_mode; bridge here: the 2 x c7a.medium fleet of the bridge test
    w = wl([{"name": "web", "cpu": 0.25, "memory": 256, "replicas": 6}], ec2={"ecs_network_mode": "bridge"})
    est = compare(w, prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("c7a.medium", 2)]
    # a service that says awsvpc takes an ENI even in a bridge-default workload
    planner = fleet_planner(w.model_copy(update={"services": [w.services[0].model_copy(
        update={"network_mode": "awsvpc"})]}), "ecs-ec2", prices)
    assert planner.settings.ecs_network_mode == "awsvpc"


# ------------------------------------------------------------------------------------ 4. persistent volumes


def test_statefulset_volume_claims(prices):
    # mysql: 3 replicas, 600m / 1124Mi per pod, volumeClaimTemplate data 10Gi
    c = compare(K8S / "mysql-statefulset.yaml", prices=prices,
                platforms=["ecs-fargate", "ecs-ec2", "eks-ec2", "eks-fargate"], scaling=False)
    [u] = c.estimate("eks-fargate").unsupported
    assert "You can't mount Amazon EBS volumes to Fargate Pods" in u.reason and "Amazon EFS" in u.reason
    for p in ("ecs-ec2", "eks-ec2", "ecs-fargate"):
        est = c.estimate(p)
        [vol] = [line for line in est.lines if line.service == "mysql" and line.resource == "block_storage"]
        # 3 volumes x 10 GiB x $0.08 per GB-month = $2.40
        assert (vol.quantity, vol.unit_price, vol.monthly_cost) == pytest.approx((30.0, 0.08, 2.40))
        assert vol.category == "storage" and not vol.commitments
        assert scale_total(est) == pytest.approx(est.monthly_cost, abs=1e-6)
    # ECS on Fargate: 0.6 vCPU / 1124 MiB -> 1 vCPU / 2 GB: 3 x 36.0401 = 108.1203, + 2.40 = $110.5203
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(110.5203, abs=1e-6)
    # the volumes scale linearly with the replicas: at 2x, 6 volumes = $4.80
    ecs = c.estimate("ecs-fargate")
    other, lines = ecs.scale.at(2.0, "ecs-fargate")
    assert other + sum(line.monthly_cost for line in lines) == pytest.approx(2 * 108.1203 + 4.80, abs=1e-6)


def test_statefulset_claims_of_the_peak_stay_on_eks(prices):
    # Kubernetes keeps a scaled-down pod's claim (whenScaled: Retain): scaling 2..5 -> 5 claims of 20 GiB all month =
    # 100 GB-months x $0.08 = $8.00 on EKS on EC2; ECS deletes a task's volume with the task: the average 3 tasks x
    # 20 GiB = 60 GB-months = $4.80
    svc = {"name": "db", "cpu": 0.5, "memory": 1024, "scaling": {"min": 2, "max": 5, "average": 3},
           "persistent_volumes": [{"name": "data", "size_gib": 20}]}
    c = compare(wl([svc]), prices=prices, platforms=["ecs-ec2", "eks-ec2"])
    for p, cost in (("eks-ec2", 8.00), ("ecs-ec2", 4.80)):
        [vol] = [line for line in c.estimate(p).lines if line.service == "db" and line.resource == "block_storage"]
        assert vol.monthly_cost == pytest.approx(cost, abs=1e-9), p


# ------------------------------------------------------------------------------------ 5. short jobs


CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ping
  annotations: {advisor/minutes-per-run: "0.5"}
spec:
  schedule: "*/10 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: ping
              resources: {requests: {cpu: 250m, memory: 256Mi}}
"""


def test_cronjob_runs_are_billed_for_at_least_a_minute(tmp_path, prices):
    path = tmp_path / "cron.yaml"
    path.write_text(CRONJOB)
    c = compare(path, prices=prices, platforms=FARGATE)
    svc = c.workload.services[0]
    # every 10 minutes: 6 x 24 = 144 runs a day x 730 / 24 days = 4,380 runs; 30 s each = 36.5 hours of running
    assert (svc.runs_per_month, svc.run_minutes, svc.monthly_hours) == pytest.approx((4380, 0.5, 36.5))
    # Fargate bills each run for 1 minute: 4,380 x 1 / 60 = 73 hours at 0.25 vCPU / 0.5 GB (EKS: 256 + 256 = 512
    # MiB, still 0.5 GB) = 73 x 0.0123425 = $0.9010025
    for p in FARGATE:
        est = c.estimate(p)
        assert compute(est, svc.name) == pytest.approx(0.9010025, abs=1e-9), p
        assert any("each run is billed for 1 minute" in n for n in est.notes), p
        assert scale_total(est) == pytest.approx(est.monthly_cost, abs=1e-9), p


def test_windows_runs_are_billed_at_least_five_minutes(prices):
    # AWS Fargate pricing page, "Duration": "For Windows containers, billing is calculated per second with a 5-minute
    # minimum". 1,000 runs of 2 minutes (1 vCPU / 2 GB): billed 1,000 x 5 / 60 = 83.333 hours (was 33.333, the Linux
    # rule applied to the 2 minutes) x ((0.09148 + 0.046) x 1 + 2 x 0.01005) = 83.333 x 0.15758 = $13.131667
    w = wl([{"name": "job", "cpu": 1, "memory": 2048, "os": "windows", "runs_per_month": 1000, "run_minutes": 2}])
    est = compare(w, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert compute(est) == pytest.approx(1000 * 5 / 60 * 0.15758, abs=1e-9)
    assert any("job (2 min): each run is billed for 5 minutes" in n and "Windows" in n for n in est.notes)
    # a Windows run longer than 5 minutes is billed as it runs; a Linux run of 2 minutes as it runs
    longer = wl([{"name": "job", "cpu": 1, "memory": 2048, "os": "windows", "runs_per_month": 1000, "run_minutes": 7}])
    est = compare(longer, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert compute(est) == pytest.approx(1000 * 7 / 60 * 0.15758, abs=1e-9)
    assert not any("billed for 5 minutes" in n for n in est.notes)
    linux = wl([{"name": "job", "cpu": 1, "memory": 2048, "runs_per_month": 1000, "run_minutes": 2}])
    est = compare(linux, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert compute(est) == pytest.approx(1000 * 2 / 60 * 0.04937, abs=1e-9)  # 0.04048 + 2 x 0.004445


# ------------------------------------------------------------------------------------ 6. ephemeral storage on EKS


def test_eks_fargate_bills_provisioned_ephemeral_storage_beyond_20_gib(prices):
    # 100 GiB requested: Fargate provisions 100 + 10% + 5 = 115 GiB and bills it less the included 20 GiB: "you will be
    # only billed for 95GiB in the current case, which is calculated based on the above formula minus 20GiB" (AWS
    # Containers blog, "AWS Fargate adds support for larger ephemeral volumes", 2023): 95 GB x $0.000111 x 730 =
    # $7.69785 a pod a month
    w = wl([{"name": "etl", "cpu": 0.25, "memory": 256, "ephemeral_storage_gib": 100}])
    est = compare(w, prices=prices, platforms=["eks-fargate"]).estimate("eks-fargate")
    [line] = [ln for ln in est.lines if ln.resource == "ephemeral_storage"]
    assert (line.quantity, line.monthly_cost) == pytest.approx((95 * 730, 7.69785))
    assert any("100 GiB -> 115 GiB" in n and "minus 20GiB" in n for n in est.notes)
    # 25 GiB requested: 25 + 2.5 + 5 = 32.5 GiB, "charged in GB increments" (AWS What's New, 2023-08-02): 33 GiB
    # provisioned, 13 billed: 13 GB x $0.000111 x 730 = $1.05339 a pod a month (12.5 GB would be $1.012875)
    w25 = wl([{"name": "etl", "cpu": 0.25, "memory": 256, "ephemeral_storage_gib": 25}])
    est25 = compare(w25, prices=prices, platforms=["eks-fargate"]).estimate("eks-fargate")
    [line] = [ln for ln in est25.lines if ln.resource == "ephemeral_storage"]
    assert (line.quantity, line.monthly_cost) == pytest.approx((13 * 730, 1.05339))
    assert any("in whole GiB" in n for n in est25.notes)
    # ECS bills ephemeralStorage.sizeInGiB itself ("Fargate reserves space on disk ... You aren't billed for it"):
    # 80 GB x $0.000111 x 730 = $6.4824
    est = compare(w, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    [line] = [ln for ln in est.lines if ln.resource == "ephemeral_storage"]
    assert (line.quantity, line.monthly_cost) == pytest.approx((80 * 730, 6.4824))


# ------------------------------------------------------------------------------------ 7. Network Load Balancers


def test_online_boutique_nlb_and_totals(prices):
    c = compare(K8S / "online-boutique-kubernetes-manifests.yaml", prices=prices, platforms=["eks-fargate"])
    est = c.estimate("eks-fargate")
    # one NLB (Service frontend-external), no traffic figures: 730 h x $0.0225 = $16.425, no NLCU line
    [nlb] = [line for line in est.lines if line.category == "load_balancing"]
    assert (nlb.quantity, nlb.monthly_cost) == pytest.approx((730, 16.425))
    # compute + control plane + CoreDNS still the hand-computed $208.150375 (tests/test_real_inputs.py); with the NLB
    # $224.575375
    assert est.monthly_cost == pytest.approx(208.150375 + 16.425, abs=1e-6)
    # the NLB, the control plane and the CoreDNS pods are fixed: they do not scale with replicas (2x adds only the
    # services' compute: 2 x 117.130325)
    other, lines = est.scale.at(2.0, "eks-fargate")
    assert other + sum(x.monthly_cost for x in lines) == pytest.approx(2 * 117.130325 + 73 + 18.02005 + 16.425,
                                                                       abs=1e-6)


@pytest.mark.parametrize("nlb, nlcu", [
    # TCP: 1,600 new connections/s / 800 = 2; 50,000 active / 100,000 = 0.5; 0.5 GB/h / 1 = 0.5 -> 2 NLCU
    ({"new_connections_per_second": 1600, "active_connections": 50_000, "processed_gb_per_hour": 0.5}, 2.0),
    # UDP: 100,000 active flows / 50,000 = 2; 200 new flows / 400 = 0.5 -> 2 NLCU
    ({"protocol": "udp", "new_connections_per_second": 200, "active_connections": 100_000}, 2.0),
    # TLS: 150 new connections / 50 = 3 -> 3 NLCU; processed 1.5 GB/h = 1.5
    ({"protocol": "tls", "new_connections_per_second": 150, "processed_gb_per_hour": 1.5}, 3.0),
])
def test_nlcu_is_the_largest_dimension_of_the_protocol(nlb, nlcu):
    assert nlb_nlcu_per_hour(NetworkLoadBalancers(**nlb))[0] == pytest.approx(nlcu)


def test_nlb_lines_on_every_platform(prices):
    # 2 NLBs, 2 NLCU each: hours 2 x 730 x 0.0225 = $32.85; NLCU 2 x 2 x 730 x $0.006 = $17.52
    w = wl([{"name": "web", "cpu": 0.5, "memory": 1024}],
           shared={"network_load_balancers": {"count": 2, "new_connections_per_second": 1600}})
    c = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-ec2"])
    for est in c.estimates:
        got = {line.resource: line.monthly_cost for line in est.lines if line.category == "load_balancing"}
        assert got == pytest.approx({"load_balancer": 32.85, "capacity_unit": 17.52}), est.platform
        assert scale_total(est) == pytest.approx(est.monthly_cost, abs=1e-6)


# ------------------------------------------------------------------------------------ 8. deployments that cannot roll


def test_blocked_deployment_is_warned_in_compare_and_the_checklist(prices):
    # desired 1, minimum healthy 100% (keep 1), maximum 134% (floor(1.34) = 1): no extra task, none stopped
    w = wl([{"name": "api", "cpu": 0.5, "memory": 1024, "replicas": 1, "min_healthy_percent": 100,
             "max_percent": 134}, {"name": "ok", "cpu": 0.5, "memory": 1024, "replicas": 2}])
    c = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-fargate-spot"])
    assert [n for n in c.notes if "rolling deployment cannot start" in n][0].startswith("api:")
    [item] = [i for i in review(c) if i["topic"] == "Deployments blocked"]
    assert item["services"] == ["api"] and "api: 1 task(s), 100% / 134%" in item["text"]
    assert not c.estimate("ecs-fargate-spot").strategies[0].can_roll


# ------------------------------------------------------------------------------------ 9. smaller items


def test_zero_replicas_is_a_warning_not_a_crash(prices):
    w = wl([{"name": "idle", "cpu": 0.5, "memory": 1024, "replicas": 0},
            {"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 1}])
    c = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-ec2"])
    # said once, for the comparison: the service runs nothing, so it is left out of every platform
    assert any(n.startswith("idle: 0 replicas and no autoscaling above 0") for n in c.notes)
    assert compute(c.estimate("ecs-fargate")) == pytest.approx(18.02005, abs=1e-6)  # web alone
    assert [i["services"] for i in review(c) if i["topic"] == "No running tasks"] == [["idle"]]


def test_task_size_ecs_would_refuse_is_priced_rounded_with_a_note(prices):
    # 4096 CPU units with 2048 MiB: 4 vCPU takes 8-30 GB -> 4 vCPU / 8 GB =
    # (4 x 0.04048 + 8 x 0.004445) x 730 = 0.19748 x 730 = $144.1604
    w = wl([{"name": "big", "cpu": "4096 units", "memory": 2048}])
    c = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-fargate-spot"])
    assert compute(c.estimate("ecs-fargate")) == pytest.approx(144.1604, abs=1e-6)
    for est in c.estimates:
        [note] = [n for n in est.notes if "refuse" in n]
        assert "Invalid 'cpu' setting for task" in note and "priced at 4 vCPU / 8 GB" in note
    # a Kubernetes-style request (0.1 vCPU / 200 MiB) is simply rounded, without that note
    c = compare(wl([{"name": "small", "cpu": 0.1, "memory": 200}]), prices=prices, platforms=["ecs-fargate"])
    assert not any("refuse" in n for n in c.estimate("ecs-fargate").notes)


def test_spot_note_has_a_date_and_says_your_strategy(prices):
    w = wl([{"name": "mine", "cpu": 0.5, "memory": 1024, "replicas": 4,
             "capacity_provider_strategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]},
            {"name": "theirs", "cpu": 0.5, "memory": 1024, "replicas": 4}])
    est = compare(w, prices=prices, platforms=["ecs-fargate-spot"]).estimate("ecs-fargate-spot")
    [note] = [n for n in est.notes if n.startswith("FARGATE_SPOT tasks")]
    assert "under your strategy: mine" in note and "under the recommended strategy: theirs" in note
    assert "as of 2026-09-28" in note and "n/a" not in note  # the bundled us-east-1 Spot rows' date
    # mine: 4 tasks on Spot at 0.5 vCPU / 1 GB = (0.5 x 0.01288871 + 1 x 0.00141527) x 730 x 4 = $22.951...
    assert compute(est, "mine") == pytest.approx((0.5 * 0.01288871 + 0.00141527) * 730 * 4, abs=1e-9)


def test_all_fargate_strategy_never_shows_a_negative_saving(prices):
    # issue 18: a Windows service with deployments (all on FARGATE: no Spot for Windows) came out -$0.00
    # (-5.7e-14) because the all-on-demand figure and the lines were summed in a different order
    for cpu, mem, replicas, deployments, os in itertools.product((1, 2), (2048, 3000, 8192), (1, 3, 7), (0, 10),
                                                               ("windows", "linux")):
        w = wl([{"name": "s", "cpu": cpu, "memory": mem, "replicas": replicas, "os": os, "spot": False,
                 "deployments_per_month": deployments}])
        [strategy] = estimate_ecs_fargate_spot(w, prices).strategies
        assert strategy.monthly_saving == 0.0, (cpu, mem, replicas, deployments, os)


# ------------------------------------------------------------------------------------ CoreDNS on EKS on Fargate

def _coredns(est) -> list:
    return [line for line in est.lines if line.name.startswith("CoreDNS pods")]


@pytest.mark.parametrize("eks, pods", [({}, 2), ({"clusters": 3}, 6), ({"existing_cluster": True}, 0)])
def test_coredns_pods_run_on_fargate_per_cluster(prices, eks, pods):
    # EKS User Guide, "Get started with AWS Fargate for your cluster": without EC2 nodes CoreDNS runs on Fargate;
    # 2 replicas per cluster at 100m / 70Mi -> + 256 MiB = 326 MiB -> 0.25 vCPU / 0.5 GB, all month:
    # 730 x (0.25 x 0.04048 + 0.5 x 0.004445) = $9.010025 per pod. An existing cluster already runs them.
    w = wl([{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}], eks=eks)
    est = compare(w, prices=prices, platforms=["eks-fargate"]).estimate("eks-fargate")
    lines = _coredns(est)
    assert sum(line.monthly_cost for line in lines) == pytest.approx(pods * 9.010025, abs=1e-9)
    if pods:
        assert [(ln.resource, ln.quantity, ln.service, ln.purchase_option, ln.architecture) for ln in lines] == [
            ("vcpu", pods * 730 * 0.25, None, "on_demand", "x86_64"), ("memory", pods * 730 * 0.5, None, "on_demand",
                                                                       "x86_64")]
        assert all(ln.commitments for ln in lines)  # Fargate usage: a Compute Savings Plan covers it
        assert any(n.startswith(f"CoreDNS: {pods} pod(s)") for n in est.notes)
    # fixed: twice the replicas add only the service's pods; the sweep agrees with the estimate at 1x
    assert scale_total(est) == pytest.approx(est.monthly_cost, abs=1e-9)
    other, scaled = est.scale.at(2.0, "eks-fargate")
    web = compute(est, "web")
    assert other + sum(x.monthly_cost for x in scaled) == pytest.approx(est.monthly_cost + web, abs=1e-9)


@pytest.mark.parametrize("eks, cpu, nodes", [({}, 1.5, 2), ({"clusters": 3}, 1.5, 3), ({}, 1.7, 3),
                                              ({"existing_cluster": True}, 1.7, 2),
                                              ({"existing_cluster": True, "clusters": 3}, 1.7, 2)])
def test_coredns_pods_on_eks_ec2_nodes_per_cluster(prices, eks, cpu, nodes):
    # EKS on EC2 packs CoreDNS with the pods as EKS on Fargate runs it: 2 replicas per cluster (Amazon EKS User Guide,
    # "Manage CoreDNS for DNS in Amazon EKS clusters"), none when joining an existing cluster. m5.large: 2000m -
    # kube-reserved 70m (6% of the first core + 1% of the second) - aws-node 50m - kube-proxy 100m = 1780m for pods.
    # Two 1.5-vCPU pods, one per node, leave 2 x 280m: room for 2 CoreDNS pods of 100m (one cluster) but not for 6
    # (three clusters), a third node. Two 1.7-vCPU pods leave 2 x 80m: no room for one CoreDNS pod, a third node,
    # unless the cluster already runs its CoreDNS. $0.096 an hour x 730 = $70.08 a node (us-east-1 On-Demand).
    w = wl([{"name": "api", "cpu": cpu, "memory": 2048, "replicas": 2}], eks=eks,
           ec2={"allowed_types": ["m5.large"]})
    est = compare(w, prices=prices, platforms=["eks-ec2"]).estimate("eks-ec2")
    [line] = [ln for ln in est.lines if ln.name.startswith("Instance usage")]
    assert (line.name, line.quantity, line.monthly_cost) == (
        "Instance usage (on-demand, m5.large)", nodes * 730, pytest.approx(nodes * 70.08, abs=1e-9))
    pods = 0 if eks.get("existing_cluster") else 2 * eks.get("clusters", 1)
    planner = fleet_planner(w, "eks-ec2", prices)
    dns = [g.count for g in planner.items(w)[0] if g.name == "kube-system/coredns"]
    assert dns == ([pods] if pods else [])
    assert any((f"CoreDNS {pods} x 100m/70Mi packed with the pods" if pods else
                "no CoreDNS pods: the existing cluster (eks.existing_cluster) already runs them") in n for n in est.notes)
    # clusters beside existing_cluster price nothing: said, not dropped silently
    said = [n for n in est.notes if n.startswith("The workload joins an existing EKS cluster")]
    assert said == ([] if not eks.get("existing_cluster") else [
        "The workload joins an existing EKS cluster (eks.existing_cluster: true): its control-plane fee is already "
        "paid, so the marginal fee is $0." + (" eks.clusters (3) is not used: the clusters it joins already pay their "
                                              "fees and run their CoreDNS pods (set existing_cluster: false to price "
                                              "new clusters)." if eks.get("clusters") else "")])


def test_eks_ec2_runs_a_node_per_cluster_for_its_coredns(prices):
    # A node group's nodes belong to one cluster (Amazon EKS API CreateNodegroup clusterName), and each cluster runs
    # its own 2 CoreDNS pods: 10 clusters need 10 nodes at least. Before, the 20 CoreDNS pods (2 vCPU) of 10 clusters
    # were packed with the web pods on 2 m5.large nodes of one fleet ($140.16 of instances for 10 clusters).
    # Now 10 x m5.large: 10 x $0.096 x 730 = $700.80; each node 1780m for pods holds 2 CoreDNS (200m) and web.
    w = wl([{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}], eks={"clusters": 10},
           ec2={"allowed_types": ["m5.large"]})
    est = compare(w, prices=prices, platforms=["eks-ec2"]).estimate("eks-ec2")
    [line] = [ln for ln in est.lines if ln.name.startswith("Instance usage")]
    assert (line.quantity, line.monthly_cost) == (10 * 730, pytest.approx(700.80, abs=1e-9))
    assert any("on at least one node per cluster (a node group's nodes belong to one cluster, Amazon EKS API "
               "CreateNodegroup clusterName): 10 nodes or more" in n for n in est.notes)
    # an existing cluster runs its CoreDNS already: ec2.min_nodes (2) only
    w = wl([{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}], eks={"clusters": 10, "existing_cluster": True},
           ec2={"allowed_types": ["m5.large"]})
    est = compare(w, prices=prices, platforms=["eks-ec2"]).estimate("eks-ec2")
    [line] = [ln for ln in est.lines if ln.name.startswith("Instance usage")]
    assert line.quantity == 2 * 730
