"""Write notebooks/*.ipynb (without outputs) from the cell lists below.

The notebooks only call the ``advisor`` API, filter and display DataFrames and plot: no cost formulas of their
own. Edit the cells here and rerun ``python3 scripts/make_notebooks.py``; ``tests/test_notebooks.py`` executes
the written notebooks.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parents[1] / "notebooks"

SETUP = '''\
import importlib.util
import sys
from pathlib import Path

# The repository is the first folder up from here that holds examples/ (works from notebooks/ or the repo root).
ROOT = next(p for p in [Path.cwd(), *Path.cwd().parents] if (p / "examples").is_dir())
if importlib.util.find_spec("advisor") is None:  # a source checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))
import advisor

EXAMPLES = ROOT / "examples"'''


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str):
    return new_code_cell(text.strip())


NB01 = [
    md("""
# 01 — Explore a workload's costs and sizes

What does the 10-service shop in `examples/microservices.yaml` cost per month on each platform, where does the
money go, which Fargate size does each service get, and which capacity-provider strategy does advisor suggest?
Every figure comes from `advisor` (the same numbers as `advisor compare`); this notebook only calls it, filters
and plots. Money is USD per month (730 hours); prices are the bundled, dated snapshot (no network).
"""),
    code(SETUP),
    md("## Load and price"),
    code('''\
workload = advisor.load(EXAMPLES / "microservices.yaml")
comparison = advisor.price(workload)
totals = advisor.totals_frame(comparison)
totals'''),
    md("""
All seven platforms are in the table. ECS Managed Instances and EKS Auto Mode bill the EC2 instances plus a
management fee per instance-hour that depends on the instance type; the bundled data has no fees, so both are
"no price data" until `advisor pricing fetch --region us-east-1 --services AmazonECS,AmazonEKS` fetches them (advisor
never estimates a fee). Their operations effort is priced all the same, and each says what is missing:
"""),
    code('''\
for platform in ["ecs-managed-instances", "eks-auto-mode"]:
    est = comparison.estimate(platform)
    print(f"{est.label}: {est.status}")
    for message in est.missing_prices:
        print("  ", message)'''),
    md("Why the recommendation (each reason rests on numbers in `comparison.recommendation.findings`):"),
    code('''\
for finding in comparison.recommendation.findings:
    print(f"- [{finding.kind}] {finding.text}")'''),
    code("advisor.plot_totals(comparison);"),
    md("""
## Where the money goes

Cost per platform and category (`operations` is engineer effort: an assumption, overridable in the workload's
`operations` section).
"""),
    code("advisor.category_frame(comparison)"),
    md("Every line item is a row; filter as you like. ECS on Fargate, one service:"),
    code('''\
lines = advisor.lines_frame(comparison)
lines[(lines.platform == "ecs-fargate") & (lines.service == "storefront")][
    ["name", "quantity", "unit", "unit_price", "monthly_cost", "as_of"]]'''),
    md("Workload-wide lines (control plane, EC2 nodes' storage, operations) have no service:"),
    code('''\
lines[lines.service.isna()][["platform", "category", "name", "quantity", "unit", "monthly_cost", "kind"]]'''),
    md("Lines whose unit price or quantity is an estimate (Fargate Spot rates, deployment surge task-hours, "
       "operations assumptions):"),
    code('''\
lines[lines.estimate][["platform", "service", "name", "monthly_cost", "source"]].head(10)'''),
    md("""
## Fargate sizes and rounding waste

A request rounds up to the smallest valid Fargate size; EKS on Fargate first adds 256 MiB for Kubernetes
components, so memory-exact requests land one size up. Waste is per task/pod, in vCPU and MiB.
"""),
    code('''\
sizes = advisor.sizes_frame(comparison)
sizes'''),
    code('''\
sizes[sizes.eks_fargate_waste_memory_mib > 0][
    ["service", "replicas", "requested_memory_mib", "fargate_memory_mib", "eks_fargate_memory_mib",
     "eks_fargate_waste_memory_mib"]]'''),
    md("""
## Capacity-provider strategies (ECS on Fargate + Fargate Spot)

A FARGATE `base` of `fargate_spot.on_demand_base` tasks (default 1: an availability assumption, the tasks a Spot
reclaim cannot take away; per service `on_demand_base`), the rest FARGATE:FARGATE_SPOT 1:3; services marked
`spot: false` stay on FARGATE.
"""),
    code('''\
strategies = advisor.strategies_frame(comparison)
strategies.drop(columns="capacity_provider_strategy")'''),
    code('''\
strategies[strategies.monthly_saving > 0][["service", "fargate_base", "fargate_spot_tasks", "monthly_saving"]]'''),
    md("The `capacityProviderStrategy` of one service, ready to paste into an ECS service definition:"),
    code('strategies.set_index("service").loc["search", "capacity_provider_strategy"]'),
    md("## The EC2 fleets advisor packed"),
    code('''\
import pandas as pd

pd.DataFrame(comparison.estimate("eks-ec2").fleet.nodes)'''),
    md("Assumptions behind the Spot estimate:"),
    code('''\
for note in comparison.estimate("ecs-fargate-spot").notes:
    print("-", note)'''),
]

NB02 = [
    md("""
