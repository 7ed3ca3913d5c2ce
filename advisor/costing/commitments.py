"""Commitments: Savings Plans and Reserved Instances applied to an estimate's covered lines.

Which usage each commitment covers (AWS Savings Plans User Guide, "Savings Plans types"; Amazon EC2 User Guide,
"How Reserved Instances are applied"), read from each line's machine fields (``LineItem.commitments``,
``instance_type``), never from its name:

- Compute Savings Plan: On-Demand EC2 instance usage and Fargate vCPU/memory usage (ECS and EKS), including
  deployment surge.
- EC2 Instance Savings Plan: On-Demand EC2 instance usage of one instance family in the region.
- Reserved Instance: regional Linux/UNIX RIs are size-flexible: ``count`` x the normalization factor of the RI's
  size covers usage of any size in the same family (``NORMALIZATION_FACTORS``); families AWS excludes from size
  flexibility (``NOT_SIZE_FLEXIBLE``) and sizes without a published factor cover their exact type only.

Spot usage is never covered. AWS applies Reserved Instances first, then EC2 Instance Savings Plans, then Compute
Savings Plans; advisor does the same, and within a Savings Plan covers the usage with the largest discount first
(AWS Savings Plans User Guide, "How Savings Plans apply to your AWS usage").

Discounts come from the workload file (``discount_percent``; a Compute Savings Plan may give a separate
``fargate_discount_percent``) or, for a Savings Plan without ``discount_percent``, from AWS's own Savings Plans
rates in the price data (``savings_plans_rates``: the rate per usage type for the plan, term and payment option);
a usage type the data lacks is an error naming it. advisor never guesses a discount.

The representation keeps lines summing to the total and every number auditable. For each commitment that applies:

- ``<plan>: covered On-Demand usage (credit)`` in category ``compute``: a negative line, the On-Demand cost
  of the usage the commitment absorbs (so the compute category shrinks by exactly what was covered);
- ``<plan> commitment, used`` in category ``commitment``: what that usage costs at the discounted rate;
- ``<plan> commitment, unused (waste)`` in category ``commitment``: commitment the usage cannot fill, billed anyway.

A Savings Plan commitment is dollars per hour at Savings Plan rates. Usage is taken as evenly spread over the month
(``workload.monthly_hours``); a real bill is settled hour by hour, so a commitment near the average can be partly
unused in quiet hours. With ``coverage_percent`` the commitment is sized per platform to that share of the
*always-on* eligible usage (``LineItem.always_on``: EC2 nodes, services without a shorter ``monthly_hours``, scaling
services at ``scaling.min``), which is always fully used. A commitment a platform has no eligible usage for is not
applied to it (noted), rather than billed as waste.
"""

from __future__ import annotations

from collections.abc import Callable

from advisor.costing.lines import CommitmentResult, Estimate, LineItem
from advisor.errors import PriceDataError
from advisor.workload import Commitment, Workload

LABELS = {
    "compute_savings_plan": "Compute Savings Plan",
    "ec2_instance_savings_plan": "EC2 Instance Savings Plan",
    "reserved_instance": "Reserved Instance",
}
#: AWS applies Reserved Instances, then EC2 Instance Savings Plans, then Compute Savings Plans.
APPLY_ORDER = {"reserved_instance": 0, "ec2_instance_savings_plan": 1, "compute_savings_plan": 2}

