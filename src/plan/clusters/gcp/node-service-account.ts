/**
 * The roles a GKE node's own service account needs, and nothing more: the role GKE's
 * "Configure node service accounts" names as the minimum (logs, metrics, node operation),
 * and pulling images from Artifact Registry. Workloads get their own identities through
 * Workload Identity. Pure.
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
    "roles/container.defaultNodeServiceAccount",
    "roles/artifactregistry.reader",
] as const;

/** The GKE service agent, which must be able to use the key that encrypts secrets. */
export function gkeServiceAgent(projectNumber: string): string {
    return `serviceAccount:service-${projectNumber}@${GKE_SERVICE_AGENT_DOMAIN}`;
}

/**
 * The API whose service agent (`service-<number>@container-engine-robot...`) GKE acts as: a
 * primary service agent, which exists only once something asks for it (Google Cloud IAM docs,
 * "Create and grant roles to service agents": until then no role can be granted to it).
 */
export const GKE_SERVICE_AGENT_API = "container.googleapis.com";

/** The domain of the GKE service agent's email, by which grants to it are recognised. */
export const GKE_SERVICE_AGENT_DOMAIN = "container-engine-robot.iam.gserviceaccount.com";
