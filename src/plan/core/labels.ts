// The label keys fedfleet puts on what it creates, its own under the `fedfleet.io/` prefix and
// Kubernetes' recommended `app.kubernetes.io/` ones: the one place each is written. Pure, so the policy pack matches on the same keys the manifests set.

/** Label naming the federated service: the only label selectors use, since a Deployment's selector is immutable. */
export const SERVICE_LABEL = "fedfleet.io/service";
/** Label naming the cluster an object was placed in. */
export const CLUSTER_LABEL = "fedfleet.io/cluster";
/** Label naming the federation an object belongs to. */
export const FEDERATION_LABEL = "fedfleet.io/federation";
/** Label naming the cloud of the cluster an object was placed in. */
export const CLOUD_LABEL = "fedfleet.io/cloud";
/** Label naming the region of the cluster an object was placed in. */
export const REGION_LABEL = "fedfleet.io/region";
/** Node label naming the node pool (EKS node group, GKE node pool) a node belongs to. */
export const NODE_POOL_LABEL = "fedfleet.io/node-pool";
/** Kubernetes' recommended label naming the application (Kubernetes docs, Recommended Labels). */
export const APP_NAME_LABEL = "app.kubernetes.io/name";
/** Kubernetes' recommended label naming the tool that manages an object (Kubernetes docs, Recommended Labels). */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/** fedfleet's value of MANAGED_BY_LABEL. */
export const MANAGED_BY_FEDFLEET = { [MANAGED_BY_LABEL]: "fedfleet" } as const;
