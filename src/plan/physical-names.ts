// The names fedfleet gives things in the clouds (as opposed to Pulumi's logical names,
// which components derive from their own). Decided once, here, from config and the stack
// name, so the plan, the components and the provider contracts all see the same names. Pure.
import { createHash } from "node:crypto";

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

/** The longest Compute Engine resource name (RFC 1035, 1 to 63: terraform-provider-google resource_compute_health_check.go, name). */
const GCE_NAME_MAX = 63;

/**
 * A Google health check's name: an RFC 1035 label, derived from stack, namespace and service,
 * stable across runs and unique among a stack's services by construction. Health checks share
 * one namespace per project (`projects/<p>/global/healthChecks/<name>`), so two services with
 * the same name would meet a 409 on create.
 *
 * A service whose namespace has no '-' keeps the readable name `fedfleet-<stack>-<ns>-<svc>`
 * when it fits: the namespace then ends at the first '-' after the prefix, so no two such
 * services share it. Any other (a namespace with '-', where `shop-eu/web` and `shop/eu-web`
 * would both read `shop-eu-web`, or a name too long to keep whole) is named after a digest of
 * `<ns>/<svc>`, behind a second '-' that no readable name has at that place.
 */
export function cloudDnsHealthCheckName(stack: string, service: string, namespace: string): string {
    const prefix = `fedfleet-${stack}-`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const readable = `${prefix}${namespace}-${service}`;
    if (!namespace.includes("-") && readable.length <= GCE_NAME_MAX) return readable;
    const digest = createHash("sha256").update(`${namespace}/${service}`).digest("hex").slice(0, 10);
    const room = GCE_NAME_MAX - prefix.length - 1 - 1 - digest.length;
    const hint = `${namespace}-${service}`.slice(0, Math.max(0, room)).replace(/-+$/, "");
    return `${prefix}-${hint ? `${hint}-` : ""}${digest}`;
}
