"""Sizing rules: Fargate task and pod sizes, EC2 node capacity, bin packing."""
