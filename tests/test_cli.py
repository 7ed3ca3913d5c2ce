"""CLI: exact errors and exit codes for bad input, and the documented outputs."""

import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app

HERE = Path(__file__).parent
BAD = sorted((HERE / "bad_inputs").glob("*.yaml"))
EXPECT_NO_HEADER = {"empty.yaml": "the file is empty"}
runner = CliRunner()


def expectation(path: Path) -> str:
    if path.name in EXPECT_NO_HEADER:
        return EXPECT_NO_HEADER[path.name]
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} needs a '# expect: ' first line"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_input_corpus(path):
    before = path.read_bytes()
    result = runner.invoke(app, ["compare", str(path)])
    assert result.exit_code == 2, result.output
    assert expectation(path) in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before  # nothing the user had is touched


def test_missing_file_and_directory(tmp_path):
    r = runner.invoke(app, ["compare", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 2 and "not found" in r.output
    r = runner.invoke(app, ["compare", str(tmp_path)])
    assert r.exit_code == 2 and "holds no" in r.output  # a folder is read as Kubernetes manifests


def test_not_utf8(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_bytes(b"\xff\xfe\x00name")
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "UTF-8" in r.output


def test_unknown_platform_and_region_option():
    ex = str(HERE.parent / "examples" / "web-app.yaml")
    r = runner.invoke(app, ["compare", ex, "--platform", "ecs-fargat"])
    assert r.exit_code == 2 and "Did you mean 'ecs-fargate'?" in r.output
    r = runner.invoke(app, ["compare", ex, "--region", "eu-wset-1"])
    assert r.exit_code == 2 and "Did you mean 'eu-west-1'?" in r.output


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_compare_formats(fmt):
    r = runner.invoke(app, ["compare", str(HERE.parent / "examples" / "microservices.yaml"), "--format", fmt])
    assert r.exit_code == 0, r.output
    if fmt == "json":
        d = json.loads(r.stdout)  # stale-price warnings go to stderr
        assert d["workload"] == "shop-microservices" and d["currency"] == "USD"
    elif fmt == "csv":
        header = r.stdout.splitlines()[0]
        assert header.startswith("platform,platform_label,service,category,name,quantity,unit,unit_price,monthly_cost")
    else:
        assert "Recommendation" in r.output


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_operations_lines_are_named_once(fmt):
    # the line's name starts "Operations:", and the renderers put "Operations:" / "operations:" before it again
    r = runner.invoke(app, ["compare", str(HERE.parent / "examples" / "web-app.yaml"), "-p", "ecs-fargate", "-f", fmt],
                      env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "operations: operations:" not in r.stdout.lower()
    bullet = "- " if fmt == "markdown" else "  "
    assert f"\n{bullet}Operations: ECS service upkeep (assumption): 2 engineer-hours x $100.00 = $200.00\n" in r.stdout


def test_region_override_changes_prices():
    ex = str(HERE.parent / "examples" / "web-app.yaml")
    a = json.loads(runner.invoke(app, ["compare", ex, "-f", "json", "-p", "ecs-fargate"]).output)
    b = json.loads(runner.invoke(app, ["compare", ex, "-f", "json", "-p", "ecs-fargate", "--region", "eu-central-1"]).output)
    assert b["region"] == "eu-central-1"
    assert b["platforms"][0]["lines"][0]["unit_price"] == 0.04656
    assert a["platforms"][0]["monthly_cost"] < b["platforms"][0]["monthly_cost"]


def test_sizes_text_on_eks_separates_the_256_mib_from_rounding():
    # EKS User Guide, "Fargate Pod configuration": a pod requesting 1 vCPU / 8 GB gets 2 vCPU / 9 GB (8448 MiB rounds
    # up to 9216): 1024 MiB above the request, 256 of them the Fargate overhead and 768 rounding. 0.25 vCPU / 1792Mi
    # is 2048 MiB with the overhead, a valid size: nothing is rounded, yet the text said "Rounding waste: 256 MiB".
    r = runner.invoke(app, ["sizes", "--cpu", "1", "--memory", "8 GB", "--eks"])
    assert r.exit_code == 0
    assert ("Above the request: 1 vCPU, 1024 MiB (256 MiB Fargate adds for kubelet, kube-proxy and containerd, "
            "768 MiB rounding)") in " ".join(r.output.split())
    r = runner.invoke(app, ["sizes", "--cpu", "0.25", "--memory", "1792Mi", "--eks"])
    assert "0 vCPU, 256 MiB (256 MiB Fargate adds for kubelet, kube-proxy and containerd, 0 MiB rounding)" in \
        " ".join(r.output.split())
    assert "Rounding waste" not in r.output
    r = runner.invoke(app, ["sizes", "--cpu", "0.25", "--memory", "1792Mi"])  # ECS: 0.25 vCPU / 2 GB, rounding only
    assert "Rounding waste: 0 vCPU, 256 MiB" in r.output


def test_sizes_json():
    r = runner.invoke(app, ["sizes", "--cpu", "1", "--memory", "8 GB", "--eks", "--format", "json"])
    d = json.loads(r.output)
    assert d["size"] == {"vcpu": 2.0, "memory_mib": 9216.0}
    assert d["waste"] == {"vcpu": 1.0, "memory_mib": 1024.0}
    r = runner.invoke(app, ["sizes", "--format", "json"])
    assert len(json.loads(r.output)["sizes"]) == 77  # 74 up to 16 vCPU, plus 32 vCPU with 60, 120 or 244 GB
    r = runner.invoke(app, ["sizes", "--format", "json", "--eks"])  # EKS pods: the table up to 16 vCPU
    d = json.loads(r.output)
    assert len(d["sizes"]) == 74 and max(s["vcpu"] for s in d["sizes"]) == 16 and d["platform"] == "eks-fargate"
    r = runner.invoke(app, ["sizes", "--format", "json", "--os", "windows"])
    assert {s["vcpu"] for s in json.loads(r.output)["sizes"]} == {1, 2, 4}


@pytest.mark.parametrize("request_args", [[], ["--cpu", "1", "--memory", "2048"], ["--cpu", "1"]])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_sizes_refuses_windows_on_eks_with_or_without_a_request(request_args, fmt):
    # without a request it listed the Windows sizes, which EKS on Fargate never runs; with one it was refused
    r = runner.invoke(app, ["sizes", "--os", "windows", "--eks", *request_args, "-f", fmt])
    assert r.exit_code == 2 and r.stdout == "", r.output
    assert r.output.replace("\n", " ") == ("error: EKS on Fargate runs Linux pods only (Amazon EKS User Guide, 'AWS "
                                           "Fargate considerations'); drop --os windows, or drop --eks for ECS on "
                                           "Fargate's Windows sizes. ")


CPU_NOT_POSITIVE = ("CPU must be a positive number such as 0.5, '512 units' or '500m' (the smallest is one ECS CPU "
                    "unit, 1/1024 vCPU). --cpu takes more than 0 (at least 1/1024 vCPU, one ECS CPU unit) and at most ")
MEMORY_NOT_POSITIVE = "memory must be a positive number such as 1024 (MiB) or '1 GB'. --memory takes more than 0 (at "


@pytest.mark.parametrize("args,message", [
    (["--cpu", "0", "--memory", "1 GB"], "--cpu: '0': " + CPU_NOT_POSITIVE + "32 vCPU, the largest size of an ECS task "
     "on Fargate, linux (Amazon ECS Developer Guide, 'Task CPU and memory')."),
    (["--cpu", "0", "--eks"], "--cpu: '0': " + CPU_NOT_POSITIVE + "16 vCPU, the largest size of an EKS on Fargate pod "
     "(Amazon EKS User Guide, 'Fargate Pod configuration')."),
    # a negative text was 'not a CPU quantity' (a number -1 in a workload was 'must be positive')
    (["--cpu=-1", "--eks"], "--cpu: '-1': " + CPU_NOT_POSITIVE + "16 vCPU, the largest size of an EKS on Fargate pod "
     "(Amazon EKS User Guide, 'Fargate Pod configuration')."),
    (["--cpu=-500m", "--memory", "1 GB", "--os", "windows"], "--cpu: '-500m': " + CPU_NOT_POSITIVE + "4 vCPU, the "
     "largest size of an ECS task on Fargate, windows (Amazon ECS Developer Guide, 'Task CPU and memory')."),
    (["--memory", "0", "--eks"], "--memory: '0': " + MEMORY_NOT_POSITIVE + "least 1 MiB) and at most 122624 MiB: the "
     "largest size of an EKS on Fargate pod (Amazon EKS User Guide, 'Fargate Pod configuration') is 120 GB, and "
     "Fargate adds 256 MiB to the request."),
    (["--cpu", "1", "--memory=-1Gi"], "--memory: '-1Gi': " + MEMORY_NOT_POSITIVE + "least 1 MiB) and at most 249856 "
     "MiB (244 GB), the largest size of an ECS task on Fargate, linux (Amazon ECS Developer Guide, 'Task CPU and "
     "memory')."),
])
def test_sizes_a_zero_or_negative_request_names_the_option_and_its_range_with_or_without_eks(args, message):
    r = runner.invoke(app, ["sizes", *args], env={"COLUMNS": "1000"})
    assert r.exit_code == 2 and r.stdout == "", r.output
    assert r.output.replace("\n", " ").strip() == "error: " + message


@pytest.mark.parametrize("args,fragment", [
    (["sizes", "--cpu", "33", "--memory", "1 GB"], "largest is 32 vCPU"),
    (["sizes", "--cpu", "17", "--memory", "1 GB", "--eks"], "largest is 16 vCPU"),
    (["sizes", "--cpu", "1"], "needs both --cpu and --memory"),
    (["sizes", "--cpu", "1", "--memory", "512 MB"], "--memory"),
    (["sizes", "--cpu", "x", "--memory", "512"], "--cpu"),
    (["sizes", "--os", "macos"], "linux or windows"),
    (["strategy", "distribute", "--desired", "10", "capacityProvider=FARGATE,base=2,weight=1",
      "capacityProvider=FARGATE_SPOT,base=1,weight=3"], "only one"),
    (["strategy", "distribute", "--desired", "4", "capacityProvider=FARGATE,weight=-1"], "weight"),
    (["strategy", "distribute", "--desired", "4", "capacityProvider=FARGATE,weight=0",
      "capacityProvider=FARGATE_SPOT,weight=0"], "weight"),
    (["strategy", "distribute", "--desired", "4", "capacityProvider=FARGATE,wieght=1"], "Did you mean 'weight'?"),
])
def test_cli_errors_exit_2(args, fragment):
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert fragment in r.output


def test_strategy_commands_match_issue_examples():
    r = runner.invoke(app, ["strategy", "distribute", "--desired", "10", "capacityProvider=FARGATE,base=2,weight=1",
                            "capacityProvider=FARGATE_SPOT,weight=3", "--format", "json"])
    assert json.loads(r.output) == {"desired": 10, "tasks": {"FARGATE": 4, "FARGATE_SPOT": 6}}
    r = runner.invoke(app, ["strategy", "deployment", "--desired", "4", "--minimum-healthy-percent", "50",
                            "--maximum-percent", "200", "--format", "json"])
    d = json.loads(r.output)
    assert d["min_healthy_tasks"] == 2 and d["max_tasks"] == 8


def test_strategy_recommend_json():
    r = runner.invoke(app, ["strategy", "recommend", str(HERE.parent / "examples" / "microservices.yaml"), "-f", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    names = {s["service"] for s in d["services"]}
    assert "checkout" in names
    checkout = next(s for s in d["services"] if s["service"] == "checkout")
    # checkout is spot: false -> all on FARGATE, and the text says why (one computation for text and JSON)
    assert checkout["capacityProviderStrategy"] == [{"capacityProvider": "FARGATE", "base": 0, "weight": 1}]
    assert checkout["reasons"][0] == "All tasks on FARGATE because the service is marked spot: false (not interruption-tolerant)."
    text = runner.invoke(app, ["strategy", "recommend", str(HERE.parent / "examples" / "microservices.yaml")]).output
    for s in d["services"]:
        # the saving shown is the difference of the two amounts shown beside it (storefront: $180.20 -> $106.51
        # saves $73.69; it used to print the rounded exact saving, $73.70)
        shown = round(s["monthly_cost_all_on_demand"], 2) - round(s["monthly_cost"], 2)
        assert (f"{s['service']}: saves ${shown:,.2f}/month (${s['monthly_cost_all_on_demand']:,.2f} all on-demand "
                f"-> ${s['monthly_cost']:,.2f})") in text
        split = s["reasons"][-1]
        assert split.startswith("Of ") and split in text.replace("\n  - ", " ").replace("\n", " ")
    # the total is compare's saving against the runner-up ECS on Fargate, $262.74 (it printed $262.73, the rounded
    # sum of the exact per-service savings), and it says what the per-service figures add up to
    assert ("Total expected saving versus all on-demand: $262.74/month, as 'advisor compare' shows it (the "
            "per-service savings above add up to $262.72, each rounded to the cent)") in text.replace("\n", " ")
    assert "It saves $262.74 per month" in runner.invoke(
        app, ["compare", str(HERE.parent / "examples" / "microservices.yaml"), "-f", "markdown"]).output


def test_strategy_recommend_total_includes_the_workloads_commitments():
    # with-shared-costs has a Compute Savings Plan: compare's saving of Spot over ECS on Fargate is $9.88, the
    # per-service figures (before commitments) $12.28; the total used to print $12.28 as the expected saving
    path = str(HERE.parent / "examples" / "with-shared-costs.yaml")
    text = runner.invoke(app, ["strategy", "recommend", path]).output.replace("\n", " ")
    assert ("Total expected saving versus all on-demand: $9.88/month, as 'advisor compare' shows it (with the "
            "workload's commitments, which the per-service figures leave out; the per-service savings above add up "
            "to $12.28)") in text
    d = json.loads(runner.invoke(app, ["strategy", "recommend", path, "-f", "json"]).output)
    assert d["monthly_saving_with_commitments"] == pytest.approx(9.88, abs=0.006)
    assert d["monthly_saving"] == pytest.approx(12.28, abs=0.006)


@pytest.mark.parametrize("region,fmt", [("ap-south-2", "table"), ("ap-east-2", "json")])
def test_strategy_recommend_without_fargate_rates_exits_2_as_compare_does(region, fmt):
    # ap-south-2 has Fargate Spot rates only, ap-east-2 none: it printed "Total expected saving versus all on-demand:
    # $0.00/month, as 'advisor compare' shows it" (JSON: "services": [], "monthly_saving": 0) and exited 0, while
    # compare exits 2 naming the missing rate
    path = str(HERE.parent / "examples" / "web-app.yaml")
    r = runner.invoke(app, ["strategy", "recommend", path, "-r", region, "-f", fmt])
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    assert f"no service of 'web-app' can be priced on ECS on Fargate + Fargate Spot in {region}" in r.output
    assert f"Fargate linux/x86_64 on-demand rates for {region}" in r.output
    assert f"advisor pricing fetch --region {region} --services AmazonECS" in r.output
    assert "$0.00" not in r.output and "as 'advisor compare' shows it" not in r.output
    c = runner.invoke(app, ["compare", path, "-r", region, "-p", "ecs-fargate"])
    assert c.exit_code == 2 and f"Fargate linux/x86_64 on-demand rates for {region}" in c.output


def test_strategy_recommend_names_the_services_it_cannot_price_and_claims_no_compare_total(tmp_path):
    # web is priced, huge fits no Fargate size, worker (arm64) has no on-demand rate in ca-central-1: the saving is
    # web's alone, and compare ranks neither platform, so it is not called the one compare shows
    path = tmp_path / "w.yaml"
    path.write_text("name: partial\nregion: ca-central-1\nservices:\n"
                    "  - {name: web, cpu: 0.5, memory: 1024, replicas: 4}\n"
                    "  - {name: huge, cpu: 64, memory: 16384, replicas: 1}\n"
                    "  - {name: worker, cpu: 1, memory: 2048, replicas: 2, architecture: arm64}\n")
    r = runner.invoke(app, ["strategy", "recommend", str(path)])
    assert r.exit_code == 0, r.output
    text = r.output.replace("\n", " ")
    assert "as 'advisor compare' shows it" not in text
    assert ("of the 1 service(s) priced above: $27.74/month; not a workload total: 2 of 3 service(s) not priced "
            "(listed below), so 'advisor compare' shows no total for either platform") in text
    assert "not priced: huge: A task of 64 vCPU" in text
    assert "not priced: worker: price data is missing (below)" in text
    assert "missing: missing price data: Fargate linux/arm64 on-demand rates for ca-central-1" in text
    d = json.loads(runner.invoke(app, ["strategy", "recommend", str(path), "-f", "json"]).stdout)
    assert [s["service"] for s in d["services"]] == ["web"]
    assert d["not_priced"] == ["huge", "worker"]
    assert d["monthly_saving"] == pytest.approx(27.74, abs=0.006) and d["monthly_saving_with_commitments"] is None


def test_strategy_recommend_without_a_spot_rate_says_compare_shows_no_total(tmp_path):
    # ap-south-1 has arm64 on-demand rates but no arm64 Spot rate: every service is priced (worker all on FARGATE),
    # yet compare does not rank ECS on Fargate + Fargate Spot
    path = tmp_path / "w.yaml"
    path.write_text("name: nospot\nregion: ap-south-1\nservices:\n"
                    "  - {name: worker, cpu: 1, memory: 2048, replicas: 2, architecture: arm64}\n")
    text = runner.invoke(app, ["strategy", "recommend", str(path)]).output.replace("\n", " ")
    assert "as 'advisor compare' shows it" not in text
    assert ("the sum of the services above; 'advisor compare' shows no total for ECS on Fargate + Fargate Spot: "
            "price data is missing (below)") in text
    assert "missing: missing price data: Fargate Spot rate for linux/arm64 in ap-south-1" in text


MIXED = [{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "my-asg", "weight": 1}]
MIX_WORDS = ("mixes the Fargate capacity provider(s) FARGATE with my-asg",
             "'A capacity provider strategy can only contain Auto Scaling group capacity providers or Fargate capacity "
             "providers'", "Valid: FARGATE and FARGATE_SPOT only, or EC2 capacity providers only",
             "Drop my-asg to run on Fargate, or FARGATE to run on your EC2 capacity.")


def test_strategy_distribute_refuses_fargate_mixed_with_an_auto_scaling_group_provider():
    r = runner.invoke(app, ["strategy", "distribute", "-d", "5", "capacityProvider=FARGATE,weight=1",
                            "capacityProvider=my-asg,weight=1"])
    assert r.exit_code == 2 and r.stdout == "", r.output
    text = r.output.replace("\n", " ")
    assert text.startswith("error: capacityProvider: the strategy mixes")
    assert all(w in text for w in MIX_WORDS), text


def _mixed_inputs(tmp_path) -> dict:
    """The mixed strategy in each input that carries one: a workload file, ECS service JSON, a cluster's default
    strategy, a CloudFormation template and a Terraform plan."""
    import sys

    sys.path.insert(0, str(HERE))
    from test_iac import _fargate_template, _plan, _template, _tf_fargate

    (tmp_path / "w.yaml").write_text(json.dumps({"name": "w", "services": [
        {"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2, "capacity_provider_strategy": MIXED}]}))
    (tmp_path / "td.json").write_text(json.dumps({"family": "web", "cpu": "256", "memory": "512",
                                                  "networkMode": "awsvpc", "containerDefinitions": [{"name": "web"}]}))
    (tmp_path / "svc.json").write_text(json.dumps({"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2,
                                                   "capacityProviderStrategy": MIXED}))
    (tmp_path / "plain.json").write_text(json.dumps({"serviceName": "web", "taskDefinition": "web:1",
                                                     "desiredCount": 2}))
    (tmp_path / "cluster.json").write_text(json.dumps({"cluster": {"defaultCapacityProviderStrategy": MIXED}}))
    (tmp_path / "t.json").write_text(_template(_fargate_template(strategy=MIXED)))
    (tmp_path / "plan.json").write_text(json.dumps(_plan(_tf_fargate(strategy=MIXED))))
    # the cluster's default strategy, for a service that gives neither a launch type nor a strategy
    resources = _fargate_template()
    del resources["Service"]["Properties"]["LaunchType"]
    resources["Cluster"]["Properties"]["DefaultCapacityProviderStrategy"] = [
        {"CapacityProvider": i["capacityProvider"], "Weight": i["weight"]} for i in MIXED]
    (tmp_path / "t2.json").write_text(_template(resources))
    tf = _tf_fargate()
    tf[-1]["values"]["launch_type"] = None
    tf.append({"address": "aws_ecs_cluster_capacity_providers.main", "values": {
        "cluster_name": "main", "default_capacity_provider_strategy": [
            {"capacity_provider": i["capacityProvider"], "base": 0, "weight": i["weight"]} for i in MIXED]}})
    (tmp_path / "plan2.json").write_text(json.dumps(_plan(tf)))
    p = str(tmp_path)
    return {
        "workload": (["compare", f"{p}/w.yaml"], "services[0].capacity_provider_strategy"),
        "service": (["import", "taskdef", f"{p}/td.json", "-s", f"{p}/svc.json"],
                    "svc.json: service [0]: capacityProviderStrategy: "),
        "cluster": (["import", "taskdef", f"{p}/td.json", "-s", f"{p}/plain.json", "--cluster-file",
                     f"{p}/cluster.json"], "cluster.json: cluster: defaultCapacityProviderStrategy: "),
        "cloudformation": (["compare", f"{p}/t.json"], "t.json: Service: CapacityProviderStrategy: "),
        "terraform": (["compare", f"{p}/plan.json"], "plan.json: aws_ecs_service.web: capacity_provider_strategy: "),
        "cloudformation-cluster": (["compare", f"{p}/t2.json"], "t2.json: Cluster: DefaultCapacityProviderStrategy: "),
        "terraform-cluster": (["compare", f"{p}/plan2.json"], "plan2.json: aws_ecs_cluster_capacity_providers.main: "
                                                              "default_capacity_provider_strategy: "),
    }


@pytest.mark.parametrize("kind", ["workload", "service", "cluster", "cloudformation", "terraform",
                                  "cloudformation-cluster", "terraform-cluster"])
def test_every_input_refuses_a_strategy_mixing_fargate_and_an_auto_scaling_group(tmp_path, kind):
    # each loaded (a workload file, ECS services, a template or a plan whose strategy ECS would refuse)
    args, where = _mixed_inputs(tmp_path)[kind]
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and r.stdout == "", r.output
    text = r.output.replace("\n", " ")
    assert where in text and all(w in text for w in MIX_WORDS), text


def test_schema_is_json_schema():
    d = json.loads(runner.invoke(app, ["schema"]).output)
    assert d["additionalProperties"] is False and "services" in d["properties"]


def test_pricing_show():
    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "us-east-1"])
    rows = json.loads(r.output)["tables"]
    assert {x["table"] for x in rows} >= {"fargate_rates", "eks_rates", "ec2_prices"}
    assert all(x["as_of"] for x in rows if x["rows"])


def test_pricing_show_lists_every_priced_shared_cost_and_the_offer_each_needs():
    # the NLB rates compare prices were not listed, and a missing rate's fill named every shared offer (the AmazonEC2
    # one is hundreds of MB) where AWSELB holds it; the summary named only the first missing item's command
    from advisor.costing.shared import RESOURCE

    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "us-east-1"])
    shared = {x["item"]: x for x in json.loads(r.output)["shared"]}
    assert set(shared) == set(RESOURCE)
    assert (shared["nlb_hour"]["status"], shared["nlb_lcu_hour"]["status"]) == ("priceable", "priceable")
    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "ap-south-2"])
    fills = {x["item"]: x["fill"] for x in json.loads(r.output)["shared"]}
    assert fills["alb_lcu_hour"] == "advisor pricing fetch --region ap-south-2 --services AWSELB"
    assert fills["public_ipv4_hour"] == "advisor pricing fetch --region ap-south-2 --services AmazonVPC"
    r = runner.invoke(app, ["pricing", "show", "--region", "ap-south-2"], env={"COLUMNS": "200"})
    assert ("Missing shared costs: run 'advisor pricing fetch --region ap-south-2 --services "
            "AWSELB,AmazonEC2,AmazonCloudWatch,AmazonVPC'.") in r.output


def test_pricing_show_lists_the_cloud_map_rates_and_how_to_add_them(tmp_path):
    """'advisor pricing show --region R' listed every shared rate but Cloud Map's, which compare prices for
    shared.service_discovery: a user could not see that none is bundled, nor where a row they added came from."""
    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "us-east-1"])
    shared = {x["item"]: x for x in json.loads(r.output)["shared"]}
    cm = shared["cloud_map_resource_month"]
    assert (cm["status"], cm["usd"], cm["fill"]) == ("missing", None, None)  # no command fetches it
    assert cm["add"] == ("add a row for cloud_map_resource_month to shared_rates.csv in the user data directory "
                         "($ADVISOR_DATA_DIR, else ~/.local/share/advisor) with the rate from its AWS pricing page, as "
                         "docs/shared-costs-and-commitments.md shows (no command fetches it)")
    r = runner.invoke(app, ["pricing", "show", "--region", "us-east-1"], env={"COLUMNS": "300"})
    assert r.exit_code == 0
    assert ("Missing Cloud Map rates (none are bundled): add rows for cloud_map_resource_month, cloud_map_api_call to "
            "shared_rates.csv") in r.output
    assert "Missing shared costs: run" not in r.output  # nothing a fetch fills is missing in us-east-1
    # rates with at least two decimals, as compare's unit prices: logs ingestion $0.50 per GB was shown 0.5
    assert re.search(r"logs_ingested_gb +0\.50 +GB ingested", r.output) and re.search(r"alb_hour +0\.0225 ", r.output)
    (tmp_path / "shared_rates.csv").write_text(
        "region,item,usd,unit,as_of,source\n"
        "us-east-1,cloud_map_resource_month,0.10,resource-months,2026-11-01,Cloud Map pricing page (read 2026-11-01)\n")
    env = {"ADVISOR_DATA_DIR": str(tmp_path), "COLUMNS": "300"}
    r = runner.invoke(app, ["pricing", "show", "--region", "us-east-1"], env=env)
    # the rate as the row writes it and compare prints it ($0.10), not 0.1
    assert ("cloud_map_resource_month: 0.10 USD per resource-months, confirmed 2026-11-01, source Cloud Map pricing "
            "page (read 2026-11-01).") in r.output
    assert "Missing Cloud Map rates (none are bundled): add a row for cloud_map_api_call to" in r.output
    r = runner.invoke(app, ["pricing", "show", "--region", "us-east-1", "-f", "csv"], env=env)
    assert ("shared,cloud_map_resource_month,priceable,\"0.10 USD per resource-months, confirmed 2026-11-01, source "
            "Cloud Map pricing page (read 2026-11-01)\",,") in r.output
    # the manifest's coverage still counts the ten fetched rates: a hand-added row is not a fetch gap closed
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.pricing.inventory import gaps, regions_overview
    book = PriceBook(data_dirs=[BUNDLED_DIR, tmp_path])
    assert {r["region"]: r["shared_priceable"] for r in regions_overview(book)}["us-east-1"] == 10
    assert "cloud_map_api_call" not in gaps(["us-east-1"], book).get("us-east-1", {}).get("shared", [])


def test_a_cloud_map_row_per_another_unit_exits_2_and_a_small_rate_is_written_out(tmp_path):
    """AWS writes '$1.00 per million API calls'; a row copying it (usd 1.00, unit 'million API calls') was read per
    API call, a price a million times too high: the unit is checked against the one the item is priced per. A rate of
    0.000001 is shown as the decimal it is (it was '1e-06 USD per API calls')."""
    (tmp_path / "shared_rates.csv").write_text(
        "region,item,usd,unit,as_of,source\n"
        "us-east-1,cloud_map_api_call,1.00,million API calls,2026-11-01,Cloud Map pricing page (read 2026-11-01)\n")
    env = {"ADVISOR_DATA_DIR": str(tmp_path), "COLUMNS": "300"}
    r = runner.invoke(app, ["pricing", "show", "--region", "us-east-1"], env=env)
    assert r.exit_code == 2
    assert ("line 2, column unit: 'million API calls'; cloud_map_api_call is priced per one of 'API calls', the unit "
            "advisor multiplies it by, so write 'API calls' and the price of one (AWS's '$1.00 per million API calls' "
            "is 0.000001 per API call)") in " ".join(r.output.split())
    (tmp_path / "shared_rates.csv").write_text(
        "region,item,usd,unit,as_of,source\n"
        "us-east-1,cloud_map_api_call,0.000001,API calls,2026-11-01,Cloud Map pricing page (read 2026-11-01)\n")
    r = runner.invoke(app, ["pricing", "show", "--region", "us-east-1"], env=env)
    assert r.exit_code == 0
    assert "cloud_map_api_call: 0.000001 USD per API calls, confirmed 2026-11-01" in r.output


def test_pricing_show_puts_each_gap_beside_what_fills_it_and_names_every_spot_row_to_add():
    """ap-south-1's ECS on Fargate + Fargate Spot row read "linux/arm64; ephemeral storage above 20 GiB -> advisor
    pricing fetch ... -> Fargate Spot prices are not in AWS's price list files ... arch x86_64" style chains: the
    fetch seemed to fill the Spot rate, "linux/arm64" did not say it was the Spot rate, and where two Spot rates
    were missing (ap-east-2: x86_64 and arm64) the row to add named the first architecture alone."""
    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "ap-south-1"])
    spot = next(p for p in json.loads(r.output)["platforms"] if p["platform"] == "ecs-fargate-spot")
    assert spot["missing"] == ["Spot linux/arm64", "ephemeral storage above 20 GiB"]
    assert spot["have"][0] == "Spot linux/x86_64" and spot["add_for"] == ["Spot linux/arm64"]
    assert spot["fill"] == "advisor pricing fetch --region ap-south-1 --services AmazonECS"
    assert "with region ap-south-1, arch arm64, os linux, capacity spot" in spot["add"]
    r = runner.invoke(app, ["pricing", "show", "--region", "ap-south-1"], env={"COLUMNS": "300"})
    rows = [" ".join(line.split()) for line in r.output.splitlines()]
    at = next(i for i, line in enumerate(rows) if line.startswith("ecs-fargate-spot "))
    assert rows[at] == ("ecs-fargate-spot partial ephemeral storage above 20 GiB -> advisor pricing fetch --region "
                        "ap-south-1 --services AmazonECS")
    assert rows[at + 1].startswith("Spot linux/arm64 -> Fargate Spot prices are not in AWS's price list files")
    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "ap-east-2"])
    spot = next(p for p in json.loads(r.output)["platforms"] if p["platform"] == "ecs-fargate-spot")
    assert spot["add_for"] == ["Spot linux/x86_64", "Spot linux/arm64"]
    assert ("Add the rate yourself: one row per architecture (x86_64, arm64) in fargate_rates.csv in the user data "
            "directory") in spot["add"] and "each with region ap-east-2, its arch, os linux" in spot["add"]
    ec2 = next(p for p in json.loads(runner.invoke(app, ["pricing", "show", "--format", "json", "--region",
                                                         "us-gov-west-1"]).output)["platforms"]
               if p["platform"] == "ecs-ec2")
    assert ec2["add_for"] == ["Spot Advisor savings (Spot nodes; On-Demand still priced)"] and ec2["fill"] is None
    # a missing Spot arm64 rate is a variant, as the on-demand one: eu-west-2 still counts ECS on Fargate + Spot
    from advisor.pricing.inventory import regions_overview
    assert {r["region"]: r["priceable"] for r in regions_overview()}["eu-west-2"] == 5


