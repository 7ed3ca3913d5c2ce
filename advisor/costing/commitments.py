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

from advisor.costing.lines import Estimate, LineItem
from advisor.workload import Commitment, Workload

LABELS = {
    "compute_savings_plan": "Compute Savings Plan",
    "ec2_instance_savings_plan": "EC2 Instance Savings Plan",
    "reserved_instance": "Reserved Instance",
}
#: AWS applies Reserved Instances, then EC2 Instance Savings Plans, then Compute Savings Plans.
APPLY_ORDER = {"reserved_instance": 0, "ec2_instance_savings_plan": 1, "compute_savings_plan": 2}

EC2_OD_PREFIX = "Instance usage (on-demand, "
FARGATE_OD_PREFIXES = ("Fargate vCPU (on-demand", "Fargate memory (on-demand",
                       "Fargate pod vCPU (on-demand", "Fargate pod memory (on-demand")


def describe(c: Commitment) -> str:
    """'1-year Compute Savings Plan (no upfront, 20% off)'."""
    what = LABELS[c.type] + (f" {c.instance_family}" if c.instance_family and c.type != "reserved_instance" else "")
    if c.type == "reserved_instance":
        what = f"{c.count} x {c.instance_type} {LABELS[c.type]}{'s' if (c.count or 0) > 1 else ''}"
    return f"{c.term_years}-year {what} ({c.payment.replace('_', ' ')}, {c.discount_percent:g}% off)"


def _instance_type(line: LineItem) -> str | None:
    if line.category == "compute" and line.unit_price > 0 and line.name.startswith(EC2_OD_PREFIX):
        return line.name[len(EC2_OD_PREFIX):].rstrip(")")
    return None


def eligible(c: Commitment, line: LineItem) -> bool:
    """True when commitment ``c`` can cover this line's usage."""
    itype = _instance_type(line)
    if c.type == "compute_savings_plan":
        return itype is not None or (line.category == "compute" and line.unit_price > 0
                                     and line.name.startswith(FARGATE_OD_PREFIXES))
    if itype is None:
        return False
    if c.type == "ec2_instance_savings_plan":
        return itype.split(".")[0] == c.instance_family
    return itype == c.instance_type


def always_on_fraction(workload: Workload, line: LineItem) -> float:
    """Share of a line's usage that runs every hour of the month (EC2 nodes: all of it)."""
    if line.service is None:
        return 1.0
    svc = next((s for s in workload.services if s.name == line.service), None)
    if svc is None or workload.hours_for(svc) < workload.monthly_hours or svc.desired <= 0:
        return 0.0
    if svc.scaling is not None:
        return min(1.0, svc.scaling.min / svc.scaling.average)
    return 1.0


def apply_commitments(workload: Workload, est: Estimate) -> None:
    """Apply ``workload.commitments`` to one estimate, in AWS order, adding credit, commitment and waste lines."""
    if not workload.commitments:
        return
    hours = workload.monthly_hours
    est.extra["monthly_cost_without_commitments"] = est.monthly_cost
    remaining = {id(line): line.monthly_cost for line in est.lines}  # On-Demand cost not yet covered
    summary = []
    for c in sorted(workload.commitments, key=lambda c: APPLY_ORDER[c.type]):
        label = describe(c)
        d = c.discount_percent / 100.0  # type: ignore[operator]
        lines = [ln for ln in est.lines if eligible(c, ln) and remaining[id(ln)] > 1e-12]
        eligible_od_h = sum(remaining[id(ln)] for ln in lines) / hours
        entry = {"commitment": label, "type": c.type, "term_years": c.term_years, "payment": c.payment,
                 "discount_percent": c.discount_percent, "source": c.source, "applied": False,
                 "eligible_on_demand_usd_per_hour": eligible_od_h}
        if not lines:
            est.notes.append(f"{label}: not applied to {est.label}, which has no usage it covers "
                             "(Spot usage and other platforms' compute are not covered).")
            summary.append(entry)
            continue
        if c.type == "reserved_instance":
            commit_h = c.count * lines[0].unit_price * (1 - d)  # type: ignore[operator]
        elif c.coverage_percent is not None:
            base_h = sum(remaining[id(ln)] * always_on_fraction(workload, ln) for ln in lines) / hours
            commit_h = c.coverage_percent / 100.0 * base_h * (1 - d)
        else:
            commit_h = float(c.commit_usd_per_hour)  # type: ignore[arg-type]
        if commit_h <= 0:
            est.notes.append(f"{label}: {est.label} has no always-on usage it covers, so coverage_percent sizes it to "
                             "nothing; not applied.")
            summary.append(entry)
            continue
        covered_od_h = min(eligible_od_h, commit_h / (1 - d))
        used_h = covered_od_h * (1 - d)
        waste_h = max(0.0, commit_h - used_h)
        share = covered_od_h / eligible_od_h if eligible_od_h else 0.0
        for ln in lines:
            remaining[id(ln)] *= 1 - share
        src = c.source or "discount_percent from the workload file (commitments)"
        as_of = c.as_of or ""
        new = [
            LineItem(f"{label}: covered On-Demand usage (credit)", "compute", hours, "hours", -covered_od_h,
                     source=src, as_of=as_of),
            LineItem(f"{label} commitment, used", "commitment", hours, "hours", used_h, source=src, as_of=as_of),
        ]
        if waste_h > 1e-9:
            new.append(LineItem(f"{label} commitment, unused (waste)", "commitment", hours, "hours", waste_h,
                                source=src, as_of=as_of))
            est.notes.append(f"{label}: the commitment (${commit_h:.4f}/h) exceeds the usage it covers on {est.label} "
                             f"(${used_h:.4f}/h at the discounted rate); the unused ${waste_h * hours:,.2f} per month "
                             "is billed anyway and shown as waste.")
        for ln in new:
            remaining[id(ln)] = 0.0
        est.lines += new
        entry.update(applied=True, commit_usd_per_hour=commit_h, covered_on_demand_usd_per_hour=covered_od_h,
                     utilisation=used_h / commit_h, monthly_waste=waste_h * hours,
                     monthly_saving=(covered_od_h - commit_h) * hours)
        summary.append(entry)
    est.extra["commitments"] = summary
    if any(e["applied"] for e in summary):
        est.notes.append(
            "Commitments use the discount rates given in the workload file; usage is taken as evenly spread over "
            f"the month's {hours:g} hours (a real bill settles hour by hour). Without commitments this platform "
            f"costs ${est.extra['monthly_cost_without_commitments']:,.2f} per month."
        )