# 02 — ECS vs EKS break-even and Spot sensitivity

How does the cheapest platform change as the shop in `examples/microservices.yaml` grows or shrinks, and how
much does the Fargate bill depend on the share of tasks on Spot and on the Spot discount? `sweep_frame` prices
every platform with every service's replicas multiplied by a factor; `spot_frame` evaluates a Spot grid.
Money is USD per month.
"""),
    code(SETUP),
    code('workload = advisor.load(EXAMPLES / "microservices.yaml")'),
    md("""
## Sweep the replicas

Ten factors from 0.25x to 20x today's replicas (geometric), and 1x: eleven. Fargate points are exact; EC2 points
away from 1x are estimated from the packing's LP lower bound times today's packed/bound ratio (`method`
`scaled_lp`), and packed again only where the ranking hangs on them (`packed`). All seven platforms are columns;
the two managed ones stay empty (NaN) until their management fees are fetched. `advisor.shown` gives the
figures to the cent as `advisor compare` and the report show them (pandas' `round(2)` of an exact $887.005 is 887.00).
"""),
    code('''\
sweep = advisor.sweep_frame(workload, "0.25:20", points=10)
advisor.shown(sweep).pivot_table(index="factor", columns="platform", values="monthly_tco", dropna=False)'''),
    md("Where the cheapest platform changes, ranked on total cost of ownership (infrastructure + operations):"),
    code("advisor.crossovers_frame(sweep)"),
    code("advisor.plot_sweep(sweep);"),
    md("""
On infrastructure alone (without the operations-effort assumptions) the picture can differ — the EKS control
plane and node upkeep weigh less as the fleet grows:
"""),
    code("advisor.crossovers_frame(sweep, value=\"monthly_cost\")"),
    code("advisor.plot_sweep(sweep, value=\"monthly_cost\");"),
    md("""
## ECS vs EKS head to head

Fargate Spot wins at every scale here, so compare the two platforms a team usually weighs: ECS on Fargate
(on-demand) and EKS on EC2 nodes. On infrastructure alone their lines cross near today's size (EC2 packing
is lumpy, so the cheapest one can flip more than once):
"""),
    code('''\
head_to_head = sweep[sweep.platform.isin(["ecs-fargate", "eks-ec2"])]
advisor.crossovers_frame(head_to_head, value="monthly_cost")'''),
    code("advisor.plot_sweep(head_to_head, value=\"monthly_cost\");"),
    md("""
On total cost of ownership the operations effort keeps EKS behind at today's size: EKS on EC2 nodes carries
11 engineer-hours a month (8 for the cluster, 3 for the nodes) against ECS on Fargate's 2, with both experience
levels at their default, `expert` (x1, so neither orchestrator is favoured). EKS on EC2 nodes becomes the cheaper of
the two only on a much larger fleet, between 7.7x and 12.1x today's replicas on this grid:
"""),
    code('''\
tco_sweep = advisor.sweep_frame(workload, "0.5:30", platforms=["ecs-fargate", "eks-ec2"], points=10)
advisor.crossovers_frame(tco_sweep)'''),
    md("""
What if the team had no Kubernetes experience? `scenario` changes the workload's `team` section:
`kubernetes_experience: none` doubles the EKS hours (x2; `some` is x1.3), and the break-even moves out to between
12.1x and 19.0x:
"""),
    code('''\
novices = advisor.scenario(workload, team={"size": 3, "kubernetes_experience": "none"})
novice_sweep = advisor.sweep_frame(novices, "0.5:30", platforms=["ecs-fargate", "eks-ec2"], points=10)
advisor.crossovers_frame(novice_sweep)'''),
    code("advisor.plot_sweep(novice_sweep);"),
    md("""
## Spot sensitivity

