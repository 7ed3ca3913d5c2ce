"""The pricing pipeline: each platform's estimator, then shared costs and commitments, then the decision inputs."""

from __future__ import annotations

from advisor.compare.assumptions import ec2_surge_note
from advisor.compare.constraints import apply_decision_inputs
from advisor.costing import ESTIMATORS, Estimate
from advisor.costing.shared import apply_shared_and_commitments
from advisor.platforms import EC2_PLATFORMS, PLATFORMS, label
from advisor.pricing.book import PriceBook
from advisor.progress import step
from advisor.sizing.fleet import check_instance_names
from advisor.workload import Workload
from advisor.workload.model import cluster_addon_left_out_note


def price_estimates(workload: Workload, platforms: list[str] | None, prices: PriceBook) -> list[Estimate]:
    """Run each platform's estimator and attach the decision inputs (constraints, operations effort); an EC2
    estimate of a workload with rolling deployments notes that its fleet does not price their surge
    (``advisor.compare.assumptions.ec2_surge_note``), as the Fargate estimates do. Each platform
    prices the workload as it runs there (``Workload.on_platform``): the Deployments that run the Kubernetes cluster
    (``Service.cluster_addon``) are left out where that platform does their job itself, with a note.

    Before any platform is priced, a workload that names an EC2 instance type or family the catalogue does not know
    is refused (``WorkloadError``, every such name at once: ``check_instance_names``) when an EC2 platform is among
    those compared; the Fargate platforms alone do not read those names, so they do not check them."""
    chosen = [p for p in PLATFORMS if p in ESTIMATORS] if not platforms else list(dict.fromkeys(platforms))
    if any(p in EC2_PLATFORMS for p in chosen):
        check_instance_names(workload, prices)
    estimates, on = [], {}
    for p in chosen:
        step(f"pricing {label(p)}")
        on[p] = workload.on_platform(p)
        est = ESTIMATORS[p](on[p], prices)
        if note := cluster_addon_left_out_note(workload.services, p):
            est.notes.append(note)
        if note := ec2_surge_note(on[p], est):  # what the Fargate platforms price as surge lines, said alike on EC2
            est.notes.append(note)
        estimates.append(est)
    for est in estimates:  # shared costs, then Savings Plans / RIs
        apply_shared_and_commitments(on[est.platform], [est], prices)
    for est in estimates:
        apply_decision_inputs(on[est.platform], [est])
    return estimates
