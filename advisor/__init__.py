"""advisor: ECS vs EKS cost and sizing advisor."""
__version__ = "0.1.0"