#: Normalization factors by instance size. Amazon EC2 User Guide, "How Reserved Instance discounts are applied",
#: section "Instance size flexibility determined by normalization factor"
#: (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/apply_ri.html; the current table has "48xlarge | 384" and,
#: in its zh_cn edition, "96xlarge | 768", rows the archived awsdocs/amazon-ec2-user-guide doc_source/apply_ri.md
#: at e3707c43 did not have yet). Sizes not listed there get no size flexibility here and cover their exact type only.
NORMALIZATION_FACTORS: dict[str, float] = {
    "nano": 0.25, "micro": 0.5, "small": 1, "medium": 2, "large": 4, "xlarge": 8, "2xlarge": 16, "3xlarge": 24,
    "4xlarge": 32, "6xlarge": 48, "8xlarge": 64, "9xlarge": 72, "10xlarge": 80, "12xlarge": 96, "16xlarge": 128,
    "18xlarge": 144, "24xlarge": 192, "32xlarge": 256, "48xlarge": 384, "56xlarge": 448, "96xlarge": 768,
    "112xlarge": 896,
}
#: "The metal instance size does not have a single normalization factor. A bare metal instance has the same
#: normalization factor as the equivalent virtualized instance size within the same instance family" (same page,
#: "Normalization factor for bare metal instances"): the bare metal types that table lists, with their factors. The
#: table's "r6d.metal" names no EC2 type and is left out; a bare metal type not listed covers its exact type only.
METAL_NORMALIZATION_FACTORS: dict[str, float] = {
    "a1.metal": 32,
    **dict.fromkeys(("m5zn.metal", "x2iezn.metal", "z1d.metal"), 96),
    **dict.fromkeys(("c6g.metal", "c6gd.metal", "i3.metal", "m6g.metal", "m6gd.metal", "r6g.metal", "r6gd.metal",
                     "x2gd.metal"), 128),
    "c5n.metal": 144,
    **dict.fromkeys(("c5.metal", "c5d.metal", "i3en.metal", "m5.metal", "m5d.metal", "m5dn.metal", "m5n.metal",
                     "r5.metal", "r5b.metal", "r5d.metal", "r5dn.metal", "r5n.metal"), 192),
    **dict.fromkeys(("c6i.metal", "c6id.metal", "m6i.metal", "m6id.metal", "r6id.metal"), 256),
    **dict.fromkeys(("u-18tb1.metal", "u-24tb1.metal"), 448),
    **dict.fromkeys(("u-6tb1.metal", "u-9tb1.metal", "u-12tb1.metal"), 896),
}
#: Families whose RIs are not size-flexible (same page: "G4ad, G4dn, G5, G5g, and Inf1" are excluded).
NOT_SIZE_FLEXIBLE = frozenset({"g4ad", "g4dn", "g5", "g5g", "inf1"})

Discount = Callable[[Commitment, LineItem], float]


def describe(c: Commitment) -> str:
    """'1-year Compute Savings Plan (no upfront, 20% off)' (or '..., AWS rates)' when the data gives the rates)."""
    what = LABELS[c.type] + (f" {c.instance_family}" if c.instance_family and c.type != "reserved_instance" else "")
    if c.type == "reserved_instance":
        what = f"{c.count} x {c.instance_type} {LABELS[c.type]}{'s' if (c.count or 0) > 1 else ''}"
    if c.discount_percent is None:
        off = "AWS Savings Plans rates"
    else:
        off = f"{c.discount_percent:g}% off"
        if c.fargate_discount_percent is not None:
            off += f", Fargate {c.fargate_discount_percent:g}% off"
    return f"{c.term_years}-year {what} ({c.payment.replace('_', ' ')}, {off})"


def coverage_order(lines: list[LineItem], discount: dict[int, float]) -> list[LineItem]:
    """The order a commitment covers ``lines`` (``discount``: ``id(line)`` -> its discount, 0-1): the largest
    discount first ("Savings Plans are applied to your highest savings percentage first") and, among equal discounts,
    the usage of the lowest Savings Plans rate first ("If there are multiple usages with equal savings percentages,
    Savings Plans are applied to the first usage with the lowest Savings Plans rate"): Savings Plans User Guide, "How
    Savings Plans apply to your AWS usage". Lines otherwise equal keep their order."""
    return sorted(lines, key=lambda ln: (-discount[id(ln)], ln.unit_price * (1 - discount[id(ln)])))


def normalization_factor(instance_type: str) -> float | None:
    """The RI normalization factor of a type's size (``m5.2xlarge`` -> 16, ``m5.metal`` -> 192), or None when not
    published."""
    name = str(instance_type)
    if name in METAL_NORMALIZATION_FACTORS:
        return METAL_NORMALIZATION_FACTORS[name]
    _, _, size = name.partition(".")
    return NORMALIZATION_FACTORS.get(size)


