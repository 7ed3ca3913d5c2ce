"""Kubernetes pod-request rules: what one pod asks the scheduler (and EKS on Fargate) for.

Sources:

* Kubernetes documentation, "Init Containers", section "Resource sharing within containers": the effective
  request of a pod is, per resource, the larger of the largest init container's request and the sum of the
  regular containers' requests.
* Kubernetes documentation, "Sidecar Containers" (native sidecars: init containers with
  ``restartPolicy: Always``, on by default since Kubernetes 1.29), and the code every component uses,
  ``k8s.io/component-helpers/resource/helpers.go`` (``AggregateContainerRequests``, KEP-753 "Sidecar
  containers", section "Exposing Pod Resource Requirements"): a sidecar keeps running, so its request adds to
  the regular containers' sum; and while init container *i* runs, every sidecar started before it runs too,
  so init container *i* needs ``its request + the sum of the sidecars listed before it``. The pod request is,
  per resource, the larger of that running sum and the largest such init-phase need.

* Kubernetes documentation, "Pod Overhead" (stable since v1.24) and "Init Containers" ("The Pod's effective
  request/limit for a resource is the sum of pod overhead and the higher of" the app and sidecar containers' sum and
  the effective init request): ``spec.overhead``, which the RuntimeClass admission controller sets from the pod's
  RuntimeClass ``overhead.podFixed``, adds to the request for scheduling and ResourceQuota
  (``k8s.io/component-helpers/resource/helpers.go`` ``PodRequests``: added after the containers' aggregate and after
  a pod-level request). ``with_overhead`` is that last step; ``advisor.workload.model.PodOverhead`` says which
  platforms add it.

Example (the issue's): app 200m / 256Mi plus a sidecar 100m / 128Mi -> 300m / 384Mi; an init container of
500m / 64Mi listed after the sidecar needs 600m / 192Mi -> pod request 600m / 384Mi. With the "Pod Overhead"
page's example RuntimeClass ``kata-fc`` (overhead 250m / 120Mi), containers of 500m / 100Mi and 1500m / 100Mi ask
the scheduler for 2250m / 320Mi.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.units import decimal_sum


def pod_request(containers: Sequence[tuple[float, float]],
                init_containers: Sequence[tuple[float, float] | tuple[float, float, bool]] = ()) -> tuple[float, float]:
    """Kubernetes effective pod request (vCPU, MiB), native sidecars included.

    ``containers``: (cpu, memory) of the regular containers. ``init_containers``: (cpu, memory) or
    (cpu, memory, is_sidecar) in the order the pod lists them; ``is_sidecar`` marks ``restartPolicy: Always``.
    A resource a container does not request counts 0. Sums are exact to the requests' decimals
    (``advisor.units.decimal_sum``: 0.1 + 0.2 vCPU is 0.3).
    """
    cpu = decimal_sum(*(c for c, _ in containers))
    mem = decimal_sum(*(m for _, m in containers))
    side_cpu = side_mem = 0.0  # sidecars started so far
    init_cpu = init_mem = 0.0  # the largest need of any init phase
    for item in init_containers:
        c, m = item[0], item[1]
        if len(item) > 2 and item[2]:
            cpu, mem = decimal_sum(cpu, c), decimal_sum(mem, m)
            side_cpu, side_mem = decimal_sum(side_cpu, c), decimal_sum(side_mem, m)
            need_cpu, need_mem = side_cpu, side_mem
        else:
            need_cpu, need_mem = decimal_sum(c, side_cpu), decimal_sum(m, side_mem)
        init_cpu, init_mem = max(init_cpu, need_cpu), max(init_mem, need_mem)
    return max(cpu, init_cpu), max(mem, init_mem)


def with_overhead(request: tuple[float, float], overhead: tuple[float, float] | None) -> tuple[float, float]:
    """(vCPU, MiB) the Kubernetes scheduler places for a pod: its ``request`` (``pod_request``, or a pod-level
    request) plus its pod ``overhead`` (vCPU, MiB), or the request alone when it has none (Kubernetes "Pod
    Overhead": "the scheduler adds the requests and the overhead"; component-helpers ``PodRequests``)."""
    if overhead is None:
        return request
    return decimal_sum(request[0], overhead[0]), decimal_sum(request[1], overhead[1])
