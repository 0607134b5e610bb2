// Which version of the Pod Security Standards a pod is admitted under, as far as a stack tells:
// Pod Security Admission evaluates the namespace's `pod-security.kubernetes.io/enforce-version`
// (`latest`, the default, is the API server's own minor; a newer pin is capped at it), so the
// version follows the cluster's Kubernetes version and the namespace's pin
// (kubernetes/pod-security-admission api/helpers.go ParseVersion, api/constants.go). The checks
// whose result changes with that version are listed here with the version that changed them.
import type { PolicyResource } from "@pulumi/policy";
import { GKE_OLDEST_CHANNEL_MINOR } from "../../src/plan/clusters/gcp/gke-versions";
import { compareVersions, owningClusterOf, Props, TYPES } from "./support";

const NAMESPACE_TYPES = ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:NamespacePatch"];
/** The label that pins the version of the enforced standard. */
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";
/**
 * What the pack assumes of a cluster whose version the stack does not tell (an existing cluster):
 * kubernetes-version-supported's default minimum.
 */
const ASSUMED_OLDEST = "1.31";

/** What is known of a Kubernetes minor: at least one version, at most another (either may be unknown). */
export interface VersionBounds {
    atLeast?: string;
    atMost?: string;
}

/** "1.35" from "1.35", "v1.35" or "1.35.2-gke.1"; undefined for anything else (an unknown value included). */
function minorOf(value: unknown): string | undefined {
    const match = typeof value === "string" ? /^v?(\d+)\.(\d+)(?:\.|-|$)/.exec(value) : null;
    return match ? `${match[1]}.${match[2]}` : undefined;
}

/** A field read without the unknown-checking proxy's trap (its value may be unknown in a preview). */
function raw(props: Props | undefined, key: string): unknown {
    return props ? Object.getOwnPropertyDescriptor(props, key)?.value : undefined;
}

const older = (a: string, b: string) => (compareVersions(a, b) <= 0 ? a : b);

/**
 * The Kubernetes version of the cluster a resource is deployed to: an EKS cluster's `version` exactly;
 * a GKE cluster's `masterVersion` once known, else at least its pinned `minMasterVersion` and its
 * release channel's oldest minor (gke-versions.ts: channels never go back). Unknown for a cluster the
 * stack does not build.
 */
export function clusterVersionBounds(
    resource: PolicyResource,
    resources: readonly PolicyResource[],
    urns: ReadonlyMap<string, PolicyResource>,
): VersionBounds {
    const owner = owningClusterOf(resource, urns);
    if (!owner) return {};
    for (const cluster of resources) {
        if (cluster.type !== TYPES.eksCluster && cluster.type !== TYPES.gkeCluster) continue;
        if (owningClusterOf(cluster, urns)?.urn !== owner.urn) continue;
        if (cluster.type === TYPES.eksCluster) {
            const version = minorOf(raw(cluster.props, "version"));
            return version ? { atLeast: version, atMost: version } : {};
        }
        const running = minorOf(raw(cluster.props, "masterVersion"));
        if (running) return { atLeast: running, atMost: running };
        const channel = raw(raw(cluster.props, "releaseChannel") as Props | undefined, "channel");
        const floors = [
            minorOf(raw(cluster.props, "minMasterVersion")),
            GKE_OLDEST_CHANNEL_MINOR[channel as keyof typeof GKE_OLDEST_CHANNEL_MINOR],
        ].filter((v): v is string => v !== undefined);
        return floors.length > 0 ? { atLeast: floors.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b)) } : {};
    }
    return {};
}

/**
 * The enforce-version a namespace of the resource's cluster pins, if the stack declares that
 * namespace: a NamespacePatch's label over the Namespace's. Undefined for `latest` or no label.
 */
