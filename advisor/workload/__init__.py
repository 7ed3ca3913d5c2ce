"""The workload layer: the canonical ``Workload`` model, reading workload files, and the importers.

``model``      the pydantic models of the workload file (canonical units: vCPU, MiB, hours)
``load``       YAML/JSON text to a validated ``Workload``; the one validation-error formatter
``pod``        Kubernetes pod-request rules
``capacity_providers``  the ECS capacity-provider strategy grammar (items, validation, parsing)
``importers``  ECS task definitions and services, Kubernetes manifests, a live ECS cluster
"""

from advisor.workload.load import load_workload, parse_workload, workload_json_schema
from advisor.workload.model import (
    ECS_FARGATE_HOST_NETWORK_RULE,
    ECS_FARGATE_MAX_STORAGE_GIB,
    EKS_FARGATE_HOST_NETWORK_RULE,
    EKS_FARGATE_HOST_VOLUMES_RULE,
    EKS_FARGATE_MAX_STORAGE_GIB,
    FARGATE_HOST_VOLUMES_RULE,
    FARGATE_INCLUDED_STORAGE_GIB,
    FARGATE_PARAMETERS_RULE,
    FARGATE_PRIVILEGED_RULE,
    HOST_NETWORK_DAEMONSET_INSTEAD,
    PRIVILEGED_DAEMONSET_INSTEAD,
    Commitment,
    Container,
    DaemonSet,
    LoadBalancers,
    Scaling,
    Service,
    Workload,
)

__all__ = [
    "ECS_FARGATE_HOST_NETWORK_RULE", "ECS_FARGATE_MAX_STORAGE_GIB", "EKS_FARGATE_MAX_STORAGE_GIB", "EKS_FARGATE_HOST_VOLUMES_RULE",
    "EKS_FARGATE_HOST_NETWORK_RULE", "FARGATE_HOST_VOLUMES_RULE", "FARGATE_PARAMETERS_RULE", "FARGATE_PRIVILEGED_RULE", "PRIVILEGED_DAEMONSET_INSTEAD", "HOST_NETWORK_DAEMONSET_INSTEAD",
    "FARGATE_INCLUDED_STORAGE_GIB",
    "Commitment", "Container", "DaemonSet", "LoadBalancers", "Scaling", "Service", "Workload",
    "load_workload", "parse_workload", "workload_json_schema",
]
