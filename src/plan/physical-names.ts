// The names fedfleet gives things in the clouds (as opposed to Pulumi's logical names,
// which components derive from their own). Decided once, here, from config and the stack
// name, so the plan, the components and the provider contracts all see the same names. Pure.

/** The EKS cluster's name: the stack's too, so dev and prod may share an account and region. */
export function eksClusterName(stack: string, cluster: string): string {
    return `${stack}-${cluster}`;
}

/** The alias of the KMS key that envelope-encrypts an EKS cluster's secrets. */
export function eksSecretsKeyAlias(stack: string, cluster: string): string {
    return `alias/fedfleet/${eksClusterName(stack, cluster)}-secrets`;
}

/** Names of a GKE cluster's resources in its project: they follow the cluster's name. */
export interface GkeNames {
    cluster: string;
    network: string;
    subnetwork: string;
    router: string;
    nat: string;
    keyRing: string;
    secretsKey: string;
    /** The account id of the nodes' service account. */
    nodeServiceAccount: string;
}

/** The physical names of a GKE cluster named `cluster` in the stack file. */
export function gkeNames(cluster: string): GkeNames {
    const network = `${cluster}-net`;
    return {
        cluster,
        network: `${network}-vpc`,
        subnetwork: `${network}-nodes`,
        router: `${network}-router`,
        nat: `${network}-nat`,
        keyRing: `${cluster}-keys`,
        secretsKey: `${cluster}-secrets`,
        nodeServiceAccount: `${cluster}-nodes`,
    };
}

/** Cloud DNS managed zone names are labels; derived from the DNS name when fedfleet creates one. */
export function managedZoneName(dnsName: string): string {
    return dnsName.replace(/\./g, "-").slice(0, 63).replace(/-+$/, "");
}

/** A Google health check's name: an RFC 1035 label, derived from stack and service, stable across runs. */
export function cloudDnsHealthCheckName(stack: string, service: string, namespace: string): string {
    return `fedfleet-${stack}-${namespace}-${service}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .slice(0, 63)
        .replace(/-+$/, "");
}
