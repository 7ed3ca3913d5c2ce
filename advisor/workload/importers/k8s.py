"""Import Kubernetes manifests: Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs, Pods,
HorizontalPodAutoscalers, KEDA ScaledObjects, Services of type LoadBalancer and Ingresses, from multi-document YAML (or JSON)
files, folders, kustomize folders and standard input.

Rules (each with its source):

* Pod request: ``advisor.workload.pod`` -- per resource, max(largest init-phase need, sum of regular
  containers and native sidecars) (Kubernetes "Init Containers" / "Sidecar Containers", KEP-753), as EKS on
  Fargate uses it ("Understand Fargate Pod configuration details").
* Pod overhead (``_pod_overhead``, ``RUNTIME_CLASS_DOC``): a pod's ``runtimeClassName`` naming a RuntimeClass of the
  input (``runtime_classes``) takes its ``overhead.podFixed`` as ``pod_overhead``, which EKS on EC2 and EKS Auto Mode
  add to the request (Kubernetes "Pod Overhead"); a class the input does not hold leaves it unknown (noted) unless the
  pod's own ``spec.overhead`` gives it; a ``spec.overhead`` the RuntimeClass admission controller refuses exits 2.
* A container's request is ``resources.requests``; when a resource has a limit and no request, Kubernetes
  sets the request to the limit ("Resource Management for Pods and Containers"), and so does advisor.
* Pod-level ``spec.resources`` (``PodLevelResources``): per resource, a pod-level request replaces the containers'
  aggregate (``_pod_level``: Kubernetes "Assign Pod-level CPU and memory resources", component-helpers
  ``PodRequests``; with pod-level limits only, ``defaultPodRequests``); the containers are kept beside it.
* A container with neither is recorded as requesting nothing (``containers`` without cpu/memory): the
  import never stops for it, the workload lists every such container at once in a note, and each platform
  applies its own rule (``Workload.assumptions``). ``strict`` makes it an error.
* A LimitRange of the input gives its default request to the containers of its namespace that set neither a
  request nor a limit (``_limit_ranges``: LimitRanger admission, ``SetDefaults_LimitRangeItem``), with a note; a pod
  that breaks its ``min`` / ``max`` / ``maxLimitRequestRatio`` is refused as the LimitRanger refuses it
  (``_check_limit_ranges``); the long-running pods of a namespace that go beyond its ResourceQuota are an
  assumption (``_quota_notes``).
* Init containers with ``restartPolicy: Always`` are native sidecars (``sidecar: true``). A container-level
  ``restartPolicy`` on an app container (or ``OnFailure`` / ``Never`` on an init container) only says when the kubelet
  restarts it (``ContainerRestartRules``, beta and on by default from Kubernetes 1.35: "The container restart policy
  and rules apply to app containers in the Pod and to regular init containers", "Pod Lifecycle"): it stays what it is,
  sized as before; a value other than ``Always`` / ``OnFailure`` / ``Never`` is refused naming the field.
* Karpenter NodePools and their node classes (``NODE_POOL_KINDS``) are read once every pod is
  (``advisor.workload.importers.nodepool.read_node_pools``): the EC2 fleets' instance families or types and Spot,
  or EKS Auto Mode's custom NodePool.
* Accelerators (``ACCELERATOR_RESOURCES``: ``nvidia.com/gpu``, ``amd.com/gpu``, ``aws.amazon.com/neuron*``) in
  limits (or requests equal to them) set ``gpus``, whole numbers only, summed like the other requests.
* An object without ``metadata.name`` is named by its ``metadata.generateName`` prefix (noted); the API server
  completes the prefix to a unique name, so two such objects are never duplicates (the second is numbered).
* One object per kind, namespace and name (as the API server keeps): an identical repeat (the same manifest in two
  files) is priced once with a note; a differing one is an error naming both places when the kind changes the
  price (``PRICED_KINDS``: workloads, DaemonSets, autoscalers, Ingresses, Services of type LoadBalancer, claims,
  volumes and storage classes, Karpenter NodePools and node classes), and a note for any other kind (two variants of a ServiceMonitor or ConfigMap give the same estimate).
* Quantities in Kubernetes notation: CPU ``250m`` / ``0.5`` / ``2`` (cores; finer than 1m is refused, as the
  API server refuses it); memory in bytes with ``Ki Mi Gi Ti`` (binary) or ``k M G T`` (decimal) suffixes --
  ``1G`` is 10^9 bytes (953.67 MiB); no spaces (``2 Gi`` is refused, as the API server refuses it:
  apimachinery ``resource.Quantity`` grammar). Unit slips are refused with the likely spelling: a memory request
  below 1 MiB (``advisor.units.MIN_MEMORY_MIB``, the workload file's rule too: ``512`` = 512 bytes, ``1Ki``),
  ``512m`` (milli-bytes), a bare CPU of 128 or more (``500`` cores).
* ``nodeSelector`` / required ``nodeAffinity`` on ``kubernetes.io/arch`` (arm64 | amd64) sets the architecture,
  on ``kubernetes.io/os`` (windows | linux) the OS; on a capacity-type label (``_CAPACITY_KEYS``) without Spot,
  ``spot: false``; on instance types or families (``_TYPE_KEYS``, ``_FAMILY_KEYS``) ``ec2.allowed_types`` /
  ``allowed_families`` when every service shares them, else a note (``node_rules``, ``settle_placement``).
* Required pod anti-affinity on ``kubernetes.io/hostname`` against the pod's own labels (``_self_anti_affinity``:
  Kubernetes "Assigning Pods to Nodes", inter-pod anti-affinity) sets ``one_per_node``: no two replicas share a node
  in the EC2 fleets' packing (noted).
* ``replicas`` defaults to 1 (Deployment, StatefulSet, ReplicaSet). StatefulSets are imported with
  ``spot: false``; their ``volumeClaimTemplates`` become ``persistent_volumes`` (size, storage class) per pod.
* A pod volume ``persistentVolumeClaim.claimName`` naming a PersistentVolumeClaim of the input (same namespace) is
  one volume the pods share (``persistent_volumes`` with ``shared: true``; Kubernetes "Persistent Volumes", "Claims
  As Volumes"), priced once, not per replica. A pod volume ``ephemeral.volumeClaimTemplate`` (a generic ephemeral
  volume, ``_ephemeral_volumes``) is a claim per pod, deleted with the pod: ``persistent_volumes`` with
  ``ephemeral: true``, resolved as a claim template is. A claim (or claim template) is what Kubernetes binds it to
  (``_Storage``): the PersistentVolume its ``volumeName`` names, else a PersistentVolume of the input of its class
  that matches it (static provisioning, ``_Storage.static_volume``), else its StorageClass, else the input's default
  class; EBS is priced as its StorageClass's ``parameters.type`` (gp3 when it gives none), EFS, NFS and the
  node's own disk are not (noted), and what the input does not hold is
  assumed to be EBS. A claim that is not in the input is not priced (an assumption).
* HorizontalPodAutoscaler (autoscaling/v1 and v2): ``scaling: {min, max, average}`` on its target, where
  average = annotation ``advisor/average-replicas`` (on the HPA or its target) when given, else the midpoint
  (min + max) / 2 -- a neutral planning figure when no utilisation history is known.
* KEDA ScaledObject (keda.sh/v1alpha1): KEDA creates and drives an HPA for ``spec.scaleTargetRef`` (kind default
  Deployment), so it is read as one (``_read_scaler``): range ``idleReplicaCount`` (when set) or
  ``minReplicaCount`` (default 0) to ``maxReplicaCount`` (default 100), average as for an HPA; a range that
  reaches 0 lists its midpoint as an assumption. ``autoscaling.keda.sh/paused-replicas: N`` prices N
  replicas. Two autoscalers on one target are an error (KEDA refuses it), unless the ScaledObject takes the HPA
  over. A ScaledJob (Jobs created per event) is left out at $0, listed as an assumption.
* DaemonSets run one pod per node: recorded in the workload's ``daemonsets`` list with their pod request
  (none = no request) and ``host_network``. One whose pods a Service selects (``_daemonset_services``: not headless,
  in its namespace) serves clients through it, an ingress proxy such as Contour's Envoy, not the pods beside it: it is
  written ``on_fargate: exclude`` with a note (``SERVED_DAEMONSET_NOTE``), not a sidecar in every Fargate task/pod.
* Job: runs once a month: ``run_minutes`` = annotation ``advisor/minutes-per-run``, else
  ``activeDeadlineSeconds`` / 60 (an upper bound); annotation ``advisor/hours-per-month`` overrides the hours.
  The workload written runs the default month (``HOURS_PER_MONTH`` hours), so hours or a run beyond it (up to 744, a
  31-day month) are written as the whole month with a note (the workload refuses a service longer than its month).
  CronJob: ``runs_per_month`` from its schedule (``runs_per_month``: read as Kubernetes reads it, robfig/cron;
  calendar-tied schedules counted over the 400-year Gregorian cycle), ``run_minutes`` as for a Job. A schedule
  Kubernetes refuses (out-of-range fields, ``TZ=`` prefixes) is an error; one that never fires (30 February) is
  left out with a note (it costs nothing). Runs that overlap (a run lasting past the next firing) follow
  ``spec.concurrencyPolicy``, worked out from the firing times (``cron_overlap``, ``_job_timing``). Parallelism (default 1), at most ``completions``, becomes replicas. A Job or CronJob whose running time is unknown is left out with a note (an error in
  strict mode) that asks for the annotation.
* Service ``type: LoadBalancer``: one Network Load Balancer each (``shared.network_load_balancers``), the AWS
  Load Balancer Controller's load balancer for such a Service. Ingress: one Application Load Balancer per
  IngressGroup (``alb.ingress.kubernetes.io/group.name``) or per ungrouped Ingress of an ALB class (an IngressClass
  of the input with an ALB controller, else the class ``alb``), or of no class -- the input's default IngressClass
  when it has one (Kubernetes "Ingress", "Default IngressClass"), else assumed ``alb``, with a note when the
  Ingress's annotations are another controller's (``OTHER_INGRESS_ANNOTATIONS``) (``shared.load_balancers``); other
  classes are served by their own controller's Service.
* Kinds are matched with their API group (``BUILTIN_KINDS``, ``_kind_id``). An Argo Rollout (``ROLLOUT``) is read as a
  Deployment, its pod template from ``spec.template`` or its ``workloadRef`` Deployment. Other custom resources that
  run pods (``POD_RUNNING_KINDS``, or a pod template / ``replicas`` in their spec: ``_runs_pods``) are left out and
  named in a "not priced" assumption.
* Other kinds (ConfigMap, Secret, ClusterIP Services, custom resources without pods ...) are skipped, counted in
  one note.

Folders: a folder with ``kustomization.yaml`` reads only its ``resources`` (files and other kustomize
folders; ``namespace``, ``namePrefix``, ``nameSuffix`` (with the references ``_rename_refs``
follows) and ``replicas`` applied; ``components`` applied as kustomize applies them, their patches with them
(``_kustomize``), and the kustomization's own ``patchesStrategicMerge``, ``patches`` and ``patchesJson6902``
(``advisor.workload.importers.kpatch``), each kustomization's in kustomize's transformer order, bases first; images,
labels, replacements, generators, Helm charts and remote resources are not, and a note says so: an assumption when
they can change the price). A folder with ``Chart.yaml`` is a Helm chart: the error gives the
``helm template`` command to run. Any other folder: its ``*.yaml``, ``*.yml`` and ``*.json`` files, and its
subfolders except hidden ones, ``node_modules``, Helm charts and kustomize folders (noted); files that are not
Kubernetes objects are skipped with a note.
"""

from __future__ import annotations

import bisect
import calendar
import difflib
import functools
import math
import os
import re
import shlex
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from advisor.errors import WorkloadError
from advisor.fileio import path_problem
from advisor.sizing.fargate import eks_provisioned_storage_gib
from advisor.sizing.nodes import COREDNS_CPU, COREDNS_MEMORY_MIB, COREDNS_REPLICAS
from advisor.units import (
    BYTES_PER_MIB,
    HOURS_PER_MONTH,
    MAX_HOURS_PER_MONTH,
    MAX_TASK_MEMORY_MIB,
    MAX_TASK_VCPU,
    MIB_PER_GIB,
    MIN_MEMORY_MIB,
    below_min_memory,
    choice_hint,
    grouped,
    is_decimal_text,
    is_whole_number_text,
    name_list,
    num,
    placeholder_hint,
    plain_num,
    show,
)
from advisor.workload import ECS_FARGATE_MAX_STORAGE_GIB, FARGATE_INCLUDED_STORAGE_GIB
from advisor.workload.importers import kpatch
from advisor.workload.importers.common import FieldError, ImportedService, ImportResult, fail, windows_sign
from advisor.workload.importers.detect import (
    JSONNET_SUFFIXES,
    TERRAFORM_SOURCE_SUFFIXES,
    folder_source_message,
    source_format_message,
)
from advisor.workload.importers.nodepool import (
    AUTO_MODE_NODE_CLASS,
    EC2_NODE_CLASS,
    NODEPOOL,
    NODEPOOL_LABEL,
    PROVISIONER,
    TAINT_EFFECTS,
    PodNeeds,
    read_node_pools,
    selector_types,
    well_known_label,
)
from advisor.workload.importers.placement import Placement, settle_placement
from advisor.workload.model import (
    ANY_HOST_IP,
    CLUSTER_ADDONS,
    EKS_ADDONS,
    HELM_CHART_LABEL,
    MAX_GPUS,
    MAX_TASKS_PER_SERVICE,
    HostPort,
    addon_of_chart,
    addon_of_containers,
    addon_of_labels,
    chart_of_labels,
    ebs_size_problem,
)
from advisor.workload.pod import pod_request
from advisor.workload.source import (
    STDIN_NAME,
    EmptyInputError,
    Source,
    forget_read,
    is_folder,
    parse_yaml,
    read_source,
)

#: Karpenter's kinds that say which nodes a cluster launches (``advisor.workload.importers.nodepool``).
NODE_POOL_KINDS = (NODEPOOL, EC2_NODE_CLASS, AUTO_MODE_NODE_CLASS, PROVISIONER)

ANNOTATION_HOURS = "advisor/hours-per-month"
ANNOTATION_RUN_MINUTES = "advisor/minutes-per-run"
ANNOTATION_AVERAGE = "advisor/average-replicas"

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod", "Job", "CronJob")
#: Kinds that can change the estimate (Services only of type LoadBalancer: ``_changes_price``), by their kind id
#: (``_kind_id``: the kind of a built-in object, ``Kind.group`` of any other).
PRICED_KINDS = (*WORKLOAD_KINDS, "DaemonSet", "HorizontalPodAutoscaler", "ScaledObject.keda.sh", "Ingress", "Service",
                "Rollout.argoproj.io", "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "IngressClass",
                *NODE_POOL_KINDS)
#: An Argo Rollout (argoproj.io): "the rollout spec has the same fields as a deployment spec" with more strategies,
#: ``replicas`` "Defaults to 1"; ``spec.workloadRef`` (apiVersion apps/v1, kind Deployment) takes the pod template
#: from a Deployment instead of ``spec.template`` (Argo Rollouts docs, "Rollout Specification" and "Migrating to
#: Rollouts": "Reference an existing Deployment from a Rollout using workloadRef field"; the Deployment is scaled
#: down by ``workloadRef.scaleDown`` ``onsuccess`` / ``progressively``, or by hand to replicas 0; ``never``, the
#: default, leaves it running).
ROLLOUT = "Rollout.argoproj.io"
_ROLLOUT_SCALE_DOWN = ("onsuccess", "progressively")
#: Custom resources known to run pods that advisor does not read, by kind id, with where their pods come from: the
#: prometheus-operator API reference (Prometheus, Alertmanager, ThanosRuler: a StatefulSet the operator manages, its
#: ``replicas`` and ``resources``), LeaderWorkerSet API (``replicas`` groups of ``leaderWorkerTemplate.size`` pods),
#: Agones (a Fleet or GameServerSet keeps ``replicas`` GameServers, each one pod), Knative Serving (a Service's
#: revisions run as Deployments its autoscaler scales, to zero by default), Volcano (a Job's ``spec.tasks`` each run
#: ``replicas`` pods). Any other custom resource whose spec holds a pod template (a ``containers`` list) or
#: ``replicas`` is named with them (``_runs_pods``).
POD_RUNNING_KINDS = {
    "Prometheus.monitoring.coreos.com": "a StatefulSet of spec.replicas Prometheus pods",
    "Alertmanager.monitoring.coreos.com": "a StatefulSet of spec.replicas Alertmanager pods",
    "ThanosRuler.monitoring.coreos.com": "a StatefulSet of Thanos Ruler pods",
    "PrometheusAgent.monitoring.coreos.com": "Prometheus agent pods",
    "LeaderWorkerSet.leaderworkerset.x-k8s.io": "spec.replicas groups of leaderWorkerTemplate.size pods",
    "Fleet.agones.dev": "spec.replicas game-server pods",
    "GameServerSet.agones.dev": "spec.replicas game-server pods",
    "GameServer.agones.dev": "one game-server pod",
    "Service.serving.knative.dev": "revisions the Knative autoscaler scales, to zero by default",
    "Configuration.serving.knative.dev": "revisions the Knative autoscaler scales",
    "Job.batch.volcano.sh": "the pods of spec.tasks",
    "CronJob.batch.volcano.sh": "Volcano Jobs on a schedule",
}
#: The API groups of the built-in kinds advisor reads, and the apiVersion to suggest (Kubernetes API reference:
#: Deployment, StatefulSet, DaemonSet, ReplicaSet ``apps/v1``; Job, CronJob ``batch/v1``, CronJob ``batch/v1beta1``
#: before 1.25; Pod, ReplicationController, Service, LimitRange ``v1``, the core group ""; HorizontalPodAutoscaler
#: ``autoscaling/v1`` and ``v2``; Ingress ``networking.k8s.io/v1``). ``extensions/v1beta1`` (and ``apps/v1beta1``,
#: ``v1beta2``) served Deployment, DaemonSet, ReplicaSet and Ingress until Kubernetes 1.16 / 1.22: such old manifests
#: are read like the current ones. An object is identified by its group and kind (Kubernetes API conventions, "Types
#: (Kinds)": the same kind name in another group is another type), so a Knative ``serving.knative.dev`` Service or a
#: Volcano ``batch.volcano.sh`` Job is not a Service or a Job (``_kind_id``).
BUILTIN_KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "Deployment": (("apps", "extensions"), "apps/v1"), "StatefulSet": (("apps",), "apps/v1"),
    "DaemonSet": (("apps", "extensions"), "apps/v1"), "ReplicaSet": (("apps", "extensions"), "apps/v1"),
    "Job": (("batch",), "batch/v1"), "CronJob": (("batch",), "batch/v1"),
    "Pod": (("",), "v1"), "ReplicationController": (("",), "v1"), "Service": (("",), "v1"),
    "LimitRange": (("",), "v1"), "HorizontalPodAutoscaler": (("autoscaling",), "autoscaling/v2"),
    "Ingress": (("networking.k8s.io", "extensions"), "networking.k8s.io/v1"),
}
#: The kinds of the Kubernetes API's built-in groups (Kubernetes API reference, v1.34: the core group, admissionregistration,
#: apiextensions, apiregistration, apps, authentication, authorization, autoscaling, batch, certificates, coordination,
#: discovery, events, flowcontrol, networking, node, policy, rbac, resource, scheduling, storage, storagemigration)
#: and of the common add-on groups under ``.k8s.io`` (metrics, snapshot.storage, gateway.networking): a kind of a
#: built-in group that is none of them and is close to a kind advisor reads (``_READ_BUILTIN``) is a typo kubectl
#: refuses ("no matches for kind"), refused here with the spelling, not skipped as an object that runs no pods.
KUBERNETES_KINDS = frozenset("""
    Binding ComponentStatus ConfigMap Endpoints Event LimitRange Namespace Node PersistentVolume PersistentVolumeClaim
    Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount MutatingWebhookConfiguration
    ValidatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding MutatingAdmissionPolicy
    MutatingAdmissionPolicyBinding CustomResourceDefinition APIService ControllerRevision DaemonSet Deployment
    ReplicaSet StatefulSet TokenReview TokenRequest SelfSubjectReview LocalSubjectAccessReview SelfSubjectAccessReview
    SelfSubjectRulesReview SubjectAccessReview HorizontalPodAutoscaler Scale CronJob Job CertificateSigningRequest
    ClusterTrustBundle Lease LeaseCandidate EndpointSlice FlowSchema PriorityLevelConfiguration Ingress IngressClass
    NetworkPolicy IPAddress ServiceCIDR RuntimeClass Eviction PodDisruptionBudget PodSecurityPolicy ClusterRole
    ClusterRoleBinding Role RoleBinding PriorityClass CSIDriver CSINode CSIStorageCapacity StorageClass
    VolumeAttachment VolumeAttributesClass StorageVersion StorageVersionMigration DeviceClass DeviceTaintRule
    ResourceClaim ResourceClaimTemplate ResourceSlice PodSchedulingContext List Status NodeMetrics PodMetrics
    VolumeSnapshot VolumeSnapshotClass VolumeSnapshotContent Gateway GatewayClass HTTPRoute GRPCRoute TLSRoute TCPRoute
    UDPRoute ReferenceGrant BackendTLSPolicy
""".split())
#: The groups under ``.k8s.io`` whose kinds ``KUBERNETES_KINDS`` lists (the built-in ones of the Kubernetes API
#: reference, v1.34, and the add-ons named above). Other ``.k8s.io`` groups hold custom resources of Kubernetes
#: projects: autoscaling.k8s.io's VerticalPodAutoscaler (kubernetes/autoscaler, vertical-pod-autoscaler CRD),
#: kustomize.config.k8s.io, scheduling.sigs.k8s.io, inference.networking.k8s.io, policy.networking.k8s.io.
_KINDS_LISTED_GROUPS = frozenset(f"{g}.k8s.io" for g in """
    admissionregistration apiextensions apiregistration authentication authorization certificates coordination
    discovery events flowcontrol.apiserver networking node rbac.authorization resource scheduling storage
    storagemigration internal.apiserver metrics snapshot.storage gateway.networking
""".split())
#: The built-in kinds advisor reads (``BUILTIN_KINDS`` and the storage and ingress objects a workload refers to).
_READ_BUILTIN = (*BUILTIN_KINDS, "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "IngressClass")
#: Why two objects meant for one namespace are read in two: an object without ``metadata.namespace`` is in the
#: namespace it is applied to ("default" unless ``kubectl apply -n NS`` or the kubeconfig context says otherwise).
_NO_NAMESPACE = ("a manifest without metadata.namespace is read as namespace default, where 'kubectl apply -n NS' "
                 "would put it in NS, so give it metadata.namespace")
#: KEDA ScaledObject defaults (keda.sh "ScaledObject specification": scaleTargetRef kind "Default: Deployment",
#: minReplicaCount "Default: 0", maxReplicaCount "Default: 100") and the annotations advisor reads.
KEDA_DEFAULT_MIN, KEDA_DEFAULT_MAX = 0, 100
_KEDA_PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas"
_KEDA_PAUSED = "autoscaling.keda.sh/paused"
_KEDA_TRANSFER = "scaledobject.keda.sh/transfer-hpa-ownership"
_ARCH = {"amd64": "x86_64", "arm64": "arm64"}
_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
_OS_KEYS = ("kubernetes.io/os", "beta.kubernetes.io/os")
#: Node labels that name a node's instance type: Kubernetes "Well-Known Labels, Annotations and Taints"
#: (node.kubernetes.io/instance-type, set by the kubelet from the cloud provider; beta.kubernetes.io/instance-type, its
#: deprecated spelling), also in the Amazon EKS User Guide's list of labels EKS Auto Mode supports ("Create a Node
#: Pool for EKS Auto Mode", awsdocs/amazon-eks-user-guide latest/ug/automode/create-node-pool.adoc at 4d52b4d).
_TYPE_KEYS = ("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type")
#: ... its instance family: Karpenter's karpenter.k8s.aws/instance-family (Karpenter docs, "Scheduling", well-known
#: labels: "Instance types of similar properties but different resource quantities"; aws/karpenter-provider-aws
#: website/content/en/docs/concepts/scheduling.md at 1d927085d) and EKS Auto Mode's eks.amazonaws.com/instance-family
#: (the same EKS User Guide page).
_FAMILY_KEYS = ("karpenter.k8s.aws/instance-family", "eks.amazonaws.com/instance-family")
#: ... and its capacity type, each value mapped to advisor's "spot" / "on-demand" / "reserved" (capacity
#: reservations, billed as On-Demand): karpenter.sh/capacity-type ("Capacity types include reserved, spot, and
#: on-demand": the Karpenter page above; EKS Auto Mode: "spot, on-demand") and the label EKS gives every node of a
#: managed node group (Amazon EKS User Guide, "Managed node groups", latest/ug/nodes/managed-node-groups.adoc at
#: 4d52b4d: "eks.amazonaws.com/capacityType: ON_DEMAND" / "SPOT"; CAPACITY_BLOCK node groups, "Create a managed node
#: group with Capacity Blocks for ML"). A pod that selects only On-Demand (or reserved) capacity does not run on Spot.
_CAPACITY_KEYS = {"karpenter.sh/capacity-type": {"spot": "spot", "on-demand": "on-demand", "reserved": "reserved"},
                  "eks.amazonaws.com/capacityType": {"SPOT": "spot", "ON_DEMAND": "on-demand",
                                                     "CAPACITY_BLOCK": "reserved"}}
#: What an instance type / family label value looks like (``m5.large`` / ``m5``), to refuse a slip such as
#: ``M5.Large``: node label values compare exactly, so the pod would match no node and stay Pending.
_TYPE_VALUE = re.compile(r"[a-z0-9-]+\.[a-z0-9-]+")
_FAMILY_VALUE = re.compile(r"[a-z][a-z0-9-]*")

#: Kubernetes quantity grammar (k8s.io/apimachinery resource.Quantity: <signedNumber><suffix>, suffix a binary SI
#: (Ki..Ei), decimal SI (m, k, M..E) or an exponent (e3): no spaces anywhere -- the API server refuses '2 Gi'.
_QTY = re.compile(r"^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$")
#: The same with spaces allowed, only to recognise a quantity written with spaces and say so.
_QTY_SPACED = re.compile(r"^\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*([a-zA-Z]*)\s*$")
_CPU_SUFFIX = {"": 1.0, "m": 1e-3, "u": 1e-6, "n": 1e-9, "k": 1e3}
_MEM_SUFFIX = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
               "Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60}
#: Kubernetes refuses CPU quantities finer than 1m ("Resource Management for Pods and Containers": "Kubernetes
#: doesn't allow you to specify CPU resources with a precision finer than 1m").
_MIN_CPU = 1e-3
#: A bare CPU number this large is far more likely millicores without their "m" (the workload format's rule).
_AMBIGUOUS_BARE_CORES = 128
#: Folders never read when a folder of manifests is given.
_SKIP_DIRS = {"node_modules", "vendor", "__pycache__", "charts"}
#: Most files read from one folder tree (or by one kustomize build, a folder reached through several paths counted
#: each time: a chain of bases that each list the next twice reads 2^depth files), and the deepest kustomize chain
#: followed (kustomize itself sets no depth; it refuses only cycles).
MAX_FILES = 2000
MAX_KUSTOMIZE_DEPTH = 50
_KUSTOMIZATION = ("kustomization.yaml", "kustomization.yml", "Kustomization")
#: kustomization fields advisor applies, and those it reads but does not apply (noted).
_KUSTOMIZE_APPLIED = {"resources", "bases", "components", "namespace", "namePrefix", "nameSuffix", "replicas",
                      "commonAnnotations", "commonLabels", "labels", "patchesStrategicMerge", "patches", "patchesJson6902", "configMapGenerator",
                      "secretGenerator", "apiVersion", "kind", "metadata"}
#: The patch fields a kustomization's (or a Component's) build applies (``advisor.workload.importers.kpatch``).
_KUSTOMIZE_PATCHES = ("patchesStrategicMerge", "patches", "patchesJson6902")
#: kustomization fields that add objects advisor does not read (kubectl.docs.kubernetes.io/references/kustomize/
#: kustomization/: components, helmCharts, generators; transformer plugins may add objects too).
_KUSTOMIZE_ADDS = ("components", "helmCharts", "helmChartInflationGenerator", "generators", "transformers")
#: The kinds kustomize's ``replicas`` field sets (api/internal/konfig/builtinpluginconsts/replicas.go).
_KUSTOMIZE_REPLICA_KINDS = ("Deployment", "ReplicationController", "ReplicaSet", "StatefulSet")
#: kustomization fields that are not applied and can change what is priced: replacements copy values into any field
#: (a replica count or a request among them), and Helm charts, generator and transformer plugins add or change objects
#: (kubectl.docs.kubernetes.io/references/kustomize/kustomization/: replacements, helmCharts, generators,
#: transformers). An estimate without them is an assumption (an error under ``strict``), not just a note; so is one
#: without the objects of a remote resource, which advisor does not fetch. (Patches, which set ``spec.replicas`` and
#: container ``resources`` in most real overlays, and components are applied.)
_KUSTOMIZE_PRICED = ("components", "replacements", "helmCharts", "helmChartInflationGenerator", "generators",
                     "transformers")
#: Extended resources that are accelerators, each from the device plugin that advertises it: ``nvidia.com/gpu``
#: (NVIDIA device plugin, Amazon EKS User Guide "Install Kubernetes device plugin for GPUs"), ``amd.com/gpu``
#: (AMD GPU device plugin), ``aws.amazon.com/neuron`` / ``neurondevice`` / ``neuroncore`` (AWS Neuron device
#: plugin, "Kubernetes environment setup for Neuron": neuroncore allocates cores, neuron and neurondevice whole
#: devices). Kubernetes "Schedule GPUs": GPUs are given in limits (the request defaults to the limit); when both
#: are given they must be equal; only whole numbers.
ACCELERATOR_RESOURCES = ("nvidia.com/gpu", "amd.com/gpu", "aws.amazon.com/neuron", "aws.amazon.com/neurondevice",
                         "aws.amazon.com/neuroncore")
#: The resources of a container advisor sizes or prices (``_container``); any other resource name in ``requests`` /
#: ``limits`` is an extended resource (Kubernetes "Resource Management for Pods and Containers", Extended resources:
#: "fully-qualified resource names outside the kubernetes.io domain", advertised by a device plugin or by the
#: cluster's administrator) or ``hugepages-<size>``, which advisor does not price: named in an assumption
#: (``_extended_resources``), never dropped without a word.
_SIZED_RESOURCES = ("cpu", "memory", "ephemeral-storage") + ACCELERATOR_RESOURCES
#: Google Cloud TPU chips, the resource GKE's TPU nodes advertise (Google Kubernetes Engine docs, "Deploy TPU
#: workloads in GKE Standard": "resources: requests/limits: google.com/tpu"). AWS offers no TPUs (its machine-learning
#: accelerators are Trainium and Inferentia, AWS Neuron devices, and GPUs), so no EKS node or ECS instance can run such
#: a pod: refused naming the field (``_extended_resources``), not priced as the CPU and memory beside it.
_GOOGLE_TPU = "google.com/tpu"
_LB_TYPE = "service.beta.kubernetes.io/aws-load-balancer-type"
_INGRESS_GROUP = "alb.ingress.kubernetes.io/group.name"


#: What a field error adds when the value is a template placeholder that parsed as YAML (a quoted
#: "{{ .Values.replicas }}"): the file is a chart's template, not the manifest it renders.
UNRENDERED = ("It holds a template placeholder ({{ ... }}): this is a Helm (or other) template, not the manifest it "
              "renders; render it first, e.g. 'helm template my-release CHART | advisor compare -'.")


def _namespaces(names: list[str]) -> str:
    """"namespace a" or "namespaces a, b", the list bounded (``name_list``)."""
    return f"namespace{'s' if len(names) > 1 else ''} {name_list(names)}"


class _Ctx:
    def __init__(self, source: str, doc: str):
        self.source, self.doc = source, doc

    def error(self, fld: str | None, msg: str) -> WorkloadError:
        """The error for a field; a value with a template's ``{{ ... }}`` in it also gets ``UNRENDERED``."""
        if re.search(r"\{\{.*\}\}", msg) and UNRENDERED not in msg:
            msg = f"{msg} {UNRENDERED}"
        return fail(self.source, self.doc, fld, msg)


def _quantity(value: Any, ctx: _Ctx, fld: str, what: str, example: str):
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise ctx.error(fld, f"{show(value)} is not a {what} quantity; write e.g. {example}.")
    text = str(value)
    m = _QTY.match(text) if len(text) <= 64 else None
    if m is None and len(text) <= 64 and _QTY_SPACED.match(text):
        raise ctx.error(fld, f"{show(value)} has a space in it, which Kubernetes' quantity format does not allow (the "
                        "API server refuses it: \"quantities must match the regular expression "
                        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\"); write "
                        f"{show(''.join(text.split()))}.")
    if m is not None and m.group(2) and any(c in m.group(1) for c in "eE"):
        # the API server's grammar: <number><suffix>, where the suffix is an SI or binary suffix *or* an exponent
        # (e3), never both ('1e3Mi' does not match "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
        raise ctx.error(fld, f"{show(value)} has both an exponent and a suffix, which Kubernetes' quantity format does "
                        f"not allow; write the number out with the suffix (e.g. {example}) or use the exponent alone.")
    return m


def _vcpu(v: float) -> float:
    """A vCPU figure without float noise: to the nanocore, the finest unit Kubernetes' quantity notation writes
    (CPU finer than 1m is refused, so this never changes a request that matters: 0.1 + 0.2 -> 0.3)."""
    return round(v, 9)


def k8s_cpu(value: Any, ctx: _Ctx, fld: str, *, bound: bool = False, slips: bool = True) -> float:
    """Kubernetes CPU quantity -> vCPU (cores). '250m' = 0.25, '1.5' = 1.5, 2 = 2.

    Refused: not a quantity, negative, not finite, finer than 1m, more than the largest EC2 instance, and a
    bare number of 128 or more (millicores without their 'm'). With ``bound`` (a namespace's bound or total, not one
    container's request: a LimitRange ``min`` / ``max`` / ``maxLimitRequestRatio``, a ResourceQuota ``hard`` value
    such as ``requests.cpu: "200"`` or ``pods: "500"``) the last two checks, which catch a slip in one container's
    request, do not apply; without ``slips`` only the bare-number one does not (a LimitRange ``max: {cpu: "200"}``
    that becomes a container's default request: 200 cores meant, yet more than an instance has is still refused)."""
    m = _quantity(value, ctx, fld, "CPU", "cores (0.5, 2) or millicores ('250m')")
    if m and m.group(2) == "M":  # mega: Kubernetes reads '500M' as 500 million cores, never a request one means
        n = float(m.group(1))
        milli = f"{plain_num(n)}m"  # '1000m', never '1e3m' (an exponent and a suffix) or '1000.0m'
        raise ctx.error(fld, f"{show(value)} is {num(n)} million cores ('M' is mega; Kubernetes suffixes are "
                        "case-sensitive), more than any node has; "
                        + (f"did you mean {milli!r} ({num(n)} millicores)?" if _MIN_CPU <= _vcpu(n / 1000) <= MAX_TASK_VCPU
                           else "write cores (0.5, 2) or millicores ('250m')."))
    if not m or m.group(2) not in _CPU_SUFFIX:
        raise ctx.error(fld, f"{show(value)} is not a Kubernetes CPU quantity; write cores (0.5, 2) or millicores "
                        f"('250m'){placeholder_hint(value)}.")
    v = float(m.group(1)) * _CPU_SUFFIX[m.group(2)]
    if not math.isfinite(v) or v < 0:
        raise ctx.error(fld, f"{show(value)}: CPU must be a finite number >= 0, e.g. '250m'.")
    v = _vcpu(v)  # '102m' is 0.102, not 0.10200000000000001
    if 0 < v < _MIN_CPU:
        raise ctx.error(fld, f"{show(value)} is finer than 1m, which Kubernetes does not allow; write e.g. '1m' or '100m'.")
    if bound:
        return v
    if slips and m.group(2) == "" and v >= _AMBIGUOUS_BARE_CORES:
        raise ctx.error(fld, f"{show(value)} means {num(v)} cores; if you meant millicores write '{plain_num(v)}m' "
                        f"(= {num(v / 1000)} vCPU).")
    if v > MAX_TASK_VCPU:
        raise ctx.error(fld, f"{show(value)} is {v:g} vCPU, more than the largest EC2 instance has "
                        f"({MAX_TASK_VCPU:g}); give one container's request, e.g. '500m'.")
    return v


def k8s_memory_mib(value: Any, ctx: _Ctx, fld: str, *, storage: bool = False, bound: bool = False) -> float:
    """Kubernetes memory quantity -> MiB. '512Mi' = 512, '1Gi' = 1024, '1G' = 953.67, bare numbers are bytes.

    Refused: not a quantity, negative, not finite, 'm' (milli-bytes), and (memory, not storage, not ``bound``) a
    request below 1 MiB -- a unit slip such as 512 (bytes) or 1Ki -- or above the largest EC2 instance. ``bound``: a
    namespace's bound or total (a LimitRange ``min`` / ``max``, a ResourceQuota ``hard`` value such as
    ``requests.memory: 100Ti``), which may lie outside one container's range."""
    m = _quantity(value, ctx, fld, "memory" if not storage else "storage", "'512Mi' or '1Gi'")
    if m and m.group(2) == "m":
        n = plain_num(float(m.group(1)))  # '1000Mi', never '1e3Mi' (an exponent and a suffix) or '1000.0Mi'
        raise ctx.error(fld, f"{show(value)} means milli-bytes in Kubernetes, surely not what was meant; write "
                        + (f"'{n}Mi' (mebibytes) or '{n}M' (megabytes)." if 1 <= float(m.group(1)) <= MAX_TASK_MEMORY_MIB
                           else "e.g. '512Mi' (mebibytes) or '512M' (megabytes)."))
    if not m or m.group(2) not in _MEM_SUFFIX:
        raise ctx.error(fld, f"{show(value)} is not a Kubernetes memory quantity; valid suffixes: Ki, Mi, Gi, Ti (binary), "
                        f"k, M, G, T (decimal); a bare number is bytes. E.g. '512Mi', '1Gi'{placeholder_hint(value)}.")
    v = float(m.group(1)) * _MEM_SUFFIX[m.group(2)] / BYTES_PER_MIB
    if not math.isfinite(v) or v < 0:
        raise ctx.error(fld, f"{show(value)}: must be a finite number >= 0, e.g. '512Mi'.")
    if storage or bound:
        return v
    slip = below_min_memory(value, v, f"{plain_num(float(m.group(1)))}{'Gi' if m.group(2) == 'Mi' else 'Mi'}")
    if slip:
        raise ctx.error(fld, slip + (" (A bare number is bytes in Kubernetes.)" if m.group(2) == "" else ""))
    if v > MAX_TASK_MEMORY_MIB:
        raise ctx.error(fld, f"{show(value)} is more memory than the largest EC2 instance has (32 TiB); give one "
                        "container's request, e.g. '512Mi'.")
    return v


def _map(obj: Any, ctx: _Ctx, fld: str, what: str = "a mapping") -> dict:
    """``obj`` as a mapping ({} when absent); anything else is an error naming the field."""
    if obj is None:
        return {}
    if not isinstance(obj, dict):
        raise ctx.error(fld, f"must be {what}, got {_kind(obj)}.")
    return obj


def _seq(obj: Any, ctx: _Ctx, fld: str, what: str = "a list") -> list:
    if obj is None:
        return []
    if not isinstance(obj, list):
        raise ctx.error(fld, f"must be {what}, got {_kind(obj)}.")
    return obj


def _kind(obj: Any) -> str:
    """What a manifest value is, in YAML's words, for "got ..." in messages: 'nothing' (absent or null), 'a
    mapping', 'a list', "a string ('x')", 'a boolean (true)', 'a number (5)', '2024-01-01 (a date)'."""
    if obj is None:
        return "nothing"
    if isinstance(obj, dict):
        return "a mapping"
    if isinstance(obj, list):
        return "a list"
    if isinstance(obj, bool):
        return f"a boolean ({'true' if obj else 'false'})"
    if isinstance(obj, (int, float)):
        return f"a number ({show(obj)})"
    if isinstance(obj, str):
        return f"a string ({show(obj)})"
    return show(obj)


def _runs_pods(kid: str, obj: dict) -> str | None:
    """Why a custom resource runs pods (None when nothing says it does): a kind known to (``POD_RUNNING_KINDS``), a
    spec that holds a pod template -- a non-empty ``containers`` list of mappings anywhere under ``spec``
    (``spec.template.spec``, a Volcano Job's ``spec.tasks[].template.spec``, a LeaderWorkerSet's
    ``leaderWorkerTemplate``) -- or ``spec.replicas``."""
    if kid in POD_RUNNING_KINDS:
        return POD_RUNNING_KINDS[kid]
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return None
    todo, seen = [(spec, 0)], 0
    while todo and seen < 10_000:
        node, depth = todo.pop()
        seen += 1
        if isinstance(node, dict):
            containers = node.get("containers")
            if isinstance(containers, list) and containers and all(isinstance(c, dict) for c in containers):
                return "its spec holds a pod template"
            todo += [(v, depth + 1) for v in node.values() if isinstance(v, (dict, list)) and depth < 12]
        elif isinstance(node, list):
            todo += [(v, depth + 1) for v in node if isinstance(v, (dict, list)) and depth < 12]
    if isinstance(spec.get("replicas"), int) and not isinstance(spec.get("replicas"), bool):
        return f"spec.replicas {spec['replicas']}"
    return None


def _limit_ranges(objs: list[tuple[str, str, dict]], result: ImportResult) -> dict[str, dict[str, tuple]]:
    """{namespace: {"cpu"|"memory": (default request, 'LimitRange ns/name defaultRequest.memory 256 MiB', error)}}
    from the input's LimitRanges (core v1, ``spec.limits[]`` of ``type: Container``); ``error``: why a ``max`` or
    ``min`` that is the default request cannot be one container's request (``'1e3'`` cores), raised when a container
    gets it, else None.

    Kubernetes "Configure Default Memory Requests and Limits for a Namespace" (and the CPU page): a container
    created in a namespace with a LimitRange, that specifies neither a request nor a limit for a resource, gets the
    LimitRange's default request (and default limit). The LimitRanger admission plugin sets
    ``defaultRequest`` on every container and init container without a request for it
    (plugin/pkg/admission/limitranger ``mergeContainerResources``); a container with a limit already has that limit
    as its request (API defaulting runs first). The default request itself defaults (``SetDefaults_LimitRangeItem``,
    pkg/apis/core/v1/defaults.go): ``defaultRequest``, else ``default`` (the default limit), else ``max`` (which
    becomes the default limit), else ``min``. With two LimitRanges in a namespace the first read sets a resource (the
    admission plugin applies them in the order it lists them), noted when they differ."""
    out: dict[str, dict[str, tuple]] = {}
    for ctx, ns, meta, spec in _namespaced(objs, "LimitRange"):
        label = f"LimitRange {ns}/{meta.get('name')}"
        for i, item in enumerate(_seq(spec.get("limits"), ctx, "spec.limits")):
            item = _map(item, ctx, f"spec.limits[{i}]")
            if item.get("type") != "Container":
                continue
            for key, parse, unit in (("cpu", k8s_cpu, "vCPU"), ("memory", k8s_memory_mib, "MiB")):
                for part in ("defaultRequest", "default", "max", "min"):
                    values = _map(item.get(part), ctx, f"spec.limits[{i}].{part}")
                    if values.get(key) is None:
                        continue
                    # max and min bound the namespace's containers (one container's checks do not apply), yet
                    # without defaultRequest and default one becomes the request of a container that sets none: its
                    # container checks ('1e3' means 1000 cores) are kept, raised when a container gets it
                    fld = f"spec.limits[{i}].{part}.{key}"
                    v = parse(values[key], ctx, fld, bound=part in ("max", "min"))
                    as_request = None
                    if part in ("max", "min"):
                        try:  # a bound written as one (max cpu "200": 200 cores) is no slip to flag
                            k8s_cpu(values[key], ctx, fld, slips=False) if key == "cpu" else parse(values[key], ctx, fld)
                        except WorkloadError as exc:
                            as_request = exc
                    why = f"{label} {part}.{key} {num(v)} {unit}" + (" (no defaultRequest)" if part != "defaultRequest"
                                                                   else "")
                    have = out.setdefault(ns, {}).get(key)
                    if have is None:
                        out[ns][key] = (v, why, as_request)
                    elif abs(have[0] - v) > 1e-9:
                        result.notes.append(f"{why} differs from {have[1]}; Kubernetes applies the LimitRange it "
                                            "lists first: advisor used the one read first")
                    break
    return {ns: d for ns, d in out.items() if d}


def _note_defaulted(pod: dict, owner: str, defaults: dict[str, tuple[float, str]] | None,
                    defaulted: dict[str, list[str]]) -> list[str]:
    """Record which containers of ``owner``'s pod a LimitRange default request was given to (for one note per
    LimitRange default); the comments to write above the service."""
    comments = []
    for c in pod["regular"] + pod["inits"]:
        for key in c["defaulted"]:
            defaulted.setdefault(defaults[key][1], []).append(f"{owner}: {c['name']}")  # type: ignore[index]
            comments.append(f"container {c['name']}: {key} request from {defaults[key][1]}")  # type: ignore[index]
    return comments


def templates_assumed_note(templates_assumed: list[str]) -> str:
    """The note on StatefulSet claim templates whose StorageClass the input does not hold ('data 10 GiB of
    StatefulSet ns/db (...)' each), priced as EBS volumes."""
    return ("StatefulSet claim template(s) whose StorageClass the input does not hold, priced as EBS volumes (one per "
            "replica; EKS on Fargate cannot mount them): " + "; ".join(templates_assumed) + ". If the class is "
            "Amazon EFS or another file system, add it to the input ('kubectl get storageclass NAME -o yaml') and "
            "advisor leaves the volumes unpriced, as for a file system")


def _defaulted_notes(defaulted: dict[str, list[str]], result: ImportResult) -> None:
    """One note per LimitRange default request given to containers (``_note_defaulted``), naming them."""
    for source_of, containers in defaulted.items():
        result.notes.append(f"{source_of} applied to {len(containers)} container(s) without a request of their own: "
                            + name_list([_short_name(c) for c in containers]) + " (Kubernetes LimitRanger admission: "
                            "a container that sets neither a request nor a limit for a resource gets the namespace "
                            "LimitRange's default request; 'Configure Default Memory Requests and Limits for a "
                            "Namespace')")


#: What the LimitRanger admission plugin checks a pod against (``plugin/pkg/admission/limitranger/admission.go``,
#: ``PodValidateLimitFunc``), per LimitRange item of ``type: Container`` (each container and init container) or
#: ``type: Pod`` (the sum of the containers, or the largest init container when that is more): ``min`` (a request
#: must be set and at least min, a limit at least min), ``max`` (a limit must be set and at most max, a request at most
#: max) and ``maxLimitRequestRatio`` (limit / request at most the ratio, both set and not 0). A pod that fails one is
#: refused: Kubernetes "Limit Ranges", "If you create or update an object (Pod or PersistentVolumeClaim) that violates
#: a LimitRange constraint, your request to the API server will fail with an HTTP status code 403 Forbidden".
_LIMIT_RANGE_CHECKS = (("min", "minimum"), ("max", "maximum"), ("maxLimitRequestRatio", "max limit to request ratio"))


def _limit_range_rules(objs: list[tuple[str, str, dict]]) -> dict[str, list[dict]]:
    """{namespace: [rule]}: the cpu and memory constraints of the input's LimitRanges (``_LIMIT_RANGE_CHECKS``), in
    the order read, each ``{"label", "type", "min", "max", "maxLimitRequestRatio", "default"}`` (the last three
    ``{resource: (value, text)}``; ``default``: the default limit a ``type: Container`` item gives a container without
    one, ``default`` else ``max``, ``SetDefaults_LimitRangeItem``). Errors in the values are raised by
    ``_limit_ranges``, which reads the same items first."""
    out: dict[str, list[dict]] = {}
    for _source, _doc, obj in objs:
        if obj.get("kind") != "LimitRange" or obj.get("apiVersion") not in (None, "v1"):
            continue
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
        items = spec.get("limits") if isinstance(spec.get("limits"), list) else []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or item.get("type") not in ("Container", "Pod"):
                continue
            ctx = _Ctx(_source, f"{_doc} (LimitRange)")
            rule: dict = {"label": f"LimitRange {ns}/{meta.get('name')} (spec.limits[{i}], type {item['type']})",
                          "type": item["type"]}
            for part in ("min", "max", "maxLimitRequestRatio", "default", "defaultRequest"):
                values = _map(item.get(part), ctx, f"spec.limits[{i}].{part}")
                rule[part] = {}
                for key, parse in (("cpu", k8s_cpu), ("memory", k8s_memory_mib)):
                    if values.get(key) is None:
                        continue
                    fld = f"spec.limits[{i}].{part}.{key}"
                    if part == "maxLimitRequestRatio":
                        ratio = values[key]
                        number = k8s_cpu(ratio, ctx, fld, bound=True)  # a plain quantity: 2, '1.5', '200'
                        rule[part][key] = (number, str(ratio))
                    else:
                        rule[part][key] = (parse(values[key], ctx, fld, bound=part in ("min", "max")),
                                           str(values[key]))
            _valid_limit_range_item(rule, i, ctx)
            del rule["defaultRequest"]
            if item["type"] == "Container":
                rule["default"] = {**rule["max"], **rule["default"]}
            else:
                rule["default"] = {}
            if rule["min"] or rule["max"] or rule["maxLimitRequestRatio"] or rule["default"]:
                out.setdefault(ns, []).append(rule)
    return out


def _valid_limit_range_item(rule: dict, i: int, ctx: _Ctx, keys: tuple[str, ...] = ("cpu", "memory")) -> None:
    """Refuse a LimitRange item the API server refuses (``pkg/apis/core/validation`` ``ValidateLimitRange``, in its
    order and words): ``min`` above ``max``, ``defaultRequest`` or ``default`` outside ``min`` .. ``max``,
    ``defaultRequest`` above ``default``, a ``maxLimitRequestRatio`` below 1 or above max / min. Such a LimitRange is
    never created, so the pods of its namespace would otherwise be checked against bounds that do not exist (every
    pod refused under a min above its max). ``keys``: the resources read, cpu and memory of a ``type: Container`` or
    ``Pod`` item, ``storage`` of a ``type: PersistentVolumeClaim`` item (the same checks run over every key of every
    item type; Kubernetes' own test case "invalid min greater than max" is a PersistentVolumeClaim item of min 10Gi,
    max 1Gi: "min value 10Gi is greater than max value 1Gi", validation_test.go ``TestValidateLimitRange``)."""
    for key in keys:
        lo, hi = rule["min"].get(key), rule["max"].get(key)
        dflt, dreq, ratio = rule["default"].get(key), rule["defaultRequest"].get(key), \
            rule["maxLimitRequestRatio"].get(key)
        problems = [
            ("min", lo and hi and lo[0] > hi[0], f"min value {lo and lo[1]} is greater than max value {hi and hi[1]}"),
            ("defaultRequest", lo and dreq and lo[0] > dreq[0],
             f"min value {lo and lo[1]} is greater than default request value {dreq and dreq[1]}"),
            ("defaultRequest", dreq and hi and dreq[0] > hi[0],
             f"default request value {dreq and dreq[1]} is greater than max value {hi and hi[1]}"),
            ("defaultRequest", dreq and dflt and dreq[0] > dflt[0],
             f"default request value {dreq and dreq[1]} is greater than default limit value {dflt and dflt[1]}"),
            ("default", lo and dflt and lo[0] > dflt[0],
             f"min value {lo and lo[1]} is greater than default value {dflt and dflt[1]}"),
            ("default", dflt and hi and dflt[0] > hi[0],
             f"default value {dflt and dflt[1]} is greater than max value {hi and hi[1]}"),
            ("maxLimitRequestRatio", ratio and ratio[0] < 1, f"ratio {ratio and ratio[1]} is less than 1"),
            ("maxLimitRequestRatio", ratio and lo and hi and lo[0] > 0 and ratio[0] > hi[0] / lo[0] * (1 + 1e-9),
             f"ratio {ratio and ratio[1]} is greater than max/min = {hi[0] / lo[0] if lo and hi and lo[0] else 0:f}"),
        ]
        for part, bad, said in problems:
            if bad:
                raise ctx.error(f"spec.limits[{i}].{part}.{key}", f"Kubernetes refuses this LimitRange: \"{said}\" "
                                "(API server validation, ValidateLimitRange): a LimitRange needs min <= "
                                "defaultRequest <= default <= max and a maxLimitRequestRatio from 1 to max/min. "
                                "Correct the values; the namespace's "
                                f"{'claims are' if keys == ('storage',) else 'pods are'} checked against it.")


def _default_limits(rules: list[dict]) -> dict[str, tuple[float, str]]:
    """{resource: (value, text)}: the limit a container without one gets, the first ``type: Container`` default
    (``mergeContainerResources`` applies the LimitRanges in turn and never replaces a limit already set)."""
    out: dict[str, tuple[float, str]] = {}
    for rule in rules:
        for key, value in rule["default"].items():
            out.setdefault(key, (value[0], f"{value[1]} (the LimitRange's default limit)"))
    return out


#: The ResourceQuota ``spec.hard`` keys advisor checks, and what each counts (Kubernetes "Resource Quotas", "Compute
#: Resource Quota": ``cpu`` is the same as ``requests.cpu``, ``memory`` as ``requests.memory``; "Object count quota":
#: ``pods``, "The total number of Pods in a non-terminal state").
_QUOTA_KEYS = {"pods": ("pods", None), "requests.cpu": ("requests", "cpu"), "cpu": ("requests", "cpu"),
               "requests.memory": ("requests", "memory"), "memory": ("requests", "memory"),
               "limits.cpu": ("limits", "cpu"), "limits.memory": ("limits", "memory")}


def _namespaced(objs: list[tuple[str, str, dict]], kind: str) -> Iterator[tuple[_Ctx, str, dict, dict]]:
    """(context for errors, namespace, metadata, spec) of each core v1 object of ``kind`` in ``objs`` ((source,
    document label, object)); an object without a namespace is in ``default``, as kubectl creates it. A metadata or
    spec that is not a mapping is an error naming it."""
    for source, doc, obj in objs:
        if obj.get("kind") != kind or obj.get("apiVersion") not in (None, "v1"):
            continue
        ctx = _Ctx(source, f"{doc} ({kind})")
        meta = _map(obj.get("metadata"), ctx, "metadata")
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
        yield ctx, ns, meta, _map(obj.get("spec"), ctx, "spec")


def _daemonset_services(objs: list[tuple[str, str, dict]]) -> dict[str, list[tuple[str, str, dict[str, str]]]]:
    """namespace -> (name, type, selector) of each Service that sends clients to pods by a label selector: a plain
    ``spec.selector`` of labels (Kubernetes "Service": "The set of Pods targeted by a Service is usually determined by
    a selector"), not headless (``clusterIP: None``, which only names the pods for discovery, e.g. the node-exporter
    Service Prometheus scrapes through), and not ``internalTrafficPolicy: Local`` (Kubernetes "Service Internal
    Traffic Policy": Local "to only route traffic to endpoints on the same node": the node-local agent pattern, each
    pod sending to the agent on its own node, e.g. an APM or OpenTelemetry agent, which on Fargate is the sidecar the
    EKS User Guide names). Read before the DaemonSets whose pods they select (any order in the input)."""
    out: dict[str, list[tuple[str, str, dict[str, str]]]] = {}
    for _source, _doc, obj in objs:
        spec, meta = obj.get("spec"), obj.get("metadata")
        if obj.get("kind") != "Service" or not isinstance(spec, dict) or not isinstance(meta, dict):
            continue
        sel = spec.get("selector")
        if not isinstance(sel, dict) or not sel or spec.get("clusterIP") == "None" \
                or spec.get("internalTrafficPolicy") == "Local" \
                or not all(isinstance(k, str) and isinstance(v, str) for k, v in sel.items()):
            continue
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
        kind = spec.get("type") if isinstance(spec.get("type"), str) else "ClusterIP"
        out.setdefault(ns, []).append((str(meta.get("name")), kind, sel))
    return out


#: The note on DaemonSets a Service sends clients to (``_daemonset_services``), written ``on_fargate: exclude``. The
#: EKS User Guide's way for a daemon on Fargate ("If your application requires a daemon, reconfigure that daemon to run
#: as a sidecar container in your Pods", "AWS Fargate considerations") is for a daemon serving the pod it runs beside;
#: one that serves a Service's clients (an ingress proxy) is a tier of its own, which on Fargate is a load balancer with
#: IP targets ("Network Load Balancers and Application Load Balancers (ALBs) can be used with Fargate with IP targets
#: only", same page) or a Deployment behind one.
SERVED_DAEMONSET_NOTE = (
    "{daemonsets}: DaemonSet(s) whose pods a Service sends clients to, so they serve the cluster's clients (an ingress "
    "proxy such as Envoy), not the pod beside them; written on_fargate: exclude, so the Fargate estimates leave them "
    "out instead of adding a copy to every task/pod (Fargate runs no DaemonSets; the Amazon EKS User Guide's sidecar "
    "way, 'reconfigure that daemon to run as a sidecar container in your Pods', is for a daemon serving its pod). On "
    "Fargate such a proxy is a load balancer with IP targets in front of the services ('Network Load Balancers and "
    "Application Load Balancers (ALBs) can be used with Fargate with IP targets only', Amazon EKS User Guide, 'AWS "
    "Fargate considerations'), or a Deployment / ECS service of its own behind one: add it as a service to price it. "
    "Set on_fargate: sidecar on one to price it in every task/pod instead")


def _resource_quotas(objs: list[tuple[str, str, dict]]) -> dict[str, list[tuple[str, dict[str, tuple[float, str]]]]]:
    """{namespace: [(label, {hard key: (value, text)})]} of the input's ResourceQuotas (core v1) without ``scopes`` or
    ``scopeSelector`` (a scoped quota counts only some pods), for the keys of ``_QUOTA_KEYS``. A value that is not a
    quantity is an error naming the field."""
    out: dict[str, list[tuple[str, dict[str, tuple[float, str]]]]] = {}
    for ctx, ns, meta, spec in _namespaced(objs, "ResourceQuota"):
        if spec.get("scopes") or spec.get("scopeSelector"):
            continue
        hard = _map(spec.get("hard"), ctx, "spec.hard", "a mapping such as {pods: '10', requests.cpu: '4'}")
        got: dict[str, tuple[float, str]] = {}
        for key, (_part, res) in _QUOTA_KEYS.items():
            if hard.get(key) is None:
                continue
            fld = f"spec.hard.{key}"
            # a namespace's total, not one container's request: '200' cores, '1Ti', pods '500' are ordinary
            value = (k8s_memory_mib(hard[key], ctx, fld, bound=True) if res == "memory" else
                     k8s_cpu(hard[key], ctx, fld, bound=True))  # cpu; a count, read as a plain quantity ('2')
            got[key] = (value, str(hard[key]))
        if got:
            out.setdefault(ns, []).append((f"ResourceQuota {ns}/{meta.get('name')}", got))
    return out


def _quota_notes(quotas: dict[str, list[tuple[str, dict[str, tuple[float, str]]]]],
                 usage: dict[str, list[tuple[str, int, dict]]], result: ImportResult) -> None:
    """An assumption for every ResourceQuota the input's long-running pods of its namespace go beyond (``usage``:
    namespace -> (workload, replicas, pod) at the replicas declared): the quota admission plugin refuses each pod that
    would take the namespace past a hard limit (Kubernetes "Resource Quotas": "If creating or updating a resource
    violates a quota constraint, the request will fail with HTTP status code 403 FORBIDDEN"; "Configure a Pod Quota
    for a Namespace": a Deployment of three replicas under ``pods: "2"`` gets two Pods), and a pod without the
    request or limit a compute quota counts ("users must specify requests or limits for those values; otherwise, the
    quota system may reject pod creation"). Which pods are refused depends on the order they are created in, so the
    estimate keeps the replicas declared and says how far past the quota they are.

    A pod's overhead (``_pod_overhead``: its RuntimeClass's ``overhead.podFixed``) counts against the quota: Kubernetes
    "Pod Overhead", "If a ResourceQuota is defined, the sum of container requests as well as the `overhead` field are
    counted". The quota's usage is ``PodRequests`` and ``PodLimits`` (kubernetes/kubernetes
    ``pkg/quota/v1/evaluator/core/pods.go``; ``staging/src/k8s.io/component-helpers/resource/helpers.go`` @
    0085214e): the overhead is added to the requests, and to a limit only where the pod sets a non-zero one ("Add
    overhead to non-zero limits"). A pod whose RuntimeClass the input lacks has an unknown overhead: not counted, and
    the note says so."""
    for ns, items in quotas.items():
        pods = usage.get(ns, [])
        if not pods:
            continue
        for label, hard in items:
            over: list[str] = []
            for key, (limit, text) in hard.items():
                part, res = _QUOTA_KEYS[key]
                if res is None:
                    total = float(sum(n for _w, n, _p in pods))
                    shown = f"{num(total)} pods"
                else:
                    missing = [w for (w, n, p) in pods if n and part == "limits" and p["limits"][res] is None]
                    if missing:
                        over.append(f"hard {key} {text}, but {name_list(missing)} set no {res} limit, which the "
                                    "quota requires of every pod it counts")
                        continue
                    total = sum(n * _quota_usage(p, part, res) for _w, n, p in pods if n)
                    shown = _quantity_text(res, total)
                    if any(n and _quota_usage(p, part, res) != (p[res] if part == "requests" else p["limits"][res])
                           for _w, n, p in pods):
                        shown += " with the pods' overhead"
                if total > limit * (1 + 1e-9):
                    over.append(f"hard {key} {text}, but they come to {shown}")
            if over:
                overhead = [f"{w} {_overhead_text(p['overhead']['quota'])}" for w, n, p in pods
                            if n and p["overhead"].get("quota")]
                unknown = [w for w, n, p in pods if n and p["overhead"]["unknown"]]
                result.assumptions.append(
                    f"{label}: {'; '.join(over)} (the long-running pods of namespace {ns} at their declared replicas: "
                    + ", ".join(f"{w} {n}" for w, n, _p in pods) + ")"
                    + (f"; each pod's overhead counts against the quota, as Kubernetes counts it ('Pod Overhead': 'If a "
                       "ResourceQuota is defined, the sum of container requests as well as the overhead field are "
                       f"counted'; added to a limit the pod sets): {', '.join(overhead)} per pod" if overhead else "")
                    + (f"; the pod overhead of {name_list(unknown)} is unknown (its RuntimeClass is not in the input) and "
                       "not counted" if unknown else "")
                    + ". Kubernetes refuses every pod that would take "
                    "the namespace past its quota ('Resource Quotas': the request fails with 403 FORBIDDEN; 'Configure "
                    "a Pod Quota for a Namespace': a Deployment of three replicas under pods: 2 gets two Pods), so "
                    "this estimate prices pods that would not run: lower the replicas or requests, or raise the "
                    "quota, to price what runs")


def _quota_usage(pod: dict, part: str, res: str) -> float:
    """What one pod counts against a quota's ``part`` ("requests" / "limits") of ``res`` ("cpu" vCPU, "memory" MiB):
    its request plus its overhead, or its limit plus its overhead where the limit is set and not zero (component-helpers
    ``PodRequests`` / ``PodLimits``, as the quota evaluator calls them; ``_quota_notes``)."""
    extra = (pod["overhead"].get("quota") or {}).get(res, 0.0)
    if part == "requests":
        return pod[res] + extra
    limit = pod["limits"][res]
    return limit + extra if limit else limit


def _quantity_text(key: str, value: float) -> str:
    """A cpu (vCPU) or memory (MiB) amount as Kubernetes writes a sum: cpu in millicores, memory in MiB."""
    return f"{round(value * 1000)}m" if key == "cpu" else f"{num(value)} MiB"


def _check_limit_ranges(regular: list[dict], inits: list[dict], defaults: dict[str, tuple[float, str]],
                        rules: list[dict], ctx: _Ctx, fld: str) -> None:
    """Refuse a pod the LimitRanger admission plugin refuses (``_LIMIT_RANGE_CHECKS``), after its defaults: a
    container without a request of a resource has the namespace's default request (``defaults``, as ``_container``
    gave it), one without a limit the first ``type: Container`` item's default limit (``mergeContainerResources``).
    The error quotes the API server's message, names the LimitRange and says what to change."""
    default_limit = _default_limits(rules)

    def effective(c: dict) -> tuple[dict, dict]:
        req = dict(c["requests"])
        for key in c["defaulted"]:
            req[key] = (defaults[key][0], f"{_quantity_text(key, defaults[key][0])} (the LimitRange's default "
                                          "request)")
        lim = {**{k: v for k, v in default_limit.items()}, **c["limits"]}
        return req, lim

    problems: list[tuple[str, str, str]] = []  # (field, the API server's words, the LimitRange)

    def check(rule: dict, what: str, req: dict, lim: dict, where: str) -> None:
        for part, words in _LIMIT_RANGE_CHECKS:
            for key, (bound, bound_text) in rule[part].items():
                r, li = req.get(key), lim.get(key)
                problem = None
                if part == "min":
                    if r is None:
                        problem = "No request is specified"
                    elif r[0] < bound * (1 - 1e-12):
                        problem = f"but request is {r[1]}"
                    elif li is not None and li[0] < bound * (1 - 1e-12):
                        problem = f"but limit is {li[1]}"
                elif part == "max":
                    if li is None:
                        problem = "No limit is specified"
                    elif li[0] > bound * (1 + 1e-12):
                        problem = f"but limit is {li[1]}"
                    elif r is not None and r[0] > bound * (1 + 1e-12):
                        problem = f"but request is {r[1]}"
                elif r is None or r[0] <= 0:
                    problem = "but no request is specified or request is 0"
                elif li is None or li[0] <= 0:
                    problem = "but no limit is specified or limit is 0"
                elif li[0] / r[0] > bound * (1 + 1e-9):
                    problem = f"but provided ratio is {li[0] / r[0]:.6f}"
                if problem is not None:
                    said = (f"{key} {words} per {what} is {bound_text}, {problem}" if part == "maxLimitRequestRatio"
                            else f"{words} {key} usage per {what} is {bound_text}"
                            + (f". {problem}" if problem.startswith("No") else f", {problem}"))
                    problems.append((where, said, rule["label"]))

    effective_all = [(c, *effective(c)) for c in regular + inits]
    for rule in rules:
        if rule["type"] == "Container":
            for c, req, lim in effective_all:
                check(rule, "Container", req, lim, f"{c['fld']}.resources")
            continue
        totals: list[dict] = []
        for part in (1, 2):  # requests, limits: the containers' sum when every container sets it, then init maxima
            got = [x[part] for x in effective_all[:len(regular)]]
            total = {key: (sum(g[key][0] for g in got), "") for key in ("cpu", "memory") if all(key in g for g in got)}
            for _c, *pair in effective_all[len(regular):]:
                for key, value in pair[part - 1].items():
                    if key not in total or value[0] > total[key][0]:
                        total[key] = (value[0], "")
            totals.append({k: (v[0], _quantity_text(k, v[0])) for k, v in total.items()})
        check(rule, "Pod", totals[0], totals[1], f"{fld}.containers")
    if not problems:
        return
    where = problems[0][0] if len({p[0] for p in problems}) == 1 else fld
    said = "; ".join((f"{p[0]}: " if where == fld else "") + f"\"{p[1]}.\" ({p[2]})" for p in problems)
    raise ctx.error(where, f"Kubernetes refuses this pod: {said}. The LimitRanger admission plugin checks every new pod "
                    "of the namespace against its LimitRanges, after giving containers the default requests and "
                    "limits they lack (Kubernetes 'Limit Ranges': an object that violates a LimitRange constraint is "
                    "refused with 403 Forbidden). A pod created before the LimitRange keeps running, but every new one "
                    "(a rollout, a new replica, a rescheduled pod) is refused, so it cannot be priced as running: "
                    "change the requests and limits to meet the LimitRange, or change the LimitRange.")


def _rollout_refs(objs: list[tuple[str, str, dict]]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """{(namespace, Deployment name): (Rollout name, workloadRef.scaleDown)} for every Argo Rollout of the input
    that takes its pod template from a Deployment (``spec.workloadRef``; see ``ROLLOUT``)."""
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    for _source, _doc, obj in objs:
        api = obj.get("apiVersion")
        if obj.get("kind") != "Rollout" or not isinstance(api, str) or _api_group(api) != "argoproj.io":
            continue
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
        ref = spec.get("workloadRef")
        if not isinstance(ref, dict) or ref.get("kind", "Deployment") != "Deployment" or "template" in spec:
            continue
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
        if isinstance(ref.get("name"), str) and isinstance(meta.get("name"), str):
            scale_down = ref.get("scaleDown")
            out[(ns, ref["name"])] = (meta["name"], scale_down if isinstance(scale_down, str) else None)
    return out


def _generate_name(meta: dict, ctx: _Ctx) -> str | None:
    """``metadata.generateName`` (None when absent): "an optional prefix, used by the server, to generate a unique
    name ONLY IF the Name field has not been provided" (Kubernetes API reference, ObjectMeta). Helm and Argo CD
    hook Jobs and ``kubectl create`` use it; advisor names such an object by its prefix."""
    g = meta.get("generateName")
    if g is None:
        return None
    if not isinstance(g, str) or not g.strip():
        raise ctx.error("metadata.generateName", f"must be a name prefix (a string such as 'upgrade-schema-'), got "
                        f"{_kind(g)}; or set metadata.name.")
    if len(g) > 253:
        raise ctx.error("metadata.generateName", "is longer than 253 characters, which Kubernetes does not allow.")
    return g


def _changes_price(kid: str, obj: dict) -> bool:
    """Whether an object (``kid``: its kind id, ``_kind_id``) can change the estimate: a workload, a DaemonSet, an
    autoscaler, an Ingress or a Service of type LoadBalancer (``PRICED_KINDS``). Two different definitions of such an
    object are a conflict; of any other kind (ServiceMonitor, ConfigMap, RBAC, a ClusterIP Service, ...) only a
    note. (Two RuntimeClasses of one name with different overheads are refused by ``runtime_classes``.)"""
    if kid == "Service":
        return isinstance(obj.get("spec"), dict) and obj["spec"].get("type") == "LoadBalancer"
    return kid in PRICED_KINDS


def _api_group(api_version: str) -> str:
    """The API group of an apiVersion: 'apps/v1' -> 'apps', 'v1' -> '' (the core group)."""
    return api_version.rpartition("/")[0]


def _kind_id(kind: str, obj: dict, ctx: _Ctx) -> tuple[str, str]:
    """(kind id, label) of an object: its kind for a built-in Kubernetes object, ``Kind.group`` for any other
    (a custom resource: ``Service.serving.knative.dev``), with the label ``Service (serving.knative.dev)``.

    Built-in: a group without a dot or ending in ``.k8s.io`` (custom resource groups must contain a dot;
    ``x-k8s.io`` is the Kubernetes SIGs' group for theirs). A kind advisor reads (``BUILTIN_KINDS``) in the wrong
    built-in group (``v1`` Deployment) is refused, as kubectl refuses it ('no matches for kind'). An object without
    apiVersion is read as the built-in kind of its name (the caller notes it)."""
    api = obj.get("apiVersion")
    if api is None:
        _check_kind_spelling(kind, None, ctx)
        return kind, kind
    if not isinstance(api, str) or not api.strip() or api.count("/") > 1:
        raise ctx.error("apiVersion", f"{show(api)} is not an apiVersion; write e.g. 'apps/v1' or 'v1'.")
    group = _api_group(api.strip())
    builtin = "." not in group or (group.endswith(".k8s.io") and not group.endswith(".x-k8s.io"))
    if "." not in group or group in _KINDS_LISTED_GROUPS:  # a group whose every kind KUBERNETES_KINDS lists
        _check_kind_spelling(kind, api, ctx)
    if kind in BUILTIN_KINDS:
        groups, suggested = BUILTIN_KINDS[kind]
        if group in groups:
            return kind, kind
        if builtin:
            raise ctx.error("apiVersion", f"{show(api)} has no kind {kind} (kubectl refuses it: 'no matches for kind "
                            f"\"{kind}\" in version \"{api}\"'); a {kind} is apiVersion {suggested}.")
    elif builtin:
        return kind, kind
    return f"{kind}.{group}", f"{kind} ({group})"


def _check_kind_spelling(kind: str, api: str | None, ctx: _Ctx) -> None:
    """Refuse a kind of a built-in group that Kubernetes does not have but that is close to one advisor reads
    (``Deploymnet``, ``deployment``, ``Cronjob``, ``Pods``): kubectl refuses it ('no matches for kind'), and skipping
    it as an object that runs no pods would leave its pods out of the estimate without a word. Kinds are
    case-sensitive (Kubernetes API conventions, "Types (Kinds)": CamelCase)."""
    if kind in KUBERNETES_KINDS:
        return
    lowered = {k.lower(): k for k in _READ_BUILTIN}
    close = difflib.get_close_matches(kind.lower(), list(lowered), n=1, cutoff=0.75)
    if not close:
        return
    right = lowered[close[0]]
    refused = f"'no matches for kind \"{kind}\" in version \"{api}\"'" if api is not None else "it"
    version = f" (apiVersion {BUILTIN_KINDS[right][1]})" if right in BUILTIN_KINDS else ""
    raise ctx.error("kind", f"{show(kind)} is not a Kubernetes kind (kubectl refuses {refused}); did you mean "
                    f"'{right}'? Kinds are case-sensitive: write 'kind: {right}'{version}.")


def _name(meta: dict, ctx: _Ctx) -> str | None:
    n = meta.get("name")
    if n is None:
        return None
    if isinstance(n, (dict, list, bool)) or (isinstance(n, str) and not n.strip()):
        raise ctx.error("metadata.name", f"must be a name (a string), got {_kind(n)}.")
    n = str(n)
    if "{{" in n and "}}" in n:  # a name is a DNS subdomain (Kubernetes "Object Names and IDs"): never braces
        raise ctx.error("metadata.name", f"{show(n)} is not a Kubernetes name.")
    if len(n) > 253:
        raise ctx.error("metadata.name", "is longer than 253 characters, which Kubernetes does not allow.")
    return n


# ------------------------------------------------------------------------------------------- reading


def _read_docs(src: Source, *, in_folder: bool = False) -> list[tuple[str, str, Any]]:
    """(source, document label, object) for every non-empty document of a source. A file of a folder or a kustomize
    build with nothing in it (blank or only comments, as 'kubectl kustomize' reads it) holds no objects; a single
    input with nothing in it is refused (``EmptyInputError``)."""
    out = []
    try:
        documents = src.documents
    except EmptyInputError:
        if not in_folder:
            raise
        return out
    for i, d in enumerate(documents):
        if d is not None:
            out.append((src.name, f"document {i + 1}", d))
    return out


def _is_k8s_file(docs: list[tuple[str, str, Any]]) -> bool:
    return bool(docs) and all(isinstance(d, dict) and isinstance(d.get("kind"), str) for _, _, d in docs)


def _folder_objects(folder: Path, result: ImportResult,
                    unapplied: list[str] | None = None) -> list[tuple[str, str, Any]]:
    """Objects of a plain folder of manifests (see the module docstring for what is read). A kustomize folder puts
    what its build does not apply and can change the price in ``unapplied``."""
    if (folder / "Chart.yaml").is_file():
        raise WorkloadError(helm_message(folder))
    if _kustomization_file(folder):
        return [(source, doc, obj) for source, doc, obj, _names in _kustomize(folder, result, depth=0, chain=(),
                                                                              unread=unapplied)]
    def exists(path: Path, kind: str = "file") -> bool:
        """``path.is_file()`` / ``is_dir()``, False for a path that cannot be looked at (in /proc, Python 3.11 raised
        a bare PermissionError from is_file and is_dir)."""
        try:
            return path.is_file() if kind == "file" else path.is_dir()
        except OSError:
            return False

    objs: list[tuple[str, str, Any]] = []
    files: list[Path] = []
    skipped_dirs: list[str] = []
    skipped_files: list[str] = []
    others: list[str] = []  # Terraform configuration and Jsonnet, which advisor does not read
    todo = [folder]
    while todo:
        d = todo.pop(0)
        try:
            entries = sorted(d.iterdir())
        except OSError as exc:
            raise WorkloadError(f"{d}: cannot be listed ({path_problem(exc)}).") from None
        for p in entries:
            try:
                link, is_dir = p.is_symlink(), p.is_dir()
            except OSError as exc:  # a link whose target cannot be looked at (/proc/1/cwd): a bare PermissionError
                skipped_dirs.append(f"{p.relative_to(folder)} (cannot be looked at: {path_problem(exc)})")
                continue
            if link and is_dir:
                skipped_dirs.append(f"{p.relative_to(folder)}/ (a symbolic link)")
            elif is_dir:
                rel = p.relative_to(folder)
                if p.name.startswith(".") or p.name in _SKIP_DIRS:
                    continue
                if exists(p / "Chart.yaml"):
                    skipped_dirs.append(f"{rel}/ (a Helm chart: render it with 'helm template')")
                elif _kustomization_file(p):
                    skipped_dirs.append(f"{rel}/ (a kustomize folder: give it on its own)")
                else:
                    todo.append(p)
            elif p.name.lower().endswith(TERRAFORM_SOURCE_SUFFIXES + JSONNET_SUFFIXES):
                others.append(str(p.relative_to(folder)))
            elif p.suffix.lower() in (".yaml", ".yml", ".json") and not p.name.startswith("."):
                if not exists(p):  # a pipe, a device, a broken link: said, not silently passed over
                    skipped_files.append(f"{p.relative_to(folder)} ({_not_a_file(p)})")
                    continue
                files.append(p)
                if len(files) > MAX_FILES:
                    raise WorkloadError(f"{folder}: holds more than {MAX_FILES} YAML/JSON files; advisor reads at most "
                                        f"{MAX_FILES}. Give the folder that holds the manifests.")
    if not files and (message := folder_source_message(str(folder), others)):
        raise WorkloadError(message)
    if not files:
        raise WorkloadError(f"{folder}: the folder holds no *.yaml, *.yml or *.json files"
                            + (f" advisor can read (skipped: {', '.join(skipped_files + skipped_dirs)})"
                               if skipped_files or skipped_dirs else "") + ".")
    not_k8s = []
    workload_files = []
    imported = []
    for f in files:
        src = read_source(f, what="manifest file")
        docs = _read_docs(src, in_folder=True)
        if not docs:
            continue
        if _is_k8s_file(docs):
            objs += docs
        else:
            first = docs[0][2]
            if isinstance(first, dict) and "services" in first and "kind" not in first:
                if src.text.lstrip("\ufeff").startswith(IMPORTED_HEADER):
                    # 'advisor import k8s DIR -o DIR/w.yaml' wrote it from manifests: reading it as one would refuse
                    # the folder the next time the same command runs
                    imported.append(str(f.relative_to(folder)))
                    forget_read(f)  # not an input: the import may write over it again
                    continue
                workload_files.append(str(f.relative_to(folder)))
            not_k8s.append(str(f.relative_to(folder)))
    if workload_files:
        # examples/ holds workload files and a k8s/ subfolder: read as manifests, it priced the subfolder alone
        raise WorkloadError(
            f"{folder}: holds advisor workload files ({name_list(workload_files)}); a folder is read as one set of "
            "Kubernetes manifests, so they would be left out. Give a workload file's path, or write one report per "
            f"workload file with 'advisor report --all {shlex.quote(str(folder))}'.")
    if imported:
        result.notes.append(f"{folder}: workload files 'advisor import k8s' wrote were not read as manifests: "
                            f"{name_list(imported)}")
    if skipped_dirs:
        result.notes.append(f"{folder}: subfolders not read: {', '.join(skipped_dirs)}")
    if skipped_files:
        result.notes.append(f"{folder}: files not read: {', '.join(skipped_files)}")
    if not_k8s:
        result.notes.append(f"{folder}: files that are not Kubernetes objects (a document without kind) were skipped: "
                            + ", ".join(not_k8s[:20]) + (f" and {len(not_k8s) - 20} more" if len(not_k8s) > 20 else ""))
    return objs


def _kustomization_file(folder: Path) -> Path | None:
    """The kustomization file of ``folder`` (kustomization.yaml, .yml or Kustomization), or None. One that is there
    but is no regular file (a pipe, a device, a broken link) counts, so that reading it says what it is: passed over,
    the folder was read as plain manifests ('holds no *.yaml files') or called 'not a folder with a kustomization'."""
    return next((folder / k for k in _KUSTOMIZATION if os.path.lexists(folder / k)), None)


def _not_a_file(p: Path) -> str:
    """What ``p``, which is there but no regular file or folder, is, for a message."""
    try:
        mode = p.stat().st_mode
    except OSError as exc:
        return f"a path that cannot be read ({path_problem(exc)})"
    return ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a file that cannot be looked at" if stat.S_ISREG(mode) else "not a regular file")


#: The first line of a workload file ``advisor import k8s`` writes: such a file in a folder of manifests (written with
#: ``-o`` into the folder it read) is skipped, with a note, when the folder is read again.
IMPORTED_HEADER = "# Imported by 'advisor import k8s'"


def helm_message(folder: Path) -> str:
    return (f"{folder} is a Helm chart (it holds Chart.yaml): advisor reads rendered manifests, not chart templates. "
            f"Render it and give advisor the result, e.g. 'helm template my-release {shlex.quote(str(folder))} "
            f"-f values.yaml | advisor compare -' (or '> manifests.yaml' and 'advisor compare manifests.yaml').")


def _kustomize(folder: Path, result: ImportResult, depth: int, chain: tuple,
               unread: list[str] | None = None, reads: list[int] | None = None,
               root: Path | None = None, pending: list | None = None,
               acc: list | None = None) -> list[tuple[str, str, Any, frozenset[str]]]:
    """Objects of a kustomize folder: its ``resources`` (files, other kustomize folders), with ``namespace``,
    ``namePrefix``/``nameSuffix`` and ``replicas`` applied; every other transformation is noted, not applied. Each
    object comes with every name it has had in the build (before the prefixes and suffixes of this folder and of
    the folders below it), which a ``replicas`` entry may name. ``unread``, when given, receives what the build
    holds that advisor does not apply and that can change the price (patches, components, Helm charts, remote
    resources, ...: ``_KUSTOMIZE_PRICED``). ``reads`` counts the files the whole build reads (at most ``MAX_FILES``).
    ``root`` is the folder given (the top of the build): every note and assumption, also one about a base or a
    component's folder deep in the build, gives the command that builds ``root``, as building the base alone would
    price the base without the overlays that use it (argoproj/argo-cd manifests/ha/namespace-install: the patches are
    in ha/base, and 'kubectl kustomize manifests/ha/base' builds another install). Their text waits in ``pending``
    until the whole build is read, so the command carries '--enable-helm' when any folder of the build has a chart.

    Source: kustomize's kustomization reference (kubectl.docs.kubernetes.io/references/kustomize/kustomization/):
    ``resources`` lists files, directories holding a kustomization, or URLs; nothing else in the folder is read.

    ``components`` (folders whose kustomization is ``kind: Component``, kustomize.config.k8s.io/v1alpha1) are applied
    as kustomize applies them (api/internal/target/kusttarget.go, ``accumulateTarget``): after the kustomization's own
    resources and before its own generators and transformers, each component in the order listed adds its resources
    to the objects built so far and runs its transformers on all of them -- its patchesStrategicMerge, patches,
    namespace, namePrefix/nameSuffix, commonLabels/labels, commonAnnotations, patchesJson6902 and replicas, in
    kustomize's transformer order (``configureBuiltinTransformers``; ``advisor.workload.importers.kpatch``). A
    component is built here with ``acc``, the objects built before it, and returns them with its own, transformed.

    A kustomization's own transformers run the same way after its resources and components (``runTransformers``:
    PatchStrategicMerge, Patch, Namespace, Prefix, Suffix, Label, Annotations, PatchJson6902, ReplicaCount,
    ImageTag, Replacement, then the ``transformers`` plugins), so an overlay's patches see what its bases built
    (their names, namespaces and patches: a nested overlay's inner patches apply first) and run before its own
    namespace and namePrefix. Images and replacements are not applied (noted).

    Each object comes with ``names``: every name it has had in the build (text) and every id (``(namespace, name)``,
    the namespace "" when it had none), as kustomize keeps an object's previous ids to find a patch's or a replicas
    entry's target by any of them (``GetMatchingResourcesByAnyId``).
    """
    component = acc is not None  # listed under an overlay's components (or the Component given, below)
    real = folder.resolve()
    root = root if root is not None else folder
    top = pending is None
    pending = pending if pending is not None else []
    if real in chain:
        raise WorkloadError(f"{folder}: kustomize resources refer back to this folder (a cycle).")
    hint = f"price what kustomize builds with 'kubectl kustomize {shlex.quote(str(root))} | advisor compare -'"
    if depth > MAX_KUSTOMIZE_DEPTH:
        raise WorkloadError(f"{folder}: kustomize folders nest more than {MAX_KUSTOMIZE_DEPTH} levels, more than "
                            f"advisor follows; {hint}.")
    reads = reads if reads is not None else [0]
    reads[0] += 1
    if reads[0] > MAX_FILES:
        raise WorkloadError(f"{folder}: this kustomize build reads more than {MAX_FILES} files (a folder listed "
                            f"through several paths is read each time), more than advisor reads; {hint}.")
    kfile = _kustomization_file(folder)
    assert kfile is not None  # the callers found it
    src = read_source(kfile, what="kustomization file")
    docs = [d for _, _, d in _read_docs(src, in_folder=True)]
    ctx = _Ctx(src.name, "kustomization")
    k = _map(docs[0] if len(docs) == 1 else None, ctx, None, "one mapping (a kustomization)") if docs else {}
    if top and k.get("kind") == "Component":
        component = True  # kustomize builds a Component given alone as one, its patches on its own resources
    if component and k.get("kind") != "Component":
        # kustomize: "expected kind 'Component' for path ..." (accumulateDirectory)
        raise WorkloadError(f"{kfile}: is listed under an overlay's 'components:' but its kind is "
                            f"{show(k.get('kind', 'Kustomization'))}, so kustomize refuses the build (\"expected kind "
                            "'Component'\"); list it under 'resources:', or make it 'kind: Component' (apiVersion "
                            "kustomize.config.k8s.io/v1alpha1).")
    if not component and not top and k.get("kind") == "Component":
        raise WorkloadError(f"{kfile}: is a kustomize Component (kind: Component) listed under 'resources:', so "
                            "kustomize refuses the build (\"expected kind != 'Component'\"); list it under "
                            "'components:'.")
    # what this build does not apply, with its bases'
    here = [key for key in _KUSTOMIZE_PRICED if k.get(key) and key != "components"]
    if top and k.get("kind") == "Component":
        # kustomize's Components: "kind: Component" (apiVersion kustomize.config.k8s.io/v1alpha1) is meant to be
        # listed under an overlay's 'components:', which it patches; given alone, kustomize builds it only when its
        # patches find their targets among its own resources
        result.notes.append(f"{folder}: is a kustomize Component (kind: Component), meant to be listed under an "
                            "overlay's 'components:' and applied to that overlay's resources; priced here on its own "
                            "(its resources, with its patches applied to them). Give the overlay that uses it to price "
                            "the whole build.")
    objs: list[tuple[str, str, Any, frozenset[str]]] = list(acc) if acc is not None else []
    remote: list[str] = []
    entries = _seq(k.get("resources"), ctx, "resources") + _seq(k.get("bases"), ctx, "bases")
    for i, entry in enumerate(entries):
        if not isinstance(entry, str) or not entry.strip():
            raise ctx.error(f"resources[{i}]", f"must be a file or folder path, got {_kind(entry)}.")
        if "://" in entry or entry.startswith(("github.com/", "git@", "git::")):
            here.append("remote resources")
            remote.append(entry)
            continue
        p = Path(os.path.normpath(folder / entry))  # 'overlays/prod/../../base' is named 'base' in the notes
        if p.is_dir():
            if _kustomization_file(p):
                objs += _kustomize(p, result, depth + 1, chain + (real,), here, reads, root, pending)
            elif (p / "Chart.yaml").is_file():
                raise WorkloadError(helm_message(p))
            else:
                raise ctx.error(f"resources[{i}]", f"{entry!r} is a folder without a kustomization file; kustomize "
                                "requires one there (list the files instead).")
        elif p.is_file():
            # kustomize loads a resource file only from its kustomization's folder or below, symbolic links resolved
            # (its default load restrictor, LoadRestrictionsRootOnly: "security; file ... is not in or below ..."); a
            # folder with its own kustomization may be anywhere
            if not p.resolve().is_relative_to(real):
                raise ctx.error(f"resources[{i}]", f"{entry!r} is a file outside {folder} ({p.resolve()}); kustomize "
                                "refuses it ('security; file ... is not in or below ...'): move the file into the "
                                "folder, or list a folder that holds it with its own kustomization.")
            reads[0] += 1
            if reads[0] > MAX_FILES:
                raise WorkloadError(f"{folder}: this kustomize build reads more than {MAX_FILES} files (a folder "
                                    f"listed through several paths is read each time), more than advisor reads; "
                                    f"{hint}.")
            # a List's items are objects of the build that namespace, namePrefix and replicas change, as kustomize
            # reads them (it expands a List into its items before any transformer runs)
            objs += [(source, doc, item, frozenset()) for source, doc, obj in _read_docs(read_source(
                p, what="manifest file"), in_folder=True) for source, doc, item in _flatten(source, doc, obj)]
        elif os.path.lexists(p):  # a pipe, a device, a broken or looping link: it is there, but cannot be read
            raise ctx.error(f"resources[{i}]", f"{entry!r} is {_not_a_file(p)}, not a manifest file or a folder; list "
                            "a regular file or a folder with a kustomization.")
        else:
            raise ctx.error(f"resources[{i}]", f"{entry!r} is not found next to {kfile.name}.")
    objs += _generated(k, ctx, objs)
    for i, entry in enumerate(_seq(k.get("components"), ctx, "components")):
        # after the resources and generators, before this kustomization's own transformers (kusttarget.go
        # accumulateTarget)
        if not isinstance(entry, str) or not entry.strip():
            raise ctx.error(f"components[{i}]", f"must be a folder path, got {_kind(entry)}.")
        if "://" in entry or entry.startswith(("github.com/", "git@", "git::")):
            here.append("remote components")
            remote.append(entry)
            continue
        p = Path(os.path.normpath(folder / entry))
        if not (p.is_dir() and _kustomization_file(p)):
            raise ctx.error(f"components[{i}]", f"{entry!r} is not a folder with a kustomization file (kind: "
                            "Component); kustomize requires one.")
        objs = _kustomize(p, result, depth + 1, chain + (real,), here, reads, root, pending, acc=objs)
    # kustomize refuses a build that adds one object twice (the same apiVersion, kind, namespace and name: "may not
    # add resource with an already registered id"), as a base listed twice or reached through two overlays does
    seen: dict[tuple, str] = {}
    for source, doc, obj, _names in objs:
        meta = obj.get("metadata") if isinstance(obj, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("name"), str):
            oid = (obj.get("apiVersion"), obj.get("kind"), meta.get("namespace") or "default", meta["name"])
            if oid in seen:
                raise WorkloadError(
                    f"{kfile}: {oid[1]} {oid[2]}/{oid[3]} is added to this build twice ("
                    + (f"{seen[oid]}, reached through two of the listed resources" if seen[oid] == f"{source} {doc}"
                       else f"{seen[oid]} and {source} {doc}") + "), so kustomize refuses the folder ('may not add resource with an already registered "
                    "id'); list each file or folder once, or give the copies different namePrefix/nameSuffix.")
            seen[oid] = f"{source} {doc}"
    for key in ("namespace", "namePrefix", "nameSuffix"):
        # kustomize reads each as a string and refuses another type; 'namespace: [a]' was blamed on the first
        # resource's metadata.namespace, and 'namePrefix: 5' made every name start with 5
        if k.get(key) is not None and not isinstance(k[key], str):
            example = {"namespace": "shop", "namePrefix": "shop-", "nameSuffix": "-v2"}[key]
            raise ctx.error(key, f"must be text, got {_kind(k[key])}; kustomize refuses the build. Write it as text "
                            f"({key}: {example}), quoted if it looks like a number.")
    namespace = k.get("namespace")
    prefix, suffix = k.get("namePrefix") or "", k.get("nameSuffix") or ""
    counts: dict[str, int] = {}
    for j, r in enumerate(_seq(k.get("replicas"), ctx, "replicas")):
        r = _map(r, ctx, f"replicas[{j}]")
        counts[_kustomize_replica_name(r, ctx, j)] = _kustomize_replica_count(r, ctx, j)
    common = _common_annotations(k, ctx)
    label_sets = _kustomize_labels(k, ctx)
    # kustomize's transformer order (configureBuiltinTransformers): patchesStrategicMerge, patches, then namespace,
    # prefix/suffix ...
    objs = _apply_patches(k, ctx, folder, kfile, objs, ("patchesStrategicMerge", "patches"), result)
    out = []
    for source, doc, obj, names in objs:
        if isinstance(obj, dict) and isinstance(obj.get("kind"), str):
            obj = dict(obj)
            for pairs, specs in label_sets:
                obj = _with_labels(obj, pairs, specs)
            meta = dict(obj.get("metadata") or {}) if isinstance(obj.get("metadata"), dict) else obj.get("metadata")
            if common:
                obj = _with_annotations(obj, common)
            if isinstance(meta, dict):
                if common:
                    meta["annotations"] = {**(meta.get("annotations") if isinstance(meta.get("annotations"), dict)
                                              else {}), **common}
                oname, ons = meta.get("name"), meta.get("namespace")
                if namespace and obj["kind"] not in ("Namespace", "CustomResourceDefinition", "ClusterRole",
                                                     "ClusterRoleBinding"):
                    meta["namespace"] = namespace
                if isinstance(oname, str) and (prefix or suffix) and obj["kind"] != "Namespace":
                    meta["name"] = f"{prefix}{oname}{suffix}"
                    if len(meta["name"]) > 253 >= len(oname):  # the file's name was fine: the prefix made it long
                        raise ctx.error("namePrefix" if prefix else "nameSuffix", f"makes {obj['kind']} {show(oname)} "
                                        f"({Path(source).name}) a name of {len(meta['name'])} characters, longer than "
                                        "the 253 Kubernetes allows; shorten the prefix or suffix.")
                obj["metadata"] = meta
                names = names | {n for n in (oname, meta.get("name")) if isinstance(n, str)} | {
                    (str(ns or ""), n) for ns in (ons, meta.get("namespace")) for n in (oname, meta.get("name"))
                    if isinstance(n, str)}
        out.append((source, doc, obj, names))
    # kustomize renames a reference naming an object of the build by its current name or any earlier one (the
    # nameReference transformer runs in every kustomization and matches a referral by any of its ids): an overlay's
    # HPA naming a base's Deployment 'web' scales the 'b-web' the base's namePrefix made of it. A name that is some
    # object's current name stays as it is.
    renamed: dict[str, dict[str, str]] = {}  # kind -> earlier name -> name after this build
    current: dict[str, set[str]] = {}
    for _source, _doc, obj, names in out:
        if isinstance(obj, dict) and isinstance(obj.get("metadata"), dict) and \
                isinstance(obj["metadata"].get("name"), str):
            kind, now = str(obj.get("kind")), obj["metadata"]["name"]
            current.setdefault(kind, set()).add(now)
            for n in names:
                if isinstance(n, str) and n != now:
                    renamed.setdefault(kind, {}).setdefault(n, now)

    def new_name(kind: str, name: str) -> str:
        return name if name in current.get(kind, ()) else renamed.get(kind, {}).get(name, name)

    # ... annotations, then patchesJson6902, then replicas
    out = _apply_patches(k, ctx, folder, kfile, out, ("patchesJson6902",), result)
    for i, (source, doc, obj, names) in enumerate(out):
        if isinstance(obj, dict) and isinstance(obj.get("kind"), str) and isinstance(obj.get("metadata"), dict):
            if renamed:
                _rename_refs(obj, new_name)
            # kustomize sets replicas after namePrefix / nameSuffix, by the object's current name or any earlier
            # one (ReplicaCountTransformer matches with GetMatchingResourcesByAnyId), on the kinds of its
            # replicas field specs only
            count = next((counts[n] for n in reversed(counts) if n in names), None)  # the last entry wins
            if count is not None and _replica_kind(obj):
                obj["spec"] = {**(obj["spec"] if isinstance(obj.get("spec"), dict) else {}), "replicas": count}
                out[i] = (source, doc, obj, names)
    if unread is not None:
        unread += here
    for j, name in enumerate(counts):
        # kustomize refuses a replicas entry that names none of the kinds it sets replicas on (ReplicaCountTransformer:
        # "resource with name ... does not match a config with the following GVK"): the build fails
        if any(_replica_kind(obj) and name in names for _s, _d, obj, names in out):
            continue
        if here:  # the object may be in what was not read (or renamed by a patch): kustomize may build the folder
            result.notes.append(f"{kfile}: kustomize replicas[{j}] ({name!r}, {counts[name]}) names nothing advisor "
                                f"read; it may come from what is not applied here ({', '.join(dict.fromkeys(here))})")
        else:
            raise ctx.error(f"replicas[{j}].name", f"{name!r} names no {', '.join(_KUSTOMIZE_REPLICA_KINDS)} of "
                                "this build (by its name here or an earlier one), so kustomize refuses the folder "
                                "('does not match a config with the following GVK'). Name one of them, or remove the "
                                "entry.")
    other = sorted(key for key in k if key not in _KUSTOMIZE_APPLIED) + [
        f"labels[{i}].fields" for i, e in enumerate(k["labels"] if isinstance(k.get("labels"), list) else [])
        if isinstance(e, dict) and any(isinstance(f, str) and f.lower() == "fields" and v for f, v in e.items())]
    applied = [key + (" (names only)" if key.endswith("Generator") else "") for key in (
        "configMapGenerator", "secretGenerator", "components") + _KUSTOMIZE_PATCHES + (
        "namespace", "namePrefix", "nameSuffix", "replicas", "commonAnnotations", "commonLabels", "labels")
        if k.get(key)]
    priced = [key for key in _KUSTOMIZE_PRICED if k.get(key) and key != "components"]
    adds = [key for key in priced if key in _KUSTOMIZE_ADDS]
    for entry in remote:
        pending.append((result.assumptions, lambda kubectl, build, entry=entry: (
            f"{kfile}: remote resource {entry!r} is not fetched (advisor reads local files), so what it holds is not "
            f"priced; price what kustomize builds with '{kubectl}' (or '{build}')")))
    pending.append((result.notes, lambda kubectl, build: (
        f"{kfile}: kustomize: read the {len(entries)} listed resource(s)"
        + (f", applied {', '.join(applied)}" if applied else "")
        + (f"; not applied: {', '.join(other)} -- for what kustomize would build exactly, run '{build}' (or "
           f"'{kubectl}': kustomize is built into kubectl)" if other else ""))))
    if priced:
        pending.append((result.assumptions, lambda kubectl, build: (
            f"{kfile}: kustomize {', '.join(priced)} not applied: they can "
            + ("add workloads or " if adds else "") + "change replicas and requests, and the estimate is of the "
            f"resources as listed, unpatched; price what kustomize builds with '{kubectl}' (or '{build}')")))
    if top:
        # kustomize inflates helmCharts only when asked to ('--enable-helm'; without it the build fails with "must
        # specify --enable-helm"), so the command given for a build holding a chart (in any of its folders) says so
        helm = " --enable-helm" if any(key in here for key in ("helmCharts", "helmChartInflationGenerator")) else ""
        quoted = shlex.quote(str(root))
        kubectl, build = f"kubectl kustomize{helm} {quoted} | advisor compare -", \
            f"kustomize build{helm} {quoted} | advisor compare -"
        for target, text in pending:
            target.append(text(kubectl, build))
    return out


def _generated(k: dict, ctx: _Ctx, objs: list) -> list[tuple[str, str, Any, frozenset]]:
    """The ConfigMaps and Secrets a kustomization's ``configMapGenerator`` and ``secretGenerator`` make, as objects
    of the build (kind, apiVersion v1, name and namespace only: advisor prices no ConfigMap or Secret, but an overlay's
    patch may name one, as kustomize-springboot's production overlay patches the base's generated demo-configmap, and
    kustomize refuses a patch whose target is not in the build). kustomize runs generators after the resources and
    before the components (kusttarget.go ``runGenerators``); an entry with ``behavior: merge`` or ``replace`` changes
    a ConfigMap already built and makes none. The content hash kustomize appends to a generated name is not added (no
    price depends on it)."""
    out: list[tuple[str, str, Any, frozenset]] = []
    have = {(o.get("kind"), (o.get("metadata") or {}).get("name")) for _s, _d, o, _n in objs
            if isinstance(o, dict) and isinstance(o.get("metadata"), dict)}
    for key, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
        for j, entry in enumerate(_seq(k.get(key), ctx, key)):
            entry = _map(entry, ctx, f"{key}[{j}]", f"a {kind} generator (name, files or literals)")
            name = entry.get("name")
            if not isinstance(name, str) or not name:
                raise ctx.error(f"{key}[{j}].name", f"is {_kind(name)}; kustomize needs the {kind}'s name.")
            if entry.get("behavior") in ("merge", "replace") or (kind, name) in have:
                continue
            meta = {"name": name, **({"namespace": entry["namespace"]} if isinstance(entry.get("namespace"), str)
                                     and entry["namespace"] else {})}
            out.append((ctx.source, f"{key}[{j}]", {"apiVersion": "v1", "kind": kind, "metadata": meta}, frozenset()))
    return out


def _patch_docs(entry: Any, folder: Path, kfile: Path, ctx: _Ctx, fld: str) -> list[Any]:
    """The documents of one patch entry: a file next to the kustomization (in or below its folder, as kustomize's
    load restrictor requires) or the inline text (a patchesStrategicMerge entry may be either; ``path`` / ``patch``
    of a patches or patchesJson6902 entry)."""
    if not isinstance(entry, str) or not entry.strip():
        raise ctx.error(fld, f"must be a patch file path or the patch text, got {_kind(entry)}.")
    p = Path(os.path.normpath(folder / entry)) if "\n" not in entry else None
    if p is not None and os.path.lexists(p) and not p.is_file():
        # a folder, a pipe, a device, a broken link: it is there, so it is not patch text
        raise ctx.error(fld, f"{entry!r} is {'a folder' if p.is_dir() else _not_a_file(p)}, not a patch file; give a "
                        "regular file next to the kustomization, or the patch text.")
    if p is not None and p.is_file():
        if not p.resolve().is_relative_to(folder.resolve()):
            raise ctx.error(fld, f"{entry!r} is a file outside {folder}; kustomize refuses it ('security; file ... is "
                            "not in or below ...'): move the patch into the folder.")
        src = read_source(p, what="kustomize patch file")
        return [d for d in parse_yaml(src.text, str(p)) if d is not None]
    try:
        docs = [d for d in parse_yaml(entry, f"{kfile} {fld}") if d is not None]
    except WorkloadError as exc:
        raise ctx.error(fld, f"{entry!r} is neither a file next to {kfile.name} nor a readable patch ({exc}).") from None
    if not docs or isinstance(docs[0], str):
        raise ctx.error(fld, f"{entry!r} is not found next to {kfile.name}.")
    return docs


def _apply_patches(k: dict, ctx: _Ctx, folder: Path, kfile: Path, objs: list, keys: tuple[str, ...],
                   result: ImportResult) -> list:
    """``objs`` with a kustomization's (or a Component's) patches of ``keys`` applied, in the order kustomize runs
    them (``_kustomize``; ``kpatch`` for the rules). A strategic merge patch without a target must name exactly one
    object of the build by any of its ids, as kustomize's ``GetById`` requires ("no resource matches strategic merge
    patch", "multiple matches for Id"); a patch that cannot be applied fails kustomize's build: both exit 2 naming the
    kustomization file and the entry. A ``target`` that selects nothing is no error in kustomize (``Select`` returns
    no object and the patch changes nothing: api/krusty TestExtendedPatchNoMatch), so it is a note."""
    out = list(objs)

    def describe(patch: Any, target: dict | None) -> str:
        if target is not None:
            return "target " + ", ".join(f"{key} {target[key]}" for key in target if target[key])
        meta = patch.get("metadata") if isinstance(patch, dict) and isinstance(patch.get("metadata"), dict) else {}
        ns = f"{meta['namespace']}/" if isinstance(meta.get("namespace"), str) and meta["namespace"] else ""
        return f"{patch.get('apiVersion') if isinstance(patch, dict) else None} " \
               f"{patch.get('kind') if isinstance(patch, dict) else None} {ns}{meta.get('name')}"

    def apply(fld: str, patch: Any, target: dict | None) -> None:
        if isinstance(patch, list):
            if target is None:
                raise ctx.error(fld, "is a JSON 6902 patch (a list of operations) without a target; kustomize needs "
                                "'target: {kind: ..., name: ...}' beside it.")
            change = functools.partial(kpatch.json6902, ops=patch)
        elif isinstance(patch, dict):
            meta = patch.get("metadata") if isinstance(patch.get("metadata"), dict) else {}
            unnamed = [k for k, v in (("apiVersion", patch.get("apiVersion")), ("kind", patch.get("kind")),
                                      ("metadata.name", meta.get("name"))) if not (isinstance(v, str) and v)]
            if target is None and unnamed:
                # it said 'patches None None web, which is not in this build'
                raise ctx.error(fld, f"has no {' or '.join(unnamed)} (text); a strategic merge patch without a "
                                "target finds its object by apiVersion, kind and metadata.name, as kustomize does: "
                                "write them as the object has them, or give the entry a target.")

            def change(t: dict, p: dict = patch) -> Any:
                return kpatch.keep_id(t, kpatch.strategic_merge(t, p))
        else:
            raise ctx.error(fld, f"is {_kind(patch)}, not a patch (a mapping, or a list of JSON 6902 operations).")
        hits = []
        for i, (_source, _doc, obj, names) in enumerate(out):
            if not isinstance(obj, dict):
                continue
            if target is not None:
                try:
                    if not kpatch.target_matches(target, obj, names):
                        continue
                except kpatch.PatchError as exc:
                    raise ctx.error(f"{fld}.target", f"{exc}.") from None
            elif not kpatch.patch_id_matches(patch, obj, names):
                continue
            hits.append(i)
        if target is None and len(hits) != 1:
            what = describe(patch, None)
            if hits:
                raise ctx.error(fld, f"patches {what}, which names {len(hits)} objects of this build (by their "
                                "names now or earlier), so kustomize refuses it ('multiple matches for Id'); give "
                                "the patch a target, or its metadata.namespace.")
            raise ctx.error(fld, f"patches {what}, which is not in this build (by apiVersion, kind, namespace and "
                            "name, now or before a namePrefix/namespace), so kustomize refuses it ('no resource "
                            "matches strategic merge patch'); name an object of the build, or give the folder that "
                            "holds it.")
        if not hits:
            result.notes.append(f"{kfile}: {fld} selects nothing in this build ({describe(patch, target)}), so it "
                                "changes nothing, as kustomize applies a patch to the objects its target selects")
            return
        for i in hits:
            source, doc, obj, names = out[i]
            try:
                new = change(obj)
            except kpatch.PatchError as exc:
                meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
                raise ctx.error(fld, f"cannot be applied to {obj.get('kind')} {meta.get('name')} ({exc}), so "
                                "kustomize refuses the build; fix the patch.") from None
            if new is not kpatch.DELETE and new != obj:
                # an error about the object now is about what the patch made of it: the file alone does not hold it
                # ('base.yaml: document 1: spec.replicas: -4' where base.yaml says 2)
                by = f"{os.path.relpath(kfile, Path(source).parent)} {fld}"
                doc = doc if doc.endswith(by) else f"{doc}, as patched by {by}"
            out[i] = (source, doc, None if new is kpatch.DELETE else new, names)
        out[:] = [o for o in out if o[2] is not None]

    for key in keys:
        for j, entry in enumerate(_seq(k.get(key), ctx, key)):
            fld = f"{key}[{j}]"
            if key == "patchesStrategicMerge":
                for patch in _patch_docs(entry, folder, kfile, ctx, fld):
                    apply(fld, patch, None)
                continue
            entry = _map(entry, ctx, fld, "a patch entry (path or patch, and target)")
            target = entry.get("target")
            if target is not None:
                target = _map(target, ctx, f"{fld}.target", "a target (kind, name, ...)")
            elif key == "patchesJson6902":
                raise ctx.error(f"{fld}.target", "is missing; a patchesJson6902 entry names its target.")
            if entry.get("path") is None and entry.get("patch") is None:
                raise ctx.error(fld, "has neither 'path' (a patch file) nor 'patch' (the patch text); kustomize "
                                "needs one of them.")
            text = entry.get("path") if entry.get("path") is not None else entry.get("patch")
            docs = _patch_docs(text, folder, kfile, ctx, f"{fld}.{'path' if entry.get('path') else 'patch'}")
            if target is not None and len(docs) > 1:
                raise ctx.error(fld, f"holds {len(docs)} strategic merge patches and a target; kustomize refuses "
                                "that ('Multiple Strategic-Merge Patches in one `patches` entry is not allowed to "
                                "set `patches.target` field'): give each its own entry.")
            for patch in docs:
                apply(fld, patch, target)
    return out


def _common_annotations(k: dict, ctx: _Ctx) -> dict[str, str]:
    """A kustomization's ``commonAnnotations``: "Adds annotations (non-identifying metadata) to all resources. Like
    labels, these are key value pairs" (kustomize's kustomization reference, commonAnnotations), set on every
    object's ``metadata.annotations`` and on its pod template's, a value replacing the object's own. advisor reads
    some annotations (a Service's load balancer type, an Ingress class, ``advisor/*`` hours, KEDA's paused replicas),
    so they are applied, not only noted. Keys and values are text, as kustomize requires."""
    raw = k.get("commonAnnotations")
    if raw is None:
        return {}
    common = _map(raw, ctx, "commonAnnotations", "a mapping of annotation names to text values")
    out = {}
    for key, value in common.items():
        if not isinstance(key, str) or not key:
            raise ctx.error("commonAnnotations", f"annotation names must be text, got {_kind(key)}.")
        if not isinstance(value, str):  # a number too: kustomize decodes it into a string field and fails
            raise ctx.error(f"commonAnnotations.{key}", f"must be text (quote it), got {_kind(value)}: kustomize "
                            "refuses an annotation value that is not a string.")
        out[key] = str(value)
    return out


#: Where kustomize's label transformer sets a label: ``commonLabels`` (and ``labels`` with ``includeSelectors``) on
#: these (kind, path, create) field specs, ``labels`` with ``includeTemplates`` on the pod templates' only, and every
#: ``labels`` entry on ``metadata.labels`` (kustomize api/internal/konfig/builtinpluginconsts/commonlabels.go and
#: metadatalabels.go; api/internal/target/kusttarget.go, configureBuiltinTransformers). A path runs through every
#: item of a list on its way; ``create`` False sets the label only where the mapping is already written. Labels
#: matter to advisor where a selector reads them: a pod (anti-)affinity or topology spread that selects its own pods,
#: a patch's ``target.labelSelector``.
_TEMPLATE_LABEL_SPECS: tuple[tuple[str, str, bool], ...] = tuple(
    (kind, "spec/template/metadata/labels", True)
    for kind in ("ReplicationController", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job")) + (
    ("CronJob", "spec/jobTemplate/metadata/labels", True),
    ("CronJob", "spec/jobTemplate/spec/template/metadata/labels", True))
_AFFINITY_LABEL_PATHS = (
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/"
    "labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/"
    "labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/"
    "matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels")
_SELECTOR_LABEL_SPECS: tuple[tuple[str, str, bool], ...] = (
    ("Service", "spec/selector", True), ("ReplicationController", "spec/selector", True),
    ("Deployment", "spec/selector/matchLabels", True), ("ReplicaSet", "spec/selector/matchLabels", True),
    ("DaemonSet", "spec/selector/matchLabels", True), ("StatefulSet", "spec/selector/matchLabels", True),
    ("Job", "spec/selector/matchLabels", False), ("CronJob", "spec/jobTemplate/spec/selector/matchLabels", False),
    ("PodDisruptionBudget", "spec/selector/matchLabels", False),
    ("NetworkPolicy", "spec/podSelector/matchLabels", False),
    ("NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", False),
    ("NetworkPolicy", "spec/egress/to/podSelector/matchLabels", False),
    ("StatefulSet", "spec/volumeClaimTemplates/metadata/labels", True),
) + tuple((kind, path, False) for kind in ("Deployment", "StatefulSet") for path in _AFFINITY_LABEL_PATHS)


def _label_map(raw: Any, ctx: _Ctx, fld: str) -> dict[str, str]:
    """A kustomization's label mapping (``commonLabels``, ``labels[i].pairs``), checked: names and values are text,
    as kustomize requires."""
    labels = _map(raw, ctx, fld, "a mapping of label names to text values")
    out = {}
    for key, value in labels.items():
        if not isinstance(key, str) or not key:
            raise ctx.error(fld, f"label names must be text, got {_kind(key)}.")
        if not isinstance(value, str):  # a number too: kustomize decodes it into a string field and fails
            raise ctx.error(f"{fld}.{key}", f"must be text (quote it), got {_kind(value)}: kustomize refuses a "
                            "label value that is not a string.")
        out[key] = str(value)
    return out


#: The fields of a kustomization's ``labels`` entry (kustomize api/types/labels.go, Label). kustomize decodes a
#: kustomization as JSON with unknown fields disallowed (api/types/kustomization.go, Unmarshal), and Go's decoder
#: matches a field name case-insensitively: ``IncludeSelectors`` is includeSelectors, ``includeSelector`` fails the build.
_LABEL_ENTRY_FIELDS = ("pairs", "includeSelectors", "includeTemplates", "includeVolumeClaimTemplates", "fields")


def _label_entry(raw: Any, ctx: _Ctx, i: int) -> dict:
    """A kustomization's ``labels[i]``, checked as kustomize decodes it, with its field names as
    ``_LABEL_ENTRY_FIELDS`` spell them: a field it does not have, or a flag that is not a boolean ("true" quoted),
    fails kustomize's build; advisor read such a flag as false and the field as not there."""
    entry = _map(raw, ctx, f"labels[{i}]", "a mapping (e.g. '- {pairs: {tier: web}, includeSelectors: false}')")
    out: dict[str, Any] = {}
    for key, value in entry.items():
        name = next((f for f in _LABEL_ENTRY_FIELDS if isinstance(key, str) and f.lower() == key.lower()), None)
        if name is None:
            raise ctx.error(f"labels[{i}].{key}", f"is not a field of a labels entry (valid: "
                            f"{', '.join(_LABEL_ENTRY_FIELDS)}), so kustomize refuses the build."
                            + choice_hint(key, list(_LABEL_ENTRY_FIELDS)))
        if name.startswith("include") and value is not None and not isinstance(value, bool):
            raise ctx.error(f"labels[{i}].{key}", f"must be true or false, got {_kind(value)}, so kustomize refuses "
                            "the build" + (" (write it without quotes)" if isinstance(value, str) else "") + ".")
        out[name] = value
    _seq(out.get("fields"), ctx, f"labels[{i}].fields", "a list of field specs (path, kind, create)")
    return out


def _kustomize_labels(k: dict, ctx: _Ctx) -> list[tuple[dict[str, str], tuple[tuple[str, str, bool], ...]]]:
    """A kustomization's ``labels`` and ``commonLabels`` as (labels, field specs) pairs, in the order kustomize's
    label transformer applies them: each ``labels`` entry, then ``commonLabels`` (api/internal/target/
    kusttarget_configplugin.go, LabelTransformer), so a name in both ends with commonLabels' value everywhere.
    ``labels[i].fields`` (field specs of your own) are not applied: the build's note says so."""
    out = []
    for i, raw in enumerate(_seq(k.get("labels"), ctx, "labels")):
        entry = _label_entry(raw, ctx, i)
        pairs = _label_map(entry.get("pairs") or {}, ctx, f"labels[{i}].pairs")
        specs: tuple[tuple[str, str, bool], ...] = ()
        if entry.get("includeSelectors") is True:
            specs = _SELECTOR_LABEL_SPECS + _TEMPLATE_LABEL_SPECS
        elif entry.get("includeTemplates") is True:
            specs = _TEMPLATE_LABEL_SPECS
        out.append((pairs, specs))
    if k.get("commonLabels") is not None:
        out.append((_label_map(k["commonLabels"], ctx, "commonLabels"), _SELECTOR_LABEL_SPECS + _TEMPLATE_LABEL_SPECS))
    return out


def _set_labels(node: Any, path: list[str], pairs: dict[str, str], create: bool) -> Any:
    """``node`` (copied where changed) with ``pairs`` merged into the mapping at ``path``, through every item of a
    list on the way; a missing step is made only when ``create``."""
    if isinstance(node, list):
        return [_set_labels(item, path, pairs, create) for item in node]
    if not isinstance(node, dict):
        return node
    head, rest = path[0], path[1:]
    if head not in node or node[head] is None:
        if not create:
            return node
        return {**node, head: _set_labels({}, rest, pairs, create) if rest else dict(pairs)}
    if not rest:
        return {**node, head: {**node[head], **pairs}} if isinstance(node[head], dict) else node
    return {**node, head: _set_labels(node[head], rest, pairs, create)}


def _with_labels(obj: dict, pairs: dict[str, str], specs: tuple[tuple[str, str, bool], ...]) -> dict:
    """``obj`` with a kustomize label set applied: ``metadata.labels`` always, and the field specs of its kind."""
    if not pairs:
        return obj
    obj = _set_labels(obj, ["metadata", "labels"], pairs, True)
    for kind, path, create in specs:
        if obj.get("kind") == kind:
            obj = _set_labels(obj, path.split("/"), pairs, create)
    return obj


def _with_annotations(obj: dict, common: dict[str, str]) -> dict:
    """``obj`` with ``common`` added to its pod template's annotations (``spec.template.metadata``, and a CronJob's
    ``spec.jobTemplate.spec.template.metadata``), copied, never changed in place."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return obj
    def templated(holder: dict) -> dict:
        t = holder.get("template")
        if not isinstance(t, dict):
            return holder
        m = t.get("metadata") if isinstance(t.get("metadata"), dict) else {}
        ann = m.get("annotations") if isinstance(m.get("annotations"), dict) else {}
        return {**holder, "template": {**t, "metadata": {**m, "annotations": {**ann, **common}}}}
    spec = templated(spec)
    jt = spec.get("jobTemplate")
    if isinstance(jt, dict) and isinstance(jt.get("spec"), dict):
        spec = {**spec, "jobTemplate": {**jt, "spec": templated(jt["spec"])}}
    return {**obj, "spec": spec}


def _kustomize_replica_name(r: dict, ctx: _Ctx, j: int) -> str:
    """A kustomization's ``replicas[j].name``, checked (kustomize's Replica type: name is a string)."""
    if not isinstance(r.get("name"), str) or not r["name"].strip():
        raise ctx.error(f"replicas[{j}].name", f"is {_kind(r.get('name'))}; name the Deployment, StatefulSet, "
                        "ReplicaSet or ReplicationController to scale, e.g. '- {name: web, count: 3}'.")
    return r["name"]


def _kustomize_replica_count(r: dict, ctx: _Ctx, j: int) -> int:
    """A kustomization's ``replicas[j].count``, checked as the ``spec.replicas`` it becomes, and named as the
    kustomization writes it (the error was the Deployment's ``spec.replicas`` in its own file, which says
    nothing of it). kustomize reads count as an int64 through YAML-to-JSON, so a whole number written 3.0 or 1e9
    is that number, a quoted "3" fails its build, and a missing count is 0; Kubernetes refuses a negative
    ``spec.replicas`` (DeploymentSpec: "must be greater than or equal to 0")."""
    v, fld = r.get("count"), f"replicas[{j}].count"
    if v is None:
        raise ctx.error(fld, "is missing: kustomize would read it as 0 and scale the object to no pods; give the "
                        "count, a whole number >= 0, e.g. '- {name: web, count: 3}'.")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ctx.error(fld, f"{show(v)} is not a whole number" + (" (kustomize refuses a quoted count: write it "
                        "without quotes)" if isinstance(v, str) else "") + "; give a whole number >= 0, e.g. 3.")
    if v < 0:
        raise ctx.error(fld, f"{show(v)} is not valid: kustomize writes it as spec.replicas, which Kubernetes refuses below "
                        "0; give a whole number >= 0.")
    if v > MAX_TASKS_PER_SERVICE:
        raise ctx.error(fld, f"{v:,} is more than advisor models for one service ({MAX_TASKS_PER_SERVICE:,}, the ECS "
                        "'Tasks per service' quota); split the workload or lower it.")
    return v


def _replica_kind(obj: Any) -> bool:
    """Whether kustomize's ``replicas`` field sets this object's ``spec.replicas``: a Deployment, ReplicationController,
    ReplicaSet or StatefulSet (of any group) with a name. Source: kustomize's replicas field specs
    (api/internal/konfig/builtinpluginconsts/replicas.go); an Argo Rollout, a Job or a custom resource keeps its own."""
    return isinstance(obj, dict) and obj.get("kind") in _KUSTOMIZE_REPLICA_KINDS and \
        isinstance(obj.get("metadata"), dict) and isinstance(obj["metadata"].get("name"), str)


def _rename_refs(obj: dict, new_name: Callable[[str, str], str]) -> None:
    """kustomize renames the references to a renamed object of the same build (its nameReference configuration): a
    pod volume's ``persistentVolumeClaim.claimName``, a claim's (or claim template's) ``storageClassName`` and
    ``volumeName``, an Ingress's ``ingressClassName``, and an HPA's ``scaleTargetRef.name`` when a Deployment,
    ReplicationController, ReplicaSet or StatefulSet of that name is renamed (whatever ``scaleTargetRef.kind`` says:
    kustomize's nameReference lists only those four kinds for it, so an HPA of an Argo Rollout keeps the Rollout's old
    name and, as built, scales nothing). ``new_name(kind, name)`` is the name after the build. The
    object's nested mappings are copied, never changed in place."""
    def renamed(d: dict, key: str, kind: str) -> dict:
        return {**d, key: new_name(kind, d[key])} if isinstance(d.get(key), str) else d

    def claim_spec(spec: Any) -> Any:
        if not isinstance(spec, dict):
            return spec
        return renamed(renamed(spec, "storageClassName", "StorageClass"), "volumeName", "PersistentVolume")

    def pod_spec(spec: Any) -> Any:
        if not isinstance(spec, dict) or not isinstance(spec.get("volumes"), list):
            return spec
        return {**spec, "volumes": [
            {**v, "persistentVolumeClaim": renamed(v["persistentVolumeClaim"], "claimName", "PersistentVolumeClaim")}
            if isinstance(v, dict) and isinstance(v.get("persistentVolumeClaim"), dict) else v
            for v in spec["volumes"]]}

    def template(t: Any) -> Any:
        return {**t, "spec": pod_spec(t.get("spec"))} if isinstance(t, dict) else t

    kind, spec = obj.get("kind"), obj.get("spec")
    if not isinstance(spec, dict):
        return
    if kind == "Pod":
        obj["spec"] = pod_spec(spec)
    elif kind == "PersistentVolumeClaim":
        obj["spec"] = claim_spec(spec)
    elif kind == "Ingress":
        obj["spec"] = renamed(spec, "ingressClassName", "IngressClass")
    elif kind == "HorizontalPodAutoscaler" and isinstance(spec.get("scaleTargetRef"), dict) and \
            isinstance(spec["scaleTargetRef"].get("name"), str):
        ref = spec["scaleTargetRef"]
        new = next((n for n in (new_name(k, ref["name"]) for k in _KUSTOMIZE_REPLICA_KINDS) if n != ref["name"]),
                   ref["name"])
        obj["spec"] = {**spec, "scaleTargetRef": {**ref, "name": new}}
    elif kind == "CronJob" and isinstance(spec.get("jobTemplate"), dict) and \
            isinstance(spec["jobTemplate"].get("spec"), dict):
        job = spec["jobTemplate"]["spec"]
        obj["spec"] = {**spec, "jobTemplate": {**spec["jobTemplate"], "spec": {**job, "template": template(
            job.get("template"))}}}
    elif "template" in spec:
        spec = {**spec, "template": template(spec.get("template"))}
        if isinstance(spec.get("volumeClaimTemplates"), list):
            spec["volumeClaimTemplates"] = [{**t, "spec": claim_spec(t.get("spec"))} if isinstance(t, dict) else t
                                            for t in spec["volumeClaimTemplates"]]
        obj["spec"] = spec


def _text_keys(obj: dict, source: str, doc: str) -> None:
    """Every mapping key of a Kubernetes object is text: an object is JSON, whose keys are strings, and the API server
    refuses any other. YAML reads ``1:``, ``true:`` or ``null:`` as a number, a boolean or null, which failed inside
    (a nodeSelector ``{1: x, kubernetes.io/arch: amd64}`` with "'<' not supported between instances of 'str' and
    'int'") or was skipped; the error names the field and the key, and says to quote it."""
    stack: list[tuple[Any, str]] = [(obj, "")]
    while stack:  # depth first, in the document's order (children pushed in reverse): the first bad key is named
        node, at = stack.pop()
        if isinstance(node, dict):
            for k in node:
                if not isinstance(k, str):
                    written = "null" if k is None else str(k).lower() if isinstance(k, bool) else str(k)
                    raise fail(source, doc, at or None, f"the key {show(k)} is {_kind(k)}, not text; a Kubernetes "
                               "object's keys are strings (it is JSON, and the API server refuses any other key): "
                               f"quote it, \"{written}\".")
            stack += [(v, f"{at}.{k}" if at else k) for k, v in reversed(node.items()) if isinstance(v, (dict, list))]
        else:
            stack += [(v, f"{at}[{i}]") for i, v in reversed(list(enumerate(node))) if isinstance(v, (dict, list))]


def _flatten(source: str, doc: str, obj: Any) -> list[tuple[str, str, dict]]:
    if isinstance(obj, dict):
        _text_keys(obj, source, doc)
    if not isinstance(obj, dict):
        raise fail(source, doc, None, f"expected a Kubernetes object (a mapping with apiVersion and kind), got "
                   f"{_kind(obj)}.")
    kind = obj.get("kind")
    if kind is None or (isinstance(kind, str) and not kind.strip()):
        raise fail(source, doc, "kind", "is missing: this is not a Kubernetes object (every manifest has apiVersion "
                   "and kind, e.g. 'apiVersion: apps/v1' and 'kind: Deployment').")
    if not isinstance(kind, str):  # present, but not a name: say what it is (Kubernetes API: kind is a string)
        raise fail(source, doc, "kind", f"is {_kind(kind)}, not text: kind names the object's type as a string, e.g. "
                   "'kind: Deployment'.")
    meta = obj.get("metadata")
    if isinstance(meta, dict) and meta.get("namespace") is not None and not isinstance(meta["namespace"], str):
        # read as 'default' until now, which put the object in another namespace than meant
        raise fail(source, doc, "metadata.namespace", f"is {_kind(meta['namespace'])}, not text: a namespace is a "
                   "name, e.g. 'namespace: shop' (or leave it out for 'default').")
    if kind == "List" or (kind.endswith("List") and "items" in obj):
        items = obj.get("items")
        if items is None:
            return []
        if not isinstance(items, list):
            raise fail(source, doc, "items", f"must be a list of Kubernetes objects, got {_kind(items)}.")
        out = []
        for j, item in enumerate(items):
            out += _flatten(source, f"{doc} items[{j}]", item)
        return out
    return [(source, doc, obj)]


# ------------------------------------------------------------------------------------------- pod specs


#: A container's ``restartPolicy`` (core/v1 ``ContainerRestartPolicy``): ``Always`` on an init container makes it a
#: native sidecar ("Sidecar Containers"); ``OnFailure`` and ``Never`` (and any value on an app container) come with
#: ``ContainerRestartRules`` (Kubernetes "Pod Lifecycle", "Individual container restart policy and rules") and change
#: when the kubelet restarts the container, not what it requests or how long it runs beside the others.
CONTAINER_RESTART_POLICIES = ("Always", "OnFailure", "Never")


def _container(c: Any, ctx: _Ctx, fld: str, defaults: dict[str, tuple[float, str]] | None = None,
               init: bool = False) -> dict:
    """{name, cpu, memory, eph, sidecar, defaulted} of one container's request (limits where no request; None =
    none). ``defaults``: the namespace's LimitRange default requests (``_limit_ranges``), given to a resource with
    neither a request nor a limit (``defaulted`` lists those resources). ``init``: an init container, the only kind a
    ``restartPolicy: Always`` makes a native sidecar (an app container with it is still an app container)."""
    if not isinstance(c, dict):
        raise ctx.error(fld, f"expected a container (a mapping with name, image, resources), got {_kind(c)}.")
    res = _map(c.get("resources"), ctx, f"{fld}.resources", "a mapping with requests / limits")
    req = _map(res.get("requests"), ctx, f"{fld}.resources.requests", "a mapping such as {cpu: 250m, memory: 512Mi}")
    lim = _map(res.get("limits"), ctx, f"{fld}.resources.limits", "a mapping such as {cpu: 500m, memory: 1Gi}")

    def pick(key: str):
        if req.get(key) is not None:
            return req[key], f"{fld}.resources.requests.{key}"
        if lim.get(key) is not None:  # request defaults to the limit (Kubernetes)
            return lim[key], f"{fld}.resources.limits.{key}"
        return None, None

    _requests_within_limits(req, lim, ctx, f"{fld}.resources")
    v, f = pick("cpu")
    cpu = k8s_cpu(v, ctx, f) if v is not None else None
    stated = {"cpu": (cpu, str(v))} if v is not None else {}
    v, f = pick("memory")
    mem = k8s_memory_mib(v, ctx, f) if v is not None else None
    if v is not None:
        stated["memory"] = (mem, str(v))
    limits = {key: (parse(lim[key], ctx, f"{fld}.resources.limits.{key}"), str(lim[key]))
              for key, parse in (("cpu", k8s_cpu), ("memory", k8s_memory_mib)) if lim.get(key) is not None}
    defaulted = []
    if defaults:  # LimitRanger admission: a resource the container requests nothing of gets the default request
        for key in ("cpu", "memory"):
            if (cpu if key == "cpu" else mem) is None and key in defaults:
                if defaults[key][2:] and defaults[key][2] is not None:  # a max / min no container request can be
                    raise defaults[key][2]
                if key == "cpu":
                    cpu = defaults["cpu"][0]
                else:
                    mem = defaults["memory"][0]
                defaulted.append(key)
    v, f = pick("ephemeral-storage")
    eph = k8s_memory_mib(v, ctx, f, storage=True) / MIB_PER_GIB if v is not None else 0.0
    name = c.get("name")
    name = str(name) if isinstance(name, (str, int)) and not isinstance(name, bool) and str(name).strip() else fld
    policy = c.get("restartPolicy")
    if policy is not None and not isinstance(policy, str):
        raise ctx.error(f"{fld}.restartPolicy", f"must be a string (Always), got {_kind(policy)}.")
    if policy is not None and policy not in CONTAINER_RESTART_POLICIES:
        close = [p for p in CONTAINER_RESTART_POLICIES if p.lower() == policy.strip().lower()]
        raise ctx.error(f"{fld}.restartPolicy", f"{show(policy)} is not a container restart policy (the API server "
                        "refuses it: supported values Always, OnFailure, Never; Always on an init container makes it "
                        "a native sidecar)" + (f"; did you mean {close[0]!r}?" if close else "."))
    sec = _map(c.get("securityContext"), ctx, f"{fld}.securityContext", "a mapping such as {privileged: true}")
    privileged = sec.get("privileged")
    if privileged is not None and not isinstance(privileged, bool):
        raise ctx.error(f"{fld}.securityContext.privileged", f"must be true or false, got {show(privileged)}.")
    return {"name": name[:253], "cpu": cpu or None, "memory": mem or None, "eph": eph, "sidecar": init and policy == "Always",
            "gpus": _accelerators(req, lim, ctx, fld), "extended": _extended_resources(req, lim, ctx, fld),
            "defaulted": defaulted, "privileged": privileged is True,
            "ports": _ports(c, ctx, fld), "fld": fld, "requests": stated, "limits": limits}


#: The protocols of a Kubernetes ContainerPort ("Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP"").
_PORT_PROTOCOLS = ("TCP", "UDP", "SCTP")


def _ports(c: dict, ctx: _Ctx, fld: str) -> list[tuple[int | None, int, str, str, str | None]]:
    """(containerPort, hostPort or 0, field, protocol, hostIP or None) of each of a container's ``ports`` (Kubernetes
    API, ContainerPort: ``containerPort`` "Number of port to expose on the pod's IP address. This must be a valid port
    number, 0 < x < 65536"; ``hostPort`` "Number of port to expose on the host. If specified, this must be a valid
    port number, 0 < x < 65536"; 0 or none is no host port; ``protocol`` "Must be UDP, TCP, or SCTP. Defaults to
    'TCP'"; ``hostIP`` "What host IP to bind the external port to"). A port that is not a whole number in that range,
    or another protocol, exits 2 naming the field, as the API server refuses the pod."""
    out: list[tuple[int | None, int, str, str, str | None]] = []
    for j, port in enumerate(_seq(c.get("ports"), ctx, f"{fld}.ports", "a list of ports ({containerPort: 80})")):
        pfld = f"{fld}.ports[{j}]"
        port = _map(port, ctx, pfld, "a port (a mapping with containerPort, and hostPort where the node's port is held)")
        got: list[int | None] = []
        for key in ("containerPort", "hostPort"):
            v = port.get(key)
            if v is None or (key == "hostPort" and v == 0 and not isinstance(v, bool)):
                got.append(None)
                continue
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 65535:
                raise ctx.error(f"{pfld}.{key}", f"{show(v)} is not a port number; write a whole number from 1 to "
                                "65535" + (", or remove hostPort (0 or none holds no port of the node)" if key == "hostPort"
                                           else "") + ".")
            got.append(v)
        proto = port.get("protocol", "TCP")
        if proto is None:
            proto = "TCP"
        if not isinstance(proto, str) or proto not in _PORT_PROTOCOLS:
            raise ctx.error(f"{pfld}.protocol", f"{show(proto)} is not a protocol of a container port; write TCP (the "
                            "default), UDP or SCTP, in capitals as the API server requires.")
        host_ip = port.get("hostIP")
        if host_ip is not None and (not isinstance(host_ip, str) or not host_ip.strip() or len(host_ip) > 45
                                    or not host_ip.strip().isprintable()):
            raise ctx.error(f"{pfld}.hostIP", f"{show(host_ip)} is not an address; write the node IP the port binds "
                            "(e.g. 10.0.0.5), or remove hostIP to bind every address.")
        out.append((got[0], got[1] or 0, pfld, proto, host_ip.strip() if isinstance(host_ip, str) else None))
    return out


#: The decimal and binary spellings of one unit letter (``M`` = 10^6 bytes, ``Mi`` = 2^20): a request and a limit
#: written with different ones (``64Mi`` and ``64M``) are the usual cause of a request above its limit.
_DECIMAL_BINARY = re.compile(r"^\s*[0-9.]+\s*([KMGTPE])(i?)\s*$")


def _requests_within_limits(req: dict, lim: dict, ctx: _Ctx, fld: str) -> None:
    """Refuse a cpu, memory or ephemeral-storage request above its limit, as the API server refuses the pod
    (``pkg/apis/core/validation`` ``ValidateResourceRequirements``: "must be less than or equal to <resource>
    limit of <limit>"; the same rule holds for pod-level ``spec.resources``). ``fld``: the ``resources`` field.
    Extended resources (GPUs) have their own rule (``_accelerators``: request equal to the limit)."""
    for key in ("cpu", "memory", "ephemeral-storage"):
        if req.get(key) is None or lim.get(key) is None:
            continue
        if key == "cpu":
            r, l_ = k8s_cpu(req[key], ctx, f"{fld}.requests.{key}"), k8s_cpu(lim[key], ctx, f"{fld}.limits.{key}")
            unit = "vCPU"
        else:
            storage = key == "ephemeral-storage"
            r = k8s_memory_mib(req[key], ctx, f"{fld}.requests.{key}", storage=storage)
            l_ = k8s_memory_mib(lim[key], ctx, f"{fld}.limits.{key}", storage=storage)
            unit = "MiB"
        if r <= l_ * (1 + 1e-12):
            continue
        hint = ""
        a, b = (_DECIMAL_BINARY.match(str(x)) for x in (req[key], lim[key]))
        if a and b and a.group(1) == b.group(1) and a.group(2) != b.group(2):
            letter = a.group(1)
            hint = f" {letter}i is 1024-based and {letter} 1000-based: write both with {letter}i."
        raise ctx.error(f"{fld}.requests.{key}", f"{show(req[key])} ({num(r)} {unit}) is more than its limit "
                        f"{show(lim[key])} ({num(l_)} {unit}); Kubernetes refuses the pod (\"must be less than or equal "
                        f"to {key} limit of {lim[key]}\", ValidateResourceRequirements). Lower the request or raise the "
                        f"limit.{hint}")


def _extended_resources(req: dict, lim: dict, ctx: _Ctx, fld: str) -> list[str]:
    """The resources one container asks for that advisor does not size (``_SIZED_RESOURCES``): extended resources
    and hugepages, each as ``"NAME VALUE"`` (the request, else the limit, as written), for the assumption that names
    them as not priced. ``google.com/tpu`` (``_GOOGLE_TPU``) raises ``AdvisorError`` naming the field: no AWS
    platform runs a pod that needs Google Cloud TPUs."""
    out: list[str] = []
    for key in dict.fromkeys([*req, *lim]):
        if not isinstance(key, str) or key in _SIZED_RESOURCES:
            continue
        part, value = ("requests", req[key]) if req.get(key) is not None else ("limits", lim.get(key))
        if value is None:
            continue
        if key == _GOOGLE_TPU:
            raise ctx.error(f"{fld}.resources.{part}.{key}", f"{str(value).strip()[:20]} Google Cloud TPU chip(s), the resource "
                            "GKE's TPU nodes advertise (Google Kubernetes Engine docs, 'Deploy TPU workloads in GKE "
                            "Standard'): AWS offers no TPUs, so no EKS node or ECS instance would ever run this pod "
                            "(Kubernetes leaves it Pending), and advisor prices none. Ask for the accelerator it would "
                            "use on AWS instead (aws.amazon.com/neuron for Trainium or Inferentia, nvidia.com/gpu), "
                            "or remove the request to price its CPU and memory alone.")
        out.append(f"{key} {value}")
    return out


def extended_resources_assumption(pods: list[str]) -> str:
    """The assumption naming the pods (``"KIND NS/NAME (CONTAINER RESOURCE VALUE, ...)"``) whose extended resources
    or hugepages advisor leaves out (``_extended_resources``); manifests and Terraform plans word it alike."""
    return ("extended resources not priced: " + name_list(pods) + " -- advisor sizes cpu, memory, ephemeral-storage "
            "and the accelerators " + ", ".join(ACCELERATOR_RESOURCES) + "; any other resource (a device plugin's or "
            "the cluster administrator's extended resource, hugepages; Kubernetes 'Resource Management for Pods and "
            "Containers') is left out, so these pods are priced at their CPU and memory alone, on nodes that need "
            "not have it")


def _accelerators(req: dict, lim: dict, ctx: _Ctx, fld: str) -> int:
    """GPUs / Neuron devices one container asks for (``ACCELERATOR_RESOURCES``; limits, or requests equal to them)."""
    total = 0
    for key in ACCELERATOR_RESOURCES:
        counts = {}
        for part, m in (("requests", req), ("limits", lim)):
            if m.get(key) is None:
                continue
            v = m[key]
            ok = (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, str) and is_whole_number_text(v.strip())
                                                                      and len(v) < 6)
            if not ok:
                raise ctx.error(f"{fld}.resources.{part}.{key}", f"{show(v)} is not valid; {key} is a whole number of "
                                "devices (e.g. 1): extended resources take no fractions or units.")
            counts[part] = int(v)
        if len(set(counts.values())) > 1:
            raise ctx.error(f"{fld}.resources.requests.{key}", f"{counts['requests']} differs from the limit "
                            f"{counts['limits']}; Kubernetes requires an extended resource's request to equal its limit "
                            "('Schedule GPUs'). Give it in limits only.")
        total += next(iter(counts.values()), 0)
    return total


#: The operators of a node affinity term's matchExpressions (Kubernetes API, NodeSelectorRequirement: "Valid
#: operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt").
_NODE_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")


def _placement(spec: dict, ctx: _Ctx, fld: str) -> tuple[str, str, list[str], dict]:
    """(architecture, OS, notes, node label rules: ``_node_labels``) of a pod spec's nodeSelector and required node
    affinity."""
    notes: list[str] = []
    sel = _map(spec.get("nodeSelector"), ctx, f"{fld}.nodeSelector", "a mapping of node labels")
    for k, v in sel.items():  # PodSpec.nodeSelector is map[string]string: the API server refuses anything else
        if not isinstance(v, str):
            written = "null" if v is None else str(v).lower() if isinstance(v, bool) else show(v)
            raise ctx.error(f"{fld}.nodeSelector.{str(k)[:100]}",
                            f"{written} is not a string; node label values are strings (PodSpec.nodeSelector is a "
                            "map of strings: the API server refuses a number, a boolean, a list or null)"
                            + (f": quote it, \"{written}\"." if isinstance(v, (int, float)) else
                               ": write the label's value as text."))
    arch_vals: set[str] | None = None
    os_val = "linux"
    os_given = False
    afld = f"{fld}.nodeSelector"
    for k in _ARCH_KEYS:
        if k in sel:
            arch_vals = {str(sel[k])}
            afld = f"{fld}.nodeSelector.{k}"
    for k in _OS_KEYS:
        if k in sel:
            os_val, os_given = str(sel[k]), True
    aff = _map(spec.get("affinity"), ctx, f"{fld}.affinity")
    node_aff = _map(aff.get("nodeAffinity"), ctx, f"{fld}.affinity.nodeAffinity")
    required = _map(node_aff.get("requiredDuringSchedulingIgnoredDuringExecution"), ctx,
                    f"{fld}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution")
    terms = _node_selector_terms(required.get("nodeSelectorTerms"), ctx, fld)
    term_arches: list[set[str] | None] = []
    for tfld, requirements in terms:
        allowed: set[str] | None = None
        for _efld, key, op, vals in requirements:
            if key in _ARCH_KEYS:
                if op == "In":
                    allowed = vals if allowed is None else allowed & vals
                elif op == "NotIn":
                    allowed = (set(_ARCH) if allowed is None else allowed) - vals
                afld = tfld
            elif key in _OS_KEYS and op == "In" and len(vals) == 1:
                os_val, os_given = next(iter(vals)), True
        term_arches.append(allowed)
    if terms and all(a is not None for a in term_arches):  # terms are ORed: every term must constrain arch
        union = set().union(*term_arches)  # type: ignore[arg-type]
        arch_vals = union if arch_vals is None else arch_vals & union
    arch = "x86_64"
    if arch_vals is not None:
        bad = arch_vals - set(_ARCH)
        if bad:
            raise ctx.error(afld, f"architecture {', '.join(sorted(show(b) for b in bad))} is not one advisor can "
                            "price; use amd64 or arm64 (node label values are case-sensitive)."
                            + choice_hint(sorted(bad)[0], list(_ARCH)))
        if not arch_vals:
            raise ctx.error(afld, "the node selector and affinity allow no architecture; fix kubernetes.io/arch.")
        if arch_vals == {"arm64"}:
            arch = "arm64"
        elif len(arch_vals) > 1:
            notes.append("either amd64 or arm64 allowed: priced as x86_64")
    if os_val not in ("linux", "windows"):
        raise ctx.error(f"{fld}.nodeSelector.kubernetes.io/os", f"{show(os_val)} is not valid; use linux or windows "
                        "(node label values are case-sensitive)." + choice_hint(os_val, ["linux", "windows"]))
    node = _node_labels(sel, terms, ctx, fld)
    node["arch_given"] = arch_vals is not None
    # a DaemonSet's node OS / architecture (DaemonSet.os / architecture): only what the selector names, one value
    node["os_given"] = os_given
    node["arch_only"] = _ARCH[next(iter(arch_vals))] if arch_vals is not None and len(arch_vals) == 1 else None
    pools, _pool_rules, _pool_unread = _label_values(sel, terms, (NODEPOOL_LABEL,), ctx, fld)
    node["nodepool"] = frozenset(pools) if pools is not None else None
    _karpenter_selector(sel, node)
    node["tolerations"] = _tolerations(spec, ctx, fld)
    node["daemon_args"] = (sel, terms, ctx, fld)  # read by daemonset_nodes, for a DaemonSet only (_daemon_rules)
    # a term's matchFields (Kubernetes NodeSelectorTerm: the node's fields, metadata.name): nodes advisor cannot
    # name, for a DaemonSet's node_labels (reserved on every node, noted)
    node["match_fields"] = [
        _rule_text(expr.get("key"), str(expr.get("operator")), (str(v) for v in _seq(
            expr.get("values"), ctx, f"{fld}.affinity.nodeAffinity...nodeSelectorTerms[{ti}].matchFields[{ei}].values")))
        + " (matchFields)"
        for ti, term in enumerate(required.get("nodeSelectorTerms")
                                  if isinstance(required.get("nodeSelectorTerms"), list) else ())
        if isinstance(term, dict) and isinstance(term.get("matchFields"), list)
        for ei, expr in enumerate(term["matchFields"]) if isinstance(expr, dict)]
    # custom node labels the pods must land on (a NodePool's template labels): the nodeSelector's, and a required
    # node affinity of one term's single-value In
    labels = {str(k): v for k, v in sel.items() if isinstance(v, str) and not well_known_label(str(k))}
    if len(terms) == 1:
        for _efld, key, op, vals in terms[0][1]:
            if op == "In" and len(vals) == 1 and isinstance(key, str) and not well_known_label(key):
                labels.setdefault(key, next(iter(vals)))
    node["labels"] = tuple(sorted(labels.items()))
    return arch, os_val, notes, node


#: Toleration operators (Kubernetes API, Toleration: "Valid operators are Exists and Equal. Defaults to Equal").
_TOLERATION_OPERATORS = ("Exists", "Equal")


def _tolerations(spec: dict, ctx: _Ctx, fld: str) -> tuple[tuple[str, str, str, str], ...]:
    """(key, operator, value, effect) of a pod spec's ``tolerations``, checked as the API server checks them
    (Kubernetes API, Toleration; ``ValidateTolerations``): a list of mappings of strings, ``operator`` Exists or Equal
    (default Equal), ``effect`` empty or a taint effect, no ``value`` with Exists, a ``key`` unless the operator
    is Exists, and ``tolerationSeconds`` a whole number beside effect NoExecute only. Errors name the field."""
    out = []
    for i, t in enumerate(_seq(spec.get("tolerations"), ctx, f"{fld}.tolerations")):
        tfld = f"{fld}.tolerations[{i}]"
        t = _map(t, ctx, tfld, "a toleration (a mapping with key, operator, value, effect)")
        got = {}
        for part in ("key", "operator", "value", "effect"):
            v = t.get(part)
            if v is not None and not isinstance(v, str):
                raise ctx.error(f"{tfld}.{part}", f"{show(v)} is not a string; a toleration's {part} is text "
                                "(quote it).")
            got[part] = v or ""
        op = got["operator"] or "Equal"
        if op not in _TOLERATION_OPERATORS:
            raise ctx.error(f"{tfld}.operator", f"{show(got['operator'])} is not valid; a toleration's operator is "
                            "Exists or Equal (the default; case-sensitive)."
                            + choice_hint(got["operator"], list(_TOLERATION_OPERATORS)))
        if got["effect"] and got["effect"] not in TAINT_EFFECTS:
            raise ctx.error(f"{tfld}.effect", f"{show(got['effect'])} is not a taint effect; write one of "
                            f"{', '.join(TAINT_EFFECTS)}, or leave it out to match every effect (case-sensitive)."
                            + choice_hint(got["effect"], list(TAINT_EFFECTS)))
        if op == "Exists" and got["value"]:
            raise ctx.error(f"{tfld}.value", "must be empty when operator is Exists (the API server refuses it): "
                            "remove the value, or use operator Equal.")
        if op == "Equal" and not got["key"]:
            raise ctx.error(f"{tfld}.key", "is required unless operator is Exists (an empty key with Exists "
                            "tolerates every taint; the API server refuses an empty key with Equal).")
        secs = t.get("tolerationSeconds")
        if isinstance(secs, str) and re.fullmatch(r"-?\d{1,19}", secs.strip()):
            secs = int(secs)  # the Terraform provider's toleration_seconds is a string of an integer
        if secs is not None and secs != "":  # an int64 (Kubernetes API, Toleration), beside NoExecute only
            if isinstance(secs, bool) or not isinstance(secs, int) or not -2**63 <= secs < 2**63:
                raise ctx.error(f"{tfld}.tolerationSeconds", f"{show(secs)} is not valid; give a whole number of "
                                "seconds (an int64, e.g. 300), or remove it to tolerate the taint for ever.")
            if got["effect"] != "NoExecute":
                raise ctx.error(f"{tfld}.effect", f"{show(got['effect'] or None)}: effect must be 'NoExecute' when "
                                "`tolerationSeconds` is set (the API server's words, ValidateTolerations): set "
                                "effect: NoExecute, or remove tolerationSeconds.")
        out.append((got["key"], op, got["value"], got["effect"]))
    return tuple(out)


#: Karpenter's and EKS Auto Mode's instance labels a pod's node selector may name beside the family
#: (``nodepool.selector_types``).
_KARPENTER_SELECTOR_LABELS = ("instance-category", "instance-generation", "instance-size", "instance-cpu",
                              "instance-memory")


def _karpenter_selector(sel: dict, node: dict) -> None:
    """A pod's node selector on Karpenter's / Auto Mode's other instance labels (category, generation, size, cpu,
    memory) read into the instance families (whole families) or types (at most 100) it allows, as the family and type
    selectors are; more types than a service holds, or other instance labels (hypervisor, GPUs ...), are noted."""
    selected: dict[str, str] = {}
    for key in sorted(sel):
        prefix, _, label = str(key).partition("/")
        if prefix not in ("karpenter.k8s.aws", "eks.amazonaws.com") or not label.startswith("instance-") or \
                label == "instance-family":
            continue
        if label in _KARPENTER_SELECTOR_LABELS and isinstance(sel[key], (str, int)) and not isinstance(sel[key], bool):
            selected[str(key)] = str(sel[key])
        else:
            node["unread"].append(f"'nodeSelector {key}: {sel[key]}' (advisor reads instance types, families, "
                                  "category, generation, size, cpu and memory)")
    if not selected:
        return
    for key in ("karpenter.k8s.aws/instance-family", "eks.amazonaws.com/instance-family",
                "node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"):
        if isinstance(sel.get(key), str):  # read as a family / type above; here it narrows the other labels' too
            selected[key] = sel[key]
    families, types, text = selector_types(selected)
    if families is not None:
        node["families"] = families if node["families"] is None else node["families"] & families
        node["families_rules"].append(text)
    elif types is not None:
        node["types"] = types if node["types"] is None else node["types"] & types
        node["types_rules"].append(text)
    else:
        node["unread"].append(f"'{text}' (more instance types than a service can be held to; write ec2.allowed_types "
                              "in the workload file)")


def _node_selector_terms(raw: Any, ctx: _Ctx, fld: str) -> list[tuple[str, list[tuple[str, Any, str, set[str]]]]]:
    """A required node affinity's ``nodeSelectorTerms``, read once: per term, its field and its matchExpressions as
    (field, key, operator, values). An operator the API server refuses is an error naming the field (Kubernetes
    NodeSelectorRequirement: In, NotIn, Exists, DoesNotExist, Gt, Lt; case-sensitive)."""
    out = []
    for ti, term in enumerate(_seq(raw, ctx, f"{fld}.affinity.nodeAffinity...nodeSelectorTerms")):
        tfld = f"{fld}.affinity.nodeAffinity...nodeSelectorTerms[{ti}]"
        requirements = []
        for ei, expr in enumerate(_seq(_map(term, ctx, tfld).get("matchExpressions"), ctx, f"{tfld}.matchExpressions")):
            efld = f"{tfld}.matchExpressions[{ei}]"
            expr = _map(expr, ctx, efld)
            op = expr.get("operator")
            if not isinstance(expr.get("key"), str) or not expr.get("key"):
                raise ctx.error(f"{efld}.key", f"{show(expr.get('key'))} is not a node label name; a node selector "
                                "requirement's key is a label name such as node.kubernetes.io/instance-type "
                                "(Kubernetes NodeSelectorRequirement: key is a required string).")
            if op not in _NODE_SELECTOR_OPERATORS:
                raise ctx.error(f"{efld}.operator",
                                f"{show(op)} is not valid; a node selector requirement takes "
                                f"{', '.join(_NODE_SELECTOR_OPERATORS)} (Kubernetes NodeSelectorRequirement; the API "
                                "server refuses any other, operators are case-sensitive)."
                                + choice_hint(str(op), list(_NODE_SELECTOR_OPERATORS)))
            values = _seq(expr.get("values"), ctx, f"{efld}.values")
            for j, v in enumerate(values):
                if not isinstance(v, str):
                    written = "null" if v is None else str(v).lower() if isinstance(v, bool) else show(v)
                    raise ctx.error(f"{efld}.values[{j}]", f"{written} is not a string; node label values are strings "
                                    "(the API server refuses a number, a boolean or null)"
                                    + (f": quote it, \"{written}\"." if v is not None else "."))
            if op in ("In", "NotIn") and not values:
                raise ctx.error(f"{efld}.values", f"operator {op} needs at least one value (Kubernetes "
                                "NodeSelectorRequirement: \"If the operator is In or NotIn, the values array must be "
                                "non-empty\").")
            requirements.append((efld, expr.get("key"), op, set(values)))
        out.append((tfld, requirements))
    return out


def _label_values(sel: dict, terms: list, keys: Iterable[str], ctx: _Ctx, fld: str,
                  universe: Iterable[str] | None = None, excluded: list[tuple[str, str]] | None = None
                  ) -> tuple[set[str] | None, list[str], list[str]]:
    """(the values of the node labels ``keys`` a pod may run on, None: any; the rules that say so; the rules that
    exclude values, not modelled). Kubernetes "Assigning Pods to Nodes": a node must carry every nodeSelector label,
    and satisfy one of the required node affinity's nodeSelectorTerms (terms are ORed, a term's matchExpressions
    ANDed), so a term without a rule on these labels allows any value. ``universe``: every value the label takes
    (the capacity types), so that ``NotIn`` is read as the values it leaves; a ``NotIn`` value outside it excludes
    no node and is refused as a slip (``Spot``). ``excluded``: where a ``NotIn`` of the only term (ANDed with the
    rest) puts its (value, rule) pairs, for the caller to read, instead of noting it as not modelled."""
    keys = tuple(keys)
    allowed: set[str] | None = None
    rules: list[str] = []
    unread: list[str] = []
    for k in keys:
        if k in sel:
            v = str(sel[k])
            allowed = {v} if allowed is None else allowed & {v}
            rules.append(f"nodeSelector {k}: {v}")
    union: set[str] = set()
    every = bool(terms)
    for _tfld, requirements in terms:
        in_term: set[str] | None = None
        for efld, key, op, vals in requirements:
            if key not in keys:
                continue
            text = f"{key} {op}" + (f" [{', '.join(sorted(vals))}]" if vals else "")
            if op == "In":
                in_term = vals if in_term is None else in_term & vals
                rules.append(f"node affinity {text}")
            elif op == "NotIn" and universe is not None:
                every_value = tuple(universe)
                for v in sorted(vals - set(every_value)):
                    raise ctx.error(f"{efld}.values",
                                    f"{key}: {v!r} is not a value nodes carry ({', '.join(every_value)}; label values "
                                    "are case-sensitive)." + choice_hint(v, list(every_value))
                                    + " NotIn with it keeps the pod off no node.")
                left = set(every_value) - vals
                in_term = left if in_term is None else in_term & left
                rules.append(f"node affinity {text}")
            elif op == "NotIn" and excluded is not None and len(terms) == 1:
                excluded += [(v, f"node affinity {text}") for v in sorted(vals)]
            elif op in ("NotIn", "DoesNotExist", "Gt", "Lt"):
                unread.append(f"{text!r} (advisor does not model values a pod's nodes may not have)")
        if in_term is None:
            every = False
        else:
            union |= in_term
    if every:
        allowed = union if allowed is None else allowed & union
    return allowed, rules, unread


def _node_labels(sel: dict, terms: list, ctx: _Ctx, fld: str) -> dict:
    """The instance types, instance families and capacity types (``spot`` / ``on-demand`` / ``reserved``) a pod's
    nodes may have (``_TYPE_KEYS``, ``_FAMILY_KEYS``, ``_CAPACITY_KEYS``; None: any), the rules that say so and the
    rules not modelled. A value no node carries (``M5.large``, ``Spot``) is an error: node label values compare
    exactly, so the pod would stay Pending."""
    where = f"{fld}.nodeSelector / affinity"
    out: dict[str, Any] = {"unread": []}
    for what, one, keys, pattern, example in (("types", "type", _TYPE_KEYS, _TYPE_VALUE, "m5.large"),
                                              ("families", "family", _FAMILY_KEYS, _FAMILY_VALUE, "m5")):
        excl: list[tuple[str, str]] = []
        allowed, rules, unread = _label_values(sel, terms, keys, ctx, fld, excluded=excl)
        for v, _rule in excl:  # a value no node carries excludes nothing: a slip, as for In
            if not pattern.fullmatch(v):
                hint = f"; did you mean {v.lower()!r}?" if pattern.fullmatch(v.lower()) else ""
                raise ctx.error(where, f"NotIn {v!r}: not an EC2 instance {one} as nodes carry it (e.g. "
                                f"{example!r}){hint or '.'} Node label values compare exactly, so it would keep the pod off "
                                "no node.")
        if excl:  # NotIn: a pattern that matches every other type (or every type of another family)
            names = "|".join(re.escape(v) for v, _ in excl)
            excluding = f"(?!(?:{names})$).*" if what == "types" else f"(?!(?:{names})\\.).*"
            out.setdefault("patterns", []).append((excluding, "; ".join(dict.fromkeys(r for _, r in excl))))
        for v in sorted(allowed or ()):
            if not pattern.fullmatch(v):
                hint = f"; did you mean {v.lower()!r}?" if pattern.fullmatch(v.lower()) else ""
                raise ctx.error(where, f"{v!r} is not an EC2 instance {one} as nodes carry it "
                                f"(e.g. {example!r}){hint or '.'} Node label values compare exactly, so no node would match "
                                "and the pod would stay Pending.")
        out[what], out[f"{what}_rules"] = (None if allowed is None else frozenset(allowed)), rules
        out["unread"] += unread
    capacity: set[str] | None = None
    rules: list[str] = []
    for key, values in _CAPACITY_KEYS.items():
        allowed, krules, unread = _label_values(sel, terms, (key,), ctx, fld, universe=values)
        out["unread"] += unread
        if allowed is None:
            continue
        for v in sorted(allowed):
            if v not in values:
                raise ctx.error(where, f"{key}: {v!r} is not a capacity type nodes carry ({', '.join(values)}; label "
                                "values are case-sensitive)." + choice_hint(v, list(values))
                                + " No node would match and the pod would stay Pending.")
        mapped = {values[v] for v in allowed}
        capacity = mapped if capacity is None else capacity & mapped
        rules += krules
    if capacity is not None and not capacity:
        raise ctx.error(where, f"{'; '.join(rules)} allow no capacity type together: no node would match and the pod "
                        "would stay Pending. Remove the contradiction.")
    out["capacity"], out["capacity_rules"] = capacity, rules
    return out


#: How a pod's node selector and required node affinity hold it to nodes, for the notes (``node_rules``).
NODE_RULE = "node selector or affinity rule"
NODE_RULE_DOC = "Kubernetes 'Assigning Pods to Nodes', with the node labels of Kubernetes, Karpenter and Amazon EKS"


def _label_arches(types: frozenset[str] | None, families: frozenset[str] | None) -> set[str]:
    """The architectures of the catalogue's instance types among ``types`` and of ``families`` (both when both are
    given); names the catalogue does not know count for nothing (the EC2 fleets name them)."""
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    known = Catalog.of(default_pricebook()).types()
    return {t.arch for t in known.values() if (types is None or t.name in types)
            and (families is None or t.family in families)}


def node_rules(pod: dict, data: dict, comments: list[str], where: str) -> None:
    """Apply what a pod's node labels say (``_node_labels``) to a service's ``data``: only On-Demand or reserved
    capacity -> ``spot: false``; instance types / families -> ``data["_placement"]``, which ``settle_placement`` turns
    into ``ec2.allowed_types`` / ``allowed_families`` when every service of the input shares them (else a note)."""
    node = pod["node"]
    capacity = node["capacity"]
    if capacity is not None and "spot" not in capacity:
        data["spot"] = False
        comments.append(f"{'; '.join(node['capacity_rules'])}: runs on {' / '.join(sorted(capacity))} nodes only, "
                        "never Spot: spot false")
    elif capacity == {"spot"}:
        comments.append(f"{'; '.join(node['capacity_rules'])}: runs on Spot nodes only; priced as a service that may "
                        "run on Spot (spot: true), on On-Demand capacity where a platform has no Spot")
    if node["types"] is None and node["families"] is None and not node["unread"] and not node.get("patterns"):
        return
    if not node.get("arch_given", True) and _label_arches(node["types"], node["families"]) == {"arm64"}:
        # the nodes it may run on are all Graviton: kubernetes.io/arch is arm64 on every one of them
        data["architecture"] = "arm64"
        held = ", ".join(sorted(node["types"] or node["families"]))
        comments.append(f"its instance {'types' if node['types'] is not None else 'families'} {held} are arm64 "
                        "(Graviton) only, so its pods run on arm64 nodes (kubernetes.io/arch: arm64): architecture "
                        "arm64")
    data["_placement"] = Placement(where, types=node["types"], type_exprs=node["types_rules"],
                                   families=node["families"], family_exprs=node["families_rules"],
                                   patterns=list(node.get("patterns", ())),
                                   unread=list(node["unread"]), rule=NODE_RULE, rule_doc=NODE_RULE_DOC,
                                   places="the Kubernetes scheduler places its pods only on nodes that satisfy it")


#: The node label of a node's own name: a pod anti-affinity term on this topology key keeps the pods apart per node
#: (Kubernetes "Well-Known Labels, Annotations and Taints": kubernetes.io/hostname).
HOSTNAME_KEY = "kubernetes.io/hostname"
_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def _selects(selector: dict, labels: dict, ctx: _Ctx, fld: str) -> bool:
    """Whether a label selector (``matchLabels`` and ``matchExpressions``, ANDed; Kubernetes "Labels and Selectors",
    set-based requirements In, NotIn, Exists, DoesNotExist) selects a pod with ``labels``. An empty selector selects
    every pod (apimachinery ``LabelSelectorAsSelector``)."""
    for k, v in _map(selector.get("matchLabels"), ctx, f"{fld}.matchLabels", "a mapping of labels").items():
        if k not in labels or str(labels[k]) != str(v):
            return False
    for i, expr in enumerate(_seq(selector.get("matchExpressions"), ctx, f"{fld}.matchExpressions")):
        efld = f"{fld}.matchExpressions[{i}]"
        expr = _map(expr, ctx, efld, "a mapping with key, operator and values")
        op = expr.get("operator")
        if op not in _SELECTOR_OPERATORS:
            raise ctx.error(f"{efld}.operator", f"{show(op)} is not valid; a label selector takes "
                            f"{', '.join(_SELECTOR_OPERATORS)} (Kubernetes 'Labels and Selectors')."
                            + choice_hint(str(op), list(_SELECTOR_OPERATORS)))
        key = expr.get("key")
        if not isinstance(key, str) or not key:
            raise ctx.error(f"{efld}.key", f"must be a label key (a string), got {_kind(key)}.")
        values = {str(x) for x in _seq(expr.get("values"), ctx, f"{efld}.values")}
        has = key in labels
        if not {"In": has and str(labels.get(key)) in values, "NotIn": not has or str(labels.get(key)) not in values,
                "Exists": has, "DoesNotExist": not has}[op]:
            return False
    return True


def _self_anti_affinity(spec: dict, labels: dict, ns: str, ctx: _Ctx, fld: str,
                        others: list[str] | None = None) -> list[str]:
    """The topology keys of the pod's required anti-affinity terms that select the pod itself, and so its own
    replicas (Kubernetes "Assigning Pods to Nodes", "Inter-pod affinity and anti-affinity":
    ``podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`` keeps the pod out of a topology domain -- a
    node for ``kubernetes.io/hostname`` -- that runs a pod its term selects). A term selects its own replicas when its
    ``labelSelector`` matches the pod's labels (a null selector matches no pod), its namespaces include the pod's (no
    ``namespaces`` and no ``namespaceSelector``: the pod's own; an empty ``namespaceSelector``: every namespace), and
    no ``mismatchLabelKeys`` key is one of the pod's labels (that term selects only pods whose value differs).
    Preferred terms are wishes, not rules: not read. A required term that does not select the pod itself (other
    pods, or another namespace) keeps it away from those pods, which the packing does not model: its topology key
    and where it is are added to ``others`` (for a note)."""
    aff = _map(spec.get("affinity"), ctx, f"{fld}.affinity")
    anti = _map(aff.get("podAntiAffinity"), ctx, f"{fld}.affinity.podAntiAffinity")
    tfld = f"{fld}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"
    keys: list[str] = []
    for i, term in enumerate(_seq(anti.get("requiredDuringSchedulingIgnoredDuringExecution"), ctx, tfld)):
        term = _map(term, ctx, f"{tfld}[{i}]", "a pod affinity term (labelSelector, topologyKey)")
        key = term.get("topologyKey")
        if not isinstance(key, str) or not key:
            raise ctx.error(f"{tfld}[{i}].topologyKey", f"must be a node label key such as '{HOSTNAME_KEY}', got "
                            f"{_kind(key)}; Kubernetes requires it on a required anti-affinity term.")
        if term.get("labelSelector") is None:
            continue
        selector = _map(term.get("labelSelector"), ctx, f"{tfld}[{i}].labelSelector")
        namespaces = [str(n) for n in _seq(term.get("namespaces"), ctx, f"{tfld}[{i}].namespaces")]
        ns_selector = term.get("namespaceSelector")
        own_ns = (not namespaces and ns_selector is None) or ns in namespaces or ns_selector == {}
        mismatch = _seq(term.get("mismatchLabelKeys"), ctx, f"{tfld}[{i}].mismatchLabelKeys")
        if own_ns and not any(str(k) in labels for k in mismatch) and _selects(selector, labels, ctx,
                                                                           f"{tfld}[{i}].labelSelector"):
            keys.append(key)
        elif others is not None:
            others.append(f"{key} ({tfld}[{i}])")
    return keys


#: The RuntimeClass admission controller's rules for a pod's overhead (kubernetes/kubernetes
#: plugin/pkg/admission/runtimeclass/admission.go @ 04791b49, ``setOverhead`` / ``validateOverhead``; Kubernetes "Pod
#: Overhead": "At admission time the RuntimeClass admission controller updates the workload's PodSpec to include the
#: overhead as described in the RuntimeClass. If the PodSpec already has this field defined, the Pod will be
#: rejected"): the pod's ``spec.overhead`` becomes its RuntimeClass's ``overhead.podFixed``; a pod whose own
#: ``spec.overhead`` differs from it ("Pod's Overhead doesn't match RuntimeClass's defined Overhead"), or that sets one
#: without a RuntimeClass defining an overhead ("Pod Overhead set without corresponding RuntimeClass defined
#: Overhead"), is refused.
RUNTIME_CLASS_DOC = "Kubernetes 'Pod Overhead' and the RuntimeClass admission controller"
#: The overhead resources advisor adds to a pod's request (``model.PodOverhead``); any other (ephemeral-storage,
#: hugepages-*) is compared as written and named in a note, not priced.
_OVERHEAD_PRICED = ("cpu", "memory")


def _overhead_map(value: Any, ctx: _Ctx, fld: str) -> dict[str, Any]:
    """A ``podFixed`` / ``spec.overhead`` resource list as {resource: value}: cpu in vCPU and memory in MiB (Kubernetes
    quantities, refused naming the field when they are not quantities or are negative), any other resource as its
    text (compared as written)."""
    out: dict[str, Any] = {}
    for key, v in _map(value, ctx, fld, "a mapping of resource names to quantities (cpu: 250m, memory: 120Mi)").items():
        kfld = f"{fld}.{key}"
        if key == "cpu":
            out[key] = k8s_cpu(v, ctx, kfld)
        elif key == "memory":
            out[key] = k8s_memory_mib(v, ctx, kfld, bound=True)  # an overhead may be a few MiB, or 0
        else:
            if isinstance(v, (dict, list, bool)) or v is None:
                raise ctx.error(kfld, f"{show(v)} is not a quantity; an overhead gives a quantity per resource.")
            text = str(v).strip()
            if text.startswith("-"):
                raise ctx.error(kfld, f"{show(v)} is negative; an overhead is a quantity >= 0.")
            out[str(key)] = text
    return out


def _overhead_text(overhead: dict[str, Any]) -> str:
    return ", ".join(f"{k} {_quantity_text(k, v)}" if k in _OVERHEAD_PRICED else f"{k} {v}"
                     for k, v in overhead.items()) or "none"


def runtime_classes(objs: Iterable[tuple[str, str, dict]]) -> dict[str, dict]:
    """The input's RuntimeClasses (node.k8s.io/v1; cluster-scoped, so one per name): name -> {"overhead": its
    ``overhead.podFixed`` (``_overhead_map``) or None, "where": the document}. ``objs``: (file, document, object).
    A ``podFixed`` value that is not a quantity, or is negative, exits 2 naming the field (the API server's
    RuntimeClass validation refuses it); so does a second RuntimeClass of the same name with another overhead (the
    cluster keeps one, the last applied, so the pods' overhead cannot be told), in manifests, Terraform and CDK alike."""
    out: dict[str, dict] = {}
    for source, doc, obj in objs:
        if obj.get("kind") != "RuntimeClass" or (obj.get("apiVersion") is not None and
                                                 _api_group(str(obj.get("apiVersion")).strip()) != "node.k8s.io"):
            continue
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        name = meta.get("name")
        ctx = _Ctx(source, f"{doc} (RuntimeClass {name})")
        if not isinstance(name, str) or not name:
            continue  # no pod can name it
        overhead = _map(obj.get("overhead"), ctx, "overhead", "a mapping with podFixed")
        fixed = overhead.get("podFixed")
        read = None if fixed is None else _overhead_map(fixed, ctx, "overhead.podFixed")
        where = f"{Path(source).name} {doc}"
        if name in out and out[name]["overhead"] != read:
            raise ctx.error("overhead.podFixed", f"({_overhead_text(read or {})}) differs from that of RuntimeClass "
                            f"{name} in {out[name]['where']} ({_overhead_text(out[name]['overhead'] or {})}): a "
                            "RuntimeClass is cluster-scoped, so the cluster keeps one of them (the last applied) and "
                            "the overhead of the pods naming it cannot be told. Remove one, or give the folder that "
                            "is applied.")
        out.setdefault(name, {"overhead": read, "where": where})  # the same overhead: the first, as the note says
    return out


def _pod_overhead(spec: dict, ctx: _Ctx, fld: str, classes: dict[str, dict] | None) -> dict:
    """The pod's overhead as the RuntimeClass admission controller sets it (``RUNTIME_CLASS_DOC``), from
    ``spec.runtimeClassName`` and ``spec.overhead`` and the input's RuntimeClasses (``classes``, from
    ``runtime_classes``): {"overhead": (vCPU, MiB) or None, "runtime_class": name or None, "unknown": True when
    the pod names a RuntimeClass the input does not hold and gives no ``spec.overhead`` (its overhead is unknown),
    "others": resources of the overhead advisor does not price, "how": a comment}. A pod the admission controller
    refuses exits 2 naming the field."""
    name = spec.get("runtimeClassName")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ctx.error(f"{fld}.runtimeClassName", f"must be the name of a RuntimeClass (a string), got {_kind(name)}.")
    given = None if spec.get("overhead") is None else _overhead_map(spec.get("overhead"), ctx, f"{fld}.overhead")
    out: dict[str, Any] = {"overhead": None, "runtime_class": name, "unknown": False, "others": [], "how": None}
    rc = (classes or {}).get(name) if name else None
    if name is None or (rc is not None and rc["overhead"] is None):
        if given:
            why = ("names no runtimeClassName" if name is None else
                   f"names RuntimeClass {name} ({rc['where']}), which defines no overhead")
            raise ctx.error(f"{fld}.overhead", f"is set ({_overhead_text(given)}) but the pod {why}: the RuntimeClass "
                            "admission controller refuses such a pod ('pod rejected: Pod Overhead set without "
                            "corresponding RuntimeClass defined Overhead'; Kubernetes 'Pod Overhead'). Remove "
                            "spec.overhead, or name a RuntimeClass whose overhead.podFixed gives it.")
        if rc is not None:
            out["how"] = f"runtimeClassName {name}: its RuntimeClass ({rc['where']}) defines no overhead"
        return out
    if rc is not None:
        fixed = rc["overhead"]
        if given is not None and (set(given) != set(fixed) or any(
                (abs(given[k] - fixed[k]) > 1e-9 if k in _OVERHEAD_PRICED else given[k] != fixed[k]) for k in given)):
            raise ctx.error(f"{fld}.overhead", f"({_overhead_text(given)}) differs from the overhead.podFixed of "
                            f"RuntimeClass {name} ({_overhead_text(fixed)}, {rc['where']}): the RuntimeClass admission "
                            "controller refuses the pod ('pod rejected: Pod's Overhead doesn't match RuntimeClass's "
                            "defined Overhead'; Kubernetes 'Pod Overhead'). Remove spec.overhead: the controller sets "
                            "it from the RuntimeClass.")
        used, how = fixed, f"RuntimeClass {name} overhead.podFixed ({rc['where']})"
    elif given is not None:
        used, how = given, (f"spec.overhead; RuntimeClass {name} is not in the input (Kubernetes admits the pod only "
                            "when this equals its overhead.podFixed)")
    else:
        out["unknown"] = True
        out["how"] = (f"runtimeClassName {name}: RuntimeClass not in the input, so its pod overhead (overhead.podFixed) "
                      "is unknown and not counted; add the RuntimeClass to the input to count it")
        return out
    memory = float(used.get("memory", 0.0))
    # an overhead below 1 MiB (Kubernetes takes '100Ki') is written as 1 MiB, the least a memory quantity of the
    # workload format holds (it refuses less as a unit slip, units.below_min_memory): at most 1 MiB more per pod
    raised = 0 < memory < MIN_MEMORY_MIB
    out["overhead"] = (float(used.get("cpu", 0.0)), MIN_MEMORY_MIB if raised else memory)
    # as the quota counts it (``_quota_notes``): the overhead as given, per resource it names
    out["quota"] = {k: float(used[k]) for k in _OVERHEAD_PRICED if k in used}
    out["others"] = [f"{k} {v}" for k, v in used.items() if k not in _OVERHEAD_PRICED]
    out["how"] = (f"pod overhead {_overhead_text(used)} from {how}: added to the pod request where the Kubernetes "
                  "scheduler places pods on EC2 nodes (EKS on EC2, EKS Auto Mode; Kubernetes 'Pod Overhead'), not by "
                  "EKS on Fargate (its sizing rule, 'Understand Fargate Pod configuration details', names none) nor "
                  "ECS" + (f"; {', '.join(out['others'])} not priced" if out["others"] else "")
                  + ("; its memory, below 1 MiB, is written as 1 MiB, the least the workload format takes" if raised
                     else ""))
    return out


def _pod(spec: Any, ctx: _Ctx, fld: str, defaults: dict[str, tuple[float, str]] | None = None,
         rules: list[dict] | None = None, classes: dict[str, dict] | None = None) -> dict:
    """Size and placement of a pod template spec (``defaults``: the namespace's LimitRange default requests;
    ``rules``: its LimitRange constraints, ``_limit_range_rules``, which the pod must meet; ``classes``: the input's
    RuntimeClasses, ``runtime_classes``, for its pod overhead, ``_pod_overhead``)."""
    if not isinstance(spec, dict):
        raise ctx.error(fld, f"is missing or not a mapping (got {_kind(spec)}); it must hold the pod spec (containers).")
    containers = _seq(spec.get("containers"), ctx, f"{fld}.containers", "a list of containers")
    if not containers:
        raise ctx.error(f"{fld}.containers", "is missing or empty; a pod needs at least one container.")
    if len(containers) > 100:
        raise ctx.error(f"{fld}.containers", f"lists {len(containers)} containers; advisor reads at most 100 per pod.")
    inits_raw = _seq(spec.get("initContainers"), ctx, f"{fld}.initContainers", "a list of containers")
    if len(inits_raw) > 100:
        raise ctx.error(f"{fld}.initContainers", f"lists {len(inits_raw)} containers; advisor reads at most 100.")
    regular = [_container(c, ctx, f"{fld}.containers[{i}]", defaults) for i, c in enumerate(containers)]
    inits = [_container(c, ctx, f"{fld}.initContainers[{i}]", defaults, init=True) for i, c in enumerate(inits_raw)]
    if rules:
        _check_limit_ranges(regular, inits, defaults or {}, rules, ctx, fld)
    default_limit = _default_limits(rules or [])
    limits: dict[str, float | None] = {}
    for key in ("cpu", "memory"):  # a pod's limit as ResourceQuota counts it: None when a container sets none
        values = [c["limits"].get(key, default_limit.get(key)) for c in regular + inits]
        limits[key] = None if any(v is None for v in values) else max(
            sum(v[0] for v in values[:len(regular)]), max((v[0] for v in values[len(regular):]), default=0.0))
    cpu, mem = pod_request([(c["cpu"] or 0.0, c["memory"] or 0.0) for c in regular],
                           [(c["cpu"] or 0.0, c["memory"] or 0.0, c["sidecar"]) for c in inits])
    level = _pod_level(spec, ctx, fld, regular + inits, {"cpu": cpu, "memory": mem})
    containers_cpu, containers_mem = cpu, mem
    cpu, mem = level.get("cpu", (cpu, ""))[0], level.get("memory", (mem, ""))[0]
    # ephemeral storage and accelerators add up as cpu and memory do, one rule for every resource (kubernetes/kubernetes
    # staging/src/k8s.io/component-helpers/resource/helpers.go @ 0085214e, KEP-753: "InitContainerUse(i) =
    # sum(Resources of restartable init containers with index < i) + Resources of i-th init container"): an init
    # container runs beside the native sidecars listed before it, not those after it. The pair (ephemeral GiB, GPUs)
    # goes through the same function.
    eph, gpus_f = pod_request([(c["eph"], c["gpus"]) for c in regular],
                              [(c["eph"], c["gpus"], c["sidecar"]) for c in inits])
    gpus = round(gpus_f)
    arch, os_, notes, node = _placement(spec, ctx, fld)
    os_, windows_why = _pod_os(spec, ctx, fld, os_, node, arch)
    host_network = spec.get("hostNetwork")
    if host_network is not None and not isinstance(host_network, bool):
        raise ctx.error(f"{fld}.hostNetwork", f"must be true or false, got {show(host_network)}.")
    host_ports = _host_ports(regular, inits, host_network is True, ctx, fld)
    if gpus > MAX_GPUS:
        raise ctx.error(f"{fld}.containers[*].resources.limits", f"{gpus} GPUs / Neuron devices in one pod; advisor "
                        f"models at most {MAX_GPUS} per pod (the most on one EC2 instance in its catalogue) and does not "
                        "size accelerated nodes: price this pod separately.")
    return {"cpu": cpu, "memory": mem, "regular": regular, "inits": inits, "ephemeral_gib": eph,
            "architecture": arch, "os": os_, "windows_why": windows_why, "notes": notes, "node": node,
            "host_network": host_network is True,
            "host_ports": host_ports, "init_host_ports": _init_only_host_ports(inits, host_network is True), "gpus": gpus,
            "pod_level": level, "containers_request": (containers_cpu, containers_mem), "limits": limits,
            "host_paths": _host_paths(spec, ctx, fld), "overhead": _pod_overhead(spec, ctx, fld, classes),
            "extended": [f"{c['name']} {e}" for c in regular + inits for e in c["extended"]]}


#: The values of a pod's ``spec.os.name`` (Kubernetes API, PodOS: "The currently supported values are linux and
#: windows").
_POD_OS_NAMES = ("linux", "windows")


def _pod_os(spec: dict, ctx: _Ctx, fld: str, os_: str, node: dict, arch: str) -> tuple[str, str | None]:
    """(the pod's OS, why Windows was inferred or None) from its node selector's OS (``os_``, ``node["os_given"]``:
    ``_placement``), else its ``spec.os.name`` (PodOS: the kubelet refuses a pod whose OS is not its node's,
    Kubernetes "Pod OS"; it is then ``os_given``, as a DaemonSet's node OS), else the Windows signs of its containers
    (``common.windows_sign``: a Windows image such as ``microsoft/iis`` or a ``powershell`` command; Kubernetes
    "Windows containers in Kubernetes": Windows containers run only on Windows nodes), which the caller states as an
    assumption (an error in strict mode), as a task definition without operatingSystemFamily. A ``spec.os.name``
    other than linux or windows, or one the node selector contradicts, exits 2 naming the field."""
    pod_os = spec.get("os")
    if pod_os is not None:
        name = pod_os.get("name") if isinstance(pod_os, dict) else None
        if name not in _POD_OS_NAMES:
            raise ctx.error(f"{fld}.os.name", f"{show(name)} is not valid; use linux or windows (PodOS: 'The currently "
                            "supported values are linux and windows')." + choice_hint(name, list(_POD_OS_NAMES)))
        if node["os_given"] and name != os_:
            raise ctx.error(f"{fld}.os.name", f"{name}, but its node selector asks for {os_} nodes: the kubelet of a "
                            f"{os_} node refuses a {name} pod (Kubernetes 'Pod OS'), so it would run nowhere. Make "
                            "them agree.")
        node["os_given"] = True
        return name, None
    if node["os_given"] or arch != "x86_64":
        return os_, None
    why = windows_sign(spec.get("containers"), ("command",)) or windows_sign(spec.get("initContainers"), ("command",))
    return ("windows", why) if why else (os_, None)


def daemonset_nodes(pod: dict, ds: dict) -> None:
    """Write a DaemonSet's node rule (``DaemonSet.os``, ``architecture``, ``instance_types``, ``instance_families``,
    ``instance_type_pattern``, ``compute_types``, ``node_labels``) into ``ds`` from its pod template's nodeSelector /
    required node affinity (``_pod``: read and checked as a service's, ``_placement``; ``_daemon_rules``): its pods run
    on those nodes only (Kubernetes "DaemonSet", Running Pods on select Nodes). Nothing when the selector names no OS,
    or allows both architectures (every node); labels advisor cannot evaluate go to ``node_labels`` (reserved on every
    node, with a note)."""
    if pod["node"]["os_given"]:
        ds["os"] = pod["os"]
    if pod["node"]["arch_only"]:
        ds["architecture"] = pod["node"]["arch_only"]
    sel, terms, ctx, fld = pod["node"]["daemon_args"]
    ds.update(_daemon_rules(sel, terms, pod["node"], ctx, fld))


#: eks.amazonaws.com/compute-type: what nodes carry ("auto" on EKS Auto Mode nodes, Amazon EKS User Guide, "Control
#: if a workload is deployed on EKS Auto Mode nodes"; "fargate" on Fargate nodes; "hybrid" on EKS Hybrid Nodes), and
#: "ec2" for the nodes without the label (managed and self-managed node groups: ``model.NODE_COMPUTE_TYPE``). A
#: NotIn or DoesNotExist matches a node without the label (Kubernetes "Assigning Pods to Nodes").
_COMPUTE_TYPE_KEY = "eks.amazonaws.com/compute-type"
_COMPUTE_LABELLED = ("auto", "fargate", "hybrid")
_COMPUTE_ALL = ("ec2", *_COMPUTE_LABELLED)
#: The most instance types / label values a DaemonSet's rule is written with; beyond, it is not evaluated (noted).
_MAX_DAEMON_TYPES = 100
_MAX_DAEMON_LABELS = 50


def _rule_text(key: Any, op: str, vals: Iterable[str] = ()) -> str:
    """``key Op [a, b]`` of a node selector requirement, at most 5 values shown (a huge list stays a short note)."""
    vals = sorted(vals)
    shown = ", ".join(vals[:5]) + (f", ... ({len(vals)} values)" if len(vals) > 5 else "")
    return f"{str(key)[:100]} {op}" + (f" [{shown}]" if vals else "")


def _daemon_rules(sel: dict, terms: list, node: dict, ctx: _Ctx, fld: str) -> dict:
    """A DaemonSet's node rule beyond OS and architecture, as ``DaemonSet`` fields: the instance types, families and
    type pattern ``_node_labels`` read (node.kubernetes.io/instance-type and its deprecated beta spelling; the
    Karpenter / EKS Auto Mode instance family; a nodeSelector on the other Karpenter instance labels; a required node
    affinity on karpenter.k8s.aws/instance-category, read against the catalogue), eks.amazonaws.com/compute-type, and
    every other required label advisor cannot evaluate (``node_labels``: custom labels, karpenter.sh/capacity-type,
    zones, hostnames). A rule that allows no instance type at all exits 2 naming the field."""
    out: dict[str, Any] = {}
    where = f"{fld}.nodeSelector / affinity"
    unread: list[str] = [u.split(" (advisor", 1)[0].strip("'") for u in node["unread"]]
    unread += node.get("match_fields", [])
    types, families = node["types"], node["families"]
    patterns = [p for p, _rule in node.get("patterns", ())]
    # karpenter.k8s.aws/instance-category (and eks.amazonaws.com/instance-category) In / NotIn in the only term of a
    # required node affinity: the families of those categories (Karpenter "Scheduling": "Instance types of the same
    # category, usually the string before the generation number"); in several ORed terms, not evaluated
    for key in ("karpenter.k8s.aws/instance-category", "eks.amazonaws.com/instance-category"):
        for _efld, k, op, vals in (terms[0][1] if len(terms) == 1 else ()):
            if k != key or op not in ("In", "NotIn"):
                continue
            from advisor.pricing.book import default_pricebook
            from advisor.pricing.catalog import Catalog
            from advisor.workload.importers.nodepool import _labels

            every = Catalog.of(default_pricebook()).types().values()
            fams = frozenset(t.family for t in every if (_labels(t)["category"] in vals) == (op == "In")
                             and _labels(t)["category"] is not None)
            families = fams if families is None else families & fams
    if types is not None and families is not None:
        types = frozenset(t for t in types if t.split(".", 1)[0] in families)
        families = None if types else families
    if (types is not None and not types) or (families is not None and not families):
        raise ctx.error(where, "the DaemonSet's node selector and affinity allow no EC2 instance type together (its "
                        "instance type, family and category rules contradict each other): it would run on no node. "
                        "Remove the contradiction.")
    if types is not None and len(types) > _MAX_DAEMON_TYPES:
        unread.append(f"node.kubernetes.io/instance-type: {len(types)} types (more than {_MAX_DAEMON_TYPES}, not "
                      "evaluated)")
    elif types is not None:
        out["instance_types"] = sorted(types)
    if families is not None and len(families) > _MAX_DAEMON_TYPES:
        unread.append(f"instance family: {len(families)} families (more than {_MAX_DAEMON_TYPES}, not evaluated)")
    elif families is not None:
        out["instance_families"] = sorted(families)
    if patterns:
        from advisor.workload.type_pattern import MAX_PATTERN_LENGTH, both

        pattern = patterns[0]
        for p in patterns[1:]:
            pattern = both(pattern, p)
        if len(pattern) <= MAX_PATTERN_LENGTH:
            out["instance_type_pattern"] = pattern
        else:
            unread.append("node.kubernetes.io/instance-type / instance family NotIn: too many values to evaluate")
    # eks.amazonaws.com/compute-type: the node kinds (_COMPUTE_ALL) it allows; terms are ORed, a term's rules ANDed
    computes: set[str] | None = None
    odd: list[str] = []
    if _COMPUTE_TYPE_KEY in sel:
        v = sel[_COMPUTE_TYPE_KEY]
        if isinstance(v, str) and v in _COMPUTE_LABELLED:
            computes = {v}
        else:
            odd.append(f"{_COMPUTE_TYPE_KEY}: {str(v)[:60]}")
    union: set[str] = set()
    every_term = bool(terms)
    for _tfld, requirements in terms:
        in_term: set[str] | None = None
        for _efld, key, op, vals in requirements:
            if key != _COMPUTE_TYPE_KEY:
                continue
            if vals - set(_COMPUTE_LABELLED) and op in ("In", "NotIn"):
                odd.append(_rule_text(key, op, vals))
                continue
            allowed = {"In": vals, "NotIn": set(_COMPUTE_ALL) - vals, "Exists": set(_COMPUTE_LABELLED),
                       "DoesNotExist": {"ec2"}}.get(op)
            if allowed is None:  # Gt / Lt on a text label: no node matches; not evaluated
                odd.append(_rule_text(key, op, vals))
                continue
            in_term = set(allowed) if in_term is None else in_term & allowed
        if in_term is None:
            every_term = False
        else:
            union |= in_term
    if every_term:
        computes = union if computes is None else computes & union
    if computes is not None and not computes and not odd:
        raise ctx.error(where, f"the DaemonSet's {_COMPUTE_TYPE_KEY} rules allow no node together (each node is "
                        "one of: no label, as node groups' nodes, or auto, fargate, hybrid; these rules exclude "
                        "them all): it would run on no node. Remove the contradiction.")
    if computes is not None and not odd:
        out["compute_types"] = [c for c in _COMPUTE_ALL if c in computes]
    unread += [f"{o} (not a compute type EKS nodes carry: auto, fargate, hybrid)" for o in odd]
    # every other required label: reserved on every node, with a note (DaemonSet.node_labels)
    evaluated = {*_ARCH_KEYS, *_OS_KEYS, *_TYPE_KEYS, *_FAMILY_KEYS, _COMPUTE_TYPE_KEY,
                 "karpenter.k8s.aws/instance-category", "eks.amazonaws.com/instance-category"}
    selector_read = {k for k in sel if str(k).partition("/")[0] in ("karpenter.k8s.aws", "eks.amazonaws.com")
                     and str(k).partition("/")[2] in _KARPENTER_SELECTOR_LABELS}
    for k in sorted(sel, key=str):
        if k not in evaluated and k not in selector_read:
            unread.append(f"{str(k)[:100]}: {str(sel[k])[:60]}")
    for _tfld, requirements in terms:
        for _efld, key, op, vals in requirements:
            if key not in evaluated:
                unread.append(_rule_text(key, op, vals) + (" (in one of several ORed terms)" if len(terms) > 1 else ""))
            elif key in ("karpenter.k8s.aws/instance-category", "eks.amazonaws.com/instance-category") and (
                    len(terms) > 1 or op not in ("In", "NotIn")):
                unread.append(_rule_text(key, op, vals))
    # ORed terms of which only some hold the DaemonSet to types, families or a compute type allow any node through
    # the others: the rule is not applied (reserved on every node), so name it rather than drop it silently
    if len(terms) > 1:
        for _tfld, requirements in terms:
            for _efld, key, op, vals in requirements:
                if ((key in _TYPE_KEYS and "instance_types" not in out and "instance_type_pattern" not in out)
                        or (key in _FAMILY_KEYS and "instance_families" not in out)
                        or (key == _COMPUTE_TYPE_KEY and "compute_types" not in out)):
                    unread.append(_rule_text(key, op, vals) + " (in one of several ORed terms)")
    unread = list(dict.fromkeys(unread))
    if len(unread) > _MAX_DAEMON_LABELS:
        unread = unread[:_MAX_DAEMON_LABELS - 1] + [f"... and {len(unread) - _MAX_DAEMON_LABELS + 1} more"]
    if unread:
        out["node_labels"] = [u[:400] for u in unread]
    return out


#: The DaemonSets of the EKS add-ons (``model.EKS_ADDONS``: the VPC CNI and kube-proxy, which EKS installs on every
#: cluster, "Amazon EKS add-ons"; the EBS and EFS CSI node plugins, the Pod Identity Agent, the node monitoring
#: agent), by namespace and name as their manifests and the EKS add-ons install them (kube-system; each one's
#: public manifest is named in EKS_ADDONS), or else by their pod labels (``model.addon_of_labels``: a Helm release
#: under another name or namespace). Read as ``DaemonSet.eks_addon``.
_EKS_ADDON_DAEMONSETS = {("kube-system", ds): name for name, a in EKS_ADDONS.items() for ds in a["daemonsets"]}
#: The Deployments that run the Kubernetes cluster itself (``model.CLUSTER_ADDONS``: the EBS and EFS CSI controllers,
#: the AWS Load Balancer Controller, Karpenter, the Cluster Autoscaler, metrics-server), by namespace and name as their
#: public manifests and Helm charts install them (each one's is named in CLUSTER_ADDONS), or else by their pod labels
#: (``model.addon_of_labels``). Read as ``Service.cluster_addon``: priced on the EKS platforms as the table says, left
#: out on ECS.
_CLUSTER_ADDON_DEPLOYMENTS = {key: name for name, a in CLUSTER_ADDONS.items() for key in a["deployments"]}
#: The CoreDNS add-on's Deployment, which EKS installs on every cluster too ("Manage CoreDNS for DNS in Amazon EKS
#: clusters": two replicas by default); the EKS platforms price it themselves (``advisor.sizing.nodes.COREDNS_*``).
_EKS_COREDNS = ("kube-system", "coredns")
#: The cluster DNS's pod labels, for a CoreDNS Deployment under another name (a Helm release): ``k8s-app: kube-dns``,
#: which the EKS add-on's Deployment and upstream coredns/deployment kubernetes/coredns.yaml.sed (@7853d4a1) carry and
#: the Amazon EKS User Guide selects CoreDNS by ("Get started with AWS Fargate for your cluster": a Fargate profile
#: with labels k8s-app=kube-dns in kube-system; "kubectl get deployments -l k8s-app=kube-dns -n kube-system"), and
#: the coredns/helm chart's as the cluster DNS (charts/coredns/templates/deployment.yaml @caac0316: k8s-app only with
#: isClusterService, its default, valued k8sAppLabelOverride or the chart name). A CoreDNS the chart installs as an
#: application (isClusterService: false) has no k8s-app label and is priced as a service.
_COREDNS_LABELS = ({"k8s-app": "kube-dns"}, {"app.kubernetes.io/name": "coredns", "k8s-app": "coredns"})
#: The coredns/helm chart's name in its ``helm.sh/chart`` label, on the Deployment's metadata.labels (charts/coredns/
#: templates/deployment.yaml @01cbf317: "{{ .Chart.Name }}-{{ .Chart.Version }}", which nameOverride does not change;
#: its pod template carries k8s-app and app.kubernetes.io/name only). A release with nameOverride has pods labelled
#: ``app.kubernetes.io/name: <override>`` and still ``k8s-app: coredns`` (k8sAppLabelOverride or the chart name) when it
#: is the cluster's DNS (isClusterService); the chart's autoscaler Deployment (deployment-autoscaler.yaml @0c0737b0)
#: carries the same chart label with ``k8s-app: <that>-autoscaler``, and is not CoreDNS.
_COREDNS_CHART = "coredns"


def _template_labels(template: Any) -> dict:
    """A pod template's ``metadata.labels``, or {} when it has none (or they are not a mapping: checked where the
    service's labels are read)."""
    meta = template.get("metadata") if isinstance(template, dict) else None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return labels if isinstance(labels, dict) else {}


def _template_containers(template: Any) -> list:
    """A pod template's ``spec.containers``, or [] when it has none (checked where the pod is read)."""
    spec = template.get("spec") if isinstance(template, dict) else None
    containers = spec.get("containers") if isinstance(spec, dict) else None
    return containers if isinstance(containers, list) else []


def _meta_labels(meta: Any) -> dict:
    """A workload's own ``metadata.labels`` (``meta``: its metadata), or {}."""
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return labels if isinstance(labels, dict) else {}


def _labels_text(labels: dict[str, str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in labels.items())


def _coredns_labels(labels: dict) -> dict[str, str] | None:
    """The cluster-DNS labels of ``_COREDNS_LABELS`` a pod template carries, or None."""
    for wanted in _COREDNS_LABELS:
        if all(labels.get(k) == v for k, v in wanted.items()):
            return dict(wanted)
    return None


def _label_matches(kind: str, labels: dict) -> list[tuple[str, dict[str, str]]]:
    """Every add-on a pod template's ``labels`` carry the selector labels of (``addon_of_labels``), with those labels:
    for a DaemonSet the EKS add-ons, for a Deployment the cluster add-ons and the cluster DNS (``_COREDNS_LABELS``)."""
    table = EKS_ADDONS if kind == "DaemonSet" else CLUSTER_ADDONS if kind == "Deployment" else {}
    out = [(name, found[1]) for name in table if (found := addon_of_labels({name: table[name]}, labels))]
    if kind == "Deployment" and (dns := _coredns_labels(labels)):
        out.append(("CoreDNS (the cluster's DNS)", dns))
    return out


def ambiguous_addon(kind: str, ns: str, name: str, template: Any) -> str | None:
    """The note for a DaemonSet or Deployment whose pod labels carry the selector labels of more than one add-on
    (``_label_matches``; e.g. ``app: cluster-autoscaler`` with ``k8s-app: metrics-server``): no chart gives its pods
    two add-ons' labels, so advisor does not guess which it is and prices it as an application on every platform (the
    safe, dearer reading: no platform leaves it out). None when it is known by its namespace and name, or its labels
    match one add-on or none."""
    if (ns, name) in _EKS_ADDON_DAEMONSETS or (ns, name) in _CLUSTER_ADDON_DEPLOYMENTS or (ns, name) == _EKS_COREDNS:
        return None
    found = _label_matches(kind, _template_labels(template))
    if len(found) < 2:
        return None
    field = "eks_addon (daemonsets)" if kind == "DaemonSet" else "cluster_addon (services)"
    dns = any(a.startswith("CoreDNS") for a, _lab in found)
    return (f"{kind} {ns}/{name}: its pod labels carry the selector labels of several add-ons ("
            + "; ".join(f"{a}: {_labels_text(lab)}" for a, lab in found) + "), which no add-on's chart or manifest "
            "gives one pod: advisor does not guess which it is and prices it as "
            + ("any DaemonSet" if kind == "DaemonSet" else "an application") + " on every platform (the safe, dearer "
            f"reading). If it is one of them, set {field} in the workload file"
            + (", or leave it out of the input if it is the cluster's CoreDNS." if dns else "."))


def eks_addon_of(ns: str, name: str, template: Any, meta: Any = None) -> tuple[str | None, dict[str, str] | None]:
    """The EKS add-on (``EKS_ADDONS``) a DaemonSet ``ns``/``name`` with this pod ``template`` (and ``meta``, its own
    metadata) is: by its namespace and name, else by its pods' labels (``addon_of_labels``), else by the Helm chart
    label on it or its pods (``addon_of_chart``: a release installed with nameOverride), else by its container's name
    and image (``addon_of_containers``: a chart whose labels all follow nameOverride), with the labels (or container)
    that matched (None when by name or none; (None, None) when its labels match several add-ons, ``ambiguous_addon``).
    """
    if addon := _EKS_ADDON_DAEMONSETS.get((ns, name)):
        return addon, None
    if ambiguous_addon("DaemonSet", ns, name, template):
        return None, None
    found = (addon_of_labels(EKS_ADDONS, _template_labels(template))
             or addon_of_chart(EKS_ADDONS, _meta_labels(meta), _template_labels(template))
             or addon_of_containers(EKS_ADDONS, _template_containers(template)))
    return (found[0], found[1]) if found else (None, None)


def cluster_addon_of(ns: str, name: str, template: Any, meta: Any = None) -> tuple[str | None, dict[str, str] | None]:
    """The cluster add-on (``CLUSTER_ADDONS``) a Deployment ``ns``/``name`` with this pod ``template`` (and ``meta``)
    is, as ``eks_addon_of`` reads a DaemonSet."""
    if addon := _CLUSTER_ADDON_DEPLOYMENTS.get((ns, name)):
        return addon, None
    if ambiguous_addon("Deployment", ns, name, template):
        return None, None
    found = (addon_of_labels(CLUSTER_ADDONS, _template_labels(template))
             or addon_of_chart(CLUSTER_ADDONS, _meta_labels(meta), _template_labels(template)))
    return (found[0], found[1]) if found else (None, None)


def _coredns_chart(template: Any, meta: Any) -> dict[str, str] | None:
    """The labels a Deployment of the coredns/helm chart installed as the cluster's DNS is known by whatever its
    nameOverride (``_COREDNS_CHART``): its chart label and its pods' ``k8s-app`` (not the autoscaler's); or None."""
    pod = _template_labels(template)
    chart_labels = next((lab for lab in (_meta_labels(meta), pod) if chart_of_labels((_COREDNS_CHART,), lab)), None)
    app = pod.get("k8s-app")
    if chart_labels is None or not isinstance(app, str) or not app or app.endswith("-autoscaler"):
        return None
    return {HELM_CHART_LABEL: chart_labels[HELM_CHART_LABEL], "k8s-app": app}


def coredns_of(ns: str, name: str, template: Any, meta: Any = None) -> str | None:
    """Where a Deployment ``ns``/``name`` with this pod ``template`` (and ``meta``, its own metadata) is the cluster's
    CoreDNS: "ns/name", with the labels it is known by when it is not kube-system/coredns (``_COREDNS_LABELS``, or the
    coredns chart's label with a cluster-service ``k8s-app``, ``_COREDNS_CHART``); None when it is not."""
    if (ns, name) == _EKS_COREDNS:
        return f"{ns}/{name}"
    if ambiguous_addon("Deployment", ns, name, template):
        return None
    if labels := _coredns_labels(_template_labels(template)):
        return f"{ns}/{name} (pod labels {_labels_text(labels)})"
    labels = _coredns_chart(template, meta)
    return f"{ns}/{name} (Helm chart labels {_labels_text(labels)})" if labels else None


def chart_unmatched_note(kind: str, ns: str, name: str, template: Any, meta: Any) -> str | None:
    """The note for a Deployment of the coredns/helm chart (``_COREDNS_CHART``) that advisor prices as an application:
    its pods carry no cluster-service ``k8s-app`` label (the chart's ``isClusterService: false``, or its autoscaler
    Deployment), so it is not the cluster's DNS; None for any other workload."""
    if kind != "Deployment" or coredns_of(ns, name, template, meta):
        return None
    labels = next((lab for lab in (_meta_labels(meta), _template_labels(template))
                   if chart_of_labels((_COREDNS_CHART,), lab)), None)
    if labels is None:
        return None
    return (f"Deployment {ns}/{name} is of the coredns Helm chart ({HELM_CHART_LABEL}: {labels[HELM_CHART_LABEL]}) "
            "but its pods carry no cluster-DNS k8s-app label (the chart sets one only with isClusterService, and its "
            "autoscaler's ends in -autoscaler): priced as an application on every platform. If it is the cluster's "
            "CoreDNS, leave it out of the input or label its pods k8s-app: kube-dns.")


def by_labels_note(by_labels: list[str]) -> str:
    """The note listing the add-ons known by their pod labels (``eks_addon_of``, ``cluster_addon_of``)."""
    return ("add-ons known by their pod labels (the selector labels of the add-on's Helm chart or manifest, which a "
            "release under another name or namespace keeps) or by their Helm chart label (helm.sh/chart, which a "
            "release installed with nameOverride keeps), or by their container's name and image (a chart whose labels "
            "all follow nameOverride; model.EKS_ADDONS, model.CLUSTER_ADDONS), not by their namespace and name: "
            + "; ".join(by_labels))


def coredns_from_input(result: Any, spec: dict, pod: dict, ctx: Any, where: str = "kube-system/coredns",
                       key: tuple[str, str] = ("kube-system", "coredns")) -> None:
    """Write the input's CoreDNS Deployment (``where``: its namespace/name, as ``coredns_of`` gives it) into the
    workload's ``eks.coredns`` (what it asks: ``spec.replicas`` when written, its pod's CPU and memory requests when
    it has them, and its pods' overhead from their RuntimeClass, ``overhead_fields``: EKS on EC2 packs it beside the
    request), which the EKS on EC2 and EKS on Fargate estimates size the cluster's CoreDNS by
    (``advisor.sizing.nodes.coredns_size``); a field it leaves out stays the EKS add-on's default (replicas
    unwritten: the add-on's 2, as upstream coredns.yaml.sed leaves them to the DNS autoscaler). A second CoreDNS
    Deployment in one input (``key``: its namespace and name) exits 2 naming both: ``eks.coredns`` is one cluster DNS, and which one the cluster runs
    (or whether both) the input does not say (the first read used to be replaced by the last, field by field, and
    each was said to be priced)."""
    here = f"Deployment {where} ({Path(ctx.source).name} {str(ctx.doc).split(' (')[0]})"
    if result.coredns_from is not None:
        raise ctx.error(None, f"Deployment {where} is a second CoreDNS Deployment, beside {result.coredns_from[2]}; "
                        "advisor prices one CoreDNS per cluster (eks.coredns: replicas and requests per pod), so it "
                        "cannot tell which one the cluster runs. Leave one out of the input (the one the cluster "
                        "does not run), or, if both run, import one and add the other's pods to eks.coredns.replicas.")
    result.coredns_from = (*key, here)
    dns: dict[str, Any] = {}
    if spec.get("replicas") is not None:
        dns["replicas"] = _replicas(spec, ctx)
    if pod["cpu"]:
        dns["cpu"] = _vcpu(pod["cpu"])
    if pod["memory"]:
        dns["memory"] = pod["memory"]
    overhead_fields(pod, dns)  # its RuntimeClass's overhead.podFixed: packed beside the request on EKS on EC2 nodes
    if dns:
        result.eks["coredns"] = dns


def _coredns_note(replicas: int | None, cpu: float, memory_mib: float, where: str = "kube-system/coredns",
                  overhead: dict | None = None) -> str:
    """What advisor does with the input's CoreDNS Deployment (``where``: namespace/name, and the labels it was known
    by when not kube-system/coredns) instead of pricing it as a service: the EKS platforms size the cluster's CoreDNS
    by what it asks (``coredns_from_input``), each value it leaves out the add-on's default (``replicas`` None: not
    written; ``cpu``/``memory_mib`` 0: no request); ``overhead``: its pod's (``_pod_overhead``), whose text says
    what is done with a RuntimeClass's overhead (packed beside the request on EKS on EC2, not on Fargate)."""
    asks = (COREDNS_REPLICAS if replicas is None else replicas, cpu or COREDNS_CPU, memory_mib or COREDNS_MEMORY_MIB)
    default = (asks[0], round(asks[1], 6), round(asks[2], 3)) == (COREDNS_REPLICAS, COREDNS_CPU, COREDNS_MEMORY_MIB)
    kept = [what for what, missing in (("replicas", replicas is None), ("CPU request", not cpu),
                                       ("memory request", not memory_mib)) if missing]
    return (f"Deployment {where} is the cluster's DNS, the CoreDNS add-on EKS installs on every cluster "
            "(Amazon EKS User Guide, 'Amazon EKS add-ons'): not priced as a service. The EKS platforms price the "
            f"cluster's CoreDNS themselves, on the nodes or on Fargate, as the input's Deployment asks (eks.coredns): "
            f"{asks[0]} pod(s) per cluster of {asks[1] * 1000:g}m / {asks[2]:g}Mi"
            + (", the add-on's default" if default else
               f" (the add-on's default is {COREDNS_REPLICAS} pods of {COREDNS_CPU * 1000:g}m / "
               f"{COREDNS_MEMORY_MIB:g}Mi)")
            + (f"; the add-on's default for what it does not write ({', '.join(kept)})" if kept else "")
            + (f"; its pods' {overhead['how']}" if overhead and overhead.get("how") else "")
            + ". EKS Auto Mode runs DNS itself, and ECS runs none (tasks use the VPC's DNS).")


def _host_ports(regular: list[dict], inits: list[dict], host_network: bool, ctx: _Ctx, fld: str) -> list:
    """The node ports a pod holds, each once, in the order written (a port number for TCP on every address, else
    ``{port, protocol, host_ip}``): every ``hostPort`` of its containers and of its init containers with
    ``restartPolicy: Always`` (native sidecars, which run as long as the pod), and with ``hostNetwork`` their
    ``containerPort``s (Kubernetes API, PodSpec ``hostNetwork``: "When `hostNetwork` is true, specified `hostPort`
    fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are
    defaulted to match `containerPort`"). These are the ports the scheduler counts: ``GetHostPorts`` "returns the used
    host ports of pod containers and initContainers with restartPolicy: Always" -- an init container that runs to
    completion first holds no port once the pod runs ("Only consider initContainers that will be running the entire
    duration of the Pod"; kubernetes/kubernetes pkg/scheduler/util/utils.go, the helper of the NodePorts filter
    pkg/scheduler/framework/plugins/nodeports/node_ports.go, 2026 tree: kubernetes/kube-scheduler
    e87dbddd27a5bd4c2028727c7ccc082cfb2cdc09, from kubernetes/kubernetes af7eeeb20678d1d817b41cb5f08a773a96cb2e97). A ``hostPort`` other than its
    ``containerPort`` under ``hostNetwork`` exits 2 naming the field, as the API server refuses it ("must match
    `containerPort` when `hostNetwork` is true")."""
    out: list = []
    held: dict[str, str] = {}  # the API server's "<protocol>/<hostIP>/<hostPort>" of the containers -> field
    for c in regular:
        for inner, host, pfld, proto, ip in c["ports"]:
            port = host or (inner if host_network else None)
            key = f"{proto}/{ip or ''}/{port}"
            if port and key in held:
                raise ctx.error(f"{pfld}.hostPort", f"Duplicate value: \"{key}\" ({held[key]} holds it too): the API "
                                "server refuses a pod whose containers declare one host port twice (pkg/apis/core/"
                                "validation AccumulateUniqueHostPorts; with hostNetwork a containerPort is its "
                                "hostPort). Declare the port in one container, or give each its own port.")
            if port:
                held[key] = pfld
    for c in regular + inits:
        for inner, host, pfld, _proto, _ip in c["ports"]:
            if host_network and host and inner is not None and host != inner:
                raise ctx.error(f"{pfld}.hostPort", f"{host} must match containerPort {inner} when {fld}.hostNetwork is "
                                "true (the pod uses the node's network, so a container's port is the node's port; the "
                                f"API server refuses the pod): set hostPort to {inner}, or remove it.")
    for c in regular + [i for i in inits if i["sidecar"]]:
        for inner, host, _pfld, proto, ip in c["ports"]:
            port = host or (inner if host_network else None)
            if not port:
                continue
            entry = port if proto == "TCP" and ip in (None, ANY_HOST_IP) else \
                {"port": port, "protocol": proto, **({"host_ip": ip} if ip not in (None, ANY_HOST_IP) else {})}
            if entry not in out:
                out.append(entry)
    return out


def _init_only_host_ports(inits: list[dict], host_network: bool) -> list[str]:
    """'name: port' of each host port only an init container that runs to completion declares: the scheduler does
    not count it (``_host_ports``), yet it is in the pod manifest, which EKS on Fargate refuses."""
    return [f"{c['name']}: {host or inner}" for c in inits if not c["sidecar"]
            for inner, host, _f, _p, _i in c["ports"] if host or (host_network and inner)]


def _host_paths(spec: dict, ctx: _Ctx, fld: str) -> list[str]:
    """The node folders a pod mounts: its ``volumes[].hostPath.path`` (Kubernetes "Volumes", hostPath: "mounts a file
    or directory from the host node's filesystem into your Pod"), each once, trimmed; for ``Service.host_volumes``,
    which keeps the service off both Fargates. The API's HostPathVolumeSource ``path``: "Path of the directory on the
    host ... Required" (a string), so a hostPath that is not a mapping, or whose path is missing, not text or blank, is
    an error naming the field, as the API server refuses the pod."""
    out: list[str] = []
    for i, vol in enumerate(_seq(spec.get("volumes"), ctx, f"{fld}.volumes")):
        vol = _map(vol, ctx, f"{fld}.volumes[{i}]", "a volume (a mapping with name and a volume source)")
        if vol.get("hostPath") is None:
            continue
        hfld = f"{fld}.volumes[{i}].hostPath"
        host = _map(vol["hostPath"], ctx, hfld, "a mapping with path (e.g. hostPath: {path: /var/log})")
        path = host.get("path")
        if not isinstance(path, str) or not path.strip():
            raise ctx.error(f"{hfld}.path", f"must be the path of a folder or file on the node, e.g. /var/log "
                            f"(HostPathVolumeSource path, required), got {_kind(path)}.")
        if path.strip()[:255] not in out:
            out.append(path.strip()[:255])
    return out[:100]


def _pod_level(spec: dict, ctx: _Ctx, fld: str, containers: list[dict], aggregate: dict[str, float]
               ) -> dict[str, tuple[float, str]]:
    """{resource: (request, field)} for each of cpu and memory whose pod request is set at pod level
    (``spec.resources``, Kubernetes ``PodLevelResources``: alpha in 1.32, beta in 1.34).

    Kubernetes "Assign Pod-level CPU and memory resources": "When both are present, the pod-level requests take
    precedence"; ``k8s.io/component-helpers/resource/helpers.go`` ``PodRequests`` replaces the containers'
    aggregate with ``pod.Spec.Resources.Requests``, per resource (cpu and memory are the supported pod-level
    resources; hugepages are not priced). Defaulting (``pkg/apis/core/v1/defaults.go`` ``defaultPodRequests``,
    KEP-2837): with pod-level limits, a resource with no pod-level request takes the containers' aggregate when a
    container requests it, else the pod-level limit. The API server refuses a pod-level request below the
    containers' aggregate ("must be greater than or equal to aggregate container requests"), and so does advisor.
    """
    res = _map(spec.get("resources"), ctx, f"{fld}.resources", "a mapping with requests / limits")
    req = _map(res.get("requests"), ctx, f"{fld}.resources.requests", "a mapping such as {cpu: '1', memory: 1Gi}")
    lim = _map(res.get("limits"), ctx, f"{fld}.resources.limits", "a mapping such as {cpu: '2', memory: 2Gi}")
    _requests_within_limits(req, lim, ctx, f"{fld}.resources")
    out: dict[str, tuple[float, str]] = {}
    for key, parse in (("cpu", k8s_cpu), ("memory", k8s_memory_mib)):
        if req.get(key) is not None:
            where = f"{fld}.resources.requests.{key}"
            v = parse(req[key], ctx, where)
            if v < aggregate[key] - 1e-9:
                unit = "vCPU" if key == "cpu" else "MiB"
                raise ctx.error(where, f"{show(req[key])} is less than its containers request together "
                                f"({num(aggregate[key])} {unit}); Kubernetes refuses the pod (\"must be greater than or "
                                "equal to aggregate container requests\"). Raise the pod-level request or lower the "
                                "containers'.")
        elif lim.get(key) is not None and not any(c[key] is not None for c in containers):
            where = f"{fld}.resources.limits.{key}"
            v = parse(lim[key], ctx, where)
        else:
            continue
        if v > 0:
            out[key] = (v, where)
    return out


def _annotation_float(meta: dict, key: str, ctx: _Ctx, lo: float, hi: float | None = None,
                      why: str = "") -> float | None:
    """A numeric annotation (None when absent); anything but a finite number in [lo, hi] is an error naming the
    object (``ctx``) and the annotation, with ``why`` explaining the range."""
    ann = _map(meta.get("annotations"), ctx, "metadata.annotations")
    if key not in ann:
        return None
    raw = ann[key]
    # a string must be an ASCII decimal number: float() alone would read '٥' or '５' as 5 and '1_0' as 10
    text = raw.strip(" \t") if isinstance(raw, str) else None
    try:
        v = float(text if text is not None else raw) if (
            isinstance(raw, (int, float)) and not isinstance(raw, bool) or (len(text or "") < 40 and is_decimal_text(text))
        ) else math.nan
    except (TypeError, ValueError, OverflowError):
        v = math.nan
    if not math.isfinite(v) or v < lo or (hi is not None and v > hi):
        rng = f"{lo:g}-{hi:g}" if hi is not None else f">= {lo:g}"
        raise ctx.error(f"metadata.annotations.{key}", f"{show(raw)} is not valid; give a number ({rng}){why}.")
    return v


# ------------------------------------------------------------------------------------------- cron
#
# Kubernetes validates ``CronJob.spec.schedule`` with robfig/cron v3's standard parser (``cron.ParseStandard``;
# kubernetes pkg/apis/batch/validation) and runs it with the same library, so advisor follows that parser:
# five fields (spec.go bounds: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of week 0-6
# or sun-sat -- 7 is out of range, not Sunday), each a comma list of ``*``/``?``, numbers or names, ranges ``a-b``
# and steps ``/n`` (``a/n`` = a to the maximum); or a descriptor (@yearly, @annually, @monthly, @weekly, @daily,
# @midnight, @hourly, ``@every <Go duration>``). No L, W or #. Day matching (spec.go ``dayMatches``): when the
# day-of-month or day-of-week field holds a ``*`` (or ``?``) without a step above 1, a day must match both; when
# both are restricted, either (the Vixie cron rule). Since Kubernetes 1.27 a ``TZ=``/``CRON_TZ=`` prefix is refused
# ("cannot use TZ or CRON_TZ in schedule, use timeZone field instead"): the time zone goes in ``spec.timeZone``.

_CRON_FIELDS = (("minute", 0, 59, None), ("hour", 0, 23, None), ("day of month", 1, 31, None),
                ("month", 1, 12, {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}),
                ("day of week", 0, 6, {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}))
_CRON_DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                     "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
CRON_SYNTAX = ("five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 "
               "or SUN-SAT (Sunday is 0; 7 is not accepted), each '*', a number, a range 'a-b', a list 'a,b' or a "
               "step '*/n'; or @hourly, @daily, @weekly, @monthly, @yearly, '@every 90m'")
#: ASCII digits only ([0-9], not ``\d``, which also matches '٥' or '５': Go's time.ParseDuration reads 0-9 alone).
_GO_DURATION = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)")
#: The Gregorian calendar repeats every 400 years: 146,097 days (exactly 20,871 weeks), 4,800 months.
_CYCLE_START, _CYCLE_YEARS = 2000, 400


class CronError(ValueError):
    """A schedule Kubernetes refuses; the message says which field is wrong and what is valid (``tz``: the
    schedule carries a time zone, which belongs in ``spec.timeZone``)."""

    def __init__(self, message: str, *, tz: bool = False):
        super().__init__(message)
        self.tz = tz


def _cron_field(text: str, name: str, lo: int, hi: int, names: dict[str, int] | None) -> tuple[frozenset[int], bool]:
    """(values, star) of one cron field, as robfig/cron v3 ``getField``/``getRange`` read it; ``star`` is its
    star bit: some part is ``*`` or ``?`` with no step above 1."""
    def number(word: str) -> int:
        if names and word.lower() in names:
            return names[word.lower()]
        if not is_whole_number_text(word):
            raise CronError(f"the {name} field {text!r}: {word!r} is not a number"
                            + (f" or a name ({', '.join(n.upper() for n in names)})" if names else ""))
        return int(word)

    values: set[int] = set()
    star = False
    for part in text.split(","):
        rng, _, step_s = part.partition("/")
        if "/" in step_s:
            raise CronError(f"the {name} field {text!r} has too many slashes")
        low, dash, high = rng.partition("-")
        if "-" in high:
            raise CronError(f"the {name} field {text!r} has too many hyphens")
        step = 1
        if step_s or part.endswith("/"):
            if not is_whole_number_text(step_s) or int(step_s) == 0:
                raise CronError(f"the {name} field {text!r}: the step after '/' must be a whole number of 1 or more")
            step = int(step_s)
        if low in ("*", "?"):
            a, b = lo, hi
            star = star or step == 1
        else:
            a = number(low)
            b = number(high) if dash else (hi if step_s else a)
        if a < lo or b > hi:
            raise CronError(f"the {name} field {text!r} is out of range: {name} values are {lo}-{hi}"
                            + (" (Sunday is 0)" if name == "day of week" else ""))
        if a > b:
            raise CronError(f"the {name} field {text!r}: the range starts after it ends ({a} > {b})")
        values.update(range(a, b + 1, step))
    return frozenset(values), star


def calendar_days(day_matches: Callable[[int, int, int, int], bool], months: Iterable[int] = range(1, 13),
                  years: Iterable[int] | None = None) -> int:
    """Days on which ``day_matches(day, weekday, days_in_month, first_weekday)`` is true, in ``months`` of ``years``
    (default: the whole 400-year Gregorian cycle, ``_CYCLE_YEARS`` years from ``_CYCLE_START``: 146,097 days, 4,800
    months, after which the calendar repeats), counted against the real calendar (``calendar.monthrange``).
    Weekdays are cron's: Sunday = 0 ... Saturday = 6; ``first_weekday`` is the weekday of the month's 1st. The one
    calendar of the importers: Kubernetes CronJobs (``_calendar_days``) and EventBridge cron expressions
    (``advisor.workload.importers.eventbridge``, whose L, W and # need the month's length and its 1st)."""
    n = 0
    months = sorted(set(months))
    for year in (range(_CYCLE_START, _CYCLE_START + _CYCLE_YEARS) if years is None else years):
        for month in months:
            first, ndays = calendar.monthrange(year, month)  # first: Monday = 0
            first = (first + 1) % 7  # cron's weekday of the 1st, Sunday = 0
            for day in range(1, ndays + 1):
                n += bool(day_matches(day, (first + day - 1) % 7, ndays, first))
    return n


@functools.lru_cache(maxsize=256)
def _calendar_days(doms: frozenset[int], months: frozenset[int], dows: frozenset[int], either: bool) -> int:
    """Days of the 400-year Gregorian cycle on which a schedule fires (``either``: day of month OR day of week)."""
    if either:
        return calendar_days(lambda day, dow, _n, _f: day in doms or dow in dows, months)
    return calendar_days(lambda day, dow, _n, _f: day in doms and dow in dows, months)


#: Go's time.ParseDuration keeps a duration in int64 nanoseconds: anything longer is "time: invalid duration"
#: (Go source, time/format.go ``ParseDuration``), so robfig/cron's ``@every`` and Kubernetes refuse it.
_GO_MAX_DURATION_NS = (1 << 63) - 1
_GO_UNIT_NS = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9,
               "h": 3600 * 10**9}


def _go_duration_ns(text: str) -> int:
    """Nanoseconds of a Go duration as ``time.ParseDuration`` reads it (positive, no sign), ``CronError`` where Go
    fails: the syntax, or more than ``_GO_MAX_DURATION_NS`` (2,562,047 h 47 m 16.854775807 s, about 292 years).
    Each part is its whole number x its unit plus its fraction x its unit truncated to whole nanoseconds, as Go does."""
    parts = _GO_DURATION.findall(text)
    if not text or "".join(a + b for a, b in parts) != text:
        raise CronError("'@every' needs a Go duration written with the digits 0-9 and the units ns, us, ms, s, m, h, "
                        "such as '90m', '1h30m' or '30s'")
    total = 0
    for number, unit in parts:
        whole, _, frac = number.partition(".")
        if len(whole.lstrip("0")) > 20:  # beyond any int64 count of nanoseconds, whatever the unit
            total = _GO_MAX_DURATION_NS + 1
            break
        ns = int(whole or "0") * _GO_UNIT_NS[unit]
        digits = frac[:18]  # Go's leadingFraction stops adding digits before uint64 overflows; the rest add < 1 ns
        if digits.strip("0"):
            ns += int(int(digits) * (_GO_UNIT_NS[unit] / 10 ** len(digits)))  # float64, truncated, as Go
        total += ns
        if total > _GO_MAX_DURATION_NS:
            break
    if total > _GO_MAX_DURATION_NS:
        raise CronError("the duration is longer than Go's longest, 2562047h47m16.854775807s (about 292 years): "
                        "time.ParseDuration fails with \"invalid duration\" above it, so Kubernetes refuses the schedule")
    return total


def _every_seconds(spec: str) -> int:
    """Seconds between runs of ``@every <duration>`` (robfig/cron ``Every``: at least 1 s, else whole seconds)."""
    return max(1, _go_duration_ns(spec.strip()) // 10**9)


class _Cron:
    """A schedule Kubernetes accepts, read (``_parse_cron``): ``every`` seconds for ``@every``, else the minutes of
    the day it fires at (``times``), its day fields and months, ``either`` (day of month OR day of week) and
    ``clock`` (every day or fixed weekdays in every month: it recurs with the clock, week after week)."""

    def __init__(self, every: int | None = None, times: tuple[int, ...] = (), doms: frozenset[int] = frozenset(),
                 months: frozenset[int] = frozenset(), dows: frozenset[int] = frozenset(), either: bool = False):
        self.every, self.times, self.doms, self.months, self.dows, self.either = every, times, doms, months, dows, either
        self.clock = every is None and not either and len(doms) == 31 and len(months) == 12


def _parse_cron(schedule: str) -> _Cron:
    """A CronJob schedule read as Kubernetes reads it (comment above ``_CRON_FIELDS``); ``CronError`` when Kubernetes
    would refuse it."""
    if not isinstance(schedule, str):
        raise CronError(f"{show(schedule)} is not a cron schedule (a string such as '0 2 * * *')")
    s = schedule.strip()
    if "TZ" in s:  # Kubernetes: strings.Contains(schedule, "TZ")
        zone = re.match(r"^(?:CRON_)?TZ=(\S+)", s)
        raise CronError("a time zone in the schedule (TZ= or CRON_TZ=) is refused by Kubernetes since 1.27 (\"cannot "
                        "use TZ or CRON_TZ in schedule, use timeZone field instead\"): move it to spec.timeZone "
                        f"(timeZone: {show(zone.group(1) if zone else 'Etc/UTC')}) and keep only the five fields in "
                        "spec.schedule", tz=True)
    if not s:
        raise CronError("the schedule is empty; give five fields such as '0 2 * * *'")
    if s.startswith("@every "):
        return _Cron(every=_every_seconds(s[len("@every "):]))
    if s.startswith("@"):
        if s not in _CRON_DESCRIPTORS:
            close = difflib.get_close_matches(s.lower(), list(_CRON_DESCRIPTORS) + ["@every"], n=1)
            raise CronError(f"{s.split()[0]!r} is not a descriptor Kubernetes knows ("
                            f"{', '.join(_CRON_DESCRIPTORS)}, '@every <duration>')"
                            + (f"; did you mean {close[0]!r}?" if close else ""))
        s = _CRON_DESCRIPTORS[s]
    f = s.split()
    if len(f) != 5:
        raise CronError(f"it has {len(f)} field{'s' if len(f) != 1 else ''}, not the five Kubernetes expects (minute "
                        "hour day-of-month month day-of-week; no seconds or year field)")
    (mins, _), (hours, _), (doms, dom_star), (months, _), (dows, dow_star) = (
        _cron_field(text, *spec) for text, spec in zip(f, _CRON_FIELDS))
    either = not (dom_star or dow_star)  # both restricted: either matches (robfig dayMatches, Vixie cron)
    return _Cron(None, tuple(sorted(h * 60 + m for h in hours for m in mins)), doms, months, dows, either)


def runs_per_month(schedule: str) -> float:
    """Average runs per month of a Kubernetes CronJob schedule; ``CronError`` when Kubernetes would refuse it.

    The schedule is read as Kubernetes reads it (robfig/cron v3 standard parser: see the comment above
    ``_CRON_FIELDS``). Runs per month = runs per day x days it fires per month, where:

    * a schedule that fires every day, or on fixed days of the week (day of month and month ``*``), recurs with
      the clock: it is counted in advisor's month of ``HOURS_PER_MONTH`` hours (``HOURS_PER_MONTH / 24`` days,
      ``HOURS_PER_MONTH / 168`` weeks), the month every other hour is priced in -- so an hourly CronJob runs
      ``HOURS_PER_MONTH`` times, as many hours as a Deployment is priced for;
    * a schedule tied to the calendar (a day of month, a month, or both day fields, which cron ORs) is counted
      against the real calendar (``calendar.monthrange``) over the full 400-year Gregorian cycle: days it fires
      in 146,097 days / 4,800 months. So the 31st fires 7/12 times a month, 29 February 97/4,800 times (97 leap
      years in 400), and 30 February never (0: Kubernetes never starts it). The real average month
      (146,097 days x 24 hours / 4,800) is 0.07% longer than ``HOURS_PER_MONTH``; the two rules keep apart rather
      than blend.

    ``@every d`` runs every d (at least 1 second, whole seconds, as robfig/cron's ``Every``; more than Go's
    longest duration, about 292 years, is refused as Kubernetes refuses it).
    """
    c = _parse_cron(schedule)
    if c.every is not None:
        return HOURS_PER_MONTH * 3600 / c.every
    per_day = len(c.times)
    if c.clock:  # every day, or fixed weekdays: with the clock
        return per_day * len(c.dows) * HOURS_PER_MONTH / 168
    return per_day * _calendar_days(c.doms, c.months, c.dows, c.either) / (12 * _CYCLE_YEARS)


# Runs that overlap (one run lasts longer than the time to the next firing) follow spec.concurrencyPolicy (Kubernetes
# docs, CronJob "Concurrency policy": "Allow (default): The CronJob allows concurrently running Jobs"; "Forbid: The
# CronJob does not allow concurrent runs; if it is time for a new Job run and the previous Job run hasn't finished
# yet, the CronJob skips the new Job run"; "Replace: If it is time for a new Job run and the previous Job run hasn't
# finished yet, the CronJob replaces the currently running Job run with a new Job run"). ``cron_overlap`` works them
# out from the firing times over the calendar ``runs_per_month`` counts on: one week (x HOURS_PER_MONTH / 168) for a
# schedule that recurs with the clock, the firing days of the 400-year Gregorian cycle (/ 4,800 months) for one tied
# to the calendar, each cycle following the last (the runs of its end run on into the next); ``@every`` by its
# fixed interval.


class CronOverlap:
    """How the runs of a schedule overlap, for runs of ``minutes`` each, per month (``cron_overlap``): ``runs``
    firings; ``forbid_runs`` the runs that start under Forbid (each lasts ``minutes``); ``replace_minutes`` the
    pod-minutes under Replace (each run until the next firing, or ``minutes``, whichever comes first); ``peak`` the
    most runs going at once under Allow; ``min_gap`` the shortest time between two firings (minutes); ``period``
    how it was counted (for notes)."""

    def __init__(self, runs: float, forbid_runs: float, replace_minutes: float, peak: int, min_gap: float,
                 period: str):
        self.runs, self.forbid_runs, self.replace_minutes = runs, forbid_runs, replace_minutes
        self.peak, self.min_gap, self.period = peak, min_gap, period


_EPS = 1e-9
_CYCLE_DAYS = 146_097  # days of the 400-year Gregorian cycle


def cron_overlap(schedule: str, minutes: float) -> CronOverlap | None:
    """The overlap of runs of ``minutes`` each on ``schedule`` (see the comment above ``CronOverlap``); None when no
    run lasts past the next firing (every policy then runs the same). ``CronError`` as ``runs_per_month``."""
    c = _parse_cron(schedule)
    if c.every is not None:  # a fixed interval: exact by arithmetic
        gap = c.every / 60
        if minutes <= gap + _EPS:
            return None
        runs = HOURS_PER_MONTH * 60 / gap
        k = math.ceil(minutes / gap - _EPS)  # Forbid: a run starts every k-th firing; Allow: k at once
        return CronOverlap(runs, runs / k, runs * gap, k, gap, f"every {gap:g} min")
    t = c.times
    inday = [b - a for a, b in zip(t, t[1:])]
    if minutes <= min(inday + [1440 + t[0] - t[-1]]) + _EPS:  # shorter than any gap, even between two days in a row
        return None
    if c.clock:
        days, period = tuple(d for d in range(7) if d in c.dows), 7
        scale, how = HOURS_PER_MONTH / 168, f"its firing times over a week, x {HOURS_PER_MONTH / 168:.4g} weeks"
    else:
        days, period = _firing_days(c.doms, c.months, c.dows, c.either), _CYCLE_DAYS
        scale, how = 1 / (12 * _CYCLE_YEARS), "its firing times over the 400-year Gregorian cycle / 4,800 months"
    if not days:
        return None
    day_gaps = [(days[(i + 1) % len(days)] - d) % period or period for i, d in enumerate(days)]
    overnight = [g * 1440 + t[0] - t[-1] for g in day_gaps]  # last firing of a day to the first of the next
    min_gap = min(inday + overnight)
    if minutes <= min_gap + _EPS:
        return None
    n = len(t)
    runs = n * len(days)
    replace = len(days) * sum(min(minutes, g) for g in inday) + sum(min(minutes, g) for g in overnight)
    return CronOverlap(runs * scale, _forbid_starts(t, days, period, minutes) * scale, replace * scale,
                       _allow_peak(t, days, period, minutes), min_gap, how)


@functools.lru_cache(maxsize=64)
def _firing_days(doms: frozenset[int], months: frozenset[int], dows: frozenset[int], either: bool) -> tuple[int, ...]:
    """The days (0 = 1 January ``_CYCLE_START``) of the 400-year cycle a calendar-tied schedule fires on: as many as
    ``_calendar_days`` counts."""
    out: list[int] = []
    n = 0
    for year in range(_CYCLE_START, _CYCLE_START + _CYCLE_YEARS):
        for month in range(1, 13):
            first, ndays = calendar.monthrange(year, month)
            if month in months:
                first = (first + 1) % 7  # cron's weekday of the 1st, Sunday = 0
                for day in range(1, ndays + 1):
                    dow = (first + day - 1) % 7
                    if (day in doms or dow in dows) if either else (day in doms and dow in dows):
                        out.append(n + day - 1)
            n += ndays
    return tuple(out)


def _forbid_starts(t: tuple[int, ...], days: tuple[int, ...], period: int, minutes: float) -> float:
    """Runs that start in one period under Forbid: a firing starts a run when the last run has ended (at or before
    it), else it is skipped. The periods follow one another, so a run can reach into the next one: the count is that
    of the steady state, the periods repeated until the state at a period's start repeats (its average over the
    repeating periods)."""
    memo: dict[float | None, tuple[int, int | None]] = {}

    def day(entry: float | None) -> tuple[int, int | None]:
        """(runs started, the last one's minute of the day) on a firing day entered with the last run ending at
        minute ``entry`` of that day (None: before its first firing)."""
        if entry not in memo:
            j = 0 if entry is None else bisect.bisect_left(t, entry - _EPS)
            count, last = 0, None
            while j < len(t):
                count, last = count + 1, t[j]
                j = bisect.bisect_left(t, last + minutes - _EPS)
            memo[entry] = (count, last)
        return memo[entry]

    width = period * 1440
    end = -math.inf  # when the last run ends, in minutes from the start of the current period
    seen: dict[float | None, int] = {}
    counts: list[int] = []
    limit = max(3, 2_000_000 // len(days))
    while True:
        state = None if end <= days[0] * 1440 + t[0] + _EPS else end
        if state in seen:
            cycle = counts[seen[state]:]
            return sum(cycle) / len(cycle)
        if len(counts) >= limit:  # no repeat yet (a run chain across a very long period): the later periods' average
            return sum(counts[1:]) / (len(counts) - 1)
        seen[state] = len(counts)
        total = 0
        for d in days:
            base = d * 1440
            entry = None if end <= base + t[0] + _EPS else end - base
            started, last = day(entry)
            if started:
                total += started
                end = base + last + minutes
        counts.append(total)
        end -= width


def _allow_peak(t: tuple[int, ...], days: tuple[int, ...], period: int, minutes: float) -> int:
    """The most runs going at once when every firing starts one (Allow): over every firing, the runs started in the
    ``minutes`` up to and including it, on its day and on the firing days before it (the period repeating). A firing
    day ``g`` days back adds all its runs to every firing of this day when its first run is still going at this
    day's last firing (``g`` up to ``full``), some of them up to ``reach``, none beyond; a firing day is keyed by how
    many days add all and which add some, and each key is counted once."""
    n, span = len(t), t[-1] - t[0]
    full = math.ceil((minutes - span - _EPS) / 1440) - 1  # g <= full: every run of that day is still going
    reach = math.ceil((minutes + span - _EPS) / 1440) - 1  # g <= reach: some run of that day may still be going
    copies = reach // period + 1
    ext = [d - c * period for c in range(copies, 0, -1) for d in days] + list(days)  # firing days, earlier periods first
    memo: dict[tuple, int] = {}
    best = 0
    for d in days:
        lo = max(1, full + 1)
        n_full = bisect.bisect_right(ext, d - 1) - bisect.bisect_left(ext, d - full) if full >= 1 else 0
        part = tuple(d - ext[k] for k in range(bisect.bisect_left(ext, d - reach), bisect.bisect_right(ext, d - lo)))
        key = (n_full, part)
        if key not in memo:
            peak = 0
            for x in t:
                at = bisect.bisect_right(t, x) - bisect.bisect_right(t, x - minutes + _EPS) + n_full * n
                for g in part:  # runs of a day g days back started in (x + g days - minutes, x + g days]
                    at += n - bisect.bisect_right(t, x + g * 1440 - minutes + _EPS)
                peak = max(peak, at)
            memo[key] = peak
        best = max(best, memo[key])
    return best


# ------------------------------------------------------------------------------------------- import


def _replicas(spec: dict, ctx: _Ctx, key: str = "replicas", fld: str = "spec", default: int | None = 1) -> int | None:
    """``spec[key]`` as a whole number of pods (``default`` when absent or null), checked; ``fld`` names ``spec`` in
    messages (``spec.jobTemplate.spec`` for a CronJob's Job)."""
    v = spec.get(key)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        written = (f" (a decimal number: write it as the whole number {int(v)})"
                   if isinstance(v, float) and v.is_integer() and 0 <= v <= MAX_TASKS_PER_SERVICE else "")
        raise ctx.error(f"{fld}.{key}", f"{show(v)} is not valid{written}; give a whole number of pods from 0 to "
                        f"{MAX_TASKS_PER_SERVICE:,}.")
    if v > MAX_TASKS_PER_SERVICE:
        raise ctx.error(f"{fld}.{key}", f"{show(v)} is more than advisor models for one service ({MAX_TASKS_PER_SERVICE:,}, "
                        "the ECS 'Tasks per service' quota); split the workload or lower it.")
    return v


def _names_of_several_kinds(objs: list[tuple[str, str, dict]]) -> set[tuple[str, str]]:
    """(namespace, name) of the objects that run pods (workload kinds, DaemonSets, Argo Rollouts) whose namespace and
    name another such object of another kind has too (Kubernetes "Object Names and IDs": a name is unique per kind
    and namespace only), so that ``_service_name`` tells them apart by kind."""
    kinds: dict[tuple[str, str], set[str]] = {}
    for _, _, obj in objs:
        meta = obj.get("metadata")
        kind = obj.get("kind")
        if kind not in (*WORKLOAD_KINDS, "DaemonSet", "Rollout") or not isinstance(meta, dict):
            continue
        name, ns = meta.get("name"), meta.get("namespace")
        if isinstance(name, str) and name:
            kinds.setdefault((ns if isinstance(ns, str) and ns else "default", name), set()).add(kind)
    return {key for key, found in kinds.items() if len(found) > 1}


def _service_name(name: str, ns: str, kind: str, used: set[str], shared: set[tuple[str, str]]) -> str:
    """A workload's service (or DaemonSet) name, unique and unambiguous: its name; when that is taken (by an object
    of another namespace or kind), ``namespace/name``; and when objects of several kinds share that namespace and
    name (``_names_of_several_kinds``), ``namespace/name (Kind)``, so ``a/web`` is never a StatefulSet a/web beside a
    Deployment a/web. A name is unique per kind and namespace only (Kubernetes "Object Names and IDs")."""
    if name not in used:
        return name
    if (ns, name) not in shared:
        return f"{ns}/{name}"
    return f"{ns}/{name} ({kind})"


def _cdict(c: dict) -> dict:
    d: dict[str, Any] = {"name": c["name"]}
    if c["cpu"]:
        d["cpu"] = _vcpu(c["cpu"])
    if c["memory"]:
        d["memory"] = c["memory"]
    if c.get("sidecar"):
        d["sidecar"] = True
    return d


def _note_unknown_class(pod: dict, label: str, unknown: dict[str, list[str]]) -> None:
    """Record a workload whose pod names a RuntimeClass the input does not hold (``_pod_overhead`` "unknown")."""
    oh = pod.get("overhead") or {}
    if oh.get("unknown"):
        unknown.setdefault(str(oh["runtime_class"]), []).append(label)


def unknown_classes_note(unknown: dict[str, list[str]]) -> str:
    """The note on pods that name a RuntimeClass the input does not hold: their pod overhead is unknown."""
    return ("RuntimeClass(es) not in the input: " + "; ".join(f"{name} (named by {name_list(labels)})"
                                                              for name, labels in sorted(unknown.items()))
            + ". Kubernetes adds the RuntimeClass's overhead.podFixed to each pod's request for scheduling and quota "
            "(Kubernetes 'Pod Overhead'), so these pods' overhead is unknown and not counted; add the RuntimeClass "
            "objects to the input to count it.")


def overhead_fields(pod: dict, data: dict) -> list[str]:
    """Write a pod's overhead (``_pod_overhead``) into a service's or DaemonSet's ``data`` as ``pod_overhead``
    {cpu, memory} (none when it is 0); the comment saying where it came from, as a list."""
    oh = pod.get("overhead") or {}
    if oh.get("overhead") and any(oh["overhead"]):
        cpu, mem = oh["overhead"]
        data["pod_overhead"] = {**({"cpu": _vcpu(cpu)} if cpu else {}), **({"memory": mem} if mem else {})}
    return [oh["how"]] if oh.get("how") else []


def _service_data(name: str, pod: dict) -> tuple[dict, list[str]]:
    data: dict[str, Any] = {"name": name}
    comments = []
    unsized = any(c["cpu"] is None or c["memory"] is None for c in pod["regular"] + pod["inits"])
    level = pod["pod_level"]
    if pod["inits"] or len(pod["regular"]) > 1 or unsized:
        for key in ("cpu", "memory"):  # a pod-level request is the pod's; the other resource comes from the containers
            if key in level:
                data[key] = level[key][0]
        data["containers"] = [_cdict(c) for c in pod["regular"]]
        if pod["inits"]:
            data["init_containers"] = [_cdict(c) for c in pod["inits"]]
        sidecars = [c["name"] for c in pod["inits"] if c["sidecar"]]
        ccpu, cmem = pod["containers_request"]
        comments.append(("containers' request" if level else "pod request")
                        + " = max(largest init phase, sum of containers"
                        + (f" and native sidecars {', '.join(sidecars)}" if sidecars else "")
                        + f") = {num(ccpu)} vCPU, {num(cmem)} MiB")
    else:
        data["cpu"], data["memory"] = _vcpu(pod["cpu"]), pod["memory"]
    if level:
        comments.append(f"pod-level resources set the pod request: {pod_level_text(level)} (Kubernetes 'Assign "
                        "Pod-level CPU and memory resources': the pod-level requests take precedence)")
    comments += overhead_fields(pod, data)
    if pod.get("gpus"):
        data["gpus"] = pod["gpus"]
        comments.append(f"{pod['gpus']} GPU(s) / Neuron device(s) per pod (resources.limits): Fargate runs no GPU pods")
    privileged = [c["name"] for c in pod["regular"] + pod["inits"] if c.get("privileged")]
    if privileged:
        data["privileged"] = True
        comments.append(f"securityContext.privileged: true ({', '.join(privileged[:3])}"
                        + (" ..." if len(privileged) > 3 else "") + "): 'Privileged containers aren't supported on "
                        "Fargate' (Amazon EKS User Guide, 'AWS Fargate considerations'): EC2 only")
    if pod.get("host_paths"):
        data["host_volumes"] = pod["host_paths"]
        comments.append(f"hostPath volume(s) {', '.join(pod['host_paths'][:3])}"
                        + (f" and {len(pod['host_paths']) - 3} more" if len(pod["host_paths"]) > 3 else "")
                        + ": folders of the node, which a Fargate pod or task cannot mount (host_volumes)")
    ports = pod.get("host_ports") or []
    if pod.get("host_network"):
        data["host_network"] = True
    if ports:
        data["host_ports"] = ports[:100]  # the model's bound; one port is enough to rule out Fargate and keep pods apart
    if pod.get("host_network") or ports:
        shown = (", ".join(str(HostPort(**p) if isinstance(p, dict) else p) for p in ports[:5])
                 + (f" and {len(ports) - 5} more" if len(ports) > 5 else ""))
        comments.append(("hostNetwork: true" + (f", its containerPorts are the node's: {shown}" if ports else
                                                " (no containerPort declared, so no node port the scheduler knows of)")
                         if pod.get("host_network") else f"hostPort {shown}")
                        + ": 'Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest' "
                        "(Amazon EKS User Guide, 'AWS Fargate considerations'): not on EKS on Fargate"
                        + ("; on EC2 nodes at most one pod per node holds a port (Kubernetes scheduler, NodePorts "
                           "filter), so its pods go on different nodes" if ports else "")
                        + "; ECS on Fargate runs it as an awsvpc task on its own ENI")
    if pod.get("init_host_ports"):
        data["init_host_ports"] = sorted({int(p.rsplit(": ", 1)[1]) for p in pod["init_host_ports"]})[:100]
        comments.append(f"init container hostPort(s) {', '.join(pod['init_host_ports'][:3])}: an init container "
                        "without restartPolicy: Always runs to completion before the pod starts, so the scheduler does "
                        "not count its ports ('Only consider initContainers that will be running the entire duration "
                        "of the Pod', kube-scheduler GetHostPorts) and they keep no pods apart; EKS on Fargate still "
                        "refuses a HostPort in the pod manifest ('Pods running on Fargate can't specify HostPort', "
                        "Amazon EKS User Guide): not on EKS on Fargate (init_host_ports)")
    for c in pod["regular"] + pod["inits"]:
        remapped = [(inner, host) for inner, host, *_ in c["ports"] if host and inner is not None and host != inner]
        if remapped:
            comments.append(f"{c['name']}: " + ", ".join(f"hostPort {h} -> containerPort {i}" for i, h in remapped[:3])
                            + ": as an awsvpc task (ECS on Fargate) it serves the containerPort on its own address; "
                            "ECS cannot map another port to it (PortMapping: in awsvpc mode 'The hostPort can be left "
                            "blank or it must be the same value as the containerPort')")
    return data, comments


def pod_ephemeral_storage(pod: dict, data: dict, ctx: _Ctx, pod_fld: str) -> list[str]:
    """Set ``ephemeral_storage_gib`` of a service from its pod's ephemeral-storage requests (``_pod``'s
    ``ephemeral_gib``, the sum of its containers') when they are above the 20 GiB Fargate includes; the comments to
    write. Used by manifests and by the Kubernetes objects of Terraform plans and CDK templates alike.

    A request of 20 GiB or less is left at the included 20 GiB. EKS on Fargate provisions the request + 10% + 5 GiB
    (``advisor.sizing.fargate.eks_pod_storage_gib``), which is above 20 GiB from a request of about 13.6 GiB on; AWS's
    example of billing the provisioned amount is for a request above 20 GiB ("you're only billed for the additional
    storage you allocate to the containers beyond the default 20 GiB", AWS Containers blog "AWS Fargate adds support
    for larger ephemeral volumes"), so such a pod is priced with none billed, an assumption its comment states."""
    gib = pod["ephemeral_gib"]
    if gib > ECS_FARGATE_MAX_STORAGE_GIB:
        raise ctx.error(f"{pod_fld}.containers[*].resources.requests.ephemeral-storage",
                        f"{gib:g} GiB in total is above the {ECS_FARGATE_MAX_STORAGE_GIB:g} GiB advisor (and Fargate) "
                        "can price; lower it.")
    if gib > FARGATE_INCLUDED_STORAGE_GIB:
        data["ephemeral_storage_gib"] = gib
        return []
    if eks_provisioned_storage_gib(gib) > FARGATE_INCLUDED_STORAGE_GIB:
        return [f"ephemeral-storage requests {gib:g} GiB in total, within the {FARGATE_INCLUDED_STORAGE_GIB:g} GiB "
                f"Fargate includes: none billed (an assumption: EKS on Fargate provisions "
                f"{eks_provisioned_storage_gib(gib):g} GiB for it, the request + 10% + 5 GiB in whole GiB, and AWS's "
                "example of billing that amount above 20 GiB is for a request above 20 GiB)"]
    return []


def pod_level_text(level: dict[str, tuple[float, str]]) -> str:
    """'1 vCPU (spec.resources.requests.cpu), 100 MiB (spec.resources.requests.memory)'."""
    return ", ".join(f"{num(level[k][0])} {unit} ({level[k][1]})" for k, unit in (("cpu", "vCPU"), ("memory", "MiB"))
                     if k in level)


def import_k8s(path: str | Path | Source, *, region: str = "us-east-1", name: str | None = None,
               strict: bool = False) -> ImportResult:
    """Import a manifest file, ``-`` (standard input), or a folder of manifests (see the module docstring).

    With ``strict``, a Job or CronJob whose running time is unknown is an error instead of a skipped object
    with a note; containers without requests are refused by ``ImportResult.workload_checked(strict=True)``.

    An error about a value read from a kustomize folder whose patches (patches, Helm charts, ...) advisor does
    not apply says so: kustomize may build another value (a patch that replaces a placeholder request is a fix
    advisor never sees), and the command that prices what it builds is given.
    """
    unapplied: list[str] = []
    try:
        return _import_k8s(path, region=region, name=name, strict=strict, unapplied=unapplied)
    except WorkloadError as exc:
        if not unapplied:
            raise
        folder = Path(path)  # only a kustomize folder fills unapplied
        helm = " --enable-helm" if any(k in unapplied for k in ("helmCharts", "helmChartInflationGenerator")) else ""
        hint = (f" (read from the kustomize folder {folder} as its resources list it: its "
                f"{', '.join(dict.fromkeys(unapplied))} are not applied and may change this; check what kustomize "
                f"builds with 'kubectl kustomize{helm} {shlex.quote(str(folder))} | advisor compare -')")
        if isinstance(exc, FieldError):
            raise FieldError(exc.source, exc.document, exc.field, exc.detail + hint) from None
        raise WorkloadError(f"{exc}{hint}") from None


def _import_k8s(path: str | Path | Source, *, region: str, name: str | None, strict: bool,
                unapplied: list[str]) -> ImportResult:
    """``import_k8s``; a kustomize folder puts what it does not apply in ``unapplied``."""
    result = ImportResult(name="", source="", region=region)
    if is_folder(path):
        folder = Path(path)
        result.source, result.name = str(folder), name or folder.resolve().name or "manifests"
        raw = _folder_objects(folder, result, unapplied)
        label = f"{folder.name or folder}/"
    else:
        if message := source_format_message(path):
            raise WorkloadError(message)
        src = read_source(path, what="manifest file")
        result.source, result.name = src.name, name or src.stem
        raw = _read_docs(src)
        label = "standard input" if src.name == STDIN_NAME else Path(src.name).name
    objs: list[tuple[str, str, dict]] = []
    for source, doc, obj in raw:
        objs += _flatten(source, doc, obj)
    result.header = [f"{IMPORTED_HEADER[2:]} from {label}.",
                     "cpu is vCPU, memory is MiB (Kubernetes requests; limits where no request is set); a memory "
                     "below 64 MiB is written with its unit ('20 MiB'): the workload format refuses a bare number "
                     "that small as a likely GB."]
    targets: dict[tuple[str, str, str], ImportedService] = {}
    target_meta: dict[tuple[str, str, str], dict] = {}
    hpas: list[tuple[_Ctx, dict]] = []  # HorizontalPodAutoscalers and KEDA ScaledObjects
    scaled_jobs: list[str] = []
    skipped: dict[str, int] = {}
    used: set[str] = set()
    nlbs: list[str] = []
    nlb_assumed: list[str] = []
    ingresses: list[tuple[_Ctx, dict, str]] = []
    seen: dict[tuple[str, str, str], tuple[str, str, dict]] = {}  # (namespace, kind, name) -> (file, doc, object)
    annotated: dict[tuple[str, str, str], str] = {}  # targets with advisor/average-replicas -> their label
    prefixes: dict[tuple[str, str, str], int] = {}  # (namespace, kind, metadata.generateName) -> objects so far
    generated: list[str] = []  # objects named by their generateName prefix
    pod_level: list[str] = []  # objects whose pod request is set at pod level (spec.resources)
    no_api_version: list[str] = []  # kinds of objects without apiVersion (read as the built-in kind)
    not_read: dict[str, list[str]] = {}  # custom resources that run pods advisor does not read: label -> objects
    extended: list[str] = []  # pods asking for extended resources / hugepages advisor does not price (_extended_resources)
    skipped_custom: dict[str, int] = {}  # custom resources that hold no pod template or replicas
    rollouts: list[str] = []  # Argo Rollouts read as Deployments
    by_labels: list[str] = []  # add-ons known by their pod labels, not by their namespace and name
    unknown_runs: dict[str, list[str]] = {}  # why a Job / CronJob's running time is unknown -> the ones left out
    unknown_at: dict[str, int] = {}  # why -> the index of its assumption in result.assumptions
    rollout_both: list[str] = []  # a Deployment that keeps running beside the Rollout that references it
    rollout_refs = _rollout_refs(objs)
    limit_defaults = _limit_ranges(objs, result)  # namespace -> {resource: (default request, where from)}
    limit_rules = _limit_range_rules(objs)  # namespace -> LimitRange constraints a pod must meet
    classes = runtime_classes(objs)  # RuntimeClass name -> its overhead.podFixed (the pods' overhead)
    unknown_classes: dict[str, list[str]] = {}  # a RuntimeClass not in the input -> the workloads that name it
    quotas = _resource_quotas(objs)  # namespace -> ResourceQuota hard limits advisor checks
    quota_usage: dict[str, list[tuple[str, int, dict]]] = {}  # namespace -> long-running pods (workload, replicas)
    defaulted: dict[str, list[str]] = {}  # LimitRange default -> containers given it
    storage = _Storage(objs)  # the input's claims, volumes and storage classes
    claims = ClaimBook(storage)  # the claims pods mount, as they are read
    claims_not_priced = claims.not_priced  # claims (and claim templates) that are not EBS volumes
    ephemeral_priced: list[str] = []  # generic ephemeral volumes (EBS): one claim per pod, deleted with the pod
    templates_assumed: list[str] = []  # StatefulSet claim templates of a class the input does not hold: EBS assumed
    ephemeral_daemons: list[str] = []  # ... of DaemonSets: one per node, not priced
    efs_dynamic = claims.efs_dynamic  # claims of a dynamically provisioned EFS class (not on EKS on Fargate)
    apart_nodes: list[tuple[ImportedService, str]] = []  # required anti-affinity against its own pods, per node
    apart_other: list[str] = []  # ... on another topology key (a zone)
    away_from: list[str] = []  # required anti-affinity against other pods (or another namespace's): not modelled
    spread: dict[str, list[str]] = {}  # topologySpreadConstraints' topologyKey -> workloads (not modelled: noted)
    node_pools: list[tuple[_Ctx, str, dict]] = []  # Karpenter NodePools, EC2NodeClasses, Auto Mode NodeClasses
    pod_needs: list[PodNeeds] = []  # what each service's pods need of the nodes (the NodePools they use)

    ds_services = _daemonset_services(objs)  # namespace -> Services that select pods (DaemonSets serving clients)
    served: list[str] = []  # DaemonSets a Service sends clients to: on_fargate: exclude (SERVED_DAEMONSET_NOTE)
    shared_names = _names_of_several_kinds(objs)
    for source, doc, obj in objs:
        kind = obj["kind"]
        ctx0 = _Ctx(source, f"{doc} ({kind})")
        kid, klabel = _kind_id(kind, obj, ctx0)
        if obj.get("apiVersion") is None:
            no_api_version.append(kind)
        meta = _map(obj.get("metadata"), ctx0, "metadata")
        oname = _name(meta, ctx0)
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
        prefix = _generate_name(meta, ctx0) if oname is None else None
        if prefix is not None:  # the API server makes a new, unique name from the prefix for each such object
            count = prefixes[(ns, kid, prefix)] = prefixes.get((ns, kid, prefix), 0) + 1
            oname = prefix if count == 1 else f"{prefix} ({count})"
            generated.append(f"{klabel} {ns}/{oname}")
        # the object as kubectl names it: kind, and namespace/name when the object gives its namespace (errors in a
        # bundle of many namespaces, cert-manager's or kube-prometheus's, then say which one)
        given_ns = isinstance(meta.get("namespace"), str) and meta["namespace"].strip() != ""
        ctx = _Ctx(source, (f"{doc} ({kind} {ns}/{oname})" if given_ns else f"{doc} ({kind} {oname})") if oname
                   else f"{doc} ({kind})")
        if oname and prefix is None:  # the API server keeps one object per kind, namespace and name: one object
            # a RuntimeClass is cluster-scoped: one per name, whatever metadata.namespace says (runtime_classes)
            key_ns, shown = ("", f"{klabel} {oname}") if kid == "RuntimeClass" else (ns, f"{klabel} {ns}/{oname}")
            first = seen.get((key_ns, kid, oname))
            if first is not None:
                here, there = f"{Path(source).name} {doc}", f"{Path(first[0]).name} {first[1]}"
                if first[2] != obj:
                    if _changes_price(kid, first[2]) or _changes_price(kid, obj):
                        raise ctx.error(None, f"{shown} is also defined in {there}, differently; "
                                        "Kubernetes keeps one object per kind, namespace and name (the last applied "
                                        "wins), so advisor cannot tell which to price. Remove one, or give the folder "
                                        "that is applied.")
                    what = ("reads only the overhead.podFixed of a RuntimeClass, the same in both" if
                            kid == "RuntimeClass" else f"does not price a {klabel}")
                    result.notes.append(f"{shown} is defined differently in {there} and {here} "
                                        f"(Kubernetes keeps the last applied); advisor {what}, so either gives the "
                                        f"same estimate: read {there}")
                    continue
                result.notes.append(f"{shown} appears twice, identically ({there} and {here}): priced once")
                continue
            seen[(key_ns, kid, oname)] = (source, doc, obj)
            if kid in WORKLOAD_KINDS or kid == ROLLOUT:
                avg = _annotation_float(meta, ANNOTATION_AVERAGE, ctx, 0, MAX_TASKS_PER_SERVICE)
                if avg is not None:
                    annotated[(ns, kind, oname)] = f"{kind} {ns}/{oname}"
        lb_service = kind == "Service" and isinstance(obj.get("spec"), dict) and obj["spec"].get("type") == "LoadBalancer"
        if not oname and (lb_service or kind == "Ingress" or kid in NODE_POOL_KINDS or kid in (
                "HorizontalPodAutoscaler", "ScaledObject.keda.sh", "ScaledJob.keda.sh")):
            # what advisor prices or reads by name, as for a workload: the API server refuses an object without one
            # ("resource name may not be empty"), so it would make no load balancer, autoscaler or node pool
            raise ctx.error("metadata.name", f"is missing (and so is metadata.generateName); Kubernetes refuses a "
                            f"{klabel} without a name (\"resource name may not be empty\"), so it would not be "
                            "created: set metadata.name.")
        if kid in ("HorizontalPodAutoscaler", "ScaledObject.keda.sh"):
            hpas.append((ctx, obj))
            continue
        if kid == "ScaledJob.keda.sh":
            scaled_jobs.append(f"{ns}/{oname}")
            continue
        if kid in NODE_POOL_KINDS:  # Karpenter NodePools and their node classes: read once the pods are (nodepool.py)
            node_pools.append((ctx, kid, obj))
            continue
        if kid != kind and kid != ROLLOUT:  # a custom resource, whatever its kind is called
            why = _runs_pods(kid, obj)
            if why:  # a fragment without a name (an example of one field) is named by its document
                not_read.setdefault(klabel, []).append(
                    f"{ns}/{oname} ({why})" if oname else f"{ns}/<no metadata.name> ({Path(source).name} {doc}; {why})")
            else:
                skipped_custom[klabel] = skipped_custom.get(klabel, 0) + 1
            continue
        if lb_service:
            nlbs.append(f"Service {ns}/{oname}")
            annotations = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
            if annotations.get(_LB_TYPE) not in ("nlb", "external", "nlb-ip") and \
                    obj["spec"].get("loadBalancerClass") != "service.k8s.aws/nlb":
                nlb_assumed.append(str(oname))
            continue
        if kind == "Ingress":
            ingresses.append((ctx, obj, str(oname)))
            continue
        if kind == "ResourceQuota" and ns in quotas:
            continue  # read by _resource_quotas: checked against the namespace's pods (_quota_notes)
        if kind == "LimitRange" and (ns in limit_defaults or ns in limit_rules or ns in storage.claim_limits):
            continue  # read by _limit_ranges / _limit_range_rules: defaults and constraints of its namespace's pods
        if kid == "RuntimeClass" and oname in classes:
            continue  # read by runtime_classes: the overhead of the pods that name it
        if kind not in WORKLOAD_KINDS and kind != "DaemonSet" and kid != ROLLOUT:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        if not oname:
            raise ctx.error("metadata.name", "is missing (and so is metadata.generateName); every workload object "
                            "needs a name: set metadata.name, or metadata.generateName (a prefix the API server "
                            "completes to a unique name).")
        spec = obj.get("spec")
        if not isinstance(spec, dict):
            raise ctx.error("spec", f"is missing or not a mapping (got {_kind(spec)}).")
        sname = _service_name(oname, ns, kind, used, shared_names)
        if kind == "DaemonSet":
            template = _map(spec.get("template"), ctx, "spec.template", "a mapping (the pod template)")
            pod = _pod(template.get("spec"), ctx, "spec.template.spec", limit_defaults.get(ns), limit_rules.get(ns), classes)
            if pod["extended"]:
                extended.append(f"DaemonSet {ns}/{oname} ({', '.join(pod['extended'])})")
            ephemeral_daemons += daemon_ephemeral_volumes(template.get("spec"), ctx, "spec.template.spec", storage, ns,
                                                          f"DaemonSet {ns}/{oname}")
            _note_defaulted(pod, f"DaemonSet {ns}/{oname}", limit_defaults.get(ns), defaulted)
            if pod["pod_level"]:
                pod_level.append(f"DaemonSet {ns}/{oname}: {pod_level_text(pod['pod_level'])}")
            ds: dict[str, Any] = {"name": sname}
            if pod["cpu"]:
                ds["cpu"] = _vcpu(pod["cpu"])
            if pod["memory"]:
                ds["memory"] = pod["memory"]
            overhead_fields(pod, ds)
            _note_unknown_class(pod, f"DaemonSet {ns}/{oname}", unknown_classes)
            if pod["host_network"]:
                ds["host_network"] = True
            if pod["host_ports"]:
                # held on every node: a service's pod on the same port finds no node (kube-scheduler NodePorts)
                ds["host_ports"] = pod["host_ports"][:100]
            if any(c.get("privileged") for c in pod["regular"] + pod["inits"]):
                ds["privileged"] = True  # no Fargate runs it, not as a sidecar either (DaemonSet.privileged)
            if pod["host_paths"]:
                ds["host_volumes"] = pod["host_paths"][:100]  # no Fargate mounts them (DaemonSet.host_volumes)
            if note := ambiguous_addon(kind, ns, oname, template):
                result.notes.append(note)
            addon, found = eks_addon_of(ns, oname, template, meta)
            if found:  # a Helm release under another name or namespace: its chart's selector labels or chart label
                by_labels.append(f"DaemonSet {ns}/{oname} ({addon}: {_labels_text(found)})")
            if addon:  # EKS's own add-on pod: in the default's place on EKS on EC2, nowhere else (DaemonSet.eks_addon)
                ds["eks_addon"] = addon
            daemonset_nodes(pod, ds)
            tmeta = template.get("metadata")
            labels = tmeta.get("labels") if isinstance(tmeta, dict) and isinstance(tmeta.get("labels"), dict) else {}
            backing = [f"{kind_} Service {ns}/{sv}" for sv, kind_, sel in ds_services.get(ns, [])
                       if all(labels.get(k) == v for k, v in sel.items())]
            if backing and not addon and not any(ds.get(k) for k in ("privileged", "host_volumes", "host_network",
                                                                       "host_ports")):
                # a server tier, not an agent of the pod beside it: no sidecar in every Fargate task/pod
                ds["on_fargate"] = "exclude"
                served.append(f"DaemonSet {ns}/{oname} ({', '.join(backing[:3])})")
            result.daemonsets.append(ds)
            used.add(sname)
            continue
        if kind == "Deployment" and (note := ambiguous_addon(kind, ns, oname, spec.get("template"))):
            result.notes.append(note)
        if note := chart_unmatched_note(kind, ns, oname, spec.get("template"), meta):
            result.notes.append(note)
        if kind == "Deployment" and (where := coredns_of(ns, oname, spec.get("template"), meta)):
            # the cluster's DNS, which every EKS platform prices itself: not a service of the workload (_coredns_note);
            # by its name, or by its labels under another name (a Helm release, _COREDNS_LABELS)
            template = _map(spec.get("template"), ctx, "spec.template", "a mapping (the pod template)")
            pod = _pod(template.get("spec"), ctx, "spec.template.spec", limit_defaults.get(ns), limit_rules.get(ns), classes)
            written = _replicas(spec, ctx) if spec.get("replicas") is not None else None
            coredns_from_input(result, spec, pod, ctx, where, (ns, str(oname)))
            result.notes.append(_coredns_note(written, pod["cpu"] or 0.0, pod["memory"] or 0.0, where,
                                              pod.get("overhead")))
            continue
        comments = [f"{klabel} {ns}/{oname} ({Path(source).name}, {doc})"]
        extra: dict[str, Any] = {}
        addon, found = (cluster_addon_of(ns, oname, spec.get("template"), meta) if kind == "Deployment"
                        else (None, None))
        if found:  # a Helm release under another name or namespace: its chart's selector labels or chart label
            by_labels.append(f"Deployment {ns}/{oname} ({addon}: {_labels_text(found)})")
        if addon:
            # runs the cluster, not an application: ECS does its job itself (Service.cluster_addon, CLUSTER_ADDONS)
            extra["cluster_addon"] = addon
            comments.append(f"cluster_addon: {addon} ({CLUSTER_ADDONS[addon]['title']})"
                            + (f", by its pod labels {_labels_text(found)}" if found else ""))
        template_of: str | None = None  # the Deployment whose pod template a Rollout uses (workloadRef)
        if kid == ROLLOUT and "template" not in spec and spec.get("workloadRef") is not None:
            ref = _map(spec.get("workloadRef"), ctx, "spec.workloadRef")
            rkind, rname = ref.get("kind", "Deployment"), ref.get("name")
            target = seen.get((ns, "Deployment", rname)) if rkind == "Deployment" and isinstance(rname, str) else None
            if target is None:
                not_read.setdefault(klabel, []).append(f"{ns}/{oname} (its pod template is spec.workloadRef "
                                                       f"{show(rkind)} {ns}/{show(rname)}, which is not in the input)")
                continue
            template_of = f"Deployment {ns}/{rname}"
            spec = {**spec, "template": target[2].get("spec", {}).get("template")
                    if isinstance(target[2].get("spec"), dict) else None}
        if (ns, oname) in rollout_refs and kind == "Deployment":
            rollout, scale_down = rollout_refs[(ns, oname)]
            replicas = _replicas(spec, ctx)
            if replicas == 0 or scale_down in _ROLLOUT_SCALE_DOWN:
                result.notes.append(
                    f"Deployment {ns}/{oname} holds the pod template of Argo Rollout {ns}/{rollout} (spec.workloadRef) "
                    + ("and runs no pods (replicas 0)" if replicas == 0 else
                       f"and is scaled down by the Rollout (workloadRef.scaleDown: {scale_down})")
                    + ": priced once, as the Rollout's replicas")
                continue
            rollout_both.append(f"Deployment {ns}/{oname} ({replicas} replicas) beside Argo Rollout {ns}/{rollout}")
        if kind == "Pod":
            pod_fld, pod_spec, replicas = "spec", spec, 1
        elif kind in ("Job", "CronJob"):
            if kind == "Job":
                jspec, jfld, schedule = spec, "spec", None
            else:
                jspec = _map(_map(spec.get("jobTemplate"), ctx, "spec.jobTemplate").get("spec"), ctx,
                             "spec.jobTemplate.spec")
                jfld, schedule = "spec.jobTemplate.spec", spec.get("schedule")
                if schedule is None:
                    raise ctx.error("spec.schedule", "is missing; Kubernetes requires a CronJob's schedule (e.g. "
                                    "schedule: \"0 2 * * *\").")
            template = _map(jspec.get("template"), ctx, f"{jfld}.template", "a mapping (the pod template)")
            pod_fld, pod_spec = f"{jfld}.template.spec", template.get("spec")
            replicas = _replicas(jspec, ctx, "parallelism", jfld)
            completions = _replicas(jspec, ctx, "completions", jfld, default=None)
            if completions is not None and completions < replicas:
                # Kubernetes "Jobs", Controlling parallelism: "For fixed completion count Jobs, the actual number of
                # pods running in parallel will not exceed the number of remaining completions. Higher values of
                # .spec.parallelism are effectively ignored." (the Job controller's wantActive = min(completions -
                # succeeded, parallelism))
                comments.append(f"{jfld}.parallelism {replicas} is more than {jfld}.completions {completions}: at "
                                f"most {completions} pod(s) run at once (Kubernetes 'Jobs', Controlling parallelism)")
                replicas = completions
            suspend = spec.get("suspend")  # absent or null: false, as the API server defaults it
            if suspend is not None and not isinstance(suspend, bool):
                raise ctx.error("spec.suspend", f"{show(suspend)} is not valid; Kubernetes takes true or false.")
            if suspend:
                # CronJob: "suspend ... tells the controller to suspend subsequent executions"; Job: while suspended,
                # no pods are created (Kubernetes API reference, CronJobSpec / JobSpec "suspend"). Checked before the
                # timing: a suspended CronJob costs nothing whatever its schedule and run length.
                result.notes.append(f"{kind} {ns}/{oname} left out: spec.suspend is true, so Kubernetes starts no "
                                    "run while it stays suspended: 0 runs, $0 (set suspend: false to price it)")
                continue
            policy = spec.get("concurrencyPolicy") if kind == "CronJob" else None
            if policy is not None and policy not in ("Allow", "Forbid", "Replace"):
                raise ctx.error("spec.concurrencyPolicy", f"{show(policy)} is not valid; Kubernetes takes Allow (the "
                                "default), Forbid or Replace.")
            timing, why = _job_timing(meta, jspec, schedule, ctx, kind, policy)
            if timing is not None and timing.get("runs_per_month") == 0:
                result.notes.append(f"{kind} {ns}/{oname} left out: {why}")
                continue
            if timing is None:
                if strict:
                    raise ctx.error(f"metadata.annotations.{ANNOTATION_HOURS}", why)
                # one assumption per reason, naming every Job / CronJob it leaves out (the admission Jobs of
                # ingress-nginx, a chart's hook Jobs), not the same request once per object
                unknown_runs.setdefault(why, []).append(f"{kind} {ns}/{oname}")
                labels = unknown_runs[why]
                text = f"{name_list(labels)} left out: {why}"
                if len(labels) == 1:
                    unknown_at[why] = len(result.assumptions)
                    result.assumptions.append(text)
                else:
                    result.assumptions[unknown_at[why]] = text
                continue
            chains = timing.pop("chains", 1)
            if replicas * chains > MAX_TASKS_PER_SERVICE:
                raise ctx.error("spec.schedule", f"{why}: {replicas * chains:,} pods at once, more than advisor models "
                                f"for one service ({MAX_TASKS_PER_SERVICE:,}). Check the run length, or set "
                                "concurrencyPolicy: Forbid if runs must not overlap.")
            replicas *= chains
            if timing.pop("overlap", False) | timing.pop("capped", False):  # shown with the comparison too: the
                # overlap changes the price several-fold; a cap changes the hours the manifest gives
                result.notes.append(f"{kind} {ns}/{oname}: {why}")
            extra.update(timing)
            comments.append(why)
        else:
            tfld = f"spec.workloadRef ({template_of}) spec.template" if template_of else "spec.template"
            template = _map(spec.get("template"), ctx, tfld, "a mapping (the pod template)")
            pod_fld, pod_spec = f"{tfld}.spec", template.get("spec")
            replicas = _replicas(spec, ctx)
            if kid == ROLLOUT:
                comments.append("Argo Rollout read as a Deployment (replicas default 1; Argo Rollouts 'Rollout "
                                "Specification')" + (f"; pod template from {template_of} (spec.workloadRef)"
                                                     if template_of else ""))
                rollouts.append(f"{ns}/{oname} ({replicas} replicas"
                                + (f", pod template from {template_of} (spec.workloadRef)" if template_of else "") + ")")
        pod = _pod(pod_spec, ctx, pod_fld, limit_defaults.get(ns), limit_rules.get(ns), classes)
        if pod["extended"]:
            extended.append(f"{klabel} {ns}/{oname} ({', '.join(pod['extended'])})")
        pod_meta = meta if kind == "Pod" else _map(template.get("metadata"), ctx,
                                                   pod_fld.removesuffix(".spec") + ".metadata")
        pod_labels = _map(pod_meta.get("labels"), ctx, "metadata.labels" if kind == "Pod" else
                          pod_fld.removesuffix(".spec") + ".metadata.labels", "a mapping of labels")
        away: list[str] = []
        apart = _self_anti_affinity(pod_spec, pod_labels, ns, ctx, pod_fld, away)
        for key in _spread_keys(pod_spec, ctx, pod_fld):
            spread.setdefault(key, []).append(f"{klabel} {ns}/{oname}")
        if away:
            away_from.append(f"{klabel} {ns}/{oname} on {', '.join(away)}")
        comments += _note_defaulted(pod, f"{klabel} {ns}/{oname}", limit_defaults.get(ns), defaulted)
        if pod["pod_level"]:
            pod_level.append(f"{kind} {ns}/{oname}: {pod_level_text(pod['pod_level'])}")
        data, pc = _service_data(sname, pod)
        comments += pc + pod["notes"]
        _note_unknown_class(pod, f"{klabel} {ns}/{oname}", unknown_classes)
        data["replicas"] = replicas
        if kind not in ("Job", "CronJob"):
            quota_usage.setdefault(ns, []).append((f"{klabel} {oname}", replicas, pod))
        data["architecture"], data["os"] = pod["architecture"], pod["os"]
        if pod["windows_why"]:
            result.assumptions.append(
                f"{klabel} {ns}/{oname}: priced as Windows because {pod['windows_why']}; its pod names no OS -- add "
                "nodeSelector kubernetes.io/os: windows (which keeps it on Windows nodes) or spec.os.name to be sure")
        arch_named = pod["node"].get("arch_given", True)
        node_rules(pod, data, comments, f"{klabel} {ns}/{oname}")
        if HOSTNAME_KEY in apart:
            data["one_per_node"] = True
            comments.append(f"required pod anti-affinity against its own pods on {HOSTNAME_KEY}: each replica on a "
                            "node of its own (one_per_node)")
        comments += pod_ephemeral_storage(pod, data, ctx, pod_fld)
        volumes: list[dict] = []
        templates: set[str] = set()
        label = f"{klabel} {ns}/{oname}"
        if kind == "StatefulSet":
            data["spot"] = False
            sort_claim_templates(spec, ctx, storage, ns, label, templates, volumes, templates_assumed,
                                 claims_not_priced, efs_dynamic)
            comments.append("StatefulSet: spot false (stable identity)" + (
                "; volumeClaimTemplates: " + ", ".join(f"{v.get('name', '?')} {num(v['size_gib'])} GiB"
                                                       + (f" ({v['storage_class']})" if v.get("storage_class") else "")
                                                       for v in volumes) + " per pod" if volumes else ""))
        sort_ephemeral_volumes(pod_spec, ctx, pod_fld, storage, ns, label, volumes, comments, ephemeral_priced,
                               claims_not_priced, efs_dynamic)
        shared_rwo = claims.mount(pod_spec, ctx, pod_fld, templates, ns, label, sname, volumes, comments)
        if volumes:
            data["persistent_volumes"] = _distinct_volume_names(volumes, comments)
        data.update(extra)
        svc = ImportedService(data, comments)
        node = pod["node"]
        pod_needs.append(PodNeeds(svc, arch_named, node.get("nodepool"),
                                  frozenset(node["capacity"]) if node.get("capacity") is not None else None,
                                  node.get("types"), node.get("families"),
                                  tuple(p for p, _ in node.get("patterns", ())),
                                  node.get("tolerations", ()), node.get("labels", ())))
        claims.rwo_shared += [(svc, label, claim) for claim in shared_rwo]
        if HOSTNAME_KEY in apart:
            apart_nodes.append((svc, label))
        if any(k != HOSTNAME_KEY for k in apart):
            apart_other.append(f"{label} ({', '.join(sorted({k for k in apart if k != HOSTNAME_KEY}))})")
        result.services.append(svc)
        used.add(sname)
        if prefix is None:  # an autoscaler names its target; a generated name is not known in advance
            targets[(ns, kind, oname)] = svc
            target_meta[(ns, kind, oname)] = meta

    _apply_scalers([_read_scaler(ctx, obj) for ctx, obj in hpas], targets, target_meta, result)
    for key, label in annotated.items():
        if key in targets and "scaling" not in targets[key].data:
            result.notes.append(f"{label}: annotation {ANNOTATION_AVERAGE} ignored: no HorizontalPodAutoscaler or KEDA "
                                "ScaledObject targets it, so its replicas are priced")
    ingress_classes, default_ingress_classes = _ingress_classes(objs)
    for cls in _load_balancers(nlbs, nlb_assumed, ingresses, result, ingress_classes, default_ingress_classes):
        storage.used.add(("IngressClass", "", cls))  # read: not skipped
    claims.notes(result, (ephemeral_priced, ephemeral_daemons))
    if templates_assumed:
        # a claim mounted by a pod says the same in its own note (claims_priced, with how it resolved)
        result.notes.append(templates_assumed_note(templates_assumed))
    _anti_affinity_notes(result, apart_nodes, apart_other)
    _spread_notes(result, spread)
    _quota_notes(quotas, quota_usage, result)
    if away_from:
        result.notes.append(
            f"{name_list(away_from)}: required pod anti-affinity against other pods (a labelSelector that does not select "
            "the pod itself, or another namespace): it keeps these pods out of the nodes or zones that run those pods "
            "(Kubernetes 'Assigning Pods to Nodes'), which advisor's packing does not check, so this rule is not "
            "modelled (an EC2 fleet may place them together)")
    for kind_used, _ns, _n in storage.used:  # read through a claim: not skipped
        skipped[kind_used] = skipped.get(kind_used, 0) - 1
    skipped = {k: n for k, n in skipped.items() if n > 0}
    if scaled_jobs:
        result.assumptions.append(f"KEDA ScaledJob(s) left out ($0): {name_list([_short_name(j) for j in scaled_jobs])}. KEDA creates a Job from "
                            "spec.jobTargetRef for events its triggers see (up to maxReplicaCount at a time), so how "
                            "many run and for how long is not in the manifest; to price them, add a Job or CronJob "
                            f"with the same pod and annotation {ANNOTATION_HOURS} (pod-hours per month)")
    if generated:
        result.notes.append("no metadata.name: metadata.generateName used as the name of " + name_list([_short_name(g) for g in generated])
                            + " (the API server completes this prefix to a unique name when it creates the object, "
                            "so each such object is a new one, never a duplicate"
                            + ("; a second one with the same prefix is numbered here)" if max(prefixes.values()) > 1
                               else ")"))
    if no_api_version:
        counts = {k: no_api_version.count(k) for k in dict.fromkeys(no_api_version)}
        result.notes.append(f"{len(no_api_version)} object(s) without apiVersion ("
                            + ", ".join(f"{n} {k}" for k, n in counts.items()) + ") read as the built-in Kubernetes "
                            "kinds of those names; kubectl refuses an object without apiVersion, so add it (e.g. "
                            "apiVersion: apps/v1 for a Deployment)")
    if unknown_classes:
        result.notes.append(unknown_classes_note(unknown_classes))
    if pod_level:
        result.notes.append("pod-level resources (spec.resources) set the pod request of " + "; ".join(pod_level)
                            + ". Kubernetes 'Assign Pod-level CPU and memory resources': when pod-level and "
                            "container requests are both present, the pod-level requests take precedence (per "
                            "resource; a resource without one comes from the containers)")
    _defaulted_notes(defaulted, result)
    if by_labels:
        result.notes.append(by_labels_note(by_labels))
    if served:
        result.notes.append(SERVED_DAEMONSET_NOTE.format(daemonsets=name_list(served)))
    if rollouts:
        result.notes.append("Argo Rollout(s) read as Deployments (the Rollout spec has a Deployment's fields; Argo "
                            "Rollouts docs, 'Rollout Specification', 'Migrating to Rollouts'): " + name_list(rollouts)
                            + "; the canary or blue-green steps' extra pods during an update are not priced")
    if rollout_both:
        result.notes.append("priced as running side by side: " + name_list(rollout_both) + " (workloadRef.scaleDown "
                            "is 'never' or not set, so the Rollout does not scale the Deployment down; set the "
                            "Deployment's replicas to 0 once the Rollout runs)")
    if extended:
        result.assumptions.append(extended_resources_assumption(extended))
    if not_read:
        objects = sum(len(v) for v in not_read.values())
        idle = result.services and all(s.data.get("replicas") == 0 and "scaling" not in s.data for s in result.services)
        result.assumptions.append(
            "not priced: " + "; ".join(f"{len(v)} {k}: {name_list([_short_name(o, 160) for o in v])}"
                                       for k, v in not_read.items())
            + (" -- it creates" if objects == 1 else " -- they create") + " pods advisor does not read: left out, $0"
            + ("; the objects advisor read run no pods (replicas 0), so the compute estimate is $0 without them"
               if idle else "")
            + ". To price them, give advisor the objects they create (on a cluster that runs them: 'kubectl get "
            "deployments,statefulsets,daemonsets,jobs -A -o yaml | advisor compare -'), or describe their pods as a "
            "Deployment, StatefulSet or Job with the same requests and replicas")
    if skipped:
        result.notes.append("skipped (no compute to price): " + ", ".join(
            f"{n} {k}" for k, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))))
    if skipped_custom:
        result.notes.append("skipped (custom resources whose spec holds no pod template or replicas, read as running "
                            "no pods): " + ", ".join(f"{n} {k}" for k, n in sorted(skipped_custom.items(),
                                                                                key=lambda kv: (-kv[1], kv[0]))))
    settle_placement(result)  # node selectors on instance types / families (after every service is read)
    read_node_pools(node_pools, result, pods=pod_needs,
                    storage_gib=lambda v, ctx, fld: k8s_memory_mib(v, ctx, fld, storage=True) / 1024,
                    cpu=lambda v, ctx, fld: k8s_cpu(v, ctx, fld, bound=True),
                    memory_mib=lambda v, ctx, fld: k8s_memory_mib(v, ctx, fld, bound=True))
    return result


# ------------------------------------------------------------------------------------------- storage

#: Provisioners (StorageClass ``provisioner``) and CSI drivers (PersistentVolume ``spec.csi.driver``) that make Amazon
#: EBS volumes: the Amazon EBS CSI driver ``ebs.csi.aws.com`` (Amazon EKS User Guide, "Use Kubernetes volume storage
#: with Amazon EBS"), EKS Auto Mode's block storage ``ebs.csi.eks.amazonaws.com`` (EKS User Guide, "Deploy a sample
#: stateful workload to EKS Auto Mode": its StorageClass has "provisioner: ebs.csi.eks.amazonaws.com"), and the in-tree
#: ``kubernetes.io/aws-ebs`` (Kubernetes "Storage Classes", AWS EBS; migrated to the CSI driver).
EBS_PROVISIONERS = ("ebs.csi.aws.com", "ebs.csi.eks.amazonaws.com", "kubernetes.io/aws-ebs")
#: The Amazon EFS CSI driver. Amazon EKS User Guide, "Use elastic file system storage with Amazon EFS": "You can't use
#: dynamic provisioning for persistent volumes with Fargate nodes, but you can use static provisioning."
EFS_PROVISIONER = "efs.csi.aws.com"
#: Kubernetes "Storage Classes", "Default StorageClass": a claim that names no storageClassName gets the class whose
#: annotation is-default-class is "true" (the DefaultStorageClass admission plugin reads the beta annotation too,
#: ``IsDefaultAnnotation``); "If you set the storageclass.kubernetes.io/is-default-class annotation to true on more
#: than one StorageClass ... Kubernetes uses the most recently created default StorageClass."
_DEFAULT_CLASS = ("storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class")
#: The claim annotation that named a claim's class before ``storageClassName`` (Kubernetes "Persistent Volumes",
#: "Class": "In the past, the annotation volume.beta.kubernetes.io/storage-class was used instead of the
#: storageClassName attribute. This annotation is still working"). Kubernetes reads it first: the volume controller's
#: ``GetPersistentVolumeClaimClass`` returns the annotation when it is set, else ``spec.storageClassName``, and the
#: DefaultStorageClass admission plugin gives no default class to a claim that has it (kubernetes/kubernetes#116089).
BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
#: PersistentVolume spec fields that are not its volume source (Kubernetes API reference, PersistentVolumeSpec).
_PV_NOT_SOURCE = {"accessModes", "capacity", "claimRef", "mountOptions", "nodeAffinity", "persistentVolumeReclaimPolicy",
                  "storageClassName", "volumeMode", "volumeAttributesClassName"}


class _Storage:
    """The input's PersistentVolumeClaims, PersistentVolumes and StorageClasses (read before the workloads, as the
    LimitRanges are), what a claim resolves to (``resolve``), and which of them a workload used (``used``: they are
    no longer counted as skipped).

    A claim resolves, as Kubernetes binds it (Kubernetes "Persistent Volumes": "Binding", "Class"; "Storage
    Classes"), to the PersistentVolume its ``volumeName`` names, else to a PersistentVolume of the input of its class
    that matches it (``static_volume``), else to its ``storageClassName``'s class, else (no
    storageClassName) to the input's default class. What that is decides the price: an EBS volume (``kind``
    "ebs") is priced as gp3; a claim advisor cannot follow -- a class, volume or cluster default that is not in the
    input -- is assumed to be EBS, as EKS clusters use it ("assumed", priced the same, the note says so); a file
    system (Amazon EFS, NFS), a folder or disk of the node (hostPath, local) or another driver is not priced."""

    def __init__(self, objs: list[tuple[str, str, dict]]):
        self.claims: dict[tuple[str, str], tuple[str, str, dict]] = {}
        self.volumes: dict[str, tuple[str, str, dict]] = {}
        self.classes: dict[str, tuple[str, str, dict]] = {}
        self.defaults: list[str] = []
        self.used: set[tuple[str, str, str]] = set()  # (kind, namespace, name) of the objects read through a claim
        self.bound: dict[str, tuple[str, str]] = {}  # PersistentVolume -> the claim (namespace, name) bound to it
        #: namespace -> (LimitRange, min GiB and text, max GiB and text) of its ``type: PersistentVolumeClaim`` items
        self.claim_limits: dict[str, list[tuple[str, tuple[float, str] | None, tuple[float, str] | None]]] = {}
        for source, doc, obj in objs:
            kind, api = obj.get("kind"), obj.get("apiVersion")
            group = _api_group(api.strip()) if isinstance(api, str) else None
            meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
            name = meta.get("name")
            if not isinstance(name, str) or not name:
                continue
            ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
            if kind == "StorageClass" and group in (None, "storage.k8s.io"):
                if name not in self.classes:
                    self.classes[name] = (source, doc, obj)
                    ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
                    if any(ann.get(k) in ("true", True) for k in _DEFAULT_CLASS):
                        self.defaults.append(name)
            elif kind == "PersistentVolume" and group in (None, ""):
                self.volumes.setdefault(name, (source, doc, obj))
            elif kind == "PersistentVolumeClaim" and group in (None, ""):
                self.claims.setdefault((ns, name), (source, doc, obj))
            elif kind == "LimitRange" and group in (None, "") and isinstance(obj.get("spec"), dict):
                ctx = _Ctx(source, f"{doc} (LimitRange)")
                items = obj["spec"].get("limits") if isinstance(obj["spec"].get("limits"), list) else []
                for i, item in enumerate(items):
                    if not isinstance(item, dict) or item.get("type") != "PersistentVolumeClaim":
                        continue
                    rule: dict[str, dict[str, tuple[float, str]]] = {}
                    for part in ("min", "max", "default", "defaultRequest", "maxLimitRequestRatio"):
                        values = _map(item.get(part), ctx, f"spec.limits[{i}].{part}")
                        v = values.get("storage")
                        fld = f"spec.limits[{i}].{part}.storage"
                        rule[part] = {} if v is None else {"storage": (
                            k8s_cpu(v, ctx, fld, bound=True) if part == "maxLimitRequestRatio" else
                            k8s_memory_mib(v, ctx, fld, storage=True) / MIB_PER_GIB, str(v))}
                    if not rule["min"] and not rule["max"]:
                        # ValidateLimitRange: field.Required(idxPath.Child("limits"), ...) for a PersistentVolumeClaim
                        # item without min.storage or max.storage
                        raise ctx.error(f"spec.limits[{i}]", "Kubernetes refuses this LimitRange: \"either minimum or "
                                        "maximum storage value is required, but neither was provided\" (API server "
                                        "validation, ValidateLimitRange): an item of type PersistentVolumeClaim "
                                        "bounds the claims' storage, so give min.storage, max.storage or both "
                                        "(e.g. max: {storage: 10Gi}).")
                    _valid_limit_range_item(rule, i, ctx, keys=("storage",))
                    self.claim_limits.setdefault(ns, []).append(
                        (f"LimitRange {ns}/{name} (spec.limits[{i}], type PersistentVolumeClaim)",
                         rule["min"].get("storage"), rule["max"].get("storage")))

    def claim(self, ns: str, name: str) -> tuple[_Ctx, dict] | None:
        """(context naming the claim's file and document, the claim) of PersistentVolumeClaim ns/name, or None."""
        found = self.claims.get((ns, name))
        if found is None:
            return None
        source, doc, obj = found
        self.used.add(("PersistentVolumeClaim", ns, name))
        return _Ctx(source, f"{doc} (PersistentVolumeClaim {name})"), obj

    def static_volume(self, spec: dict, cls: str, size_gib: float, claim: tuple[str, str] | None) -> str | None:
        """The PersistentVolume of the input a claim of class ``cls`` (its ``spec``) binds to without a
        ``volumeName``, or None: static provisioning, which Kubernetes tries before a StorageClass provisions a volume
        ("Persistent Volumes", Binding: "A control loop in the control plane watches for new PVCs, finds a matching PV
        (if possible), and binds them together"; "If none of the static PVs the administrator created match the
        user's PersistentVolumeClaim, the cluster may try to dynamically provision a volume"). A volume matches as the
        PV controller's ``findMatchingVolume`` matches it: the same class ("A PV of a particular class can only be
        bound to PVCs requesting that class"), the same volumeMode (default Filesystem), at least the claim's size,
        every access mode the claim asks for, the claim's ``selector``, and no ``claimRef`` to another claim (one
        that names this claim wins); of those, the smallest. ``claim``: a PersistentVolumeClaim (namespace, name),
        which then holds the volume (a PV binds one claim); None for a claim template, whose claims are made later."""
        modes = spec.get("accessModes") if isinstance(spec.get("accessModes"), list) else []
        mode = spec.get("volumeMode") or "Filesystem"
        selector = spec.get("selector") if isinstance(spec.get("selector"), dict) else None
        best: tuple[int, float, str] | None = None
        for name, (vsource, vdoc, pv) in self.volumes.items():
            vspec = pv.get("spec") if isinstance(pv.get("spec"), dict) else {}
            if (vspec.get("storageClassName") or "") != cls or (vspec.get("volumeMode") or "Filesystem") != mode:
                continue
            held = self.bound.get(name)
            if held is not None and held != claim:
                continue
            ref = vspec.get("claimRef") if isinstance(vspec.get("claimRef"), dict) else {}
            mine = False
            if ref.get("name") is not None:
                if claim is None or (ref.get("namespace") or "default", ref.get("name")) != claim:
                    continue
                mine = True
            vmodes = vspec.get("accessModes") if isinstance(vspec.get("accessModes"), list) else []
            if any(m not in vmodes for m in modes):
                continue
            capacity = vspec.get("capacity") if isinstance(vspec.get("capacity"), dict) else {}
            try:
                gib = k8s_memory_mib(capacity.get("storage"), _Ctx(vsource, vdoc), "spec.capacity.storage",
                                     storage=True) / MIB_PER_GIB
            except WorkloadError:
                continue
            if gib < size_gib * (1 - 1e-12):
                continue
            if selector is not None:
                meta = pv.get("metadata") if isinstance(pv.get("metadata"), dict) else {}
                labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
                try:
                    if not _selects(selector, labels, _Ctx(vsource, vdoc), "spec.selector"):
                        continue
                except WorkloadError:
                    continue
            key = (0 if mine else 1, gib, name)
            if best is None or key < best:
                best = key
        if best is None:
            return None
        if claim is not None:
            self.bound[best[2]] = claim
        return best[2]

    def resolve(self, spec: dict, ctx: _Ctx, fld: str, ns: str | None = None, meta: Any = None,
                meta_fld: str = "metadata", claim: str | None = None) -> dict:
        """A claim's ``spec`` (a PersistentVolumeClaim's, or a StatefulSet claim template's at ``fld``) and its
        ``metadata`` (``meta``, at ``meta_fld``: its ``BETA_CLASS_ANNOTATION`` names the class before ``spec``) ->
        {"kind": "ebs" | "assumed" | "efs" | "nfs" | "node" | "other", "what": how it was read, "size_gib",
        "storage_class" (the class it gets, None when not known), "access_modes", "dynamic" (provisioned by a
        StorageClass of the input)}. Errors name the field: a claim asks for a storage size above 0 (the API server
        refuses one without), and an EBS volume is at most its type's largest size (``ebs_size_problem``: io2 and gp3
        64 TiB, gp2, io1, st1 and sc1 16 TiB, standard 1 TiB). With ``ns``, a size outside the min / max of a
        ``type: PersistentVolumeClaim`` LimitRange of that namespace is an error, as the LimitRanger refuses the claim
        (``PersistentVolumeClaimValidateLimitFunc``; Kubernetes "Limit Ranges" walkthrough: 'persistentvolumeclaims
        "pvc-limit-lower" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is
        500Mi')."""
        req = _map(_map(spec.get("resources"), ctx, f"{fld}.resources").get("requests"), ctx,
                   f"{fld}.resources.requests")
        sfld = f"{fld}.resources.requests.storage"
        if req.get("storage") is None:
            raise ctx.error(sfld, "is missing; a claim asks for a size such as 10Gi (the API server refuses a "
                            "PersistentVolumeClaim without spec.resources.requests.storage).")
        size = k8s_memory_mib(req["storage"], ctx, sfld, storage=True) / MIB_PER_GIB
        if size <= 0:
            raise ctx.error(sfld, f"{show(req['storage'])}: a claim's storage must be more than 0 (the API server "
                            "refuses it); write e.g. 10Gi.")
        for label, low, high in self.claim_limits.get(ns, []) if ns is not None else ():
            for bound, words, bad in ((low, "minimum", low is not None and size < low[0] * (1 - 1e-12)),
                                      (high, "maximum", high is not None and size > high[0] * (1 + 1e-12))):
                if bad:
                    raise ctx.error(sfld, f"Kubernetes refuses this claim: \"{words} storage usage per "
                                    f"PersistentVolumeClaim is {bound[1]}, but request is {req['storage']}.\" ({label}; "
                                    "the LimitRanger admission plugin checks every new claim of the namespace, "
                                    "Kubernetes 'Limit Ranges': an object that violates a LimitRange constraint is "
                                    "refused with 403 Forbidden), so no volume is made and the pods that mount it "
                                    "cannot start: ask for a size the LimitRange allows, or change the LimitRange.")
        out: dict[str, Any] = {"size_gib": size, "storage_class": None, "dynamic": False}
        modes = spec.get("accessModes")
        if isinstance(modes, list) and modes and all(isinstance(m, str) for m in modes):
            out["access_modes"] = [m[:64] for m in modes[:10]]
        vname, cls = spec.get("volumeName"), spec.get("storageClassName")
        for key, value in (("volumeName", vname), ("storageClassName", cls)):
            if value is not None and not isinstance(value, str):
                raise ctx.error(f"{fld}.{key}", f"must be a name (a string), got {_kind(value)}.")
        annotated = []  # how the beta annotation named the class, said first in ``what``
        ann = meta.get("annotations") if isinstance(meta, dict) and isinstance(meta.get("annotations"), dict) else {}
        if BETA_CLASS_ANNOTATION in ann:
            beta = ann[BETA_CLASS_ANNOTATION]
            if not isinstance(beta, str):
                raise ctx.error(f"{meta_fld}.annotations[{BETA_CLASS_ANNOTATION}]",
                                f"must be a StorageClass name (a string: annotation values are strings), got "
                                f"{show(beta)}; write it in quotes, or use spec.storageClassName.")
            annotated.append(f"annotation {BETA_CLASS_ANNOTATION}: {show(beta)} (the deprecated form of "
                             "storageClassName, which Kubernetes reads first"
                             + (f"; storageClassName {show(cls)} is not used" if cls is not None and cls != beta
                                else "") + ")")
            cls = beta
        if cls:
            out["storage_class"] = cls[:253]
        static = None
        if not vname and cls is not None:  # no volumeName: a PersistentVolume of the input of its class may bind it
            static = self.static_volume(spec, cls, size, (ns or "default", claim) if claim is not None else None)
        if static is not None or (vname and vname in self.volumes):
            # bound to a PersistentVolume of the input: its source is the volume
            vname = static or vname
            vsource, vdoc, pv = self.volumes[vname]
            self.used.add(("PersistentVolume", "", vname))
            vctx = _Ctx(vsource, f"{vdoc} (PersistentVolume {vname})")
            vspec = _map(pv.get("spec"), vctx, "spec")
            kind, what = _volume_source(vspec)
            how = (f"bound to PersistentVolume {show(vname)}" if static is None else
                   f"bound to PersistentVolume {show(vname)}, the input's volume of its class {show(cls)}"
                   if claim is not None else
                   f"bound to the input's PersistentVolumes of its class {show(cls)}, such as {show(vname)}")
            out.update(kind=kind, what="; ".join(annotated + [f"{how}, {what}"]))
            capacity = _map(vspec.get("capacity"), vctx, "spec.capacity")
            if kind == "ebs" and capacity.get("storage") is not None:  # the volume is the PV's size
                sfld, ctx = "spec.capacity.storage", vctx
                out["size_gib"] = k8s_memory_mib(capacity["storage"], ctx, sfld, storage=True) / MIB_PER_GIB
        else:
            # a volumeName the input does not hold: the class says what the volume is (a PersistentVolume binds only
            # to a claim of its own class; Kubernetes "Persistent Volumes", "Class")
            via = annotated + ([f"bound to PersistentVolume {show(vname)}, which is not in the input"] if vname else [])
            if cls is None and self.defaults:
                cls = out["storage_class"] = self.defaults[-1]
                via.append(f"no storageClassName: the input's default StorageClass {show(cls)}"
                           + (f" (the last of the {len(self.defaults)} marked default: Kubernetes uses the most "
                              "recently created)" if len(self.defaults) > 1 else ""))
            if cls is None:
                kind, what = "assumed", ("no storageClassName: the cluster's default StorageClass, which the input "
                                         "does not hold: assumed to be EBS")
            elif cls == "":
                kind, what = "assumed", ("storageClassName \"\": a PersistentVolume of no class, which the input "
                                         "does not hold: assumed to be EBS")
            elif cls not in self.classes:
                kind, what = "assumed", f"StorageClass {show(cls)}, which is not in the input: assumed to be EBS"
            else:
                self.used.add(("StorageClass", "", cls))
                csource, cdoc, cobj = self.classes[cls]
                kind, what = _class_provisioner(cls, cobj)
                if kind == "ebs":
                    out["volume_type"] = _class_volume_type(cobj, _Ctx(csource, f"{cdoc} (StorageClass {cls})"))
                out["dynamic"] = not vname
            out.update(kind=kind, what="; ".join(via + [what]))
        problem = (ebs_size_problem(out["size_gib"], out.get("volume_type"), smallest=False)
                   if kind in ("ebs", "assumed") else None)
        if problem:  # the claim's volume type (its StorageClass's parameters.type; gp3 when none) decides the range
            raise ctx.error(sfld, problem + ".")
        return out


def _anti_affinity_notes(result: ImportResult, per_node: list[tuple[ImportedService, str]], other: list[str]) -> None:
    """The notes on required pod anti-affinity against a workload's own pods (``_self_anti_affinity``)."""
    counted = []
    need = 0
    for svc, label in per_node:
        scaling = svc.data.get("scaling")
        if scaling is not None:
            most, now = scaling["max"], math.ceil(scaling["average"] - 1e-9)
            how = f"{scaling['min']}-{scaling['max']} replicas, {scaling['average']:g} on average"
        else:
            most = now = svc.data.get("replicas", 1)
            how = f"{now} replicas"
        if most > 1:
            counted.append(f"{label} ({how})")
            need = max(need, now)
    if counted:
        result.notes.append(
            f"{name_list(counted)}: required pod anti-affinity, each against its own pods, on {HOSTNAME_KEY} (Kubernetes "
            "'Assigning Pods to Nodes', inter-pod anti-affinity, requiredDuringSchedulingIgnoredDuringExecution): no "
            "two replicas share a node (one_per_node: true), so the fleet needs at least as many nodes as the largest "
            f"of them runs replicas ({need} at these counts). The EC2 fleets keep each such service's replicas on "
            "different nodes, so they have at least that many. ECS on EC2 does the same (its distinctInstance "
            "placement constraint keeps tasks apart the same way); on Fargate every pod or task runs on its own")
    if other:
        result.notes.append(
            f"{name_list(other)}: required pod anti-affinity, each against its own pods, on another topology key: at most one "
            "replica runs in each such domain (an Availability Zone for topology.kubernetes.io/zone), so the replicas "
            "need as many domains; advisor prices no zones, so this rule is not modelled")


#: What spreading pods over a topology key means for the estimate, for the keys people spread on (Kubernetes "Pod
#: Topology Spread Constraints"; Karpenter docs, "Scheduling": "karpenter.sh/capacity-type" as a topologyKey splits
#: pods between Spot and On-Demand nodes).
_SPREAD_MEANING = {
    HOSTNAME_KEY: "over nodes: with DoNotSchedule, a node may hold at most maxSkew more of them than the emptiest "
                  "eligible node, which can need more nodes than the packing uses",
    "topology.kubernetes.io/zone": "over Availability Zones: advisor prices no zones, so the nodes a zone spread "
                                   "may leave partly empty are not counted",
    "karpenter.sh/capacity-type": "over Spot and On-Demand nodes: part of the pods run On-Demand even where ec2.spot "
                                  "lets spot-tolerant services run on Spot, so the Spot share is priced as the "
                                  "workload's spot settings say, not as the spread splits it",
}


def _spread_keys(spec: dict, ctx: _Ctx, fld: str) -> list[str]:
    """The topology keys of a pod spec's ``topologySpreadConstraints`` (each once, in order); a malformed list or
    entry exits 2 naming the field, as the API server refuses it (``topologyKey`` is required)."""
    raw = spec.get("topologySpreadConstraints")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ctx.error(f"{fld}.topologySpreadConstraints", f"must be a list of constraints (maxSkew, topologyKey, "
                        f"whenUnsatisfiable), got {show(raw)}.")
    keys: list[str] = []
    for i, c in enumerate(raw):
        key = c.get("topologyKey") if isinstance(c, dict) else None
        if not isinstance(key, str) or not key.strip():
            raise ctx.error(f"{fld}.topologySpreadConstraints[{i}].topologyKey", "is required: a node label key such as "
                            f"'{HOSTNAME_KEY}' or 'topology.kubernetes.io/zone' (Kubernetes 'Pod Topology Spread "
                            f"Constraints'), got {show(key)}.")
        if key not in keys:
            keys.append(key)
    return keys


def _spread_notes(result: ImportResult, spread: dict[str, list[str]]) -> None:
    """One note per topology key pods are spread over (``topologySpreadConstraints``), which the packing does not
    model: what the spread means for the estimate, where advisor knows the key (``_SPREAD_MEANING``)."""
    for key, who in spread.items():
        meaning = _SPREAD_MEANING.get(key, "over the nodes that carry that label")
        result.notes.append(
            f"{name_list(who)}: topologySpreadConstraints on {key} spread the pods {meaning}; advisor's packing does "
            "not model pod topology spread constraints (Kubernetes 'Pod Topology Spread Constraints'), so this rule "
            "is not priced")


class ClaimBook:
    """The PersistentVolumeClaims pods mount (``volumes[].persistentVolumeClaim.claimName``), as the workloads that
    mount them are read, and the notes on them (``_storage_notes``): one EBS volume per claim, priced with the first
    workload that mounts it (Kubernetes "Persistent Volumes", "Claims As Volumes"); the Kubernetes importer and a
    Terraform plan's or CDK app's Kubernetes objects (``iac.Estate._kubernetes``) read them alike."""

    def __init__(self, storage: _Storage):
        self.storage = storage
        self.priced: list[str] = []  # claims pods mount, priced as one EBS volume each
        self.not_priced: list[str] = []  # claims (and claim templates) that are not EBS volumes
        self.missing: list[str] = []  # claims pods mount that the input does not hold
        self.twice: list[str] = []  # a claim mounted by a second workload: priced with the first
        self.owner: dict[tuple[str, str], str] = {}  # (namespace, claim) -> the workload it is priced with
        # (namespace, claim) -> the service it is priced with and its volume entry (EBS claims only)
        self.owner_volume: dict[tuple[str, str], tuple[str, dict]] = {}
        self.efs_dynamic: list[str] = []  # claims of a dynamically provisioned EFS class (not on EKS on Fargate)
        self.rwo_shared: list[tuple[ImportedService, str, str]] = []  # (service, label, claim): ReadWriteOnce, shared
        #: (namespace, claim) of claims whose size is unknown until apply (a Terraform plan's): not priced, and the
        #: reader's assumption says so; a pod that mounts one is not told the claim is missing
        self.unsized: set[tuple[str, str]] = set()

    def mount(self, pod_spec: dict, ctx: _Ctx, pod_fld: str, templates: set[str], ns: str, label: str, sname: str,
              volumes: list[dict], comments: list[str]) -> list[str]:
        """Add the EBS volumes of the claims a pod template mounts to ``volumes`` (and what was read to
        ``comments``); -> the ReadWriteOnce claims among them (``rwo_shared`` once the service exists)."""
        shared_rwo: list[str] = []
        for claim, vfld in _pod_claims(pod_spec, ctx, pod_fld, templates):
            found = self.storage.claim(ns, claim)
            if found is None and (ns, claim) in self.unsized:
                comments.append(f"volume {vfld}: PersistentVolumeClaim {claim}: size unknown until apply: not priced")
                continue
            if found is None:
                # most often a manifest without metadata.namespace (read as "default") beside one that has it
                elsewhere = sorted(k[0] for k in self.storage.claims if k[1] == claim and k[0] != ns)
                self.missing.append(f"{ns}/{claim} ({label}, {vfld}"
                                    + (f"; a claim of that name is in {_namespaces(elsewhere)}: pods mount "
                                       f"claims of their own namespace only. Put both in one namespace: "
                                       f"{_NO_NAMESPACE}" if elsewhere else "") + ")")
                comments.append(f"volume {vfld}: PersistentVolumeClaim {claim} is not in the input: not priced")
                continue
            owner = self.owner.get((ns, claim))
            if owner is not None:
                self.twice.append(f"{ns}/{claim} (also mounted by {label}: priced once, with {owner})")
                comments.append(f"PersistentVolumeClaim {claim}: priced with {owner}, which mounts it too")
                first = self.owner_volume.get((ns, claim))
                if first is not None:  # an EBS claim: EKS on Fargate cannot mount it here either
                    # priced_with names the service that prices it, which has this shared volume under the same name
                    # (the rule ``Workload._priced_with_owner`` checks)
                    volumes.append({**first[1], "priced_with": first[0]})
                continue
            self.owner[(ns, claim)] = label
            cctx, cobj = found
            info = self.storage.resolve(_map(cobj.get("spec"), cctx, "spec"), cctx, "spec", ns, cobj.get("metadata"),
                                        claim=claim)
            if info["kind"] not in ("ebs", "assumed"):
                self.not_priced.append(f"PersistentVolumeClaim {ns}/{claim} of {label} ({info['what']})")
                comments.append(f"PersistentVolumeClaim {claim}: {info['what']}: not an EBS volume, not priced")
                if info["kind"] == "efs" and info["dynamic"]:
                    self.efs_dynamic.append(f"{label} (PersistentVolumeClaim {claim})")
                continue
            v = _volume_entry(claim, info)
            volumes.append({**v, "shared": True})
            self.owner_volume[(ns, claim)] = (sname, {**v, "shared": True})
            self.priced.append(f"{ns}/{claim} {num(info['size_gib'])} GiB, {info['what']}, for {label}")
            comments.append(f"PersistentVolumeClaim {claim}: {num(info['size_gib'])} GiB, {info['what']}; one volume the "
                            "pods share (shared: true): once on EKS, not per replica; ECS attaches one per task")
            if "ReadWriteOnce" in info.get("access_modes", ()):
                shared_rwo.append(claim)
        return shared_rwo

    def notes(self, result: ImportResult, ephemeral: tuple[list[str], list[str]] = ([], [])) -> None:
        _storage_notes(result, self.priced, self.not_priced, self.missing, self.twice, self.efs_dynamic,
                       self.rwo_shared, ephemeral)


def _storage_notes(result: ImportResult, priced: list[str], not_priced: list[str], missing: list[str],
                   twice: list[str], efs_dynamic: list[str], rwo_shared: list[tuple[ImportedService, str, str]],
                   ephemeral: tuple[list[str], list[str]] = ([], [])) -> None:
    """The notes (and, for claims the input does not hold, the assumption) on the claims pods mount; ``ephemeral``:
    the generic ephemeral volumes priced (workload: volumes) and those of DaemonSets, which are not."""
    ephemeral_priced, ephemeral_daemons = ephemeral
    # a StorageClass's parameters.type is each claim's volume_type (_class_volume_type): gp3 only when none says other
    typed = {v.get("volume_type") for s in result.services for v in s.data.get("persistent_volumes") or ()
             if isinstance(v, dict) and v.get("volume_type")}
    as_type = "gp3 EBS volumes" if typed <= {"gp3"} else \
        "EBS volumes of their StorageClass's parameters.type (volume_type; gp3 where the class gives none)"
    if priced:
        result.notes.append(
            "PersistentVolumeClaim(s) mounted by pods, one volume each whatever the replicas (the pods share the "
            "claim; a StatefulSet's volumeClaimTemplates give one per replica; Kubernetes 'Persistent Volumes', "
            "'Claims As Volumes'): " + "; ".join(priced) + f". Priced as {as_type}: once for the month on EKS "
            "on EC2, one per task on ECS (ECS attaches an EBS volume to one task); EKS on Fargate cannot mount EBS "
            "volumes ('You can't mount Amazon EBS volumes to Fargate Pods', Amazon EKS User Guide)")
    if ephemeral_priced:
        result.notes.append(
            "generic ephemeral volumes (a pod volume's ephemeral.volumeClaimTemplate), one PersistentVolumeClaim per "
            "pod that Kubernetes deletes with the pod (Kubernetes 'Ephemeral Volumes': the claim is created with the "
            "Pod and \"gets deleted when the Pod gets deleted\"): " + "; ".join(ephemeral_priced) + f". Priced as {as_type}, "
            "one per pod or task for the pods running on average and their hours (not the most replicas all "
            "month, as for a StatefulSet's claims, which outlive their pods); EKS on Fargate cannot mount EBS volumes")
    if ephemeral_daemons:
        result.notes.append(
            f"{name_list(ephemeral_daemons)}: a DaemonSet's generic ephemeral volume, one per node: not priced (a "
            "DaemonSet is priced as the requests its pod reserves on each node); add the volumes to the nodes' cost "
            "yourself")
    if twice:
        result.notes.append("PersistentVolumeClaim(s) mounted by more than one workload, priced once: " + "; ".join(twice))
    if not_priced:
        result.notes.append(
            "storage not priced, as it is not an EBS volume: " + "; ".join(not_priced) + ". A hostPath or local "
            "volume is part of the node; Amazon EFS and NFS bill for the data stored, not the claim's size, and "
            "advisor holds no EFS prices; other drivers are not priced either")
    if efs_dynamic:
        result.notes.append(
            f"{name_list(efs_dynamic)}: a dynamically provisioned EFS claim, which EKS on Fargate cannot use ('You "
            "can't use dynamic provisioning for persistent volumes with Fargate nodes, but you can use static "
            "provisioning', Amazon EKS User Guide, 'Use elastic file system storage with Amazon EFS'): on Fargate, "
            "create the PersistentVolume for the file system first")
    if missing:
        result.assumptions.append(
            "PersistentVolumeClaim(s) mounted by pods but not in the input: " + "; ".join(missing) + ": their storage "
            "is not priced (add the claims to the input, e.g. 'kubectl get pvc -n NAMESPACE -o yaml'). EKS on Fargate "
            "cannot mount EBS volumes and advisor cannot tell whether these claims are EBS, so it prices those pods "
            "on EKS on Fargate as if they were not")
    crowded = []
    for svc, label, claim in rwo_shared:
        most = svc.data["scaling"]["max"] if "scaling" in svc.data else svc.data.get("replicas", 1)
        if most > 1:
            crowded.append(f"{label} ({most} replicas, claim {claim})")
    if crowded:
        result.notes.append(
            f"{name_list(crowded)}: its pods share a ReadWriteOnce claim, which 'can be mounted as read-write by a "
            "single node' (Kubernetes 'Persistent Volumes', 'Access Modes'), and an EBS volume attaches to one "
            "instance: those pods must run on one node. The EC2 packing does not keep them together")


#: The EBS CSI driver's StorageClass ``type`` parameter ("io1, io2, gp2, gp3, sc1, st1, standard", default gp3:
#: kubernetes-sigs/aws-ebs-csi-driver docs/parameters.md); the in-tree provisioner takes the same names.
EBS_CLASS_TYPES = ("io1", "io2", "gp2", "gp3", "sc1", "st1", "standard")


def _class_volume_type(sc: dict, ctx: _Ctx) -> str | None:
    """The EBS volume type an EBS StorageClass gives its volumes (``parameters.type``, any case), None when it gives
    none (the driver's default: priced as gp3, as ``PersistentVolume.volume_type`` None is). That holds for the
    in-tree ``kubernetes.io/aws-ebs`` provisioner too: with CSI migration its parameters go to the EBS CSI driver
    unchanged (kubernetes csi-translation-lib ``plugins/aws_ebs.go``, ``TranslateInTreeStorageClassToCSI`` copies
    every other key and sets no type), so the CSI driver's default gp3 applies, not the retired in-tree gp2. A type
    the driver does not know exits 2 naming the field (no volume would be provisioned)."""
    params = sc.get("parameters") if isinstance(sc.get("parameters"), dict) else {}
    vtype = params.get("type")
    if vtype is None:
        return None
    if not isinstance(vtype, str) or vtype.strip().lower() not in EBS_CLASS_TYPES:
        raise ctx.error("parameters.type", f"{show(vtype)} is not an EBS volume type; the EBS CSI driver takes "
                        f"{', '.join(EBS_CLASS_TYPES)} (aws-ebs-csi-driver, StorageClass parameters).")
    return vtype.strip().lower()


def _class_provisioner(name: str, sc: dict) -> tuple[str, str]:
    """(kind, description) of a StorageClass by its provisioner (``EBS_PROVISIONERS``, ``EFS_PROVISIONER``)."""
    prov = sc.get("provisioner")
    params = sc.get("parameters") if isinstance(sc.get("parameters"), dict) else {}
    if prov in EBS_PROVISIONERS:
        vtype = params.get("type")
        return "ebs", (f"StorageClass {show(name)} ({prov}, " + (f"type {show(vtype)})" if isinstance(vtype, str) else
                                                                 "no type parameter: the driver's default)"))
    if prov == EFS_PROVISIONER:
        return "efs", (f"StorageClass {show(name)} ({EFS_PROVISIONER}): Amazon EFS, provisioned dynamically (an "
                       "access point per claim)")
    return "other", f"StorageClass {show(name)} (provisioner {show(prov)})"


def _volume_source(spec: dict) -> tuple[str, str]:
    """(kind, description) of a PersistentVolume by its volume source (Kubernetes API reference,
    PersistentVolumeSpec): awsElasticBlockStore or a CSI driver in ``EBS_PROVISIONERS`` is EBS; the EFS CSI driver
    is EFS (statically provisioned); nfs; hostPath and local are the node's own folder or disk."""
    csi = spec.get("csi") if isinstance(spec.get("csi"), dict) else {}
    driver = csi.get("driver")
    if "awsElasticBlockStore" in spec or driver in EBS_PROVISIONERS:
        return "ebs", "an EBS volume" + (f" (CSI driver {driver})" if driver else " (awsElasticBlockStore)")
    if driver == EFS_PROVISIONER:
        return "efs", f"an Amazon EFS file system ({EFS_PROVISIONER}, statically provisioned)"
    if "nfs" in spec:
        return "nfs", "an NFS share"
    if "hostPath" in spec:
        return "node", "a hostPath volume: a folder on the node's own disk"
    if "local" in spec:
        return "node", "a local volume: a disk of the node itself"
    if isinstance(driver, str) and driver:
        return "other", f"a volume of CSI driver {show(driver)}"
    source = next((k for k in spec if k not in _PV_NOT_SOURCE), None)
    return "other", f"a {show(source)} volume" if source else "a volume with no source advisor knows"


def sort_claim_templates(spec: dict, ctx: _Ctx, storage: _Storage, ns: str | None, label: str, templates: set[str],
                         volumes: list[dict], assumed: list[str], not_priced: list[str], efs_dynamic: list[str]) -> None:
    """Sort a StatefulSet's ``volumeClaimTemplates`` (``_claim_templates``) into the lists of the importer that reads
    it (manifests, a Terraform plan's or a CDK template's Kubernetes objects): each template's name into
    ``templates``; an EBS volume (or one assumed EBS: its StorageClass is not in the input) into ``volumes``, the
    assumed ones also into ``assumed``; any other class into ``not_priced``, and a dynamically provisioned EFS one
    into ``efs_dynamic`` too. ``label`` names the StatefulSet ("StatefulSet ns/name") in those entries."""
    for v, info in _claim_templates(spec, ctx, storage, ns):
        templates.add(v.get("name", ""))
        if info["kind"] in ("ebs", "assumed"):
            volumes.append(v)
            if info["kind"] == "assumed":
                assumed.append(f"{v.get('name', '?')} {num(v['size_gib'])} GiB of {label} ({info['what']})")
            continue
        not_priced.append(f"claim template {v.get('name', '?')} of {label} ({info['what']})")
        if info["kind"] == "efs" and info["dynamic"]:
            efs_dynamic.append(f"{label} (claim template {v.get('name', '?')})")


def _claim_templates(spec: dict, ctx: _Ctx, storage: _Storage, ns: str | None = None) -> list[tuple[dict, dict]]:
    """(volume, how it resolved: ``_Storage.resolve``) of each ``volumeClaimTemplates`` entry."""
    out = []
    for i, t in enumerate(_seq(spec.get("volumeClaimTemplates"), ctx, "spec.volumeClaimTemplates")):
        fld = f"spec.volumeClaimTemplates[{i}]"
        t = _map(t, ctx, fld)
        tmeta = _map(t.get("metadata"), ctx, f"{fld}.metadata")
        info = storage.resolve(_map(t.get("spec"), ctx, f"{fld}.spec"), ctx, f"{fld}.spec", ns, tmeta, f"{fld}.metadata")
        out.append((_volume_entry(tmeta.get("name"), info), info))
    return out


def _distinct_volume_names(volumes: list[dict], comments: list[str]) -> list[dict]:
    """``volumes`` with each name once, as a workload's ``persistent_volumes`` requires: a claim template, a generic
    ephemeral volume and a PersistentVolumeClaim the pod mounts may share a name (a template ``data`` and a claim
    ``data`` mounted under another volume name are two volumes); a repeat is named with what it is (``data
    (template)``, ``data (ephemeral)``), and a comment says so. A PersistentVolumeClaim keeps its
    name first: another service's ``priced_with`` refers to a shared claim by it (``Workload._priced_with_owner``)."""
    # the first shared claim of each name keeps it, whatever its place among the pod's volumes
    keep = {}
    for i, v in enumerate(volumes):
        if v.get("shared") and isinstance(v.get("name"), str):
            keep.setdefault(v["name"], i)
    seen: set[str] = set(keep)
    out = []
    for i, v in enumerate(volumes):
        name = v.get("name")
        if isinstance(name, str) and name in seen and keep.get(name) != i:
            what = "PersistentVolumeClaim" if v.get("shared") else "ephemeral" if v.get("ephemeral") else "template"
            new = f"{name[:230]} ({what})"
            comments.append(f"volume {name} ({what}) is named {new!r}: another volume of the pod has its name")
            v = {**v, "name": new}
            name = new
        if isinstance(name, str):
            seen.add(name)
        out.append(v)
    return out


def _volume_entry(name: Any, info: dict) -> dict:
    """A ``persistent_volumes`` entry (its name when given, size, storage class, access modes) of a claim that
    ``_Storage.resolve`` read."""
    v: dict[str, Any] = {"size_gib": info["size_gib"]}
    if isinstance(name, str):
        v = {"name": name[:253], **v}
    if info["storage_class"]:
        v["storage_class"] = info["storage_class"]
    if info.get("volume_type"):
        v["volume_type"] = info["volume_type"]
    if info.get("access_modes"):
        v["access_modes"] = info["access_modes"]
    return v


def sort_ephemeral_volumes(pod_spec: dict, ctx: _Ctx, pod_fld: str, storage: _Storage, ns: str, label: str,
                           volumes: list[dict], comments: list[str], priced: list[str], not_priced: list[str],
                           efs_dynamic: list[str]) -> None:
    """Sort a pod template's generic ephemeral volumes (``_ephemeral_volumes``) into the lists of the importer that
    reads it (manifests, a Terraform plan's or a CDK template's Kubernetes objects), as ``sort_claim_templates`` does a
    StatefulSet's claim templates: an EBS volume (or one assumed EBS: its class is not in the input) into ``volumes``
    (``ephemeral: true``: one per pod, for the pods' hours) and ``priced`` ("label: name size (how)"); any other class
    into ``not_priced``, a dynamically provisioned EFS one into ``efs_dynamic`` too; what was read into
    ``comments``. ``label`` names the workload ("Deployment ns/name")."""
    ephemeral = []
    for v, info, vfld in _ephemeral_volumes(pod_spec, ctx, pod_fld, storage, ns):
        vname = v.get("name", "?")
        if info["kind"] in ("ebs", "assumed"):
            volumes.append(v)
            ephemeral.append(f"{vname} {num(v['size_gib'])} GiB ({info['what']})")
            continue
        not_priced.append(f"generic ephemeral volume {vname} of {label} ({info['what']})")
        comments.append(f"volume {vfld} (ephemeral): {info['what']}: not an EBS volume, not priced")
        if info["kind"] == "efs" and info["dynamic"]:
            efs_dynamic.append(f"{label} (generic ephemeral volume {vname})")
    if ephemeral:
        comments.append("generic ephemeral volumes (ephemeral.volumeClaimTemplate), one claim per pod, deleted "
                        "with the pod: " + ", ".join(ephemeral))
        priced.append(f"{label}: " + ", ".join(ephemeral))


def daemon_ephemeral_volumes(pod_spec: Any, ctx: _Ctx, pod_fld: str, storage: _Storage, ns: str,
                             label: str) -> list[str]:
    """The generic ephemeral volumes of a DaemonSet's pod template, one per node, as the note lists them (not priced:
    a DaemonSet is priced as the requests its pod reserves on each node); their fields are checked all the same."""
    return [f"{label} ({v.get('name', '?')} {num(v['size_gib'])} GiB, {info['what']})"
            for v, info, _ in _ephemeral_volumes(pod_spec, ctx, pod_fld, storage, ns)]


def _ephemeral_volumes(pod_spec: dict, ctx: _Ctx, fld: str, storage: _Storage,
                       ns: str | None = None) -> list[tuple[dict, dict, str]]:
    """(volume, how it resolved: ``_Storage.resolve``, field) of each generic ephemeral volume of a pod template: a
    ``volumes[]`` entry with ``ephemeral.volumeClaimTemplate``. Kubernetes "Ephemeral Volumes", "Generic ephemeral
    volumes": "When such a Pod gets created, the ephemeral volume controller then creates an actual
    PersistentVolumeClaim object in the same namespace as the Pod and ensures that the PersistentVolumeClaim gets
    deleted when the Pod gets deleted"; its name is "a combination of the Pod name and volume name". So every pod has
    its own claim, resolved like a StatefulSet's claim template (storageClassName, else the default class), and the
    volume lives as long as the pod (``ephemeral: true``). The API's EphemeralVolumeSource ``volumeClaimTemplate``:
    "Required, must not be nil"; PersistentVolumeClaimTemplate ``spec``: required (the claim's spec, which must ask for
    ``resources.requests.storage``); errors name the field."""
    out = []
    for i, vol in enumerate(_seq(pod_spec.get("volumes"), ctx, f"{fld}.volumes")):
        vol = _map(vol, ctx, f"{fld}.volumes[{i}]", "a volume (a mapping with name and a volume source)")
        if vol.get("ephemeral") is None:
            continue
        vfld = f"{fld}.volumes[{i}].ephemeral"
        eph = _map(vol.get("ephemeral"), ctx, vfld, "a mapping (volumeClaimTemplate: {spec: ...})")
        if eph.get("volumeClaimTemplate") is None:
            raise ctx.error(f"{vfld}.volumeClaimTemplate", "is missing; a generic ephemeral volume needs the claim to "
                            "create for each pod (EphemeralVolumeSource volumeClaimTemplate: 'Required, must not be "
                            "nil'), e.g. volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: "
                            "{requests: {storage: 10Gi}}}}.")
        template = _map(eph["volumeClaimTemplate"], ctx, f"{vfld}.volumeClaimTemplate")
        if template.get("spec") is None:
            raise ctx.error(f"{vfld}.volumeClaimTemplate.spec", "is missing; the template's spec is the claim each pod "
                            "gets (PersistentVolumeClaimTemplate spec, required), e.g. spec: {accessModes: "
                            "[ReadWriteOnce], resources: {requests: {storage: 10Gi}}}.")
        sfld = f"{vfld}.volumeClaimTemplate.spec"
        info = storage.resolve(_map(template["spec"], ctx, sfld), ctx, sfld, ns, template.get("metadata"),
                               f"{vfld}.volumeClaimTemplate.metadata")
        out.append(({**_volume_entry(vol.get("name"), info), "ephemeral": True}, info, f"{fld}.volumes[{i}]"))
    return out


def _pod_claims(pod_spec: dict, ctx: _Ctx, fld: str, templates: set[str]) -> list[tuple[str, str]]:
    """(claimName, field) of each pod volume that mounts a PersistentVolumeClaim (``volumes[].persistentVolumeClaim``,
    Kubernetes "Persistent Volumes", "Claims As Volumes"), in order, each claim once. A StatefulSet volume named like
    one of its claim templates (``templates``) is that template's claim, which the StatefulSet controller puts there."""
    out: list[tuple[str, str]] = []
    for i, vol in enumerate(_seq(pod_spec.get("volumes"), ctx, f"{fld}.volumes")):
        vol = _map(vol, ctx, f"{fld}.volumes[{i}]", "a volume (a mapping with name and a volume source)")
        if vol.get("persistentVolumeClaim") is None or (isinstance(vol.get("name"), str) and vol["name"] in templates):
            continue
        pvc = _map(vol.get("persistentVolumeClaim"), ctx, f"{fld}.volumes[{i}].persistentVolumeClaim",
                   "a mapping with claimName")
        name = pvc.get("claimName")
        if not isinstance(name, str) or not name.strip():
            raise ctx.error(f"{fld}.volumes[{i}].persistentVolumeClaim.claimName", f"must be the name of a "
                            f"PersistentVolumeClaim in the pod's namespace, got {_kind(name)}.")
        if name not in (n for n, _ in out):
            out.append((name, f"{fld}.volumes[{i}]"))
    return out


#: IngressClass ``spec.controller`` values of the AWS Load Balancer Controller (its docs, "IngressClass":
#: ``controller: ingress.k8s.aws/alb``) and of EKS Auto Mode's load balancing (EKS User Guide, "Create an IngressClass to
#: configure an Application Load Balancer": ``controller: eks.amazonaws.com/alb``): an Ingress of such a class gets an ALB.
ALB_CONTROLLERS = ("ingress.k8s.aws/alb", "eks.amazonaws.com/alb")
#: Kubernetes "Ingress", "Default IngressClass": "Setting the ingressclass.kubernetes.io/is-default-class annotation to
#: true on an IngressClass resource will ensure that new Ingresses without an ingressClassName field specified will be
#: assigned this default IngressClass."
_DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class"
#: Annotation prefixes that only another Ingress controller reads, and the controller (each controller's annotation
#: reference: ingress-nginx "Annotations", NGINX Ingress Controller "Advanced configuration with Annotations", Traefik
#: "Kubernetes Ingress" routing configuration, HAProxy Kubernetes Ingress Controller and HAProxy Ingress
#: "Configuration keys", Kong "Annotations", Contour "Annotations Reference"). On an Ingress without a class they say
#: which controller its authors meant.
OTHER_INGRESS_ANNOTATIONS = {
    "nginx.ingress.kubernetes.io/": ("ingress-nginx", "nginx"),
    "nginx.org/": ("the NGINX Ingress Controller (F5)", "nginx"),
    "traefik.ingress.kubernetes.io/": ("Traefik", "traefik"),
    "haproxy.org/": ("the HAProxy Kubernetes Ingress Controller", "haproxy"),
    "haproxy-ingress.github.io/": ("HAProxy Ingress", "haproxy"),
    "konghq.com/": ("Kong", "kong"),
    "projectcontour.io/": ("Contour", "contour"),
}


def _ingress_classes(objs: list[tuple[str, str, dict]]) -> tuple[dict[str, str | None], list[str]]:
    """({IngressClass name: its spec.controller}, names marked default) of the input (networking.k8s.io)."""
    classes: dict[str, str | None] = {}
    defaults: list[str] = []
    for _source, _doc, obj in objs:
        api = obj.get("apiVersion")
        if obj.get("kind") != "IngressClass" or (isinstance(api, str) and _api_group(api.strip()) != "networking.k8s.io"):
            continue
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        name = meta.get("name")
        if not isinstance(name, str) or not name or name in classes:
            continue
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
        classes[name] = spec.get("controller") if isinstance(spec.get("controller"), str) else None
        ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
        if ann.get(_DEFAULT_INGRESS_CLASS) in ("true", True):
            defaults.append(name)
    return classes, defaults


def _other_controller(ann: dict) -> tuple[str, str, list[str]] | None:
    """(controller, the class it is usually installed as, its annotations) when an Ingress's annotations belong to a
    controller other than the AWS Load Balancer Controller (``OTHER_INGRESS_ANNOTATIONS``), else None."""
    for prefix, (controller, cls) in OTHER_INGRESS_ANNOTATIONS.items():
        keys = sorted(k for k in ann if isinstance(k, str) and k.startswith(prefix))
        if keys:
            return controller, cls, keys
    return None


def _load_balancers(nlbs: list[str], assumed: list[str], ingresses: list[tuple[_Ctx, dict, str]],
                    result: ImportResult, classes: dict[str, str | None], default_classes: list[str]) -> set[str]:
    """Services of type LoadBalancer -> NLBs; Ingresses -> one ALB per IngressGroup (AWS Load Balancer Controller).
    Returns the IngressClasses of the input that were read.

    Source: AWS Load Balancer Controller documentation ("Network Load Balancer" for Services of type
    LoadBalancer; "IngressGroup": Ingresses with the same ``alb.ingress.kubernetes.io/group.name`` share one ALB,
    an Ingress without it gets its own), and the Amazon EKS User Guide ("Route TCP and UDP traffic with Network
    Load Balancers", "Route application and HTTP traffic with Application Load Balancers").

    An Ingress's class is ``spec.ingressClassName`` (or the older ``kubernetes.io/ingress.class`` annotation), else the
    input's default IngressClass (``_DEFAULT_INGRESS_CLASS``). A class is the ALB's when the input's IngressClass of
    that name has an ALB controller (``ALB_CONTROLLERS``), or, not in the input, when it is named ``alb``. An Ingress
    of no class at all is assumed to be the AWS Load Balancer Controller's (noted); when its annotations are another
    controller's (``OTHER_INGRESS_ANNOTATIONS``), the note says so and how that controller is priced instead.
    """
    used: set[str] = set()
    if nlbs:
        result.shared["network_load_balancers"] = {"count": len(nlbs), "sources": nlbs}
        result.notes.append(
            f"{len(nlbs)} Service(s) of type LoadBalancer -> {len(nlbs)} Network Load Balancer(s) "
            f"(shared.network_load_balancers, no traffic figures: add them): {', '.join(nlbs)}"
            + (f". Assumed the AWS Load Balancer Controller for {', '.join(assumed)} (no "
               f"{_LB_TYPE} annotation); the legacy in-tree controller would create Classic Load Balancers"
               if assumed else ""))
    groups: dict[str, list[str]] = {}
    skipped: list[str] = []
    no_class: list[str] = []
    hinted: dict[tuple[str, str], list[str]] = {}  # (controller, class) -> Ingresses of no class with its annotations
    by_default: list[str] = []
    default = default_classes[-1] if default_classes else None
    for _ctx, ing, iname in ingresses:
        meta = ing.get("metadata") if isinstance(ing.get("metadata"), dict) else {}
        spec = ing.get("spec") if isinstance(ing.get("spec"), dict) else {}
        ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
        cls = spec.get("ingressClassName") or ann.get("kubernetes.io/ingress.class")
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) else "default"
        label = f"{ns}/{iname}"
        if cls is not None and not isinstance(cls, str):
            raise _ctx.error("spec.ingressClassName" if spec.get("ingressClassName") else
                             "metadata.annotations.kubernetes.io/ingress.class",
                             f"must be the name of an IngressClass (a string), got {_kind(cls)}.")
        if cls is None and default is not None:
            cls = default
            by_default.append(label)
        if cls is not None:
            alb = classes[cls] in ALB_CONTROLLERS if cls in classes else cls == "alb"
            if cls in classes:
                used.add(str(cls))
            if not alb:
                skipped.append(f"{label} (class {show(cls)}"
                               + (f", controller {show(classes[cls])}" if classes.get(cls) else "") + ")")
                continue
        else:
            no_class.append(label)
            other = _other_controller(ann)
            if other is not None:
                hinted.setdefault(other[:2], []).append(f"{label} ({', '.join(other[2][:3])})")
        group = ann.get(_INGRESS_GROUP)
        key = f"group {group}" if isinstance(group, str) and group else f"Ingress {label}"
        groups.setdefault(key, []).append(label)
    if groups:
        result.shared["load_balancers"] = {"count": len(groups), "sources": sorted(groups)}
        result.notes.append(
            f"{sum(len(v) for v in groups.values())} Ingress(es) -> {len(groups)} Application Load Balancer(s), one per "
            f"IngressGroup (shared.load_balancers, no traffic figures: add them): {', '.join(sorted(groups))}"
            + (f". No ingress class on {', '.join(no_class)}: assumed the AWS Load Balancer Controller (class alb)"
               if no_class else ""))
    for (controller, cls), labels in hinted.items():
        result.notes.append(
            f"Ingress {name_list(labels)}: no ingress class, but annotations only {controller} reads, which suggest "
            f"it was written for {controller}: on a cluster whose default IngressClass is {controller}'s (Kubernetes "
            "'Ingress', 'Default IngressClass'), or whose controller also serves Ingresses without a class (ingress-nginx: "
            "--watch-ingress-without-class), that controller serves it and no ALB is made. Priced as an ALB all the "
            "same, advisor's rule for an Ingress of no class. The cost differs: such a controller runs as pods of the cluster "
            "behind one Service of type LoadBalancer (on AWS an NLB, or a Classic Load Balancer without the "
            f"{_LB_TYPE} annotation) shared by all its Ingresses, not an ALB per Ingress or IngressGroup. To price it "
            f"that way, set spec.ingressClassName: {cls} (or add an IngressClass {cls} with annotation "
            f"{_DEFAULT_INGRESS_CLASS}: \"true\") and give advisor the controller's manifests with its Service of type "
            "LoadBalancer, whose NLB it prices (ingress-nginx: deploy/static/provider/aws/deploy.yaml)")
    if by_default:
        result.notes.append(f"No ingress class on {', '.join(by_default)}: the input's default IngressClass "
                            f"{show(default)} ({_DEFAULT_INGRESS_CLASS}; Kubernetes 'Ingress', 'Default IngressClass')"
                            + (f", the last of the {len(default_classes)} marked default" if len(default_classes) > 1
                               else ""))
    if skipped:
        result.notes.append(f"Ingress(es) of other controllers not priced as ALBs: {', '.join(skipped)} (their "
                            "controller's own Service of type LoadBalancer is, when it is in these manifests)")
    return used


def _job_timing(meta: dict, jspec: dict, schedule: Any, ctx: _Ctx, kind: str,
                policy: str | None = None) -> tuple[dict | None, str]:
    """({monthly_hours} or {runs_per_month, run_minutes[, chains, overlap]}[, capped], why) of a Job/CronJob, or
    (None, what is missing). ``capped``: the annotation's hours or a Job's one run were more than the workload's
    month (``HOURS_PER_MONTH``, the month the imported workload runs) and are written as that month; ``why`` says so.

    When a CronJob's run lasts past the next firing, its runs overlap and ``policy`` (its ``spec.concurrencyPolicy``)
    decides what runs, worked out from the firing times (``cron_overlap``): Allow (None: the default) gives ``chains``
    parallel copies (the most runs going at once) each taking every chains-th run (the caller multiplies the
    replicas), Forbid the runs that start while none is going, Replace each run cut at the next firing (written as
    their average length).

    A CronJob's schedule is always checked (``runs_per_month``): one Kubernetes refuses is an error naming
    spec.schedule, even when an annotation gives the hours. One that never fires gives ``{"runs_per_month": 0}``
    (the caller leaves the CronJob out with a note: it costs nothing)."""
    runs = None
    if schedule is not None:
        if not isinstance(schedule, str) or len(schedule) > 200:
            raise ctx.error("spec.schedule", f"{show(schedule)} is not a cron schedule (a string such as '0 2 * * *').")
        try:
            runs = runs_per_month(schedule)
        except CronError as exc:
            raise ctx.error("spec.schedule", f"{show(schedule)}: {exc}" + ("." if exc.tz else
                            f". Kubernetes refuses this schedule; valid: {CRON_SYNTAX}.")) from None
        if runs == 0:
            return {"runs_per_month": 0.0}, (f"schedule {schedule!r} never fires (no calendar date matches its day of "
                                             "month and month, so Kubernetes never starts a run): 0 runs, $0")
    hours = _annotation_float(meta, ANNOTATION_HOURS, ctx, 0.0, MAX_HOURS_PER_MONTH)
    if hours is not None:
        if hours <= 0:
            raise ctx.error(f"metadata.annotations.{ANNOTATION_HOURS}", "must be more than 0.")
        if hours > HOURS_PER_MONTH:
            return {"monthly_hours": HOURS_PER_MONTH, "capped": True}, (
                f"{ANNOTATION_HOURS}: {hours:g} hours per month, more than the workload's {HOURS_PER_MONTH:g}-hour "
                f"month (advisor's month, the AWS Pricing Calculator's): written as {HOURS_PER_MONTH:g}, the whole "
                "month; set monthly_hours: 744 at the top of the workload file and on this service to price a 31-day "
                "month")
        return {"monthly_hours": hours}, f"{ANNOTATION_HOURS}: {hours:g} hours per month"
    deadline = jspec.get("activeDeadlineSeconds")
    per_run_min = _annotation_float(meta, ANNOTATION_RUN_MINUTES, ctx, 0.0, MAX_HOURS_PER_MONTH * 60)
    if per_run_min is not None:
        if per_run_min <= 0:
            raise ctx.error(f"metadata.annotations.{ANNOTATION_RUN_MINUTES}", "must be more than 0.")
        why_run = f"{ANNOTATION_RUN_MINUTES} {per_run_min:g}"
    elif isinstance(deadline, (int, float)) and not isinstance(deadline, bool) and 0 < deadline:
        per_run_min = min(deadline / 60, MAX_HOURS_PER_MONTH * 60)
        why_run = f"activeDeadlineSeconds {deadline:.10g} (an upper bound)"
    else:
        why_run = ""
    how = (f"add the annotation '{ANNOTATION_RUN_MINUTES}: \"<minutes>\"' (one run) or '{ANNOTATION_HOURS}: "
           f"\"<hours>\"' (pod-hours per month, at most {MAX_HOURS_PER_MONTH:g})")
    if runs is None:  # a Job runs once
        if per_run_min is None:
            return None, f"a Job's running time is unknown: {how}, or set spec.activeDeadlineSeconds."
        if per_run_min > HOURS_PER_MONTH * 60:
            # one run longer than the workload's month bills at most the month's hours in any month
            return ({"runs_per_month": 1.0, "run_minutes": HOURS_PER_MONTH * 60, "capped": True},
                    f"Job runs once: {why_run} -> {per_run_min / 60:g} hours, more than the workload's "
                    f"{HOURS_PER_MONTH:g}-hour month (advisor's month, the AWS Pricing Calculator's): written as one "
                    f"run of {HOURS_PER_MONTH * 60:,g} minutes, the whole month; set monthly_hours: 744 at the top of "
                    "the workload file and this service's run_minutes to price a 31-day month")
        return ({"runs_per_month": 1.0, "run_minutes": per_run_min},
                f"Job runs once: {why_run} -> {per_run_min / 60:g} hours per month")
    if per_run_min is None:
        return None, (f"how long one run of schedule {schedule!r} lasts is unknown: {how}, or set "
                      "spec.jobTemplate.spec.activeDeadlineSeconds.")
    hours = runs * per_run_min / 60
    head = f"CronJob {schedule!r}: {grouped(runs)} runs per month x {why_run}"
    over = cron_overlap(schedule, per_run_min)
    if over is not None:
        # a run lasts past the next firing: spec.concurrencyPolicy decides what runs (the comment above CronOverlap),
        # counted from the firing times themselves
        head += (f": runs overlap (a run lasts {per_run_min:g} min, the shortest gap between firings is "
                 f"{over.min_gap:g} min)")
        counted = f"counted from {over.period}"
        if policy == "Forbid":
            hours = over.forbid_runs * per_run_min / 60
            return ({"runs_per_month": over.forbid_runs, "run_minutes": per_run_min, "overlap": True},
                    f"{head}; concurrencyPolicy Forbid skips a run while the last is still running: {grouped(over.forbid_runs)}"
                    f" runs start -> {grouped(hours)} hours per month ({counted})")
        if policy == "Replace":
            average = over.replace_minutes / over.runs
            return ({"runs_per_month": runs, "run_minutes": average, "overlap": True},
                    f"{head}; concurrencyPolicy Replace stops a run when the next starts, so each lasts until the next "
                    f"firing or {per_run_min:g} min, whichever comes first: {grouped(average, 4)} min on average -> "
                    f"{grouped(over.replace_minutes / 60)} hours per month ({counted})")
        chains = max(over.peak, math.ceil(hours / HOURS_PER_MONTH - 1e-9))
        return ({"runs_per_month": runs / chains, "run_minutes": per_run_min, "chains": chains, "overlap": True},
                f"{head} -> {grouped(hours)} hours per month: concurrencyPolicy {policy or 'Allow (the default)'} runs "
                f"them at once, up to {over.peak} at a time ({counted}), {grouped(hours / HOURS_PER_MONTH, 4)} on average; "
                f"written as {chains} x parallelism replicas each taking every {_nth(chains)} run ({grouped(runs / chains)} "
                "runs per month), the same pod-hours")
    return ({"runs_per_month": runs, "run_minutes": per_run_min}, f"{head} -> {grouped(hours)} hours per month")


def _nth(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _count(v: Any, ctx: _Ctx, fld: str, what: str) -> int:
    """A replica count of an autoscaler: a whole number 0..MAX_TASKS_PER_SERVICE, else an error naming ``fld``."""
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ctx.error(fld, f"{show(v)} is not valid; give a whole number of replicas ({what}).")
    if v > MAX_TASKS_PER_SERVICE:
        raise ctx.error(fld, f"{show(v)} is more than advisor models for one service ({MAX_TASKS_PER_SERVICE:,}, the ECS "
                        "'Tasks per service' quota).")
    return v


def _read_scaler(ctx: _Ctx, obj: dict) -> dict:
    """One autoscaler -- a HorizontalPodAutoscaler or a KEDA ScaledObject -- as the range it keeps its target in.

    HPA (autoscaling/v1, v2): ``minReplicas`` (default 1) to ``maxReplicas`` (required). ScaledObject (keda.sh
    "ScaledObject specification"): KEDA creates and drives an HPA for ``spec.scaleTargetRef`` (kind default
    Deployment, apiVersion apps/v1, same namespace) between ``minReplicaCount`` (default 0: scaled to zero while
    no trigger is active) and ``maxReplicaCount`` (default 100); ``idleReplicaCount``, when set, is the count
    while no trigger is active and must be less than ``minReplicaCount`` (KEDA refuses it otherwise, as it
    refuses a min above the max). Annotation ``autoscaling.keda.sh/paused-replicas: N`` scales the target to N
    and stops autoscaling; ``autoscaling.keda.sh/paused`` (any value but a false one, ``_keda_pauses``) stops it at
    the current count."""
    kind = obj["kind"]
    keda = kind == "ScaledObject"
    meta = _map(obj.get("metadata"), ctx, "metadata")
    spec = _map(obj.get("spec"), ctx, "spec")
    ref = _map(spec.get("scaleTargetRef"), ctx, "spec.scaleTargetRef")
    ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
    tkind = ref.get("kind", "Deployment") if keda else ref.get("kind")
    for part, v in (("kind", tkind), ("name", ref.get("name"))):
        if not isinstance(v, str) or not v:
            raise ctx.error(f"spec.scaleTargetRef.{part}", f"must be a string (e.g. Deployment, web), got {_kind(v)}"
                            + ("; KEDA requires the name of the workload to scale." if keda and part == "name" else "."))
    s: dict[str, Any] = {"ctx": ctx, "kind": kind, "name": str(meta.get("name")), "ns": ns, "meta": meta,
                         "key": (ns, tkind, ref["name"]), "idle": None, "owner": None, "transfer": None,
                         "paused": None}
    s["label"] = f"{kind} {ns}/{s['name']}"
    if keda:
        lo = spec.get("minReplicaCount")
        hi = spec.get("maxReplicaCount")
        lo = _count(KEDA_DEFAULT_MIN if lo is None else lo, ctx, "spec.minReplicaCount", "default 0")
        hi = _count(KEDA_DEFAULT_MAX if hi is None else hi, ctx, "spec.maxReplicaCount", "default 100")
        if hi < lo:
            raise ctx.error("spec.maxReplicaCount", f"{hi} is smaller than minReplicaCount {lo}; KEDA refuses it "
                            "(\"MinReplicaCount must be less than MaxReplicaCount\"). Raise maxReplicaCount.")
        if spec.get("idleReplicaCount") is not None:
            idle = _count(spec["idleReplicaCount"], ctx, "spec.idleReplicaCount", "0, below minReplicaCount")
            if idle >= lo:
                raise ctx.error("spec.idleReplicaCount", f"{idle} is not less than minReplicaCount {lo}; KEDA refuses "
                                "it (\"IdleReplicaCount must be less than MinReplicaCount\"). Use 0 (the only value "
                                "KEDA supports) with minReplicaCount 1 or more, or remove it.")
            s["idle"] = idle
        ann = _map(meta.get("annotations"), ctx, "metadata.annotations")
        if ann.get(_KEDA_PAUSED_REPLICAS) is not None:
            raw = ann[_KEDA_PAUSED_REPLICAS]
            # ASCII digits only: int() would read '٥' or '５' as 5, and str.strip() drops Unicode spaces
            text = raw.strip(" \t") if isinstance(raw, str) else None
            if not (is_whole_number_text(text) and len(raw) < 8):
                raise ctx.error(f"metadata.annotations.{_KEDA_PAUSED_REPLICAS}", f"{show(raw)} is not valid; KEDA "
                                "takes a whole number of replicas written in the digits 0-9, in quotes (e.g. \"0\").")
            s["paused"] = _count(int(text), ctx, f"metadata.annotations.{_KEDA_PAUSED_REPLICAS}", "e.g. \"0\"")
        elif _KEDA_PAUSED in ann and _keda_pauses(ann[_KEDA_PAUSED]):
            s["paused"] = "current"
        advanced = _map(spec.get("advanced"), ctx, "spec.advanced")
        hpa_config = _map(advanced.get("horizontalPodAutoscalerConfig"), ctx,
                          "spec.advanced.horizontalPodAutoscalerConfig")
        if str(ann.get(_KEDA_TRANSFER, "")).lower() == "true" and isinstance(hpa_config.get("name"), str):
            s["transfer"] = hpa_config["name"]
    else:
        lo = _count(spec.get("minReplicas", 1), ctx, "spec.minReplicas", "default 1")
        hi = _count(spec.get("maxReplicas"), ctx, "spec.maxReplicas", "maxReplicas is required")
        if hi < lo:
            raise ctx.error("spec.maxReplicas", f"{hi} is smaller than minReplicas {lo}.")
        for owner in _seq(meta.get("ownerReferences"), ctx, "metadata.ownerReferences"):
            if isinstance(owner, dict) and owner.get("kind") == "ScaledObject" and isinstance(owner.get("name"), str):
                s["owner"] = owner["name"]
    s["min"], s["max"] = lo, hi
    return s


def _apply_scalers(scalers: list[dict], targets: dict, target_meta: dict, result: ImportResult) -> None:
    """Set ``scaling`` on the target of each autoscaler (``_read_scaler``); two autoscalers on one target are an
    error, as KEDA's admission webhook refuses a ScaledObject for a workload another HPA or ScaledObject manages
    ("the workload ... is already managed by the hpa ..."), unless the ScaledObject takes that HPA over
    (annotation ``scaledobject.keda.sh/transfer-hpa-ownership: "true"`` and
    ``spec.advanced.horizontalPodAutoscalerConfig.name``). An HPA that KEDA created for a ScaledObject in the
    input (``ownerReferences``, e.g. from ``kubectl get -o yaml``) is read through that ScaledObject."""
    keda = {(s["ns"], s["name"]) for s in scalers if s["kind"] == "ScaledObject"}
    by_target: dict[tuple[str, str, str], list[dict]] = {}
    for s in scalers:
        if s["owner"] and (s["ns"], s["owner"]) in keda:
            result.notes.append(f"{s['label']} was created by KEDA for ScaledObject {s['ns']}/{s['owner']} "
                                "(ownerReferences): read from the ScaledObject")
            continue
        by_target.setdefault(s["key"], []).append(s)
    for key, group in by_target.items():
        ns, tkind, tname = key
        dns = result.coredns_from
        if key not in targets and dns is not None and tkind == "Deployment" and (ns, tname) == dns[:2]:
            for s in group:  # the cluster's CoreDNS: priced by the EKS platforms from eks.coredns, not as a service
                replicas = result.eks.get("coredns", {}).get("replicas")
                result.notes.append(
                    f"{Path(s['ctx'].source).name} {s['ctx'].doc}: {s['kind']} scales the cluster's CoreDNS, "
                    f"{dns[2]}, between {s['min']} and {s['max']} replicas; the EKS platforms price CoreDNS from "
                    "eks.coredns at the Deployment's replicas ("
                    + (f"{replicas}, its spec.replicas" if replicas is not None else
                       f"{COREDNS_REPLICAS}, the add-on's default: it writes none")
                    + "), not at the autoscaler's range: set eks.coredns.replicas to the replicas it runs on "
                    "average.")
            continue
        if key not in targets:
            # the same kind and name in another namespace: most often a manifest without metadata.namespace (read
            # as "default") beside one that has it; 'kubectl apply -n NS' would put both in NS
            elsewhere = sorted(k[0] for k in targets if k[1:] == (tkind, tname) and k[0] != ns)
            hint = (f" (a {show(tkind)} of that name is in {_namespaces(elsewhere)}: an autoscaler scales "
                    f"a target in its own namespace only, so {'that' if len(elsewhere) == 1 else 'each'} "
                    f"{show(tkind)} is priced without it. Put both in one "
                    f"namespace: {_NO_NAMESPACE})" if elsewhere else "")
            for s in group:
                result.notes.append(f"{Path(s['ctx'].source).name} {s['ctx'].doc}: {s['kind']} target {show(tkind)} "
                                    f"{ns}/{show(tname)} is not in the import; ignored{hint}")
            continue
        if len(group) > 1:
            sos = [s for s in group if s["kind"] == "ScaledObject"]
            hpas = [s for s in group if s["kind"] != "ScaledObject"]
            if len(sos) == 1 and len(hpas) == 1 and sos[0]["transfer"] == hpas[0]["name"]:
                result.notes.append(f"{hpas[0]['label']} is taken over by {sos[0]['label']} ({_KEDA_TRANSFER}: "
                                    "\"true\" and horizontalPodAutoscalerConfig.name): the ScaledObject's range is "
                                    "priced")
                group = sos
            else:
                first, second = group[0], group[1]
                raise second["ctx"].error("spec.scaleTargetRef", f"{tkind} {ns}/{tname} is also scaled by "
                                          f"{first['label']} ({Path(first['ctx'].source).name} "
                                          f"{first['ctx'].doc.split(' (')[0]}); "
                                          "one autoscaler drives a workload's replicas (KEDA refuses a ScaledObject "
                                          "for a workload another HorizontalPodAutoscaler or ScaledObject manages, "
                                          "and two HorizontalPodAutoscalers fight over it), so advisor cannot tell "
                                          "which range to price. Remove one, or let the ScaledObject take the HPA "
                                          f"over ({_KEDA_TRANSFER}: \"true\" and "
                                          "spec.advanced.horizontalPodAutoscalerConfig.name).")
        _apply_scaler(group[0], targets[key], target_meta[key], result)


def _apply_scaler(s: dict, svc: ImportedService, tmeta: dict, result: ImportResult) -> None:
    ctx, meta, ns, tkind, tname = s["ctx"], s["meta"], *s["key"]
    label = s["label"]
    if s["paused"] is not None:
        if s["paused"] == "current":
            svc.comments.append(f"{label}: paused ({_KEDA_PAUSED}: \"true\"): KEDA keeps the current count, "
                                "priced as the target's replicas")
            result.notes.append(f"{label} is paused ({_KEDA_PAUSED}: \"true\"): {tkind} {ns}/{tname} priced at "
                                "its own replicas")
            return
        svc.data["replicas"] = s["paused"]
        svc.comments.append(f"{label}: paused at {s['paused']} replicas ({_KEDA_PAUSED_REPLICAS})")
        result.notes.append(f"{label} is paused ({_KEDA_PAUSED_REPLICAS}: \"{s['paused']}\"): KEDA scales "
                            f"{tkind} {ns}/{tname} to {s['paused']} and stops autoscaling; priced at "
                            f"{s['paused']} replicas")
        return
    keda = s["kind"] == "ScaledObject"
    lo = s["idle"] if s["idle"] is not None else s["min"]  # the fewest replicas the target runs
    hi = s["max"]
    rng = (" (between the ScaledObject's lowest count, idleReplicaCount or minReplicaCount, and maxReplicaCount)"
           if keda else " (between the HorizontalPodAutoscaler's minReplicas and maxReplicas)")
    avg = _annotation_float(meta, ANNOTATION_AVERAGE, ctx, lo, hi, why=rng)
    why = f"annotation {ANNOTATION_AVERAGE}"
    if avg is None:
        tctx = _Ctx(ctx.source, f"{tkind} {ns}/{tname} (the target of {ctx.doc})")
        avg = _annotation_float(tmeta, ANNOTATION_AVERAGE, tctx, lo, hi, why=rng)
    midpoint = avg is None
    if midpoint:
        avg, why = (lo + hi) / 2, f"midpoint of min and max; set annotation {ANNOTATION_AVERAGE} to override"
    svc.data.pop("replicas", None)
    # keep field order readable: scaling where replicas was
    svc.data = _insert_after(svc.data, "memory" if "memory" in svc.data else "init_containers"
                             if "init_containers" in svc.data else "containers",
                             "scaling", {"min": lo, "max": hi, "average": float(avg)})
    how = (f"set annotation {ANNOTATION_AVERAGE} on the {s['kind']} or its target, or scaling.average in an "
           "imported workload, from your metrics")
    if not keda:
        svc.comments.append(f"HorizontalPodAutoscaler {meta.get('name')}: min {lo}, max {hi}, average {avg:g} ({why})")
        if midpoint:  # the same visible assumption as a CloudFormation / Terraform scalable target (iac.py)
            result.assumptions.append(f"{tkind} {ns}/{tname}: scales {lo}-{hi} replicas (HorizontalPodAutoscaler "
                                      f"{meta.get('name')}); priced at the midpoint, {avg:g} replica{'' if avg == 1 else 's'} on average "
                                      f"({how})")
        return
    counts = (f"idleReplicaCount {s['idle']}, minReplicaCount {s['min']}" if s["idle"] is not None
              else f"minReplicaCount {s['min']}") + f", maxReplicaCount {hi}"
    svc.comments.append(f"KEDA ScaledObject {meta.get('name')} (KEDA drives an HPA for it): {counts}; min {lo}, "
                        f"max {hi}, average {avg:g} ({why})")
    if midpoint and lo > 0:
        result.assumptions.append(f"{tkind} {ns}/{tname}: scales {lo}-{hi} replicas (KEDA ScaledObject "
                                  f"{meta.get('name')}); priced at the midpoint, {avg:g} replica{'' if avg == 1 else 's'} on average "
                                  f"({how})")
    if lo == 0 and midpoint:
        result.assumptions.append(
            f"{label}: KEDA scales {tkind} {ns}/{tname} to 0 while no trigger is active ({counts}); the average of "
            f"{avg:g} replicas (midpoint of 0 and {hi}) is an assumption: how long it stays at 0 depends on its "
            f"triggers. Set annotation {ANNOTATION_AVERAGE} to the average you expect")


def _short_name(name: str, limit: int = 80) -> str:
    """A name as a note lists it: cut to ``limit`` characters (a list of them stays within a note's length)."""
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _keda_pauses(value: Any) -> bool:
    """Whether annotation ``autoscaling.keda.sh/paused`` pauses a ScaledObject, as KEDA reads it
    (``NeedToBePausedByAnnotation``: Go's ``strconv.ParseBool``; a value that is not a boolean pauses too): only
    ``0``, ``f``, ``F``, ``false``, ``False``, ``FALSE`` (or a YAML false) leave it running."""
    if isinstance(value, bool):
        return value
    return str(value) not in ("0", "f", "F", "false", "False", "FALSE")


def _insert_after(d: dict, after: str, key: str, value: Any) -> dict:
    out: dict[str, Any] = {}
    for k, v in d.items():
        out[k] = v
        if k == after:
            out[key] = value
    if key not in out:
        out[key] = value
    return out
