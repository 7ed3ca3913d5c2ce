"""Shared costs: ALB, NAT gateway, CloudWatch Logs, Container Insights, public IPv4, Cloud Map."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.costing.lines import Estimate, FleetSummary
from advisor.costing.shared import alb_lcu_per_hour, shared_lines, shared_rate
from advisor.errors import PriceDataError
from advisor.units import SMALLEST_NUMBER
from advisor.workload import LoadBalancers, parse_workload

FARGATE = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "with-shared-costs.yaml"


def wl(shared, **extra):
    return parse_workload({"name": "t", "services": [{"name": "api", "cpu": 0.25, "memory": 512, "replicas": 2}],
                           "shared": shared, **extra})


def lines(shared, prices, platform="ecs-fargate", **extra):
    w = wl(shared, **extra)
    return {ln.name: ln for ln in shared_lines(w, Estimate(platform), prices)}


def cost(ls, prefix):
    return round(sum(ln.monthly_cost for n, ln in ls.items() if n.startswith(prefix)), 2)


def test_alb_730_hours_is_16_43(prices):
    ls = lines({"load_balancers": {"count": 1}}, prices)
    assert cost(ls, "Application Load Balancer (") == 16.43
    assert all(ln.category == "load_balancing" and ln.source and ln.as_of for ln in ls.values())


def test_an_alb_without_traffic_figures_is_priced_by_the_hour_and_says_its_lcus_are_not(prices):
    """A workload file with shared.load_balancers: {count: 1} (as advisor import writes it from an Ingress or a
    template) priced the ALB's hours alone, with no word that its LCU-hours were left out; the NLB said so."""
    w = wl({"load_balancers": {"count": 2}})
    est = Estimate("ecs-fargate")
    ls = {ln.name: ln for ln in shared_lines(w, est, prices)}
    assert list(ls) == ["Application Load Balancer (2 x 730 h)"]  # no LCU line: 0 LCU-hours
    assert cost(ls, "Application Load Balancer (") == 32.85  # 2 x 730 h x $0.0225 (us-east-1)
    (note,) = [n for n in est.notes if n.startswith("Application Load Balancers")]
    assert note.startswith("Application Load Balancers: 2 priced by the hour only; no traffic figures were given, "
                           "so no LCUs")
    assert "shared.load_balancers.lcu_per_hour" in note and "ConsumedLCUs" in note
    for figures in ({"lcu_per_hour": 0}, {"lcu_per_hour": 0.5}, {"processed_gb_per_hour": 0.5}):
        est = Estimate("ecs-fargate")
        shared_lines(wl({"load_balancers": {"count": 1, **figures}}), est, prices)
        assert not any(n.startswith("Application Load Balancers") for n in est.notes), figures
    # an NLB whose nlcu_per_hour is given as 0 was said to have no traffic figures
    est = Estimate("ecs-fargate")
    shared_lines(wl({"network_load_balancers": {"count": 1, "nlcu_per_hour": 0}}), est, prices)
    assert not any(n.startswith("Network Load Balancers") for n in est.notes)
    est = Estimate("ecs-fargate")
    shared_lines(wl({"network_load_balancers": {"count": 1}}), est, prices)
    assert any(n.startswith("Network Load Balancers: 1 priced by the hour only") for n in est.notes)


def test_compare_says_on_every_platform_that_an_alb_of_count_alone_has_no_lcus(tmp_path):
    f = tmp_path / "w.yaml"
    f.write_text(yaml.safe_dump({"name": "t", "region": "eu-west-1", "services": [
        {"name": "api", "cpu": 0.5, "memory": 1024, "replicas": 3}], "shared": {"load_balancers": {"count": 1}}}))
    c = compare(f, platforms=["ecs-fargate", "eks-fargate"])
    for est in c.estimates:
        alb = [ln for ln in est.lines if ln.category == "load_balancing"]
        assert [(ln.quantity, ln.unit_price) for ln in alb] == [(730, 0.0252)]  # eu-west-1: 730 h x $0.0252
        assert round(alb[0].monthly_cost, 2) == 18.40
        assert any(n.startswith("Application Load Balancers: 1 priced by the hour only") for n in est.notes)


