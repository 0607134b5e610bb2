/**
 * The roles a GKE node's own service account needs, and nothing more: logs, metrics and
 * pulling images. Workloads get their own identities through Workload Identity. Pure.
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
] as const;

/** The GKE service agent, which must be able to use the key that encrypts secrets. */
export function gkeServiceAgent(projectNumber: string): string {
    return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}
