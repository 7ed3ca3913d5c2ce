"""Messages about a region's price data say what the data holds for that region, and the command they give works
there (found by trying regions across the partitions: GovCloud, China, regions the bundle lacks)."""

import pytest

from advisor.errors import PriceDataError


def test_missing_eks_rate_in_govcloud_does_not_claim_the_commercial_rows(prices):
    """us-gov-west-1 said 'table eks_rates has cluster_hour, extended_support_surcharge there' while refusing the
    cluster-hour rate: those blank-region rows are AWS's commercial price and do not cover GovCloud."""
    with pytest.raises(PriceDataError) as err:
        prices.eks_rate("us-gov-west-1", "cluster_hour")
    msg = str(err.value)
    assert "has cluster_hour" not in msg
    assert "table eks_rates has no item there" in msg
    assert "advisor pricing fetch --region us-gov-west-1 --services AmazonEKS" in msg


def test_missing_eks_tier_in_a_commercial_region_lists_what_applies(prices):
    """In a commercial region the blank-region rows do apply, so they are named as what the data has."""
    with pytest.raises(PriceDataError) as err:
        prices.eks_rate("eu-west-1", "provisioned_control_plane_xl")
    assert "table eks_rates has cluster_hour, extended_support_surcharge there" in str(err.value)