export function pinnedVersion(
    namespace: string,
    resource: PolicyResource,
    resources: readonly PolicyResource[],
    urns: ReadonlyMap<string, PolicyResource>,
): string | undefined {
    const cluster = owningClusterOf(resource, urns)?.urn;
    let pin: string | undefined;
    for (const candidate of resources) {
        if (!NAMESPACE_TYPES.includes(candidate.type)) continue;
        const meta = raw(candidate.props, "metadata") as Props | undefined;
        if (raw(meta, "name") !== namespace || owningClusterOf(candidate, urns)?.urn !== cluster) continue;
        const label = raw(raw(meta, "labels") as Props | undefined, ENFORCE_VERSION_LABEL);
        if (label === undefined) continue;
        pin = label === "latest" ? undefined : (minorOf(label) ?? pin);
        if (candidate.type.endsWith("Patch")) break;
    }
    return pin;
}

/**
 * The Pod Security version a workload's pods are admitted under: its cluster's version, capped by
 * its namespace's pin. A cluster the stack does not tell is assumed at least ASSUMED_OLDEST.
 */
export function enforcedVersion(
    workload: PolicyResource,
    namespace: string,
    resources: readonly PolicyResource[],
    urns: ReadonlyMap<string, PolicyResource>,
): VersionBounds {
    const cluster = clusterVersionBounds(workload, resources, urns);
    const pin = pinnedVersion(namespace, workload, resources, urns);
    const atLeast = cluster.atLeast ?? ASSUMED_OLDEST;
    return {
        atLeast: pin ? older(atLeast, pin) : atLeast,
        atMost: pin ? (cluster.atMost ? older(cluster.atMost, pin) : pin) : cluster.atMost,
    };
}

/** Whether a relaxation of version `since` surely applies: the version is known to be at least that. */
export function relaxedFrom(bounds: VersionBounds, since: string): boolean {
    return bounds.atLeast !== undefined && compareVersions(bounds.atLeast, since) >= 0;
}

/** Whether a check added in version `since` may apply: unless the version is known to be older. */
export function checkedFrom(bounds: VersionBounds, since: string): boolean {
    return bounds.atMost === undefined || compareVersions(bounds.atMost, since) >= 0;
}

/**
 * The sysctls Pod Security baseline (so restricted) allows, by the version that allowed them
 * (pod-security-admission policy/check_sysctls.go, tags v0.32 to v0.36).
 */
const SAFE_SYSCTLS: readonly [string, string][] = [
    ["1.0", "kernel.shm_rmid_forced"],
    ["1.0", "net.ipv4.ip_local_port_range"],
    ["1.0", "net.ipv4.tcp_syncookies"],
    ["1.0", "net.ipv4.ping_group_range"],
    ["1.0", "net.ipv4.ip_unprivileged_port_start"],
    ["1.27", "net.ipv4.ip_local_reserved_ports"],
    ["1.29", "net.ipv4.tcp_keepalive_time"],
    ["1.29", "net.ipv4.tcp_fin_timeout"],
    ["1.29", "net.ipv4.tcp_keepalive_intvl"],
    ["1.29", "net.ipv4.tcp_keepalive_probes"],
    ["1.32", "net.ipv4.tcp_rmem"],
    ["1.32", "net.ipv4.tcp_wmem"],
];

/** Whether a sysctl is one the enforced version surely allows. */
export function safeSysctl(bounds: VersionBounds, name: string): boolean {
    return SAFE_SYSCTLS.some(([since, safe]) => safe === name && relaxedFrom(bounds, since));
}

/**
 * From 1.35, `hostUsers: false` (a user namespace) lifts runAsNonRoot and runAsUser (check_runAsNonRoot.go,
 * check_runAsUser.go: runAsNonRoot1_35, runAsUser1_35); before, only behind an alpha feature gate.
 */
export const USER_NAMESPACE_RELAXATION = "1.35";
/** check_hostProbesAndhostLifecycle.go: probes and hooks naming a host are refused from 1.34. */
export const HOST_PROBES_CHECK = "1.34";
/** check_seLinuxOptions.go: container_engine_t is allowed from 1.31. */
export const SELINUX_ENGINE_TYPE = "1.31";
