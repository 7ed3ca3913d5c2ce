"""Commitments: Savings Plans and Reserved Instances applied to an estimate's covered lines.

Which usage each commitment covers (AWS Savings Plans and EC2 Reserved Instances documentation):

- Compute Savings Plan: On-Demand EC2 instance usage and Fargate vCPU/memory usage (ECS and EKS).
- EC2 Instance Savings Plan: On-Demand EC2 instance usage of one instance family in the region.
- Reserved Instance: On-Demand EC2 instance usage of one instance type (``count`` instances).

Spot usage is never covered. AWS applies Reserved Instances first, then EC2 Instance Savings Plans, then Compute
Savings Plans; advisor does the same. Discount rates come only from the workload file (``discount_percent``, the
effective rate for the term and payment option, upfront fees amortised): advisor ships no rate and guesses none.

The representation keeps lines summing to the total and every number auditable. For each commitment that applies:

- ``<plan>: covered On-Demand usage (credit)`` in category ``compute``: a negative line, the On-Demand cost
  of the usage the commitment absorbs (so the compute category shrinks by exactly what was covered);
- ``<plan> commitment, used`` in category ``commitment``: what that usage costs at the discounted rate;
- ``<plan> commitment, unused (waste)`` in category ``commitment``: commitment the usage cannot fill, billed anyway.

A Savings Plan commitment is dollars per hour at Savings Plan rates, so it absorbs ``commit / (1 - discount)`` of
On-Demand usage per hour. Usage is taken as evenly spread over the month (``workload.monthly_hours``); a real bill
is settled hour by hour, so a commitment near the average can be partly unused in quiet hours. With
``coverage_percent`` the commitment is sized per platform to that share of the *always-on* eligible usage (EC2 nodes,
services without a shorter ``monthly_hours``; scaling services at ``scaling.min``), which is always fully used.
A commitment a platform has no eligible usage for is not applied to it (noted), rather than billed as waste.
"""

from __future__ import annotations

from advisor.costing.lines import CommitmentResult, Estimate, LineItem
from advisor.workload import Commitment, Workload

LABELS = {
    "compute_savings_plan": "Compute Savings Plan",
    "ec2_instance_savings_plan": "EC2 Instance Savings Plan",
    "reserved_instance": "Reserved Instance",
}
#: AWS applies Reserved Instances, then EC2 Instance Savings Plans, then Compute Savings Plans.
APPLY_ORDER = {"reserved_instance": 0, "ec2_instance_savings_plan": 1, "compute_savings_plan": 2}

def describe(c: Commitment) -> str:
    """'1-year Compute Savings Plan (no upfront, 20% off)'."""
    what = LABELS[c.type] + (f" {c.instance_family}" if c.instance_family and c.type != "reserved_instance" else "")
    if c.type == "reserved_instance":
        what = f"{c.count} x {c.instance_type} {LABELS[c.type]}{'s' if (c.count or 0) > 1 else ''}"
    return f"{c.term_years}-year {what} ({c.payment.replace('_', ' ')}, {c.discount_percent:g}% off)"


def eligible(c: Commitment, line: LineItem) -> bool:
    """True when commitment ``c`` can cover this line's usage (read from the line's machine fields)."""
    if not line.covered_by(c.type):
        return False
    if c.type == "ec2_instance_savings_plan":
        return line.instance_type is not None and line.instance_type.split(".")[0] == c.instance_family
    if c.type == "reserved_instance":
        return line.instance_type == c.instance_type
    return True