def test_nat_730_hours_is_32_85_and_100_gb_is_4_50(prices):
    ls = lines({"nat_gateways": {"count": 1, "processed_gb_per_month": 100}}, prices)
    assert cost(ls, "NAT gateway (") == 32.85
    assert cost(ls, "NAT gateway data processed") == 4.50


def test_1000_gb_logs_ingested_is_500(prices):
    ls = lines({"logs": {"ingested_gb_per_month": 1000, "stored_gb": 100}}, prices)
    assert cost(ls, "CloudWatch Logs ingested") == 500.00
    assert cost(ls, "CloudWatch Logs stored") == 3.00


def test_container_insights_metrics_and_performance_logs(prices):
    ls = lines({"container_insights": {"metrics": 100, "performance_log_gb_per_month": 10}}, prices)
    assert cost(ls, "Container Insights metrics") == 30.00  # 100 x $0.30
    assert cost(ls, "Container Insights performance") == 5.00  # 10 GB x $0.50


def test_alb_lcu_is_the_largest_dimension():
    lb = LoadBalancers(new_connections_per_second=50, active_connections=3000, processed_gb_per_hour=0.5,
                       rule_evaluations_per_second=1000)
    assert alb_lcu_per_hour(lb) == (2.0, "set by new connections")  # 50/25 = 2 beats 1, 0.5, 1
    assert alb_lcu_per_hour(LoadBalancers(lcu_per_hour=3.5))[0] == 3.5


def test_alb_lcu_hours_priced(prices):
    ls = lines({"load_balancers": {"count": 2, "processed_gb_per_hour": 3}}, prices)
    assert cost(ls, "Application Load Balancer LCUs") == pytest.approx(round(2 * 3 * 730 * 0.008, 2))


def test_public_ipv4_per_task_on_fargate_per_node_on_ec2(prices):
    shared = {"public_ipv4": {"per_task": True, "count": 1}}
    fargate = lines(shared, prices, "ecs-fargate")
    assert cost(fargate, "Public IPv4 addresses, one per task") == round(2 * 730 * 0.005, 2)  # 2 tasks
    assert cost(fargate, "Public IPv4 addresses, fixed") == 3.65
    est = Estimate("ecs-ec2", fleet=FleetSummary([{"instance_type": "m7g.large", "purchase": "on_demand", "count": 3}],
                                                 3, 0.0, 0.0, 0.0, {}))
    ec2 = {ln.name: ln for ln in shared_lines(wl(shared), est, prices)}
    assert cost(ec2, "Public IPv4 addresses, one per node") == round(3 * 730 * 0.005, 2)  # 3 nodes
    assert not any("per task" in n for n in ec2)
    eks = Estimate("eks-fargate")
    assert not any("one per" in ln.name for ln in shared_lines(wl(shared), eks, prices))
    assert any("private subnets" in n for n in eks.notes)


def test_public_ipv4_end_to_end_differs_by_platform(prices):
    c = compare(wl({"public_ipv4": {"per_task": True}}), platforms=["ecs-fargate", "ecs-ec2"], prices=prices)
    by = {e.platform: sum(ln.monthly_cost for ln in e.lines if ln.category == "public_ipv4") for e in c.estimates}
    nodes = c.estimate("ecs-ec2").fleet.node_count
    assert by["ecs-fargate"] == pytest.approx(2 * 730 * 0.005)
    assert by["ecs-ec2"] == pytest.approx(nodes * 730 * 0.005)


def test_shared_lines_reach_every_platform_and_dataframe(prices):
    c = compare(wl({"load_balancers": {"count": 1}, "nat_gateways": {"count": 1}}), prices=prices)
    for est in c.estimates:
        if est.complete:
            cats = est.cost_by_category()
            assert cats["load_balancing"] == pytest.approx(16.425)
            assert cats["nat_gateway"] == pytest.approx(32.85)
    d = c.to_dict()
    assert any(li["category"] == "nat_gateway" for p in d["platforms"] for li in p["lines"])