ECS on Fargate with a share of the Spot-eligible tasks (Linux, `spot: true`) on Fargate Spot, for several Spot
discounts. A sensitivity grid, not a forecast: Spot prices float.
"""),
    code('''\
spot = advisor.spot_frame(workload, shares=[0, 0.25, 0.5, 0.75, 1.0], discounts=[0.5, 0.6, 0.7, 0.8])
advisor.shown(spot).pivot_table(index="spot_share", columns="spot_discount", values="saving")'''),
    code("advisor.plot_spot(spot);"),
    md("What advisor's recommended strategy (a safe FARGATE base, the rest 1:3) costs at the bundled Spot rates:"),
    code('''\
advisor.totals_frame(advisor.price(workload, platforms=["ecs-fargate", "ecs-fargate-spot"]))[
    ["platform", "monthly_cost", "monthly_tco", "rank"]]'''),
]

NB03 = [
    md("""
# 03 — Regions and architecture

Which region is cheapest for a workload, and what does moving to arm64 (Graviton) change? Prices come from
the bundled price tables only: where a table lacks a region (or arm64 rates for it), the row says so and names
the refresh command — advisor never borrows a neighbouring region's price. Money is USD per month.
"""),
    code(SETUP),
    code('''\
import pandas as pd
from advisor.pricing.inventory import inventory

fargate_data = pd.DataFrame(inventory())
fargate_data[fargate_data.table == "fargate_rates"][["region", "rows", "as_of", "covers"]]'''),
    md("## The web app in every region with Fargate rates"),
    code('''\
web = advisor.load(EXAMPLES / "web-app.yaml")
regions = advisor.regions_frame(web)
regions[regions.complete].sort_values(["platform", "rank"])[
    ["platform", "region", "monthly_cost", "monthly_tco", "rank", "as_of"]]'''),
    md("Regions advisor could not price, and why:"),
    code('''\
regions[~regions.complete][["region", "platform", "status", "message"]]'''),
    code('''\
ecs = regions[regions.complete & (regions.platform == "ecs-fargate")].set_index("region")["monthly_cost"]
ax = ecs.sort_values().plot.barh(figsize=(7, 6), title="web-app on ECS Fargate, USD per month")'''),
    md("""
The shop asks for extra ephemeral storage, whose rate the data has for us-east-1, eu-west-1 and eu-west-2 only, so
other regions are marked incomplete instead of priced:
"""),
    code('''\
shop = advisor.load(EXAMPLES / "microservices.yaml")
advisor.regions_frame(shop, ["us-east-1", "eu-west-1", "eu-central-1"])[
    ["region", "platform", "status", "monthly_cost", "message"]]'''),
    md("""
## arm64 vs x86_64 for the same workload

`with_architecture` returns a copy with the chosen services on arm64 (Windows services stay x86_64). EKS on
Fargate runs no arm64 pods, nor does EKS Auto Mode's built-in NodePool (amd64 only): both are `incomplete`, with
the services they cannot run in `Estimate.unsupported`.
"""),
    code('''\
shop_arm = advisor.with_architecture(shop, "arm64")
x86_totals = advisor.totals_frame(advisor.price(shop)).set_index("platform")
arm_totals = advisor.totals_frame(advisor.price(shop_arm)).set_index("platform")
pd.concat({"x86_64": x86_totals[["monthly_cost", "status"]], "arm64": arm_totals[["monthly_cost", "status"]]},
          axis=1)'''),
    md("Only two services on arm64, line by line on ECS Fargate:"),
    code('''\
partial = advisor.with_architecture(shop, "arm64", services=["storefront", "search"])
lines = advisor.lines_frame(advisor.price(partial, platforms=["ecs-fargate"]))
lines[lines.service.isin(["storefront", "search"])][["service", "name", "quantity", "unit_price", "monthly_cost"]]'''),
    md("arm64 across regions: the data has Fargate arm64 rates in a few regions only."),
    code('''\
advisor.regions_frame(advisor.with_architecture(web, "arm64"), ["us-east-1", "eu-west-1", "ap-south-1", "eu-central-1"],
                      platforms=["ecs-fargate", "ecs-fargate-spot"])[
    ["region", "platform", "status", "monthly_cost", "message"]]'''),
    md("Or combine changes in one `scenario`: the shop at twice today's replicas, on arm64, in eu-west-1:"),
    code('''\
what_if = advisor.scenario(shop, architecture="arm64", region="eu-west-1", replicas_factor=2)
advisor.totals_frame(advisor.price(what_if))'''),
]

NOTEBOOKS = {
    "01-explore-workload.ipynb": NB01,
    "02-break-even-and-spot.ipynb": NB02,
    "03-regions-and-architecture.ipynb": NB03,
}


def build(name: str, cells: list) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):  # stable ids keep regenerated files diff-free
        cell["id"] = f"{name[:2]}-{i:02d}"
    nbformat.validate(nb)
    return nb


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        nbformat.write(build(name, cells), OUT / name)
        print(f"wrote notebooks/{name}")


if __name__ == "__main__":
    main()