def test_pricing_show_footnote_counts_the_platforms_of_its_column():
    # the rows say "5/7"; the footnote said "how many of the five"
    from advisor.platforms import PLATFORMS

    r = runner.invoke(app, ["pricing", "show"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert f" 5/{len(PLATFORMS)} " in r.output
    assert f"how many of the {len(PLATFORMS)} platforms can price" in r.output
    assert "of the five" not in r.output


def test_pricing_show_labels_platforms_as_every_other_output():
    # it said "ECS on Fargate Spot" and "EKS on EC2" where compare, the report and diff say
    # "ECS on Fargate + Fargate Spot" and "EKS on EC2 nodes"
    from advisor.platforms import PLATFORM_LABELS, PLATFORMS

    r = runner.invoke(app, ["pricing", "show", "--format", "json", "--region", "us-east-1"])
    shown = {p["platform"]: p["label"] for p in json.loads(r.output)["platforms"]}
    assert sorted(shown) == sorted(PLATFORMS)
    assert shown == {p: PLATFORM_LABELS[p] for p in PLATFORMS}


def test_version():
    assert runner.invoke(app, ["--version"]).output.startswith("advisor ")


@pytest.mark.parametrize("args, needle", [
    (["sweep", "examples/web-app.yaml", "--scale", ""], "--scale '' is not a factor or a range"),
    (["sweep", "examples/web-app.yaml", "--scale", "2000"], "--scale '2000': a factor must be from 0.01 to 1000"),
    (["sweep", "examples/web-app.yaml", "--scale", "2:1"], "need 0.01 <= LOW <= HIGH <= 1000"),
    # float() read these as 1000 and 1 (the price tables and task definitions take ASCII decimals only)
    (["sweep", "examples/web-app.yaml", "--scale", "1_000"], "--scale '1_000' is not a factor or a range"),
    (["sweep", "examples/web-app.yaml", "--scale", "\uff11:\uff12"], "--scale '\uff11:\uff12' is not a factor or a range"),
    (["sweep", "examples/web-app.yaml", "--scale", "1:5", "--points", "200"], "between 2 and 199"),
    (["sweep", "examples/web-app.yaml", "--spot", "--scale", "1:5"], "drop --scale"),
    (["sweep", "examples/web-app.yaml", "--spot", "-p", "eks-ec2"], "drop --platform"),
    (["sweep", "examples/web-app.yaml", "--spot", "--points", "7"], "drop --points"),  # were silently ignored
    (["sweep", "examples/web-app.yaml", "--spot", "--value", "monthly_cost"], "drop --value"),
    # CSV holds both values and no crossovers: the same bytes with and without --value
    (["sweep", "examples/web-app.yaml", "-f", "csv", "--value", "monthly_cost"], "CSV lists both monthly_cost and "
     "monthly_tco for every point and no crossovers: drop --value"),
    # a value that is no value is named as such first: was "--value bogus ranks the platforms ... drop --value"
    (["sweep", "examples/web-app.yaml", "-f", "csv", "--value", "monthly_tcoo"], "--value 'monthly_tcoo' is not valid; "
     "use monthly_tco or monthly_cost. Did you mean 'monthly_tco'?"),
    (["sweep", "examples/web-app.yaml", "--spot", "--value", ""], "--value '' is not valid; use monthly_tco or "
     "monthly_cost."),
    # --points spaces a --scale range; with the default grid or one factor it changed nothing, whatever its value
    (["sweep", "examples/web-app.yaml", "--points", "5"], "without --scale the sweep uses the default grid"),
    (["sweep", "examples/web-app.yaml", "--points", "500", "--scale", "2"], "--scale '2' is one factor: drop --points"),
    # typer's own range check answered "Input should be greater than or equal to 0", without the upper bound
    (["import", "taskdef", "examples/web-app.taskdef.json", "--replicas=-1"], "--replicas -1 is not valid; give a "
     "whole number of tasks from 0 to 5000."),
    # a Spot grid of a workload ECS on Fargate cannot price printed $0.00 everywhere (ap-south-2: no On-Demand
    # Linux rate) or left the Windows service out (eu-west-2: no Windows rate), with exit 0
    (["sweep", "examples/microservices.yaml", "--spot", "-r", "ap-south-2"],
     "Fargate linux/x86_64 on-demand rates for ap-south-2"),
    (["sweep", "examples/arm-windows-mix.yaml", "--spot", "-r", "eu-west-2"],
     "Fargate windows/x86_64 on-demand rates for eu-west-2"),
    (["strategy", "distribute", "--desired", "99999999999999999999", "capacityProvider=FARGATE,weight=1"],
     "0..1000000"),
    (["strategy", "deployment", "--desired", "4", "--deployments-per-month", "1000", "--deployment-minutes",
      "1000"], "more than a month has"),  # each within its bound (44,640), together more than a month
    (["strategy", "deployment", "--desired", "4", "--deployments-per-month", "1000000"],
     "less than or equal to 44640"),
    (["nodes", "capacity", "-i", "m5.large", "-p", "ecs-ec2", "--reserved-memory", "999999"], "left for tasks after the reservations"),
    # the type count as the other catalogue messages write it (it read '1364 types')
    (["nodes", "capacity", "-i", "m5.lage", "-p", "eks-ec2"],
     "instance type 'm5.lage' is not in the catalogue (table ec2_instance_types, 1,364 types). Did you mean 'm5.large'?"),
    # --trunking only changes awsvpc's task limit; with bridge or host it was ignored without a word
    (["nodes", "capacity", "-i", "m5.large", "-p", "ecs-ec2", "--trunking", "--network-mode", "bridge"],
     "drop --trunking, or use --network-mode awsvpc"),
])
def test_flag_values_out_of_range_exit_2(args, needle, monkeypatch):
    monkeypatch.chdir(HERE.parent)
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and needle in r.output, r.output


def test_report_with_no_platform_priced_exits_2_and_writes_nothing(tmp_path):
    # ap-east-2 has no Fargate rate and no priced EC2 type: compare and sweep exit 2; report wrote a "No
    # recommendation" report with exit 0, blaming "the workload's requirements" (it has none)
    target = tmp_path / "ape2.html"
    r = runner.invoke(app, ["report", str(HERE.parent / "examples" / "web-app.yaml"), "-r", "ap-east-2",
                            "-o", str(target)])
    assert r.exit_code == 2 and "no platform can price every service of 'web-app' in ap-east-2" in r.output
    assert "Fargate linux/x86_64 on-demand rates for ap-east-2" in r.output and not target.exists()


def test_no_ranked_platform_says_why_and_quotes_nothing_absent():
    import advisor

    c = advisor.price(advisor.with_region(advisor.load(str(HERE.parent / "examples" / "web-app.yaml")), "ap-east-2"))
    texts = [f.text for f in c.recommendation.findings]
    assert c.recommendation.platform is None
    assert texts[0] == "No platform can be ranked: every platform lacks price data (below)."
    assert not any("quoted above" in t for t in texts), texts  # no managed finding quotes them in this case
    assert any(t.startswith("ECS Managed Instances was not ranked: no priced x86_64 instance type") for t in texts)


def test_report_of_several_workloads_into_one_html_name_is_refused(tmp_path):
    target = tmp_path / "single.html"
    r = runner.invoke(app, ["report", str(HERE.parent / "examples" / "web-app.yaml"),
                            str(HERE.parent / "examples" / "seed-comparison.yaml"), "-o", str(target)])
    assert r.exit_code == 2 and "-o is a folder" in r.output and not target.exists()


def test_a_bad_input_among_several_reports_writes_none(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nservices: []\n")
    out = tmp_path / "out"
    r = runner.invoke(app, ["report", str(HERE.parent / "examples" / "web-app.yaml"), str(bad), "-o", str(out)])
    assert r.exit_code == 2 and not (out.exists() and any(out.iterdir()))


@pytest.mark.parametrize("scale", ["1", "1:1", "2", "2:2"])
def test_sweep_takes_a_single_factor(scale):
    # "--scale 1" gave "is not a range; write LOW:HIGH" and "--scale 1:1" was refused too; the API took one factor
    r = runner.invoke(app, ["sweep", "examples/web-app.yaml", "-p", "ecs-fargate", "--scale", scale, "-f", "json"])
    assert r.exit_code == 0, r.output
    factor = float(scale.split(":")[0])
    assert json.loads(r.stdout)["factors"] == [factor]
    import advisor

    api = advisor.sweep_frame("examples/web-app.yaml", scale, platforms=["ecs-fargate"])
    assert api.factor.tolist() == [factor]


def test_sweep_table_columns_line_up_for_any_factor():
    """Factors such as 2.65915x and amounts such as $19,049.40 were wider than their columns and pushed the rows out
    of line with the header: every row of the table now has the header's width."""
    r = runner.invoke(app, ["sweep", "examples/microservices.yaml", "-p", "ecs-ec2", "-p", "eks-ec2", "--scale", "1:50",
                            "--points", "5"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    table = lines[1:1 + 1 + 5]  # header and one row per factor
    assert table[0].startswith("factor") and any("2.65915x" in line for line in table)
    assert len({len(line) for line in table}) == 1, table


def test_help_paragraphs_wrap_as_one_text():
    # a docstring paragraph wrapped at the source's line length printed a broken line ("impossible size,\n or ...")
    r = runner.invoke(app, ["compare", "--help"], terminal_width=200)
    assert r.exit_code == 0 and "(an impossible size, or price data missing for the region)" in r.output


def test_sweep_rows_of_close_factors_are_labelled_apart():
    r = runner.invoke(app, ["sweep", "examples/web-app.yaml", "--scale", "1:1.0000001", "--points", "3",
                            "-p", "ecs-fargate"])
    assert r.exit_code == 0, r.output
    labels = [line.split()[0] for line in r.output.splitlines()[2:5]]
    assert labels == ["1x", "1.00000005x", "1.0000001x"]


def test_nodes_capacity_prints_large_memory_without_an_exponent_and_reads_platform_ids_in_any_case():
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "u-6tb1.112xlarge", "--platform", " EKS-EC2"])
    assert r.exit_code == 0, r.output
    assert "on eks-ec2: 448 vCPU, 6291456 MiB installed" in r.output and "e+0" not in r.output


@pytest.mark.parametrize("example", sorted(p.name for p in Path("examples").glob("*.yaml")))
def test_sweep_at_1x_shows_the_totals_compare_shows(example):
    # a total is the sum of its rounded parts everywhere (units.total); the sweep table showed money(monthly_tco)
    import re

    path = f"examples/{example}"
    md = runner.invoke(app, ["compare", path, "-f", "markdown"]).output
    totals = dict(re.findall(r"^\| .*\((\S+)\) \| \S+ \| \S+ \| (\$[\d,.]+) \|", md, re.M))
    out = runner.invoke(app, ["sweep", path], terminal_width=300).output.splitlines()
    header = [h.removesuffix("*") for h in out[1].split()[1:]]  # '*': priced with estimates
    [one] = [line.split()[1:] for line in out if line.split()[:1] == ["1x"]]
    assert totals and dict(zip(header, one)) == {p: totals[p] for p in header}


def test_readme_example_output_is_what_compare_prints():
    # the README's "What it does" block: every line shown (other than the elisions "…") is a line of the real output,
    # in the same order
    readme = Path("README.md").read_text()
    block = readme.split("## What it does\n\n```text\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0] == "$ advisor compare examples/microservices.yaml --format markdown"
    out = runner.invoke(app, ["compare", "examples/microservices.yaml", "--format", "markdown"]).output.splitlines()
    pos = 0
    for line in block[1:]:
        if line.startswith("…") or not line:
            continue
        assert line in out[pos:], line
        pos = out.index(line, pos) + 1


def test_sweep_header_says_infrastructure_only_without_operations(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("name: w\noperations: {include: false}\nservices:\n  - {name: a, cpu: 0.5, memory: 1024}\n")
    r = runner.invoke(app, ["sweep", str(path), "-p", "ecs-fargate"])
    assert r.exit_code == 0 and "(infrastructure only: operations.include is false)" in r.output.splitlines()[0]
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "c5.large", "--platform", "ecs-ec2",
                            "--vm-overhead", "99.99"])
    assert r.exit_code == 2 and "--vm-overhead 99.99%" in r.output


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2", "ecs-managed-instances"])
def test_nodes_pack_does_not_place_gpu_services_on_cpu_nodes(tmp_path, platform):
    # compare rules the EC2 platforms out for GPU services; nodes pack packed them onto nodes without GPUs
    path = tmp_path / "gpu.yaml"
    path.write_text("name: g\nservices:\n  - {name: gpu, cpu: 4, memory: 16 GB, replicas: 2, gpus: 1}\n"
                    "  - {name: web, cpu: 0.5, memory: 1024, replicas: 2}\n")
    r = runner.invoke(app, ["nodes", "pack", str(path), "-p", platform, "-f", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert [u["service"] for u in out["unsupported"]] == ["gpu"] and "needs GPUs" in out["unsupported"][0]["reason"]
    assert out["nodes"] >= 1  # web is still placed
    if platform in ("ecs-ec2", "eks-ec2"):
        from advisor.sizing.fleet import plan_fleet
        from advisor.workload.importers import load_any

        plan = plan_fleet(load_any(path), platform)
        assert {n for node in plan.result.nodes for n in node.placements} >= {"web"}
        assert not any("gpu" in node.placements for node in plan.result.nodes)  # no node holds a gpu task


def test_import_output_dash_is_standard_output(tmp_path, monkeypatch):
    # '-o -' wrote a file literally named '-'
    monkeypatch.chdir(tmp_path)
    src = Path(__file__).resolve().parents[1] / "examples" / "web-app.taskdef.json"
    r = runner.invoke(app, ["import", "taskdef", str(src), "-o", "-"])
    assert r.exit_code == 0, r.output
    assert 'name: "web-app"' in r.output and not (tmp_path / "-").exists()


# ------------------------------------------------------------------ messages that name the right cause (finding 12)


@pytest.mark.parametrize("ec2, field", [
    ("{ecs_reserved_memory_mib: 9223372036854775807}", "ec2.ecs_reserved_memory_mib (9223372036854775807 MiB)"),
    ("{vm_memory_overhead_percent: 99.99999999}", "ec2.vm_memory_overhead_percent (99.99999999%)"),
])
def test_reservations_that_leave_no_room_are_named_not_called_missing_prices(tmp_path, ec2, field):
    """A reservation that leaves no memory on any instance type was reported as 'no price data' and 'widen
    ec2.allowed_families': the message names the field that takes the room."""
    path = tmp_path / "w.yaml"
    path.write_text(f"name: t\nec2: {ec2}\nservices:\n  - {{name: web, cpu: 0.5, memory: 1024, replicas: 2}}\n",
                    encoding="utf-8")
    r = runner.invoke(app, ["compare", str(path), "-p", "ecs-ec2"])
    assert r.exit_code == 2 and "has memory left for tasks on ecs-ec2" in r.stderr and field in r.stderr, r.output
    assert "allowed_families" not in r.stderr and "no price data" not in r.stderr
    r = runner.invoke(app, ["compare", str(path), "-p", "ecs-ec2", "-p", "ecs-fargate", "-f", "json"])
    assert r.exit_code == 0, r.output
    ec2_estimate = next(p for p in json.loads(r.stdout)["platforms"] if p["platform"] == "ecs-ec2")
    assert ec2_estimate["status"] != "no price data" and field in ec2_estimate["unsupported"][0]["reason"]


@pytest.mark.parametrize("platform, option, where", [
    ("ecs-ec2", ["--prefix-delegation"], "EKS on EC2 nodes (eks-ec2) only, not ECS on EC2 (ecs-ec2); drop it or use -p "
                                         "eks-ec2."),
    ("ECS-EC2", ["--self-managed"], "EKS on EC2 nodes (eks-ec2) only, not ECS on EC2 (ecs-ec2); drop it or use -p "
                                    "eks-ec2."),
    ("eks-auto-mode", ["--prefix-delegation"], "EKS on EC2 nodes (eks-ec2) only, not EKS Auto Mode (eks-auto-mode)"),
    ("eks-ec2", ["--trunking"], "ECS on EC2 (ecs-ec2) only, not EKS on EC2 nodes (eks-ec2); drop it or use -p "
                                "ecs-ec2."),
    ("eks-ec2", ["--network-mode", "bridge"], "ECS on EC2 (ecs-ec2) and ECS Managed Instances (ecs-managed-instances) "
                                              "only, not EKS on EC2 nodes (eks-ec2); drop it or use -p ecs-ec2."),
    ("eks-ec2", ["--network-mode", "awsvpc"], "ECS on EC2 (ecs-ec2) and ECS Managed Instances"),
    ("eks-ec2", ["--reserved-memory", "100"], "ECS on EC2 (ecs-ec2) only, not EKS on EC2 nodes (eks-ec2)"),
    ("ecs-managed-instances", ["--trunking"], "ECS on EC2 (ecs-ec2) only, not ECS Managed Instances"),
    ("ecs-managed-instances", ["--reserved-memory", "0"], "ECS on EC2 (ecs-ec2) only, not ECS Managed Instances"),
])
def test_nodes_capacity_refuses_an_option_the_platform_does_not_use(platform, option, where):
    # each printed the numbers it prints without the option, exit 0
    r = runner.invoke(app, ["nodes", "capacity", "-i", "m5.large", "-p", platform, *option])
    assert r.exit_code == 2 and r.stdout == "", r.output
    assert r.stderr.replace("\n", " ").startswith(f"error: {option[0]} applies to {where}"), r.stderr


@pytest.mark.parametrize("platform, option", [
    ("eks-ec2", ["--prefix-delegation"]), ("eks-ec2", ["--self-managed"]), ("ecs-ec2", ["--trunking"]),
    ("ecs-ec2", ["--network-mode", "bridge"]), ("ecs-ec2", ["--reserved-memory", "100"]),
    ("ecs-managed-instances", ["--network-mode", "host"]),
])
def test_nodes_capacity_options_work_where_they_apply(platform, option):
    r = runner.invoke(app, ["nodes", "capacity", "-i", "m5.large", "-p", platform, *option, "-f", "json"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("args, words", [
    (["--reserved-memory", "-1"], "--reserved-memory: Input should be greater than or equal to 0. Got -1."),
    (["--vm-overhead", "100"], "--vm-overhead: Input should be less than 100. Got 100."),
    (["--headroom", "-5"], "--headroom: Input should be greater than or equal to 0. Got -5."),
    (["--network-mode", "brige"], "--network-mode: 'brige' is not valid; expected 'awsvpc', 'bridge' or 'host'."),
])
def test_nodes_capacity_options_have_the_bounds_of_the_ec2_fields_they_mirror(args, words):
    # '--reserved-memory -1' printed a registered memory above the node's capacity; ec2.ecs_reserved_memory_mib is ge=0
    r = runner.invoke(app, ["nodes", "capacity", "-i", "m5.large", "-p", "ecs-ec2", *args])
    assert r.exit_code == 2 and words in r.stderr, r.output


@pytest.mark.parametrize("args, words", [
    (["--maximum-percent", "100000"], "--maximum-percent: Input should be less than or equal to 200. Got 100000. "
                                      "(max_percent: ECS maximumPercent (default 200))"),
    (["--maximum-percent", "50"], "--maximum-percent: Input should be greater than or equal to 100. Got 50."),
    (["--minimum-healthy-percent", "101"], "--minimum-healthy-percent: Input should be less than or equal to 100."),
    (["--deployment-minutes", "0"], "--deployment-minutes: Input should be greater than 0. Got 0."),
    (["--deployments-per-month", "-1"], "--deployments-per-month: Input should be greater than or equal to 0. Got -1. "),
    # a decimal option says the value as typed: "Got -1.0" read as if the user had written that
    (["--deployments-per-month", "-2.5"], "--deployments-per-month: Input should be greater than or equal to 0. Got -2.5. "),
])
def test_strategy_deployment_options_have_the_bounds_and_messages_of_the_workload_fields(args, words):
    """'strategy deployment' accepted --maximum-percent 100000 and --deployment-minutes 0, which the workload file
    rejects; its message read 'ECS accepts maximum_percent in >= 100. Use a value in >= 100'."""
    r = runner.invoke(app, ["strategy", "deployment", "-d", "4", *args])
    assert r.exit_code == 2 and words in r.stderr, r.output
    assert ">= 100" not in r.stderr
    r = runner.invoke(app, ["strategy", "deployment", "-d", "4", "--maximum-percent", "200", "--deployment-minutes",
                            "30", "--deployments-per-month", "10", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["surge_task_hours_per_month"] == 20.0


def _negative_zeros(value) -> list:
    """Every float -0.0 in a parsed JSON document."""
    if isinstance(value, float):
        return [value] if value == 0 and math.copysign(1.0, value) < 0 else []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [z for v in items for z in _negative_zeros(v)]


def test_minus_zero_is_zero_in_options_and_in_the_workload_file(tmp_path):
    """'-0' passes every ge=0 bound: 'nodes capacity --vm-overhead -0' printed "(-0%)" and JSON -0.0,
    'strategy deployment --deployments-per-month -0.0' a surge of -0.0 task-hours, and ec2.headroom_percent: -0.0 in
    a workload "headroom -0% of CPU and memory" in every EC2 platform's notes."""
    r = runner.invoke(app, ["nodes", "capacity", "-i", "m5.large", "--vm-overhead", "-0", "--headroom", "-0"])
    assert r.exit_code == 0 and "VM memory overhead: 0 MiB (0%)" in r.stdout and "-0" not in r.stdout, r.output
    r = runner.invoke(app, ["nodes", "capacity", "-i", "m5.large", "--vm-overhead", "-0", "--headroom", "-0",
                            "-f", "json"])
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and _negative_zeros(out) == [] and out["vm_overhead_memory_mib"] == 0.0, r.output
    r = runner.invoke(app, ["strategy", "deployment", "-d", "5", "--deployments-per-month", "-0.0", "-f", "json"])
    assert r.exit_code == 0 and _negative_zeros(json.loads(r.stdout)) == [], r.output
    r = runner.invoke(app, ["strategy", "deployment", "-d", "5", "--deployments-per-month", "-0.0"])
    assert "surge_task_hours_per_month: 0 (no deployments a month" in r.stdout, r.output
    w = tmp_path / "w.yaml"
    w.write_text("name: z\nec2: {vm_memory_overhead_percent: -0.0, headroom_percent: -0.0}\nservices:\n"
                 "  - {name: a, cpu: 0.5, memory: 1024, replicas: 2, deployments_per_month: -0.0}\n", encoding="utf-8")
    r = runner.invoke(app, ["nodes", "pack", str(w), "-p", "eks-ec2", "-f", "json"])
    assert r.exit_code == 0 and _negative_zeros(json.loads(r.stdout)) == [], r.output
    r = runner.invoke(app, ["nodes", "pack", str(w), "-p", "eks-ec2"])
    assert r.exit_code == 0 and "VM memory overhead 0%)" in r.stdout, r.output
    r = runner.invoke(app, ["compare", str(w), "-p", "ecs-ec2", "-f", "json"])
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and _negative_zeros(out) == [] and "-0%" not in r.stdout, r.output
    assert any("headroom 0% of CPU and memory" in n for n in out["platforms"][0]["notes"]), r.output


def test_spot_frame_of_a_workload_fargate_cannot_price_raises():
    import advisor
    from advisor.errors import AdvisorError

    w = advisor.with_region(advisor.load(str(HERE.parent / "examples" / "microservices.yaml")), "ap-south-2")
    with pytest.raises(AdvisorError, match="not priced:\n  - missing price data: Fargate linux/x86_64 on-demand"):
        advisor.spot_frame(w)


def test_minus_zero_share_in_spot_frame_is_zero():
    import advisor

    f = advisor.spot_frame(str(HERE.parent / "examples" / "web-app.yaml"), shares=-0.0, discounts=0.5)
    assert math.copysign(1.0, f.spot_share[0]) == 1.0 and math.copysign(1.0, f.saving[0]) == 1.0
    # every task on-demand: 2 tasks x 730 h x (0.25 vCPU x $0.04048 + 0.5 GB x $0.004445)
    assert f.saving[0] == 0.0 and round(f.monthly_cost[0], 5) == round(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445), 5)


MIRROR = HERE / "fixtures" / "pricelist" / "mirror"
OFFER = HERE / "fixtures" / "AmazonECS_bulk_offer_eu-west-1_sample.csv"


@pytest.mark.parametrize("args, words", [
    (["pricing", "show", "--region", ""], "region '' is not an AWS region"),
    (["pricing", "fetch", "--region", "", "--endpoint", str(MIRROR)], "--region '' names no region"),
    (["pricing", "fetch", "--region", " , ", "--endpoint", str(MIRROR)], "--region ' , ' names no region"),
    (["pricing", "fetch", "--region", "mx-central-1", "--services", "", "--endpoint", str(MIRROR)],
     "--services '' names no service. Give AWS's service codes, comma-separated: AmazonECS"),
    (["pricing", "fetch", "--region", "mx-central-1", "--services", ",", "--endpoint", str(MIRROR)],
     "--services ',' names no service"),
    (["pricing", "refresh", "--region", "eu-west-1", "--tables", ""], "--tables '' names no table group. Valid: "
                                                                       "fargate, ec2, eks, spot"),
    (["pricing", "import-offer", str(OFFER), "--region", ""],
     "--region '' names no region; give a region code such as eu-west-1 (comma-separated or repeated), or leave "
     "--region out for every region of the file."),
    (["import", "taskdef", str(HERE.parent / "examples" / "web-app.taskdef.json"), "--name", ""],
     "--name '' is empty; give the workload's name"),
    (["import", "terraform", str(HERE / "fixtures" / "iac" / "synthetic" / "tf_eks_plan.json"), "--as-of", ""],
     "--as-of '' is empty; give a date as YYYY-MM-DD"),
])
def test_an_option_given_empty_is_refused_not_read_as_left_out(tmp_path, args, words):
    """'pricing show --region ""' listed every region, 'fetch --services ""' fetched every service, 'import-offer
    --region ""' imported every region of the file, 'import --name ""' took the input's name: an option given but
    empty names nothing, so it is exit 2 with what is valid, and nothing is fetched or written."""
    data = tmp_path / "data"
    extra = ["--data-dir", str(data)] if args[0] == "pricing" and args[1] != "show" else []
    r = runner.invoke(app, [*args, *extra])
    assert r.exit_code == 2 and words in r.stderr, r.output
    assert not data.exists()


@pytest.mark.parametrize("kind,path", [
    ("taskdef", HERE.parent / "examples" / "web-app.taskdef.json"),
    ("k8s", HERE.parent / "examples" / "k8s"),
    ("terraform", HERE / "fixtures" / "iac" / "synthetic" / "tf_eks_plan.json"),
])
def test_a_name_longer_than_a_workload_name_is_refused_as_the_name_option(tmp_path, kind, path):
    """'import ... --name' of 300 characters said "name: String should have at most 253 characters", a workload
    field the user never wrote; the option is named, with its limit, and nothing is written."""
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", kind, str(path), "--name", "x" * 300, "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert ("--name is 300 characters long; a workload name has at most 253 (the workload file's 'name'). Give a "
            "shorter one, or leave --name out to take it from the input.") in " ".join(r.stderr.split())
    assert not out.exists()
    r = runner.invoke(app, ["import", kind, str(path), "--name", "y" * 253, "-o", str(out)])
    assert r.exit_code == 0 and f'name: "{"y" * 253}"' in out.read_text()


# ------------------------------------------------------------------ estimates labelled as estimates (finding 10)

SURGE = "name: t\nservices:\n  - {name: web, cpu: 0.5, memory: 1024, replicas: 4, deployments_per_month: 30}\n"


def test_deployment_surge_lines_are_marked_estimates_in_every_format(tmp_path):
    """docs/strategy.md calls the surge an upper-side estimate, but its lines had no '*', estimate=False in CSV and
    no note: every format now flags them and says why."""
    path = tmp_path / "dep.yaml"
    path.write_text(SURGE, encoding="utf-8")
    lines = json.loads(runner.invoke(app, ["compare", str(path), "-p", "ecs-fargate", "-f", "json"]).stdout)
    est = lines["platforms"][0]
    surge = [ln for ln in est["lines"] if ln["category"] == "surge"]
    assert surge and all(ln["estimate"] for ln in surge)
    assert any("Deployment surge lines are an estimate on the high side" in n for n in est["notes"])
    csv_text = runner.invoke(app, ["compare", str(path), "-p", "ecs-fargate", "-f", "csv"]).stdout
    assert all(",True," in row for row in csv_text.splitlines() if "Deployment surge" in row)
    md = runner.invoke(app, ["compare", str(path), "-p", "ecs-fargate", "-f", "markdown"]).stdout
    assert "Deployment surge: Fargate vCPU (on-demand, x86\\_64) \\*" in md and "quantity (deployment surge" in md
    table = " ".join(runner.invoke(app, ["compare", str(path), "-p", "ecs-fargate"]).stdout.split())
    assert "x86_64) * │" in table and "quantity (deployment surge, on the high side)" in table


def test_strategy_deployment_says_the_surge_is_an_estimate():
    r = runner.invoke(app, ["strategy", "deployment", "-d", "4", "--deployments-per-month", "30"])
    assert r.exit_code == 0 and "surge_task_hours_per_month: 30 (estimate, on the high side)" in r.stdout
    d = json.loads(runner.invoke(app, ["strategy", "deployment", "-d", "4", "--deployments-per-month", "30",
                                       "-f", "json"]).stdout)
    assert d["surge_task_hours_per_month"] == 30.0 and "estimate on the high side" in d["estimate_note"]
    # an ECS command: the assumption speaks of ECS's rule only (it quoted Kubernetes' maxSurge too)
    assert "Kubernetes" not in r.stdout and "maxSurge" not in d["estimate_note"]
    assert "floor(desired x max_percent) - desired" in d["estimate_note"]


@pytest.mark.parametrize(("args", "why"), [([], "(no deployments a month: give --deployments-per-month)"),
                                           (["--deployments-per-month", "30", "--maximum-percent", "100",
                                             "--minimum-healthy-percent", "50"],
                                            "(a deployment starts no extra task: surge_tasks is 0)")])
def test_strategy_deployment_calls_no_surge_no_estimate(args, why):
    # with no deployments it printed "surge_task_hours_per_month: 0.0 (estimate, on the high side)"
    r = runner.invoke(app, ["strategy", "deployment", "-d", "4", *args])
    assert r.exit_code == 0, r.output
    assert f"surge_task_hours_per_month: 0 {why}\n" in r.stdout
    assert "estimate" not in r.stdout
    d = json.loads(runner.invoke(app, ["strategy", "deployment", "-d", "4", *args, "-f", "json"]).stdout)
    assert d["surge_task_hours_per_month"] == 0 and d["estimate_note"] is None


def test_sweep_marks_platforms_priced_with_estimates():
    args = ["sweep", "examples/web-app.yaml", "-p", "ecs-fargate", "-p", "ecs-fargate-spot", "--scale", "1:2",
            "--points", "2"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    head = r.stdout.splitlines()[1]
    assert head.split()[1:] == ["ecs-fargate", "ecs-fargate-spot*"]
    assert "* estimated unit price (Spot prices float)" in r.stdout
    rows = runner.invoke(app, [*args, "-f", "csv"]).stdout.splitlines()
    assert rows[0].endswith(",method,estimate,reason")
    assert {r.split(",")[1]: r.split(",")[-2] for r in rows[1:]} == {"ecs-fargate": "False", "ecs-fargate-spot": "True"}


@pytest.mark.parametrize("platform, service", [("ecs-managed-instances", "AmazonECS"), ("eks-auto-mode", "AmazonEKS")])
def test_nodes_pack_on_a_managed_platform_says_the_fee_is_left_out(platform, service):
    """'nodes pack -p ecs-managed-instances' printed 'instances: $0.1159/h = $84.62/month' with no word about the
    management fee that compare refuses to estimate."""
    r = runner.invoke(app, ["nodes", "pack", "examples/web-app.yaml", "-p", platform])
    assert r.exit_code == 0, r.output
    assert "instances + node volumes, WITHOUT the management fee:" in r.stdout
    assert f"--services {service}" in r.stdout and "never estimates a fee" in r.stdout
    d = json.loads(runner.invoke(app, ["nodes", "pack", "examples/web-app.yaml", "-p", platform, "-f", "json"]).stdout)
    assert d["includes_management_fee"] is False and "management fee" in d["notes"][0]


def test_nodes_pack_names_auto_mode_nvme_volumes(tmp_path):
    """The header said "EBS ephemeral storage volume 80 GiB each" of a fleet whose m6id.large nodes (118 GB = 109.9
    GiB of local NVMe, more than 80 GiB) carry a 20 GiB volume; the packer prices them with 20 GiB (no fee in the
    bundled data: instances and volumes, 2 x (0.11865 + 20 x 0.08 / 730) = $0.2417/h)."""
    f = tmp_path / "w.yaml"
    f.write_text("name: n\nregion: us-east-1\neks_auto_mode: {node_pool: custom, allowed_types: [m6id.large]}\n"
                 "services: [{name: a, cpu: 1, memory: 1024, replicas: 2}]\n", encoding="utf-8")
    r = runner.invoke(app, ["nodes", "pack", str(f), "-p", "eks-auto-mode"])
    assert r.exit_code == 0, r.output
    assert ("(EBS ephemeral storage volume 80 GiB each; 20 GiB on m6id.large, whose local NVMe is larger, "
            "VM memory overhead 7.5%)") in r.stdout
    assert "instances + node volumes, WITHOUT the management fee: $0.2417/h" in r.stdout


@pytest.mark.parametrize("command", ["compare", "diff"])
def test_cloudformation_parameter_note_names_the_command_that_takes_it(command):
    # the note said "give it with --parameter EKSClusterVersion=VALUE"; compare and diff have no --parameter
    # (an EKS cluster template, priced by diff as declared; an ECS one whose SubnetId has no Default)
    name, parameter = (("cfn_templates_eks_cluster_nodegroup.yaml", "EKSClusterVersion") if command == "diff" else
                       ("cfn_templates_ecs_schedule_example.yaml", "SubnetId"))
    template = str(HERE / "fixtures" / "iac" / "cloudformation" / name)
    args = [command, template] + ([template] if command == "diff" else []) + ["-f", "markdown"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert f"'advisor import cloudformation TEMPLATE -P {parameter}=VALUE'" in r.stdout
    assert "with --parameter" not in r.stdout
    assert "No such option" in runner.invoke(app, [*args, "--parameter", "EKSClusterVersion=1.31"]).output


@pytest.mark.parametrize(("platform", "volume"), [("ecs-managed-instances", "EBS data volume 80 GiB each"),
                                                  ("eks-auto-mode", "EBS ephemeral storage volume 80 GiB each"),
                                                  ("ecs-ec2", "root volume 30 GiB each"),
                                                  ("eks-ec2", "root volume 20 GiB each")])
def test_nodes_pack_names_the_volume_each_platform_prices(platform, volume):
    # docs/platforms.md: ECS Managed Instances price one gp3 EBS data volume per instance (storage_gib), EKS Auto
    # Mode one ephemeral storage volume per node; nodes pack called both a "root volume"
    r = runner.invoke(app, ["nodes", "pack", str(HERE.parent / "examples" / "web-app.yaml"), "-p", platform])
    assert r.exit_code == 0, r.output
    assert f" nodes ({volume}, VM memory overhead" in r.stdout.splitlines()[0]


def test_nodes_help_names_every_ec2_backed_platform():
    # it said "EC2 nodes for ECS on EC2 and EKS on EC2", yet capacity and pack take all four
    from advisor.platforms import EC2_PLATFORMS, PLATFORM_LABELS

    for args in (["nodes", "--help"], ["--help"]):
        text = " ".join(runner.invoke(app, args, env={"COLUMNS": "200"}).stdout.replace("│", " ").split())
        assert all(PLATFORM_LABELS[p] in text for p in EC2_PLATFORMS), (args, text)
    text = " ".join(runner.invoke(app, ["nodes", "pack", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert all(p in text for p in EC2_PLATFORMS)


@pytest.mark.parametrize("command", ["compare", "sweep", "diff"])
def test_platform_takes_comma_separated_ids_as_well_as_repeats(command):
    # "-p ecs-fargate,eks-ec2" was refused ("platform 'ecs-fargate,eks-ec2' is not one advisor can price")
    web = str(HERE.parent / "examples" / "web-app.yaml")
    inputs = [web, web] if command == "diff" else [web]
    extra = ["--scale", "1"] if command == "sweep" else []

    def shown(*platform_args):
        r = runner.invoke(app, [command, *inputs, *platform_args, *extra, "-f", "json"])
        assert r.exit_code == 0, r.output
        d = json.loads(r.stdout)
        if command == "compare":
            return [p["platform"] for p in d["platforms"]]
        if command == "sweep":
            return list(dict.fromkeys(p["platform"] for p in d["points"]))
        return [c["key"] for c in d["platforms"]]

    chosen = ["ecs-fargate", "eks-ec2", "eks-fargate"]
    assert shown("-p", "ecs-fargate,eks-ec2", "-p", "eks-fargate") == chosen
    assert shown("--platform", " ecs-fargate , eks-ec2,eks-fargate ") == chosen
    assert shown("-p", "ecs-fargate", "-p", "eks-ec2", "-p", "eks-fargate") == chosen
    r = runner.invoke(app, [command, *inputs, "-p", "ecs-fargate,ecs-fargat", *extra])
    assert r.exit_code == 2 and "platform 'ecs-fargat' is not one advisor can price" in r.output
    r = runner.invoke(app, [command, *inputs, "-p", ",", *extra])  # nothing named: refused, not "every platform"
    assert r.exit_code == 2 and "is not one advisor can price" in r.output
    text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    assert "list[str]" not in text and "<id,...>" in text and "comma-separated or repeated" in text


def test_nodes_platform_takes_one_id_and_says_so_for_a_list():
    r = runner.invoke(app, ["nodes", "pack", str(HERE.parent / "examples" / "web-app.yaml"), "-p", "ecs-ec2,eks-ec2"])
    assert r.exit_code == 2 and "a nodes command takes one platform" in r.output and "-p ecs-ec2" in r.output


def test_report_help_lists_the_inputs_it_reads(tmp_path):
    # report --help and docs/report.md left out Terraform plans and CloudFormation templates, which it reads
    text = " ".join(runner.invoke(app, ["report", "--help"], env={"COLUMNS": "200"}).stdout.replace("│", " ").split())
    assert "a Terraform plan ('terraform show -json'), a CloudFormation/CDK template" in text
    plan = HERE / "fixtures" / "iac" / "synthetic" / "tf_ecs_fargate_plan.json"
    r = runner.invoke(app, ["report", str(plan), "-o", str(tmp_path / "tf.html")])
    assert r.exit_code == 0, r.output
    assert "as declared" in (tmp_path / "tf.html").read_text(encoding="utf-8")


def test_deployment_surge_hours_are_shown_to_six_digits_and_kept_whole_in_json():
    """Six significant digits, written as a decimal (it said 8.33333e-06), the JSON keeping every digit."""
    # 5 tasks at 200%: 5 surge tasks x 1 deployment x 0.0001 minutes = 0.0005 task-minutes = 8.3333e-06 task-hours
    args = ["strategy", "deployment", "-d", "5", "--deployment-minutes", "0.0001", "--deployments-per-month", "1"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0 and "surge_task_hours_per_month: 0.00000833333 (estimate" in r.stdout
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert data["surge_task_hours_per_month"] == pytest.approx(5 * 0.0001 / 60, rel=1e-12)


@pytest.mark.parametrize("argv", [["strategy", "distribute", "-\xa0", "--desired", "0"],
                                  ["compare", "-\u202e", "examples/web-app.yaml"],
                                  ["sizes", "--os", "win\xa0dows"]])
def test_usage_errors_quote_what_was_typed_printably(argv):
    """The parser quotes the option or value typed and escapes control characters only: a non-breaking space or a
    bidi override (found by the CLI fuzz test: '-\\xa0') reached the terminal. Exit 2, the message kept."""
    r = runner.invoke(app, argv)
    assert r.exit_code == 2
    assert any(w in r.output for w in ("No such option", "Invalid value", "is not valid"))
    assert all(ch.isprintable() or ch == "\n" for ch in r.output), repr(r.output)


@pytest.mark.parametrize("argv, said", [
    (["compare", "examples/web-app.yaml", "--max-age-days", "1e3"],
     "Invalid value for '--max-age-days': '1e3' is not a whole number; write one in the digits 0-9, such as 4, "
     "without '_' separators, a '+' sign, a decimal point or an exponent (--help says what the option takes)."),
    (["strategy", "deployment", "-d", "\u0663"],
     "Invalid value for '--desired' / '-d': '\u0663' is not a whole number; write one in the digits 0-9"),
    (["diff", "a.yaml", "b.yaml", "--fail-above", "0x10"],
     "Invalid value for '--fail-above': '0x10' is not a number; write a decimal number in the digits 0-9, such as 500 "
     "or 0.5, without '_' separators (--help says what the option takes)."),
    (["nodes", "capacity", "-i", "m5.large", "-p", "ecs-ec2", "--vm-overhead", "abc"],
     "Invalid value for '--vm-overhead': 'abc' is not a number; write a decimal number"),
    (["compare", "examples/web-app.yaml", "-f", "xml"],
     "Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', 'csv', 'markdown'."),
])
def test_a_number_option_that_does_not_parse_quotes_the_value_and_the_fix(argv, said):
    """'--max-age-days nan' said only 'Input should be a valid integer, unable to parse string as an integer': not
    what was typed, nor what to write; '-f xml' began 'Value error, '."""
    r = runner.invoke(app, argv)
    out = " ".join(r.output.replace("│", " ").split())
    assert r.exit_code == 2 and said in out and "Input should be" not in out and "Value error" not in out, out


# ------------------------------------------------------------------ options named as the user wrote them

_TF_EKS = str(HERE / "fixtures" / "iac" / "synthetic" / "tf_eks_plan.json")
_CFN_TD = ("Resources:\n  TD:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: web\n      Cpu: '256'\n"
           "      Memory: '512'\n      ContainerDefinitions:\n        - {Name: app, Image: nginx}\n")


@pytest.mark.parametrize("kind, value, words", [
    ("cloudformation", "2026-13-01", "--as-of '2026-13-01' is not a calendar date (no such day); use YYYY-MM-DD, e.g. "
                                     "2026-12-01 (or leave --as-of out for today)."),
    ("cloudformation", "tomorrow", "--as-of 'tomorrow' is not a date; use YYYY-MM-DD, e.g. 2026-12-01"),
    ("terraform", "tomorrow", "--as-of 'tomorrow' is not a date; use YYYY-MM-DD, e.g. 2026-12-01"),
    ("terraform", "2026-02-30", "--as-of '2026-02-30' is not a calendar date"),
])
def test_import_as_of_is_named_as_the_option(tmp_path, kind, value, words):
    """Reported: --as-of 2026-13-01 was named declared.as_of, and --as-of tomorrow showed the regular expression
    '^\\d{4}-\\d{2}-\\d{2}$' rather than how to write a date."""
    path = tmp_path / "t.yaml"
    path.write_text(_CFN_TD)
    r = runner.invoke(app, ["import", kind, str(path) if kind == "cloudformation" else _TF_EKS, "--as-of", value])
    assert r.exit_code == 2 and words in r.stderr, r.output
    assert "declared.as_of" not in r.stderr and "\\d{4}" not in r.stderr


def test_declared_as_of_in_a_workload_says_how_to_write_a_date(tmp_path):
    """The workload field itself: words, not the pattern; an unquoted date YAML reads as a date is accepted, and one
    that names no day (2026-13-01, which PyYAML could not read) is named."""
    path = tmp_path / "w.yaml"
    for value, words in (("tomorrow", "declared.as_of (line 4): 'tomorrow' is not a date; use YYYY-MM-DD, e.g. "
                                      "2026-12-01."),
                         ("2026-13-01", "declared.as_of (line 4): '2026-13-01' is not a calendar date (no such day)")):
        path.write_text(f"name: t\nservices:\n  - {{name: web, cpu: 0.5, memory: 1024}}\ndeclared: {{as_of: {value}}}\n")
        r = runner.invoke(app, ["compare", str(path)])
        assert r.exit_code == 2 and words in r.stderr and "\\d{4}" not in r.stderr, r.output
    path.write_text("name: t\nservices:\n  - {name: web, cpu: 0.5, memory: 1024}\ndeclared: {as_of: 2026-12-01}\n")
    from advisor.workload.load import load_workload

    assert load_workload(path).declared.as_of == "2026-12-01"


def test_sweep_value_is_named_as_the_option_with_did_you_mean(tmp_path):
    """Reported: 'sweep w.yaml --value foo' said "value 'foo' is not valid" without the '--'."""
    path = tmp_path / "w.yaml"
    path.write_text("name: t\nservices:\n  - {name: web, cpu: 0.5, memory: 1024}\n")
    r = runner.invoke(app, ["sweep", str(path), "--value", "foo"])
    assert r.exit_code == 2 and "--value 'foo' is not valid; use monthly_tco or monthly_cost." in r.stderr, r.output
    r = runner.invoke(app, ["sweep", str(path), "--value", "monthly_TCO"])
    assert r.exit_code == 2 and "Did you mean 'monthly_tco'?" in r.stderr, r.output


@pytest.mark.parametrize("args, words", [
    (["sizes", "--cpu", "0.5", "--memory", "512", "--os", "WINDOWS"],
     "--os 'WINDOWS' is not valid; use linux or windows. Did you mean 'windows'?"),   # reported: no did-you-mean
    (["sizes", "--os", "Linux"], "Did you mean 'linux'?"),
])
def test_choice_options_say_did_you_mean_as_the_workload_file_does(args, words):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and words in r.stderr, r.output


@pytest.mark.parametrize("args, name", [
    (["compare", ""], "WORKLOAD"), (["sweep", " "], "WORKLOAD"), (["report", ""], "WORKLOAD"),
    (["report", "web.yaml", ""], "WORKLOAD"), (["diff", "", "web.yaml"], "BEFORE"), (["diff", "web.yaml", "\t"], "AFTER"),
    (["import", "k8s", ""], "PATH"), (["import", "taskdef", ""], "PATH"), (["import", "terraform", ""], "PATH"),
    (["import", "cloudformation", ""], "PATH"), (["import", "taskdef", "x.json", "-s", ""], "'--services' / '-s'"),
    (["import", "taskdef", "x.json", "--cluster-file", ""], "'--cluster-file'"),
    (["pricing", "import-offer", ""], "FILE"), (["nodes", "pack", ""], "WORKLOAD"),
])
def test_a_blank_input_path_is_a_usage_error_not_the_current_folder(args, name, monkeypatch):
    # typer read '' as Path('') == '.': an empty "$WORKLOAD" in a folder of manifests priced them, 'import k8s ""'
    # imported them and 'report ""' wrote reports/<folder>.html into it
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "examples" / "k8s")
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2, r.output
    text = " ".join("".join(" " if ch in "│╭╮╰╯─" else ch for ch in r.output).split())  # the box's lines joined
    assert f"Invalid value for {name if name.startswith(chr(39)) else repr(name)}" in text
    assert "is blank; give a file or folder to read, or '-' for standard input" in text
    assert not (Path.cwd() / "reports").exists()


def test_empty_standard_input_says_nothing_was_piped_in(tmp_path):
    """'kubectl kustomize DIR | advisor compare -' of a folder that builds no objects (GoogleCloudPlatform/
    microservices-demo kustomize/components/container-images-registry sets only images) pipes in nothing: it said
    "<stdin>: the workload is empty; it needs at least 'name' and 'services'", as though a workload file were meant.
    The importers said 'nothing to import' (import k8s -) or 'the list is empty' (import taskdef -); an empty file
    said 'invalid JSON: Expecting value' (a task definition) or 'the workload is empty'."""
    for args in (["compare", "-"], ["import", "k8s", "-"], ["import", "taskdef", "-"], ["import", "terraform", "-"],
                 ["report", "-", "-o", "-"]):
        for text in ("", "# a comment\n") if args == ["compare", "-"] else ("", "  \n"):
            r = runner.invoke(app, args, input=text)
            assert r.exit_code == 2 and "standard input is empty" in r.output and "kubectl kustomize DIR" in r.output, (
                args, r.output)
            assert "Traceback" not in r.output
    empty = tmp_path / "td.json"
    empty.write_text("")
    for args in (["import", "taskdef", str(empty)], ["compare", str(empty)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and "the file is empty" in r.output and "invalid JSON" not in r.output, r.output


def test_empty_or_comment_only_input_is_one_message_for_every_command_and_importer(tmp_path):
    """A file or standard input that is blank, only comments or only '---' says it is empty for every command and
    importer: a comment-only file said 'the list is empty' (import taskdef), 'nothing to import' (import k8s), 'not a
    Terraform plan' (import terraform), 'the workload is empty' (compare, diff), and import cloudformation said 'not a
    CloudFormation template' even of an empty file (a tab-only file, 'YAML syntax error')."""
    web = str(HERE.parent / "examples" / "web-app.yaml")
    for i, text in enumerate(("", " \n\t\n", "# a comment\n# another\n", "# c\n---\n", "---\n...\n")):
        f = tmp_path / f"in{i}.yaml"
        f.write_text(text)
        for args in (["compare", str(f)], ["sweep", str(f)], ["nodes", "pack", str(f)], ["diff", str(f), web],
                     ["diff", web, str(f)], ["import", "taskdef", str(f)], ["import", "k8s", str(f)],
                     ["import", "terraform", str(f)], ["import", "cloudformation", str(f)]):
            r = runner.invoke(app, args)
            assert r.exit_code == 2 and "the file is empty (or only comments)" in r.output, (args, text, r.output)
            assert "Traceback" not in r.output
        for args in (["import", "cloudformation", "-"], ["import", "taskdef", "-"], ["import", "k8s", "-"],
                     ["diff", "-", web]):
            r = runner.invoke(app, args, input=text)
            assert r.exit_code == 2 and "standard input is empty" in r.output, (args, text, r.output)


def test_an_empty_or_comment_only_file_in_a_manifests_folder_holds_no_objects(tmp_path):
    """A blank or comment-only file among a folder's manifests, or a comment-only kustomization, holds no objects
    (kubectl kustomize builds it so); the check for an empty input refused the whole folder ('the file is empty')."""
    for f in (HERE.parent / "examples" / "k8s").glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text())
    (tmp_path / "zz-empty.yaml").write_text("")
    (tmp_path / "zz-comments.yaml").write_text("# kept for later\n---\n")
    r = runner.invoke(app, ["compare", str(tmp_path)])
    assert r.exit_code == 0, r.output
    kust = tmp_path / "kust"
    kust.mkdir()
    (kust / "kustomization.yaml").write_text("# nothing yet\n")
    r = runner.invoke(app, ["import", "k8s", str(kust)])
    assert r.exit_code == 2 and "the file is empty" not in r.output and "at least one service" in r.output, r.output


# Ctrl-C while the command is still being set up (`python3 -m advisor strategy recommend x` interrupted half a second
# in) printed a KeyboardInterrupt traceback from typer's reading of the command's type hints: typer's own handler
# (exit 130) only covers the command's run. The SIGINT is sent by the process to itself at each stage, so the test
# does not hang on timing.
_SIGINT_AT = {
    "import": "import os, signal, sys; sys.modules.pop('advisor.cli', None); "
              "import builtins; real = builtins.__import__\n"
              "def imp(name, *a, **k):\n"
              "    if name == 'advisor.cli': os.kill(os.getpid(), signal.SIGINT)\n"
              "    return real(name, *a, **k)\n"
              "builtins.__import__ = imp\n",
    "command line": "import os, signal, typer.main as tm; real = tm.get_command\n"
                    "def get(app):\n"
                    "    os.kill(os.getpid(), signal.SIGINT)\n"
                    "    return real(app)\n"
                    "tm.get_command = get\n",
}


@pytest.mark.parametrize("stage", sorted(_SIGINT_AT))
@pytest.mark.parametrize("command", [["strategy", "recommend", "examples/web-app.yaml"],
                                     ["diff", "examples/web-app.yaml", "examples/web-app.yaml"]])
def test_ctrl_c_during_start_up_exits_130_without_a_traceback(stage, command):
    import subprocess
    import sys

    code = _SIGINT_AT[stage] + "import sys; sys.argv = ['advisor', *sys.argv[1:]]\nfrom advisor.__main__ import run\nrun()\n"
    r = subprocess.run([sys.executable, "-c", code, *command], cwd=HERE.parent, capture_output=True, text=True,
                       timeout=120)
    assert "Traceback" not in r.stderr and "KeyboardInterrupt" not in r.stderr, r.stderr
    assert r.returncode == 130, (r.returncode, r.stderr)
    assert r.stdout == ""


def test_console_script_is_the_ctrl_c_safe_entry_point():
    import tomllib

    scripts = tomllib.loads((HERE.parent / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"advisor": "advisor.__main__:run"}


@pytest.mark.parametrize("args", [
    ["sweep", "examples/web-app.yaml", "--scale", "1:2", "--points"],
    ["compare", "examples/web-app.yaml", "--max-age-days"],
    ["import", "taskdef", "examples/web-app.taskdef.json", "--replicas"],
    ["strategy", "deployment", "--desired"],
    ["nodes", "capacity", "-i", "m5.large", "-p", "ecs-ec2", "--reserved-memory"],
    ["pricing", "refresh", "--spot-window-days"],
])
@pytest.mark.parametrize("value", ["1_0", "\u0663", "+5", "1.0", "1e3"])
def test_whole_number_options_read_ascii_digits_only(args, value, monkeypatch):
    """Typer's integer read the text with int(): '1_0' was 10 and an Arabic-Indic '\u0663' was 3, which the workload
    file and --scale refuse. Every whole-number option shares one parser (advisor.cli.common.whole_number)."""
    monkeypatch.chdir(HERE.parent)
    r = runner.invoke(app, args + [value])
    assert r.exit_code == 2 and "is not a whole number" in r.output, r.output
    assert f"'{args[-1]}'" in r.output


@pytest.mark.parametrize("args", [
    ["strategy", "deployment", "-d", "4", "--deployments-per-month"],
    ["nodes", "capacity", "-i", "m5.large", "-p", "eks-ec2", "--headroom"],
    ["diff", "examples/web-app.yaml", "examples/web-app.yaml", "--fail-above"],
])
@pytest.mark.parametrize("value", ["1_0", "\u0665"])
def test_decimal_options_refuse_separators_and_other_scripts(args, value, monkeypatch):
    """float() reads '1_0' as 10.0 and '\u0665' as 5.0; the decimal options share one parser that refuses both."""
    monkeypatch.chdir(HERE.parent)
    r = runner.invoke(app, args + [value])
    assert r.exit_code == 2 and "is not a number" in r.output, r.output


def test_whole_number_option_still_reads_digits(monkeypatch):
    monkeypatch.chdir(HERE.parent)
    r = runner.invoke(app, ["strategy", "deployment", "-d", "4", "--maximum-percent", "150", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["desired"] == 4


_PLUGIN_SCANS = ("import importlib.metadata as md, atexit, sys\n"
                 "calls = []\n"
                 "real = md.distributions\n"
                 "md.distributions = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
                 "atexit.register(lambda: print('scans', len(calls), file=sys.stderr))\n"
                 "sys.argv = ['advisor', 'compare', 'examples/web-app.yaml', '-f', 'json']\n"
                 "from advisor.__main__ import run\nrun()\n")


@pytest.mark.parametrize(("variable", "scans"), [(None, 0), ("", 1)])
def test_command_line_loads_no_pydantic_plugins_unless_asked(variable, scans, tmp_path):
    """pydantic looks for plugins in every installed distribution's entry points when the first model is built; the
    command line turns that off (advisor uses none) unless PYDANTIC_DISABLE_PLUGINS is set (empty: load them all)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["ADVISOR_CACHE_DIR"] = str(tmp_path)
    if variable is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = variable
    r = subprocess.run([sys.executable, "-c", _PLUGIN_SCANS], cwd=HERE.parent, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"scans {scans}" in r.stderr.splitlines(), r.stderr


def test_strategy_recommend_gives_no_ecs_strategy_to_a_deployment_that_runs_the_kubernetes_cluster(tmp_path):
    # the AWS Load Balancer Controller (Service.cluster_addon) is no ECS service: compare leaves it out on ECS. Reported:
    # 'strategy recommend' said "not priced: lbc: price data is missing (below)" (JSON not_priced ["lbc"]), and for a
    # workload of add-ons alone pasted a FARGATE/FARGATE_SPOT strategy for each ("Of 0 task(s)", a $0.00 saving)
    path = tmp_path / "w.yaml"
    path.write_text("name: mixed\nregion: us-east-1\nservices:\n"
                    "  - {name: web, cpu: 0.5, memory: 1024, replicas: 3}\n"
                    "  - {name: lbc, cpu: 0.25, memory: 512, replicas: 2, cluster_addon: aws-load-balancer-controller}\n")
    r = runner.invoke(app, ["strategy", "recommend", str(path)])
    assert r.exit_code == 0, r.output
    text = r.output.replace("\n", " ")
    assert "not priced: lbc" not in text and "lbc:" not in text.split("note:")[0]
    assert ("note: Services left out: Deployments that run the Kubernetes cluster itself (Service.cluster_addon), not "
            "priced here: lbc (aws-load-balancer-controller, the AWS Load Balancer Controller)") in text
    # web: 3 tasks of 0.5 vCPU / 1 GB, 2 on FARGATE and 1 on FARGATE_SPOT; the whole saving is compare's
    assert "Total expected saving versus all on-demand: $12.28/month, as 'advisor compare' shows it" in text
    d = json.loads(runner.invoke(app, ["strategy", "recommend", str(path), "-f", "json"]).stdout)
    assert [s["service"] for s in d["services"]] == ["web"] and d["not_priced"] == []
    assert d["monthly_saving"] == pytest.approx(12.28, abs=0.006)
    # add-ons alone: nothing runs on ECS, so no strategy to recommend (exit 2 naming why), never a $0.00 saving
    path.write_text("name: addons\nregion: us-east-1\nservices:\n"
                    "  - {name: lbc, cpu: 0.25, memory: 512, replicas: 2, cluster_addon: aws-load-balancer-controller}\n"
                    "  - {name: karp, cpu: 1, memory: 1024, scaling: {min: 1, max: 4, average: 2}, cluster_addon: karpenter}\n")
    for fmt in ("table", "json"):
        r = runner.invoke(app, ["strategy", "recommend", str(path), "-f", fmt])
        assert r.exit_code == 2, r.output
        assert r.stdout == "" and "$0.00" not in r.output
        text = r.output.replace("\n", " ")
        assert "no service of 'addons' runs on ECS, so there is no capacity-provider strategy to recommend" in text
        assert "lbc (aws-load-balancer-controller" in text and "karp (karpenter" in text
    # compare: ECS on Fargate (+ Spot) carry no line, note or strategy of the add-ons they leave out
    c = json.loads(runner.invoke(app, ["compare", str(path), "-p", "ecs-fargate", "-p", "ecs-fargate-spot",
                                       "-f", "json"]).stdout)
    for est in c["platforms"]:
        assert est["monthly_cost"] == 0 and est["lines"] == [] and est["strategies"] == []
        assert not any(n.startswith("karp: 1 vCPU") or n.startswith("Recommended strategy") for n in est["notes"])


def test_nodes_pack_names_daemonsets_its_nodes_do_not_run(tmp_path):
    # compare says which DaemonSets a node selector holds off the fleet's nodes; nodes pack packed the same fleet
    # without a word of it (the agent held to m5.xlarge is reserved on none of the m5.large nodes: 3 nodes, not 4)
    p = tmp_path / "w.yaml"
    p.write_text("name: held\nservices:\n  - {name: web, cpu: 0.5, memory: 1024, replicas: 7}\n"
                 "ec2: {allowed_types: [m5.large]}\n"
                 "daemonsets:\n  - {name: agent, cpu: 500m, memory: 512Mi, instance_types: [m5.xlarge]}\n"
                 "  - {name: ingress, cpu: 10m, memory: 16Mi, node_labels: ['role: ingress']}\n")
    r = runner.invoke(app, ["nodes", "pack", str(p), "-f", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    # m5.large: 1780m for pods - 10m ingress = 1770m: 3 web (1500m) + CoreDNS (100m) a node -> 3 nodes for 7 + 2
    assert [(f["instance_type"], f["count"]) for f in out["fleet"]] == [("m5.large", 3)]
    assert any(n.endswith("agent (instance_types [m5.xlarge]) on no node: this fleet's nodes: m5.large.")
               for n in out["notes"])
    assert any(n.startswith("DaemonSets whose node selector requires node labels advisor cannot evaluate")
               and "ingress (role: ingress)" in n for n in out["notes"])
