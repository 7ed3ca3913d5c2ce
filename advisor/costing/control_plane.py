"""The EKS control-plane fee: clusters x hours at the standard rate, plus the extended-support surcharge.

Amazon EKS pricing page: $0.10 per cluster-hour in standard support; a cluster on a Kubernetes version in
extended support pays $0.60 per cluster-hour, which AWS bills as the standard cluster-hour plus an
``AmazonEKS-Hours:extendedSupport`` surcharge line of $0.50 (rates from the ``eks_rates`` table, with dates).
"""

from __future__ import annotations

from advisor.costing.lines import Estimate, LineItem
from advisor.errors import PriceDataError
from advisor.pricing.book import PriceBook
from advisor.workload import Workload


def control_plane_lines(workload: Workload, prices: PriceBook, est: Estimate) -> list[LineItem]:
    """EKS control-plane fee: clusters x hours at the standard rate, plus the extended-support surcharge."""
    eks = workload.eks
    if eks.existing_cluster:
        est.notes.append("The workload joins an existing EKS cluster (eks.existing_cluster: true): its control-plane "
                         "fee is already paid, so the marginal fee is $0.")
        return []
    cluster_hours = eks.clusters * workload.monthly_hours
    lines = []
    try:
        base = prices.eks_rate(workload.region, "cluster_hour")
        lines.append(LineItem.priced("EKS control plane (standard support)", "control_plane", cluster_hours, base,
                                     resource="cluster"))
        if eks.support == "extended":
            sur = prices.eks_rate(workload.region, "extended_support_surcharge")
            lines.append(LineItem.priced("EKS extended support surcharge", "control_plane", cluster_hours, sur,
                                         resource="extended_support"))
            est.notes.append(
                f"Extended support: the cluster-hour costs ${base.usd + sur.usd:.2f} instead of ${base.usd:.2f} "
                "(standard rate plus the extended-support surcharge, as AWS bills it)."
            )
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
    return lines