def test_zero_quantities_add_no_lines_and_need_no_rate(prices):
    assert lines({"nat_gateways": {"count": 0}, "service_discovery": {"registered_resources": 0}}, prices) == {}


def test_cloud_map_is_not_bundled_and_says_how_to_add_it(prices):
    with pytest.raises(PriceDataError, match="shared_rates.*cloud_map|cloud_map.*shared_rates"):
        lines({"service_discovery": {"registered_resources": 10}}, prices)
    # EKS uses cluster DNS: no Cloud Map line, no rate needed, a note instead
    est = Estimate("eks-fargate")
    assert shared_lines(wl({"service_discovery": {"registered_resources": 10}}), est, prices) == []
    assert any("CoreDNS" in n for n in est.notes)


def test_missing_region_rate_is_price_data_error_naming_the_table(prices):
    with pytest.raises(PriceDataError) as exc:
        shared_rate(prices, "eu-south-1", "alb_hour")
    msg = str(exc.value)
    assert "shared_rates" in msg and "eu-south-1" in msg and "us-east-1" in msg and "No rate is borrowed" in msg


def _write(tmp_path, data):
    p = tmp_path / "w.yaml"
    p.write_text(yaml.safe_dump(data))
    return p


def test_cli_missing_region_rate_exits_2(tmp_path):
    p = _write(tmp_path, {"name": "t", "region": "eu-south-1",
                          "services": [{"name": "api", "cpu": 0.25, "memory": 512}],
                          "shared": {"nat_gateways": {"count": 1}}})
    r = CliRunner().invoke(app, ["compare", str(p), "--platform", "ecs-fargate"])
    assert r.exit_code == 2, r.output
    assert "shared_rates" in r.output and "eu-south-1" in r.output and "Traceback" not in r.output


def test_cli_unknown_shared_key_exits_2(tmp_path):
    p = _write(tmp_path, {"name": "t", "services": [{"name": "api", "cpu": 0.25, "memory": 512}],
                          "shared": {"nat_gateway": {"count": 1}}})
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2
    assert "unknown key 'nat_gateway'" in r.output and "nat_gateways" in r.output


def test_cli_unknown_nested_key_exits_2(tmp_path):
    p = _write(tmp_path, {"name": "t", "services": [{"name": "api", "cpu": 0.25, "memory": 512}],
                          "shared": {"logs": {"ingested_gb": 5}}})
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "ingested_gb_per_month" in r.output


def test_lcu_given_twice_is_an_error():
    from advisor.errors import WorkloadError

    with pytest.raises(WorkloadError, match="either lcu_per_hour or the traffic dimensions"):
        wl({"load_balancers": {"lcu_per_hour": 1, "processed_gb_per_hour": 2}})


def usage(hi: float):
    """0, or a figure from a trillionth up to ``hi``: a workload file refuses a number nearer 0 than 1e-12
    (``advisor.units.SMALLEST_NUMBER``), which hypothesis' ``st.floats(0, hi)`` also draws (5e-324)."""
    return st.one_of(st.just(0.0), st.floats(SMALLEST_NUMBER, hi))


@settings(max_examples=40, deadline=None)
@given(count=st.integers(0, 5), gb=usage(1e5), more=usage(1e4))
def test_shared_cost_never_falls_when_usage_rises(prices, count, gb, more):
    a = lines({"nat_gateways": {"count": count, "processed_gb_per_month": gb}}, prices)
    b = lines({"nat_gateways": {"count": count + 1, "processed_gb_per_month": gb + more}}, prices)
    assert sum(x.monthly_cost for x in b.values()) >= sum(x.monthly_cost for x in a.values())


@settings(max_examples=40, deadline=None)
@given(n=usage(1e4), a=usage(1e6), g=usage(1e3), r=usage(1e6))
def test_lcu_is_at_least_every_dimension(n, a, g, r):
    lcu, _ = alb_lcu_per_hour(LoadBalancers(new_connections_per_second=n, active_connections=a,
                                            processed_gb_per_hour=g, rule_evaluations_per_second=r))
    assert lcu >= max(n / 25, a / 3000, g, r / 1000) - 1e-12