def size_flexible(instance_type: str) -> bool:
    """True when a regional Linux RI of this type covers other sizes of its family (see the module docstring)."""
    family = str(instance_type).partition(".")[0]
    return family not in NOT_SIZE_FLEXIBLE and normalization_factor(instance_type) is not None


def eligible(c: Commitment, line: LineItem) -> bool:
    """True when commitment ``c`` can cover this line's usage (read from the line's machine fields)."""
    if not line.covered_by(c.type):
        return False
    if c.type == "ec2_instance_savings_plan":
        return line.instance_type is not None and line.instance_type.split(".")[0] == c.instance_family
    if c.type == "reserved_instance":
        if line.instance_type == c.instance_type:
            return True
        return (line.instance_type is not None and size_flexible(c.instance_type) and size_flexible(line.instance_type)
                and line.instance_type.split(".")[0] == c.instance_type.split(".")[0])
    return True


def user_discount(c: Commitment, line: LineItem) -> float:
    """The discount (a fraction) the workload file gives commitment ``c`` for ``line``."""
    if c.fargate_discount_percent is not None and line.resource in ("vcpu", "memory") and line.instance_type is None:
        return c.fargate_discount_percent / 100.0
    return float(c.discount_percent) / 100.0  # type: ignore[arg-type]


def fargate_usage_type(line: LineItem) -> str | None:
    """AWS's Fargate usage type (without the region prefix) for a Fargate vCPU or memory line, else None.

    AmazonECS offer usage types: ``Fargate-vCPU-Hours:perCPU``, ``Fargate-GB-Hours``, and ``Fargate-ARM-...`` /
    ``Fargate-Windows-...`` for arm64 and Windows (price list sample in shared/reference/price_list_api_samples).
    """
    if line.instance_type is not None or line.resource not in ("vcpu", "memory"):
        return None
    kind = "vCPU-Hours:perCPU" if line.resource == "vcpu" else "GB-Hours"
    variant = "ARM-" if line.architecture == "arm64" else ("Windows-" if line.os == "windows" else "")
    return f"Fargate-{variant}{kind}"


def data_discount(prices, region: str) -> Discount:
    """Discounts from AWS's Savings Plans rates in the price data: ``1 - SP rate / On-Demand rate`` per usage type.

    Raises ``PriceDataError`` naming the usage type when the data has no rate for it.
    """
    cache: dict[tuple, float] = {}

    def discount(c: Commitment, line: LineItem) -> float:
        if line.instance_type is not None:
            usage, operation = f"BoxUsage:{line.instance_type}", "RunInstances"
        else:
            usage, operation = fargate_usage_type(line), ""
        if usage is None or line.unit_price <= 0:
            raise PriceDataError(f"{describe(c)}: no Savings Plans usage type for the line '{line.name}'; give "
                                 "discount_percent in the workload's commitments.")
        key = (c.type, c.term_years, c.payment, usage, operation, line.unit_price)
        if key not in cache:
            try:
                rate = prices.savings_plan_rate(region, c.type, c.term_years, c.payment, usage, operation)
            except PriceDataError as exc:
                raise PriceDataError(f"{exc} Or give discount_percent for this commitment in the workload file.") from None
            cache[key] = max(0.0, min(1.0, 1.0 - rate.usd / line.unit_price))
        return cache[key]

    return discount


