"""Kubernetes pod-request rules: what one pod asks the scheduler (and EKS on Fargate) for.

Kubernetes documentation, "Resource Management for Pods and Containers" and "Init Containers" (section
"Resource sharing within containers"): the effective request of a pod is, per resource, the larger of the
largest init container's request and the sum of the regular containers' requests.
"""

from __future__ import annotations

def pod_request(containers: list[tuple[float, float]], init_containers: list[tuple[float, float]] = ()) -> tuple[float, float]:
    """Kubernetes effective pod request: per resource, max(largest init container, sum of regular containers)."""
    cpu = sum(c for c, _ in containers)
    mem = sum(m for _, m in containers)
    if init_containers:
        cpu = max(cpu, max(c for c, _ in init_containers))
        mem = max(mem, max(m for _, m in init_containers))
    return cpu, mem
