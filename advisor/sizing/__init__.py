"""Sizing: packing tasks/pods onto EC2 node types."""
