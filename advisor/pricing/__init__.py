"""Price tables: the bundled snapshot and refreshed user data, read through a PriceBook."""

from advisor.pricing.book import FargateRate, PriceBook, Rate, default_pricebook

__all__ = ["FargateRate", "PriceBook", "Rate", "default_pricebook"]