def test_docs_bundled_rates_table_is_the_data():
    """docs/shared-costs-and-commitments.md lists the us-east-1 rows of shared_rates.csv as they are (it once said
    "us-east-1 only" with dates and sources the data no longer had)."""
    import csv
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    data = {r["item"]: r for r in csv.DictReader((root / "pricing_data" / "shared_rates.csv").open(encoding="utf-8"))
            if r["region"] == "us-east-1"}
    doc = (root / "docs" / "shared-costs-and-commitments.md").read_text(encoding="utf-8")
    rows = {m[0]: m[1:] for m in re.findall(r"^\| `(\w+)` \| ([\d.]+) \| ([^|]+?) \| ([\d-]+) \| ([\d-]+) \|", doc, re.M)}
    assert rows.keys() == data.keys()
    for item, (usd, unit, effective, as_of) in rows.items():
        r = data[item]
        assert (float(usd), unit, effective, as_of) == (float(r["usd"]), r["unit"], r["effective_date"], r["as_of"])


def test_every_missing_shared_rate_is_named_at_once_with_only_the_offers_that_hold_them(prices):
    """Reported: examples/with-shared-costs.yaml in eu-west-1 named only the ALB LCU rate, and the fix it gave
    fetched the AmazonEC2 offer (hundreds of MB) among others; removing that part of 'shared' met the next missing
    rate. The bundled eu-west-1 rows hold alb_hour, logs_stored_gb_month, nat_gateway_hour, nlb_hour and
    public_ipv4_hour only."""
    r = CliRunner().invoke(app, ["compare", str(EXAMPLE), "--region", "eu-west-1"])
    assert r.exit_code == 2
    text = " ".join(r.output.split())
    assert ("missing price data: Application Load Balancer LCU-hour rate (item alb_lcu_hour), NAT gateway data "
            "processing per GB rate (item nat_gateway_gb), CloudWatch Logs ingestion per GB rate (item "
            "logs_ingested_gb), CloudWatch custom metric per month rate (item cloudwatch_custom_metric_month) for "
            "eu-west-1 (table shared_rates). To price them, advisor pricing fetch --region eu-west-1 --services "
            "AWSELB,AmazonEC2,AmazonCloudWatch. Or remove those parts of the workload's 'shared' section (read from "
            "Kubernetes manifests,") in text
    # only the load balancer: one rate, one offer
    w = yaml.safe_load(EXAMPLE.read_text())
    w["shared"] = {"load_balancers": w["shared"]["load_balancers"]}
    w["region"] = "eu-west-1"
    with pytest.raises(PriceDataError, match=r"LCU-hour rate \(item alb_lcu_hour\) for eu-west-1 \(table "
                                             r"shared_rates\)\. To price it, advisor pricing fetch --region eu-west-1 "
                                             r"--services AWSELB\. Or remove that part"):
        shared_lines(parse_workload(w), Estimate("ecs-fargate"), prices)


def test_missing_cloud_map_rates_say_to_add_them_by_hand_not_to_fetch(prices):
    """Reported: a workload with service_discovery stopped with 'To price them, advisor pricing fetch --region
    us-east-1 --services AWSELB,AmazonEC2,AmazonVPC,AmazonCloudWatch', which downloads the AmazonEC2 offer (hundreds
    of MB) and never fills a Cloud Map rate ('it does not read Cloud Map', docs/shared-costs-and-commitments.md).
    With an ALB rate missing too, only AWSELB is fetched."""
    with pytest.raises(PriceDataError) as exc:
        lines({"service_discovery": {"registered_resources": 10, "api_calls_per_month": 1000}}, prices)
    msg = str(exc.value)
    assert "pricing fetch" not in msg
    assert ("To price them, add rows for cloud_map_resource_month, cloud_map_api_call to shared_rates.csv in the user "
            "data directory ($ADVISOR_DATA_DIR, else ~/.local/share/advisor) with the rate from its AWS pricing page, "
            "as docs/shared-costs-and-commitments.md shows (no command fetches them).") in msg
    w = wl({"service_discovery": {"registered_resources": 10}, "load_balancers": {"count": 1}}, region="af-south-1")
    with pytest.raises(PriceDataError) as exc:
        shared_lines(w, Estimate("ecs-fargate"), prices)
    assert ("To price them, advisor pricing fetch --region af-south-1 --services AWSELB; and add a row for "
            "cloud_map_resource_month to shared_rates.csv") in str(exc.value)