def commitment_lines(workload: Workload, lines: list[LineItem], platform: str, platform_label: str,
                     discount: Discount | None = None) -> tuple[list[LineItem], list[CommitmentResult], list[str]]:
    """Apply ``workload.commitments`` to ``lines`` in AWS order: (new lines, one result per commitment, notes).

    Pure: ``lines`` are not changed. The estimate path passes an estimate's lines; the scaling sweep passes the
    synthetic usage lines of ``ScaleModel.at`` — one algorithm for both. ``discount(c, line)`` gives the
    discount (a fraction) for a line (default: the workload file's ``discount_percent``). Money per hour is
    USD/hour over ``workload.monthly_hours``.
    """
    hours = workload.monthly_hours
    remaining = {id(line): line.monthly_cost for line in lines}  # On-Demand cost not yet covered
    results: list[CommitmentResult] = []
    notes: list[str] = []
    added: list[LineItem] = []
    for c in sorted(workload.commitments or [], key=lambda c: APPLY_ORDER[c.type]):
        label = describe(c)
        covered = [ln for ln in lines if eligible(c, ln) and remaining[id(ln)] > 1e-12]
        eligible_od_h = sum(remaining[id(ln)] for ln in covered) / hours
        given = None if c.discount_percent is None else float(c.discount_percent)
        result = CommitmentResult(label, c.type, c.term_years, c.payment, given, c.source, False, eligible_od_h)
        results.append(result)
        if not covered:
            notes.append(f"{label}: not applied to {platform_label}, which has no usage it covers "
                         "(Spot usage and other platforms' compute are not covered).")
            continue
        disc = discount if (discount is not None and c.discount_percent is None) else user_discount
        d = {id(ln): disc(c, ln) for ln in covered}
        if c.type == "reserved_instance":
            commit_h = c.count * _ri_price(c, covered) * (1 - d[id(covered[0])])  # type: ignore[operator]
        elif c.coverage_percent is not None:
            commit_h = c.coverage_percent / 100.0 * sum(
                remaining[id(ln)] * ln.always_on * (1 - d[id(ln)]) for ln in covered) / hours
        else:
            commit_h = float(c.commit_usd_per_hour)  # type: ignore[arg-type]
        if commit_h <= 0:
            notes.append(f"{label}: {platform_label} has no always-on usage it covers, so coverage_percent sizes it "
                         "to nothing; not applied.")
            continue
        left = commit_h  # USD/hour at commitment rates still to spend
        covered_od_h = 0.0
        for ln in coverage_order(covered, d):
            if left <= 1e-15:
                break
            od_h = remaining[id(ln)] / hours
            at_rate = od_h * (1 - d[id(ln)])
            take = min(at_rate, left)
            share = take / at_rate if at_rate > 0 else 1.0
            covered_od_h += od_h * share
            remaining[id(ln)] *= 1 - share
            left -= take
        used_h = commit_h - left
        waste_h = max(0.0, left)
        src = c.source or ("AWS Savings Plans rates (table savings_plans_rates)" if c.discount_percent is None
                           else "discount_percent from the workload file (commitments)")
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
        if c.type == "reserved_instance" and any(ln.instance_type != c.instance_type for ln in covered):
            notes.append(f"{label}: size-flexible (regional Linux RI), so it also covers other sizes of the "
                         f"{c.instance_type.split('.')[0]} family by normalization factor (EC2 User Guide, 'How "
                         "Reserved Instances are applied').")
        added += new
        result.applied = True
        result.commit_usd_per_hour = commit_h
        result.covered_on_demand_usd_per_hour = covered_od_h
        result.utilisation = used_h / commit_h
        result.monthly_waste = waste_h * hours
        result.monthly_saving = (covered_od_h - commit_h) * hours
        if given is None and covered_od_h > 0:
            # AWS's Savings Plans rates differ by usage type: report the discount they gave on what was covered
            # (a 1-year no-upfront Compute SP on c6a.large, $0.05528 against $0.0765 On-Demand: 27.74%)
            result.discount_percent = 100.0 * (1.0 - used_h / covered_od_h)
    return added, results, notes


def _ri_price(c: Commitment, covered: list[LineItem]) -> float:
    """On-Demand price per hour of one RI's type: a line of that type, else (size flexibility) the family's price per
    normalization unit times the RI's factor (On-Demand Linux prices are proportional to size within a family)."""
    for ln in covered:
        if ln.instance_type == c.instance_type:
            return ln.unit_price
    per_unit = [ln.unit_price / normalization_factor(ln.instance_type) for ln in covered]  # type: ignore[operator]
    return sum(per_unit) / len(per_unit) * normalization_factor(c.instance_type)  # type: ignore[operator]


