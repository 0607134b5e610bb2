// The in-cluster name pods use for a federated service: a Service of type ExternalName,
// `<svc>-fleet` in the service's namespace, in every cluster of the fleet that has that
// namespace. Where the cluster runs the service it points at the cluster's local-first name,
// elsewhere at the global name; the cluster DNS answers `<svc>-fleet.<ns>.svc.<cluster domain>`
// with a CNAME to that name (kubernetes/website, concepts/services-networking/service.md,
// "type: ExternalName"). Pure.
import type { ServiceConfig } from "../config/schema";
import { CLUSTER_LABEL, FEDERATION_LABEL, SERVICE_LABEL, ServiceManifest } from "./manifests";

/** What fedfleet appends to a service's name for its in-cluster name. */
export const FLEET_NAME_SUFFIX = "-fleet";

/**
 * The longest name a Kubernetes Service may have: a DNS-1035 label of at most 63 characters
 * (k/k pkg/apis/core/validation ValidateServiceName = NameIsDNS1035Label).
 */
export const SERVICE_NAME_MAX = 63;

/** The in-cluster name of a federated service: `<svc>-fleet`. */
export function fleetServiceName(service: string): string {
    return `${service}${FLEET_NAME_SUFFIX}`;
}

/** One cluster's in-cluster name of a service: what the ExternalName points at, and why. */
export interface FleetNameTarget {
    cluster: string;
    /** `local` where the cluster has a local-first name (it runs the service), `global` elsewhere. */
    answers: "local" | "global";
    /** The DNS name the ExternalName Service points at. */
    externalName: string;
    /**
     * The service's names that `externalName` resolves through while healthy (itself first):
     * the ExternalName waits for their records, and only theirs.
     */
    resolvesThrough: string[];
}

/** What the in-cluster names of one service are decided from. */
export interface FleetNameInput {
    /** Every cluster of the fleet, in the stack file's order. */
    clusters: readonly string[];
    /** Whether a cluster has the service's namespace (it is the cluster's own, or fedfleet made it there). */
    hasNamespace: (cluster: string) => boolean;
    /** The service's global name. */
    global: string;
    /** The service's local-first name per cluster that has one. */
    local: Readonly<Record<string, string>>;
    /** The names a name resolves through while healthy (primaryChain over the service's records). */
    resolvesThrough: (name: string) => string[];
}

/**
 * Where a service's in-cluster name exists and what it points at: in every cluster that has the
 * namespace, the cluster's local-first name where it has one, else the global name. A cluster
 * that runs the service but has no local-first name (one DNS does not send traffic to) falls
 * back to the global name like a cluster that does not run it.
 */
export function planFleetNames(input: FleetNameInput): FleetNameTarget[] {
    return input.clusters
        .filter((cluster) => input.hasNamespace(cluster) || input.local[cluster] !== undefined)
        .map((cluster) => {
            const local = input.local[cluster];
            const externalName = local ?? input.global;
            return {
                cluster,
                answers: local !== undefined ? ("local" as const) : ("global" as const),
                externalName,
                resolvesThrough: input.resolvesThrough(externalName),
            };
        });
}

/**
 * The ExternalName Service of a service's in-cluster name in one cluster. Its target is one of
 * the service's DNS names, which dns-plan.ts has checked as DNS names (at most 253 characters,
 * lower-case labels), what Kubernetes requires of `externalName` (k/k ValidateService: a
 * DNS-1123 subdomain). No ports: an
 * ExternalName Service needs none (k/k pkg/apis/core/validation ValidateService: ports are
 * required only for types other than ExternalName), and clients connect to the service's own
 * ports on the load balancer the name resolves to.
 */
export function fleetNameManifest(
    federation: string,
    service: Pick<ServiceConfig, "name" | "namespace">,
    target: FleetNameTarget,
): ServiceManifest {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: fleetServiceName(service.name),
            namespace: service.namespace,
            labels: {
                "app.kubernetes.io/name": service.name,
                "app.kubernetes.io/managed-by": "fedfleet",
                [SERVICE_LABEL]: service.name,
                [CLUSTER_LABEL]: target.cluster,
                [FEDERATION_LABEL]: federation,
            },
        },
        spec: { type: "ExternalName", externalName: target.externalName },
    };
}