def test_cloud_map_rows_added_as_the_docs_show_are_read_and_priced(tmp_path, monkeypatch):
    """The rows docs/shared-costs-and-commitments.md (and the missing-rate message) tell the user to add were refused
    ("column item: 'cloud_map_resource_month' is not valid"), so Cloud Map could not be priced at all. 10 registered
    resources x $0.10 = $1.00; 5,000,000 calls x $0.000001 = $5.00, shown as $0.000001, not $1e-06."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "shared-costs-and-commitments.md").read_text()
    block = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    assert "cloud_map_api_call" in block
    (tmp_path / "shared_rates.csv").write_text(block.replace("YYYY-MM-DD", "2026-11-01"))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    w = tmp_path / "w.yaml"
    w.write_text(yaml.safe_dump({"name": "sd", "services": [{"name": "a", "cpu": 1, "memory": 2048, "replicas": 2}],
                                 "shared": {"service_discovery": {"registered_resources": 10,
                                                                  "api_calls_per_month": 5_000_000}}}))
    r = CliRunner().invoke(app, ["compare", str(w), "-p", "ecs-fargate", "-f", "markdown"])
    assert r.exit_code == 0, r.output
    assert "| — | Cloud Map registered resources | 10 resource-months | $0.10 | $1.00 |" in r.output
    assert "| — | Cloud Map DiscoverInstances API calls | 5,000,000 API calls | $0.000001 | $5.00 |" in r.output


def test_every_item_shared_costing_prices_is_a_valid_shared_rates_row():
    from advisor.costing.shared import ITEMS
    from advisor.pricing.book import TABLES

    cell = dict(TABLES["shared_rates"].cells)["item"]
    assert set(ITEMS) <= set(cell.choices)


def test_an_alb_lcu_figure_of_a_million_or_more_is_written_out_in_the_line_name(prices):
    """'2.34568e+06 LCU per load balancer' dropped digits of 2,345,678.9 (a :g format)."""
    ls = lines({"load_balancers": {"count": 1, "processed_gb_per_hour": 2345678.9}}, prices)
    assert ("Application Load Balancer LCUs (2,345,678.9 LCU per load balancer, set by processed bytes)" in ls)


def test_a_total_beyond_a_trillion_dollars_a_month_is_refused_naming_its_largest_line(prices):
    """100,000 ALBs of 1e12 GB/hour each (the schema's maxima) priced at $595,201,385,014,301,440.00 a month, a figure
    a float cannot hold to the cent: the table's total was not the sum of its parts as shown. A bytes-as-GB slip gets
    there too."""
    from advisor.errors import WorkloadError

    w = wl({"load_balancers": {"count": 100_000, "processed_gb_per_hour": 1e12}})
    with pytest.raises(WorkloadError) as err:
        compare(w, platforms=["ecs-fargate"], prices=prices)
    text = str(err.value)
    assert text.startswith("ECS on Fargate comes to $")
    assert ("its largest line, 'Application Load Balancer LCUs (1,000,000,000,000 LCU per load balancer, set by "
            "processed bytes)', is 73,000,000,000,000,000,000 LCU-hours x $0.008 = $584,000,000,000,000,000.00") in text
    assert "(shared.load_balancers / shared.network_load_balancers (count and traffic figures))" in text
    # a large but possible figure is priced: 1e8 GB/hour on one ALB, 7.3e10 LCU-hours x $0.008 = $584,000,000
    c = compare(wl({"load_balancers": {"count": 1, "processed_gb_per_hour": 1e8}}), platforms=["ecs-fargate"],
                prices=prices)
    lcu = [ln for ln in c.estimates[0].lines if ln.resource == "capacity_unit"]
    assert round(lcu[0].monthly_cost, 2) == 584_000_000.0
    # the unit price as compare's lines write it: logs ingestion at $0.50 per GB (the message said '$0.5')
    huge = {"logs": {"ingested_gb_per_month": 1e12, "stored_gb": 1e12},
            "container_insights": {"metrics": 10**12, "performance_log_gb_per_month": 1e12}}
    with pytest.raises(WorkloadError) as err:
        compare(wl(huge), platforms=["ecs-fargate"], prices=prices)
    assert "GB ingested x $0.50 = $500,000,000,000.00" in str(err.value)


def test_per_task_public_ipv4_scales_with_replicas_in_the_sweep(prices):
    """The per-task addresses are added after the estimator froze its scale model: the sweep must still count them
    at every factor. 2 tasks x 730 h x $0.005 = $7.30 at 1x, so $14.60 at 2x; without them the 2x point was the
    Fargate lines alone (and a Fargate Spot total could fall as replicas rose)."""
    from advisor.compare.sweep import sweep

    c = compare(wl({"public_ipv4": {"per_task": True}}), platforms=["ecs-fargate"], prices=prices)
    est = c.estimate("ecs-fargate")
    ips = sum(ln.monthly_cost for ln in est.lines if ln.category == "public_ipv4")
    assert ips == pytest.approx(2 * 730 * 0.005)
    s = sweep([est], c.workload, factors=[1.0, 2.0], value="monthly_cost")
    assert s.cost("ecs-fargate", 1.0) == pytest.approx(est.monthly_cost)
    assert s.cost("ecs-fargate", 2.0) == pytest.approx(2 * est.monthly_cost)  # every line here is per task


def test_a_missing_shared_rate_of_manifests_says_where_the_shared_section_is(tmp_path):
    # GoogleCloudPlatform/bank-of-anthos kubernetes-manifests/ in ap-south-2 (no bundled NLB rate there): its Service
    # of type LoadBalancer becomes shared.network_load_balancers, and the message said only "remove that part of the
    # workload's 'shared' section" although the input has no such section to edit.
    m = tmp_path / "frontend.yaml"
    m.write_text("apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec:\n  type: LoadBalancer\n"
                 "  selector: {app: frontend}\n  ports: [{port: 80, targetPort: 8080}]\n---\n"
                 "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend}\nspec:\n"
                 "  selector: {matchLabels: {app: frontend}}\n  template:\n    metadata: {labels: {app: frontend}}\n"
                 "    spec:\n      containers:\n      - name: front\n        image: nginx\n"
                 "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n")
    r = CliRunner().invoke(app, ["compare", str(m), "--region", "ap-south-2"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    assert ("missing price data: Network Load Balancer hourly rate (item nlb_hour) for ap-south-2 (table "
            "shared_rates). To price it, advisor pricing fetch --region ap-south-2 --services AWSELB. Or remove that "
            "part of the workload's 'shared' section (read from Kubernetes manifests, a Terraform plan or a "
            "CloudFormation template, the section comes from their load balancers, NAT gateways and Elastic IPs: "
            "write the workload file with 'advisor import k8s|terraform|cloudformation INPUT -o workload.yaml' and "
            "edit it there). No rate is borrowed from another region.") in out
    w = tmp_path / "w.yaml"  # the fix the message gives: import, drop the section, compare
    assert CliRunner().invoke(app, ["import", "k8s", str(m), "-o", str(w)]).exit_code == 0
    data = yaml.safe_load(w.read_text())
    assert data["shared"]["network_load_balancers"]["count"] == 1
    del data["shared"]
    w.write_text(yaml.safe_dump(data))
    r = CliRunner().invoke(app, ["compare", str(w), "--region", "ap-south-2"])
    assert r.exit_code == 0 and "Recommendation: ECS on EC2 (ecs-ec2)" in r.output, r.output
