// Rules for what runs in the clusters: pinned images from allowed registries, resource
// requests and limits, a restricted security context, probes, disruption budgets, zone spread.
import type { ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { containersOf, describeObject, mainContainersOf, podSpec, Props, TYPES, WORKLOAD_TYPES } from "./support";

type Report = (message: string) => void;

/** Runs `check` for workloads only, with a readable name for messages. */
function forWorkloads(check: (props: Props, what: string, args: ResourceValidationArgs, report: Report) => void) {
    return (args: ResourceValidationArgs, report: Report) => {
        if (!WORKLOAD_TYPES.includes(args.type)) return;
        check(args.props, `${args.type.split(":").pop()} ${describeObject(args.props, args.name)}`, args, report);
    };
}

/** An image reference's parts: registry and path, tag, digest. */
export interface ImageReference {
    registryPath: string;
    tag?: string;
    digest?: string;
}

/** Splits `registry/path:tag@sha256:...`; a port in the registry host is not a tag. */
export function parseImage(image: string): ImageReference {
    const [withoutDigest, digest] = image.split("@");
    const lastSlash = withoutDigest.lastIndexOf("/");
    const lastColon = withoutDigest.lastIndexOf(":");
    if (lastColon > lastSlash)
        return { registryPath: withoutDigest.slice(0, lastColon), tag: withoutDigest.slice(lastColon + 1), digest };
    return { registryPath: withoutDigest, digest };
}

interface ImageConfig {
    requireDigest?: boolean;
}

/** Pinned images: a sha256 digest, or a tag other than `latest`; with `requireDigest` (production), a digest. */
export const imagePinned: ResourceValidationPolicy = {
    name: "image-pinned",
    description:
        "Container images name a version: no `latest`, no missing tag, and a digest where required (production).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { requireDigest: { type: "boolean" } } },
    validateResource: forWorkloads((props, what, args, report) => {
        const requireDigest = args.getConfig<ImageConfig>().requireDigest === true;
        for (const container of containersOf(props)) {
            const image = String(container.image ?? "");
            const ref = parseImage(image);
            if (ref.digest && /^sha256:[a-f0-9]{64}$/.test(ref.digest)) continue;
            if (!ref.tag)
                report(
                    `${what}: container ${container.name} image "${image}" has no tag, so it means latest; pin a version.`,
                );
            else if (ref.tag === "latest")
                report(`${what}: container ${container.name} image "${image}" is tagged latest; pin a version.`);
            else if (requireDigest)
                report(
                    `${what}: container ${container.name} image "${image}" has no sha256 digest, which this environment requires.`,
                );
        }
    }),
};

interface RegistryConfig {
    registries?: string[];
}

/** Images only from the `registries` prefixes in the pack's config; not applicable when none are configured. */
export const allowedRegistries: ResourceValidationPolicy = {
    name: "allowed-registries",
    description: "Container images come from the configured registries (prefixes such as ghcr.io/acme/).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { registries: { type: "array", items: { type: "string" } } } },
    validateResource: forWorkloads((props, what, args, report) => {
        const registries = args.getConfig<RegistryConfig>().registries ?? [];
        if (registries.length === 0) args.notApplicable("no registries configured");
        for (const container of containersOf(props)) {
            const image = String(container.image ?? "");
            if (!registries.some((prefix) => image.startsWith(prefix))) {
                report(
                    `${what}: container ${container.name} image "${image}" is not from an allowed registry (${registries.join(", ")}).`,
                );
            }
        }
    }),
};

/** CPU and memory requests and limits on every container, init containers included. */
export const containerResources: ResourceValidationPolicy = {
    name: "container-resources",
    description: "Every container sets CPU and memory requests and limits.",
    enforcementLevel: "mandatory",
    validateResource: forWorkloads((props, what, _args, report) => {
        for (const container of containersOf(props)) {
            const missing = ["requests", "limits"].flatMap((kind) =>
                ["cpu", "memory"]
                    .filter((resource) => container.resources?.[kind]?.[resource] === undefined)
                    .map((resource) => `${kind}.${resource}`),
            );
            if (missing.length > 0) report(`${what}: container ${container.name} sets no ${missing.join(", ")}.`);
        }
    }),
};

/**
 * A restricted security context: non-root (set on the container, or on the pod and not undone), not
 * privileged, no privilege escalation.
 */
export const podSecurity: ResourceValidationPolicy = {
    name: "pod-security",
    description: "Containers run as non-root, unprivileged, without privilege escalation.",
    enforcementLevel: "mandatory",
    validateResource: forWorkloads((props, what, _args, report) => {
        const podRunAsNonRoot = podSpec(props)?.securityContext?.runAsNonRoot === true;
        for (const container of containersOf(props)) {
            const context = container.securityContext ?? {};
            const problems: string[] = [];
            if (!(context.runAsNonRoot === true || (podRunAsNonRoot && context.runAsNonRoot !== false)))
                problems.push("may run as root (runAsNonRoot)");
            if (context.privileged === true) problems.push("is privileged");
            if (context.allowPrivilegeEscalation !== false) problems.push("allows privilege escalation");
            if (problems.length > 0) report(`${what}: container ${container.name} ${problems.join(", ")}.`);
        }
    }),
};

/** Read-only root filesystems; advisory, since some software must write. */
export const readOnlyRootFilesystem: ResourceValidationPolicy = {
    name: "read-only-root-filesystem",
    description: "Containers mount their root filesystem read-only (advisory: some software needs to write).",
    enforcementLevel: "advisory",
    validateResource: forWorkloads((props, what, _args, report) => {
        for (const container of containersOf(props)) {
            if (container.securityContext?.readOnlyRootFilesystem !== true)
                report(`${what}: container ${container.name} has a writable root filesystem.`);
        }
    }),
};

/** Liveness and readiness probes on every main container (not init containers). */
export const containerProbes: ResourceValidationPolicy = {
    name: "container-probes",
    description: "Every main container has a liveness and a readiness probe.",
    enforcementLevel: "mandatory",
    validateResource: forWorkloads((props, what, _args, report) => {
        for (const container of mainContainersOf(props)) {
            const missing = (["livenessProbe", "readinessProbe"] as const).filter((probe) => !container[probe]);
            if (missing.length > 0) report(`${what}: container ${container.name} has no ${missing.join(" or ")}.`);
        }
    }),
};

/** Zone spread of pods for workloads that may run more than one (not DaemonSets, not `replicas: 1`). */
export const zoneSpread: ResourceValidationPolicy = {
    name: "zone-spread",
    description:
        "Replicated workloads spread their pods across zones (topologySpreadConstraints on topology.kubernetes.io/zone).",
    enforcementLevel: "mandatory",
    validateResource: forWorkloads((props, what, _args, report) => {
        if (props.kind === "DaemonSet" || props.spec?.replicas === 1) return;
        const constraints: { topologyKey?: string }[] = podSpec(props)?.topologySpreadConstraints ?? [];
        if (!constraints.some((constraint) => constraint.topologyKey === "topology.kubernetes.io/zone")) {
            report(
                `${what} does not spread pods across zones (topologySpreadConstraints on topology.kubernetes.io/zone).`,
            );
        }
    }),
};

function selects(selector: Props | undefined, labels: Record<string, string>): boolean {
    const matchLabels: Record<string, string> = selector?.matchLabels ?? {};
    return (
        Object.keys(matchLabels).length > 0 &&
        Object.entries(matchLabels).every(([key, value]) => labels[key] === value)
    );
}

/**
 * A PodDisruptionBudget for each Deployment whose floor (its replicas, or its HPA's minReplicas) is 2 or
 * more: one in the same cluster and namespace whose selector matches the pods' labels.
 */
export const pdbForReplicated: StackValidationPolicy = {
    name: "pdb-for-replicated",
    description:
        "A Deployment that runs 2 or more replicas (or is autoscaled from 2) has a PodDisruptionBudget in its cluster.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const sameCluster = (a: { provider?: { urn: string } }, b: { provider?: { urn: string } }) =>
            a.provider?.urn === b.provider?.urn;
        for (const deployment of args.resources.filter((r) => r.type === TYPES.deployment)) {
            const meta: Props = deployment.props.metadata ?? {};
            const namespace = meta.namespace ?? "default";
            const hpa = args.resources.find(
                (r) =>
                    r.type === TYPES.hpa &&
                    sameCluster(r, deployment) &&
                    (r.props.metadata?.namespace ?? "default") === namespace &&
                    r.props.spec?.scaleTargetRef?.kind === "Deployment" &&
                    r.props.spec?.scaleTargetRef?.name === meta.name,
            );
            const floor: number = hpa ? (hpa.props.spec?.minReplicas ?? 1) : (deployment.props.spec?.replicas ?? 1);
            if (floor < 2) continue;
            const podLabels: Record<string, string> = deployment.props.spec?.template?.metadata?.labels ?? {};
            const covered = args.resources.some(
                (r) =>
                    r.type === TYPES.pdb &&
                    sameCluster(r, deployment) &&
                    (r.props.metadata?.namespace ?? "default") === namespace &&
                    selects(r.props.spec?.selector, podLabels),
            );
            if (!covered)
                reportViolation(
                    `Deployment ${namespace}/${meta.name} runs ${floor} or more replicas but no PodDisruptionBudget selects its pods.`,
                    deployment.urn,
                );
        }
    },
};

/** The workload rules, in the order the pack lists them. */
export const workloadPolicies = [
    imagePinned,
    allowedRegistries,
    containerResources,
    podSecurity,
    readOnlyRootFilesystem,
    containerProbes,
    zoneSpread,
    pdbForReplicated,
];
