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
    return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}