def commitment_lines(workload: Workload, lines: list[LineItem], platform: str, platform_label: str
                     ) -> tuple[list[LineItem], list[CommitmentResult], list[str]]:
    """Apply ``workload.commitments`` to ``lines`` in AWS order: (new lines, one result per commitment, notes).

    Pure: ``lines`` are not changed. The estimate path passes an estimate's lines; the scaling sweep passes the
    synthetic usage lines of ``ScaleModel.at`` — one algorithm for both. Money per hour is USD/hour over
    ``workload.monthly_hours``.
    """
    hours = workload.monthly_hours
    remaining = {id(line): line.monthly_cost for line in lines}  # On-Demand cost not yet covered
    results: list[CommitmentResult] = []
    notes: list[str] = []
    added: list[LineItem] = []
    for c in sorted(workload.commitments or [], key=lambda c: APPLY_ORDER[c.type]):
        label = describe(c)
        d = c.discount_percent / 100.0  # type: ignore[operator]
        covered = [ln for ln in lines if eligible(c, ln) and remaining[id(ln)] > 1e-12]
        eligible_od_h = sum(remaining[id(ln)] for ln in covered) / hours
        result = CommitmentResult(label, c.type, c.term_years, c.payment, float(c.discount_percent or 0), c.source,
                                  False, eligible_od_h)
        results.append(result)
        if not covered:
            notes.append(f"{label}: not applied to {platform_label}, which has no usage it covers "
                         "(Spot usage and other platforms' compute are not covered).")
            continue
        if c.type == "reserved_instance":
            commit_h = c.count * covered[0].unit_price * (1 - d)  # type: ignore[operator]
        elif c.coverage_percent is not None:
            base_h = sum(remaining[id(ln)] * ln.always_on for ln in covered) / hours
            commit_h = c.coverage_percent / 100.0 * base_h * (1 - d)
        else:
            commit_h = float(c.commit_usd_per_hour)  # type: ignore[arg-type]
        if commit_h <= 0:
            notes.append(f"{label}: {platform_label} has no always-on usage it covers, so coverage_percent sizes it "
                         "to nothing; not applied.")
            continue
        covered_od_h = min(eligible_od_h, commit_h / (1 - d))
        used_h = covered_od_h * (1 - d)
        waste_h = max(0.0, commit_h - used_h)
        share = covered_od_h / eligible_od_h if eligible_od_h else 0.0
        for ln in covered:
            remaining[id(ln)] *= 1 - share
        src = c.source or "discount_percent from the workload file (commitments)"
        as_of = c.as_of or ""
        option = "reserved_instance" if c.type == "reserved_instance" else "savings_plan"
        new = [
            LineItem(f"{label}: covered On-Demand usage (credit)", "compute", hours, "hours", -covered_od_h,
                     source=src, as_of=as_of, platform=platform, purchase_option="credit", resource="commitment"),
            LineItem(f"{label} commitment, used", "commitment", hours, "hours", used_h, source=src, as_of=as_of,
                     platform=platform, purchase_option=option, resource="commitment"),
        ]
        if waste_h > 1e-9:
            new.append(LineItem(f"{label} commitment, unused (waste)", "commitment", hours, "hours", waste_h,
                                source=src, as_of=as_of, platform=platform, purchase_option=option,
                                resource="commitment"))
            notes.append(f"{label}: the commitment (${commit_h:.4f}/h) exceeds the usage it covers on {platform_label} "
                         f"(${used_h:.4f}/h at the discounted rate); the unused ${waste_h * hours:,.2f} per month "
                         "is billed anyway and shown as waste.")
        added += new
        result.applied = True
        result.commit_usd_per_hour = commit_h
        result.covered_on_demand_usd_per_hour = covered_od_h
        result.utilisation = used_h / commit_h
        result.monthly_waste = waste_h * hours
        result.monthly_saving = (covered_od_h - commit_h) * hours
    return added, results, notes


def apply_commitments(workload: Workload, est: Estimate) -> None:
    """Apply ``workload.commitments`` to one estimate, in AWS order, adding credit, commitment and waste lines."""
    if not workload.commitments:
        return
    est.cost_without_commitments = est.monthly_cost
    added, results, notes = commitment_lines(workload, est.lines, est.platform, est.label)
    est.lines += added
    est.commitments = results
    est.notes += notes
    if any(r.applied for r in results):
        est.notes.append(
            "Commitments use the discount rates given in the workload file; usage is taken as evenly spread over "
            f"the month's {workload.monthly_hours:g} hours (a real bill settles hour by hour). Without commitments "
            f"this platform costs ${est.cost_without_commitments:,.2f} per month."
        )
