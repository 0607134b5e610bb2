// The oldest Kubernetes minor each GKE release channel still offers new clusters. Pure.
//
// terraform-provider-google sends `min_master_version` as the new cluster's
// `initialClusterVersion` (google/services/container/resource_container_cluster.go,
// resourceContainerClusterCreate), and GKE creates it only at a version its channel offers.
// A minor leaves Rapid, Regular and Stable at the end of its standard support; only the
// Extended channel keeps it after that (GKE versioning and support), so a minor that has left
// a channel never comes back, and a pin older than the channel's oldest always fails.
//
// From the GKE release notes' "Current versions" table, row "Available minor versions"
// (docs.cloud.google.com/kubernetes-engine/docs/release-notes), as read in November 2026:
// Rapid 1.34 to 1.37, Regular 1.34 to 1.36, Stable 1.34 to 1.35. Refresh it from there (or
// `gcloud container get-server-config`) when GKE retires a minor.

/** When the table below was read from GKE's release notes. */
export const GKE_CHANNEL_MINORS_AS_OF = "2026-11";

/** Per release channel, the oldest minor it offered new clusters when the table was read. */
export const GKE_OLDEST_CHANNEL_MINOR: Readonly<Record<"RAPID" | "REGULAR" | "STABLE", string>> = {
    RAPID: "1.34",
    REGULAR: "1.34",
    STABLE: "1.34",
};

/** A Kubernetes minor ("1.35") as [major, minor], for ordering. */
function minorParts(version: string): [number, number] {
    const [major, minor] = version.split(".").map(Number);
    return [major, minor];
}

/** Whether a pinned minor is one the channel may still offer: not older than its oldest. */
export function channelMayOffer(channel: keyof typeof GKE_OLDEST_CHANNEL_MINOR, version: string): boolean {
    const [major, minor] = minorParts(version);
    const [oldestMajor, oldestMinor] = minorParts(GKE_OLDEST_CHANNEL_MINOR[channel]);
    return major > oldestMajor || (major === oldestMajor && minor >= oldestMinor);
}
