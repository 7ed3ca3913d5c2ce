"""The EKS control-plane fee: clusters x hours at the standard rate, plus the extended-support surcharge, plus the
Provisioned Control Plane tier when the workload chooses one.

Amazon EKS pricing page: $0.10 per cluster-hour in standard support; a cluster on a Kubernetes version in
extended support pays $0.60 per cluster-hour, which AWS bills as the standard cluster-hour plus an
``AmazonEKS-Hours:extendedSupport`` surcharge line of $0.50 (rates from the ``eks_rates`` table, with dates).

EKS Provisioned Control Plane (``eks.provisioned_control_plane: xl | 2xl | 4xl | 8xl``) adds, it does not replace:
"You will be billed at the hourly rate for the particular control plane scaling tier in addition to the standard or
extended support EKS hourly charges" (Amazon EKS User Guide, "Amazon EKS Provisioned Control Plane";
awsdocs/amazon-eks-user-guide latest/ug/clusters/eks-provisioned-control-plane-introduction.adoc @
0902df556c4beef3d68366f36a05337478090a17). The tier rates are the ``eks_rates`` items
``provisioned_control_plane_xl`` .. ``_8xl`` (AmazonEKS offer, operation ``ProvisionedControlPlaneUsage``).
"""

from __future__ import annotations

from advisor.costing.lines import Estimate, LineItem
from advisor.errors import PriceDataError
from advisor.pricing.book import PriceBook
from advisor.units import usd_rate
from advisor.workload import Workload

#: Workload tier -> ``eks_rates`` item and display name.
PROVISIONED_TIERS = {"xl": ("provisioned_control_plane_xl", "XL"), "2xl": ("provisioned_control_plane_2xl", "2XL"),
                     "4xl": ("provisioned_control_plane_4xl", "4XL"), "8xl": ("provisioned_control_plane_8xl", "8XL")}


def control_plane_lines(workload: Workload, prices: PriceBook, est: Estimate) -> list[LineItem]:
    """EKS control-plane fee: clusters x hours at the standard rate, plus the extended-support surcharge, plus the
    Provisioned Control Plane tier (USD per cluster-hour each). A rate the data lacks goes to ``est.missing_prices``
    (with the fetch command); ``eks.existing_cluster`` means no marginal fee at all."""
    eks = workload.eks
    if eks.existing_cluster:
        est.notes.append("The workload joins an existing EKS cluster (eks.existing_cluster: true): its control-plane "
                         "fee is already paid, so the marginal fee is $0."
                         + (f" eks.clusters ({eks.clusters}) is not used: the clusters it joins already pay their "
                            "fees and run their CoreDNS pods (set existing_cluster: false to price new clusters)."
                            if eks.clusters > 1 else ""))
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
    if eks.provisioned_control_plane:
        item, tier = PROVISIONED_TIERS[eks.provisioned_control_plane]
        try:
            rate = prices.eks_rate(workload.region, item)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
        else:
            lines.append(LineItem.priced(f"EKS Provisioned Control Plane ({tier} tier)", "control_plane",
                                         cluster_hours, rate, resource="cluster"))
            est.notes.append(
                f"EKS Provisioned Control Plane, {tier} tier: ${usd_rate(rate.usd)} per cluster-hour in addition to the "
                "standard or extended-support fee (Amazon EKS User Guide, 'Amazon EKS Provisioned Control Plane').")
    return lines