def check_commitments(workload: Workload, prices) -> None:
    """``WorkloadError`` (exit 2) for a commitment naming an instance type or family the EC2 catalogue does not
    list (table ec2_instance_types): a typo such as ``m99.large`` or ``zz9`` would otherwise cover nothing on every
    platform and only be noted. The message names the field, with a did-you-mean hint."""
    from advisor.errors import WorkloadError, did_you_mean
    from advisor.pricing.catalog import Catalog

    if not workload.commitments:
        return
    names = Catalog.of(prices).types()
    families = sorted({t.family for t in names.values()})
    for i, c in enumerate(workload.commitments):
        where = f"commitments[{i}]"
        if c.instance_type is not None and c.instance_type.strip().lower() not in names:
            raise WorkloadError(f"{where}.instance_type: {c.instance_type!r} is not an EC2 instance type in the "
                                f"catalogue (table ec2_instance_types).{did_you_mean(c.instance_type, names)} Give the "
                                "type the Reserved Instance is for, e.g. m7g.large.")
        if c.instance_family is not None and c.instance_family.strip().lower() not in families:
            raise WorkloadError(f"{where}.instance_family: {c.instance_family!r} is not an EC2 instance family in the "
                                f"catalogue.{did_you_mean(c.instance_family, families)} Give the family the Savings "
                                "Plan is for, e.g. m7g.")


def apply_commitments(workload: Workload, est: Estimate, prices=None) -> None:
    """Apply ``workload.commitments`` to one estimate, in AWS order, adding credit, commitment and waste lines.

    ``prices`` (a ``PriceBook``) supplies AWS's Savings Plans rates for Savings Plans without ``discount_percent``.
    A missing rate is noted on the estimate as missing price data.
    """
    if not workload.commitments:
        return
    est.cost_without_commitments = est.monthly_cost
    discount = data_discount(prices, workload.region) if prices is not None else None
    try:
        added, results, notes = commitment_lines(workload, est.lines, est.platform, est.label, discount)
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
        return
    est.lines += added
    est.commitments = results
    est.notes += notes
    if est.scale is not None and discount is not None:
        est.scale.discount = _averaged(workload, est.lines, discount)
    if any(r.applied for r in results):
        origin = ("the discount rates given in the workload file" if all(c.discount_percent is not None
                  for c in workload.commitments) else "the workload file's discounts and AWS's Savings Plans rates")
        est.notes.append(
            f"Commitments use {origin}; usage is taken as evenly spread over the month's {workload.monthly_hours:g} "
            f"hours (a real bill settles hour by hour). Without commitments this platform costs "
            f"${est.cost_without_commitments:,.2f} per month."
        )


def _averaged(workload: Workload, lines: list[LineItem], discount: Discount) -> Discount:
    """A discount function for the sweep's aggregated usage lines: per commitment, the cost-weighted average of the
    data discounts of the estimate's Fargate lines, and the per-type discount for instance lines; a line of the
    estimate itself (the fixed lines the sweep passes as they are) keeps its own discount."""
    fargate: dict[int, float] = {}
    per_type: dict[tuple[int, str], float] = {}
    own: dict[tuple[int, int], float] = {}  # (commitment, line) -> discount of the estimate's own Fargate lines
    for c in workload.commitments or []:
        if c.discount_percent is not None:
            continue
        weights = []
        for ln in lines:
            if eligible(c, ln) and ln.instance_type is None:
                own[(id(c), id(ln))] = x = discount(c, ln)
                weights.append((ln.monthly_cost, x))
        total = sum(w for w, _ in weights)
        fargate[id(c)] = sum(w * x for w, x in weights) / total if total else 0.0
        for ln in lines:
            if eligible(c, ln) and ln.instance_type is not None:
                per_type[(id(c), ln.instance_type)] = discount(c, ln)

    def averaged(c: Commitment, line: LineItem) -> float:
        if line.instance_type is not None:
            return per_type.get((id(c), line.instance_type), 0.0)
        # a line the sweep passes as it is (``ScaleModel.fixed_lines``) keeps its own discount
        return own.get((id(c), id(line)), fargate.get(id(c), 0.0))

    return averaged
