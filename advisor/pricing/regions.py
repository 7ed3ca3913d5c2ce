"""AWS region names, so that a typo is told apart from a real region the price data lacks.

From the AWS General Reference, "AWS Regions" (commercial, GovCloud and China partitions), as of 2026.
"""

KNOWN_REGIONS: frozenset[str] = frozenset(
    {
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "us-gov-east-1",
        "us-gov-west-1",
        "cn-north-1",
        "cn-northwest-1",
    }
)


def is_commercial(region: str) -> bool:
    """True for the aws partition (not GovCloud, not China)."""
    return not region.startswith(("us-gov-", "cn-"))


def partition_note(region: str) -> str:
    """Why a region outside the commercial partition has no EKS on Fargate price: GovCloud (US) does not offer EKS on
    Fargate (AWS GovCloud (US) User Guide, "Amazon Elastic Kubernetes Service in AWS GovCloud (US)": "Amazon EKS on
    Fargate isn't available"); advisor does not price the China Regions at all (they are
    billed in CNY from a separate Price List endpoint, which advisor does not read)."""
    if region.startswith("cn-"):
        return ("advisor does not price the China Regions: they are billed in CNY from a separate Price List "
                "endpoint, which advisor does not read")
    return ("AWS GovCloud (US) User Guide, 'Amazon Elastic Kubernetes Service in AWS GovCloud (US)': 'Amazon EKS on "
            "Fargate isn't available'")


def china_region_message(region: str, what: str = "region") -> str:
    """Why ``region`` (a China Region) cannot be priced, and what to do: the one message every command gives, since
    'advisor pricing fetch', 'refresh' and 'import-offer' refuse these regions, so no command could fill the data."""
    return (f"{what} {region!r} is a China Region, which advisor does not price: the China Regions are billed in CNY "
            "from a separate Price List endpoint, which advisor does not read ('advisor pricing fetch', 'refresh' and 'import-offer' "
            "refuse it too, so no command fills its prices). Use a commercial region such as us-east-1, or an AWS "
            "GovCloud (US) region.")
