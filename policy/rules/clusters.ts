// Rules for the clusters fedfleet builds: encryption, API exposure, versions, logging,
// workload identity, zone spread of node pools, and protection of what holds state.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Cidr, contains, parseCidr } from "../../src/plan/core/cidr";
import { isUnknown, PendingUnknowns } from "./unknowns";
import { compareVersions, isSet, Props, TYPES } from "./support";

/**
 * Secrets encryption: EKS `encryptionConfig` over `secrets` with a KMS key, GKE application-layer
 * `databaseEncryption` with a Cloud KMS key.
 */
export const clusterSecretsEncryption: ResourceValidationPolicy = {
    name: "cluster-secrets-encryption",
    description: "EKS and GKE clusters encrypt Kubernetes secrets with a KMS key.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.eksCluster) {
            // The key's ARN is unknown until the key exists: its presence is what a first preview knows.
            const encryption = args.props.encryptionConfig;
            const keyed = encryption?.provider !== undefined && isSet(encryption.provider, "keyArn");
            if (!keyed || !(encryption.resources ?? []).includes("secrets")) {
                reportViolation(
                    `EKS cluster ${args.name} does not encrypt secrets with a KMS key (set encryptionConfig with resources ["secrets"]).`,
                );
            }
        } else if (args.type === TYPES.gkeCluster) {
            const encryption = args.props.databaseEncryption;
            if (encryption?.state !== "ENCRYPTED" || !isSet(encryption, "keyName")) {
                reportViolation(
                    `GKE cluster ${args.name} does not encrypt secrets at the application layer (databaseEncryption with a Cloud KMS key).`,
                );
            }
        }
    },
};

interface EndpointConfig {
    allowedCidrs?: string[];
}

/** Each family's whole address space, as the clouds' allowlists name it, and its width in bits. */
const WORLDS = { ipv4: { cidr: "0.0.0.0/0", bits: 32 }, ipv6: { cidr: "::/0", bits: 128 } } as const;

/** The first and last address of a parsed CIDR's network, as numbers (host bits cleared). */
function addressRange(cidr: Cidr): [bigint, bigint] {
    const hostBits = BigInt(WORLDS[cidr.family].bits - cidr.prefix);
    const address = cidr.address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
    const first = (address >> hostBits) << hostBits;
    return [first, first + (1n << hostBits) - 1n];
}

/** Whether the ranges of one family together hold every address of it, whatever their number and overlap. */
function coversFamily(cidrs: readonly Cidr[], family: Cidr["family"]): boolean {
    const ranges = cidrs
        .filter((cidr) => cidr.family === family)
        .map(addressRange)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let next = 0n; // the lowest address not yet covered
    for (const [first, last] of ranges) {
        if (first > next) return false;
        if (last + 1n > next) next = last + 1n;
    }
    return next === 1n << BigInt(WORLDS[family].bits);
}

/**
 * The CIDRs a public endpoint admits, read as networks (ipaddr.js, via src/plan/core/cidr.ts): open
 * to the world when none are given (AWS's default) or when together they cover all of IPv4 or of IPv6;
 * with `allowedCidrs`, each must lie inside an allowed range (an exact match included).
 */
function checkCidrs(
    kind: string,
    name: string,
    cidrs: readonly string[],
    config: EndpointConfig,
    report: (message: string) => void,
): void {
    if (cidrs.length === 0) {
        report(
            `${kind} ${name} has a public API endpoint open to ${WORLDS.ipv4.cidr}; turn it off or restrict it to known CIDRs.`,
        );
        return;
    }
    const parsed = cidrs.map((text) => ({ text, cidr: parseCidr(String(text)) }));
    for (const { text } of parsed.filter((entry) => !entry.cidr))
        report(
            `${kind} ${name}: "${text}" is not a CIDR, so its public API endpoint cannot be shown to be restricted.`,
        );
    const networks = parsed.flatMap((entry) => (entry.cidr ? [entry.cidr] : []));
    const open = (["ipv4", "ipv6"] as const).filter((family) => coversFamily(networks, family));
    for (const family of open) {
        const members = networks.filter((cidr) => cidr.family === family).map((cidr) => cidr.text);
        const together = members.length > 1 ? ` (${members.join(", ")} together)` : "";
        report(
            `${kind} ${name} has a public API endpoint open to ${WORLDS[family].cidr}${together}; turn it off or restrict it to known CIDRs.`,
        );
    }
    if (open.length > 0) return;
    const allowed = config.allowedCidrs ?? [];
    if (allowed.length === 0) return;
    const allowedNetworks = allowed.flatMap((text) => parseCidr(text) ?? []);
    const stray = parsed.filter(
        ({ text, cidr }) =>
            cidr && !allowed.includes(text) && !allowedNetworks.some((network) => contains(network, cidr)),
    );
    if (stray.length > 0)
        report(
            `${kind} ${name} opens its public API endpoint to ${stray.map((entry) => entry.text).join(", ")}, not among the allowed CIDRs.`,
        );
}

/**
 * The public API endpoint: off, or open only to CIDRs inside the pack's `allowedCidrs` (any set short
 * of the whole internet when unset); on GKE, not to every Google Cloud public IP either.
 */
export const clusterEndpointRestricted: ResourceValidationPolicy = {
    name: "cluster-endpoint-restricted",
    description:
        "A cluster's public API endpoint is off, or open only to configured CIDRs: never to all of IPv4 or IPv6, however the ranges are split, nor to all Google Cloud IPs.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedCidrs: { type: "array", items: { type: "string" } } } },
    validateResource: (args, reportViolation) => {
        const config = args.getConfig<EndpointConfig>();
        if (args.type === TYPES.eksCluster) {
            const vpc: Props = args.props.vpcConfig ?? {};
            // AWS turns the public endpoint on, open to 0.0.0.0/0, unless told otherwise.
            if (vpc.endpointPublicAccess === false) return;
            checkCidrs("EKS cluster", args.name, vpc.publicAccessCidrs ?? [], config, reportViolation);
        } else if (args.type === TYPES.gkeCluster) {
            // The IP endpoint is private, or off (a DNS-endpoint-only cluster): no public address to reach.
            if (args.props.privateClusterConfig?.enablePrivateEndpoint === true) return;
            if (args.props.controlPlaneEndpointsConfig?.ipEndpointsConfig?.enabled === false) return;
            const authorized: Props | undefined = args.props.masterAuthorizedNetworksConfig;
            const blocks: { cidrBlock: string }[] = authorized?.cidrBlocks ?? [];
            checkCidrs(
                "GKE cluster",
                args.name,
                blocks.map((block) => block.cidrBlock),
                config,
                reportViolation,
            );
            // Authorized networks also admit every Google Cloud public IP unless this is false
            // (GKE: "Access from Google Cloud public IP addresses"; gcloud --no-enable-google-cloud-access).
            if (authorized && authorized.gcpPublicCidrsAccessEnabled !== false) {
                reportViolation(
                    `GKE cluster ${args.name} lets every Google Cloud public IP reach its public endpoint (masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled is ${authorized.gcpPublicCidrsAccessEnabled ?? "unset"}); set it to false.`,
                );
            }
        }
    },
};

interface VersionConfig {
    minimumVersion?: string;
}

/**
 * Kubernetes versions: EKS pins one of at least `minimumVersion` (1.31 by default); GKE is on a release
 * channel, and any floor it asks for is at least that minimum.
 */
export const kubernetesVersionSupported: ResourceValidationPolicy = {
    name: "kubernetes-version-supported",
    description:
        "Clusters run a supported Kubernetes version (at least the configured minimum); GKE clusters follow a release channel.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minimumVersion: { type: "string", pattern: "^1\\.\\d+$" } } },
    validateResource: (args, reportViolation) => {
        const minimum = args.getConfig<VersionConfig>().minimumVersion ?? "1.31";
        if (args.type === TYPES.eksCluster) {
            const version: string | undefined = args.props.version;
            if (!version)
                reportViolation(
                    `EKS cluster ${args.name} does not pin a Kubernetes version; set one (at least ${minimum}).`,
                );
            else if (compareVersions(version, minimum) < 0)
                reportViolation(
                    `EKS cluster ${args.name} runs Kubernetes ${version}, below the supported minimum ${minimum}.`,
                );
        } else if (args.type === TYPES.gkeCluster) {
            const channel = args.props.releaseChannel?.channel;
            if (!channel || channel === "UNSPECIFIED")
                reportViolation(`GKE cluster ${args.name} is on no release channel; use RAPID, REGULAR or STABLE.`);
            const version: string | undefined = args.props.minMasterVersion;
            if (version && compareVersions(version, minimum) < 0)
                reportViolation(
                    `GKE cluster ${args.name} asks for Kubernetes ${version}, below the supported minimum ${minimum}.`,
                );
        }
    },
};

interface LoggingConfig {
    requiredLogTypes?: string[];
}

/** EKS control-plane logs: every type in `requiredLogTypes` is enabled. */
export const eksControlPlaneLogging: ResourceValidationPolicy = {
    name: "eks-control-plane-logging",
    description:
        "EKS clusters send the configured control-plane logs (api, audit, authenticator by default) to CloudWatch.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { requiredLogTypes: { type: "array", items: { type: "string" } } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.eksCluster) return;
        const required = args.getConfig<LoggingConfig>().requiredLogTypes ?? ["api", "audit", "authenticator"];
        const enabled: string[] = args.props.enabledClusterLogTypes ?? [];
        const missing = required.filter((type) => !enabled.includes(type));
        if (missing.length > 0)
            reportViolation(`EKS cluster ${args.name} does not log ${missing.join(", ")} (enabledClusterLogTypes).`);
    },
};

/** Workload identity: GKE has a Workload Identity pool; each EKS cluster has an OIDC provider that depends on it. */
export const clusterWorkloadIdentity: StackValidationPolicy = {
    name: "cluster-workload-identity",
    description:
        "Pods get cloud identities without node credentials: Workload Identity on GKE, an IAM OIDC provider (IRSA) beside every EKS cluster.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const resource of args.resources) {
            if (resource.type === TYPES.gkeCluster && !resource.props.workloadIdentityConfig?.workloadPool) {
                reportViolation(
                    `GKE cluster ${resource.name} has no Workload Identity pool (workloadIdentityConfig).`,
                    resource.urn,
                );
            }
            if (resource.type === TYPES.eksCluster) {
                // The OIDC provider is built from the cluster's issuer, so it depends on the cluster.
                const hasOidc = args.resources.some(
                    (other) =>
                        other.type === TYPES.oidcProvider &&
                        other.dependencies.some((dependency) => dependency.urn === resource.urn),
                );
                if (!hasOidc)
                    reportViolation(
                        `EKS cluster ${resource.name} has no IAM OIDC provider for service-account roles.`,
                        resource.urn,
                    );
            }
        }
    },
};

interface ZonesConfig {
    minZones?: number;
}

/** A field read without the unknown-checking proxy's trap: a preview may not know it yet. */
function rawField(props: Props | undefined, key: string): unknown {
    return props ? Object.getOwnPropertyDescriptor(props, key)?.value : undefined;
}

/**
 * The zones of an EKS node group: those of the subnets its `subnetIds` name (the subnets it launches
 * nodes in: EKS CreateNodegroup), each resolved to a subnet of the stack by its id (a bridged
 * resource's outputs carry it). When the ids are not known yet (a first preview), the subnets the
 * engine says the value is computed from (propertyDependencies). Undefined when neither tells:
 * subnets from outside the stack, or a preview without property dependencies.
 */
function nodeGroupZones(
    group: PolicyResource,
    resources: readonly PolicyResource[],
): { zones: Set<string>; unresolved: number } | undefined {
    const subnets = resources.filter((r) => r.type === TYPES.awsSubnet);
    const zoneOf = (subnet: PolicyResource) =>
        String(rawField(subnet.props, "availabilityZone") ?? rawField(subnet.props, "availabilityZoneId"));
    const ids = rawField(group.props, "subnetIds");
    if (Array.isArray(ids) && !ids.some(isUnknown)) {
        const byId = new Map(
            subnets
                .map((subnet): [unknown, PolicyResource] => [rawField(subnet.props, "id"), subnet])
                .filter(([id]) => id !== undefined && !isUnknown(id)),
        );
        const found = ids.map((id) => byId.get(id));
        if (found.every((subnet) => subnet !== undefined) || !group.propertyDependencies?.subnetIds?.length) {
            const known = found.filter((subnet): subnet is PolicyResource => subnet !== undefined);
            return { zones: new Set(known.map(zoneOf)), unresolved: found.length - known.length };
        }
    }
    const sources = (group.propertyDependencies?.subnetIds ?? []).filter((r) => r.type === TYPES.awsSubnet);
    return sources.length > 0 ? { zones: new Set(sources.map(zoneOf)), unresolved: 0 } : undefined;
}

/**
 * Zone spread of node pools: EKS node groups by their subnetIds' zones, GKE node pools by `nodeLocations`
 * or by whether their location is a zone or a region. A node group whose subnets cannot be told yet is
 * left to the next preview ("can't run during preview"), the others still checked.
 */
export const nodePoolsMultiZone: StackValidationPolicy = {
    name: "node-pools-multi-zone",
    description:
        "Node pools span at least the configured number of zones (2 by default), so one zone's loss does not take a pool down.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minZones: { type: "integer", minimum: 1 } } },
    validateStack: (args, reportViolation) => {
        const minimum = args.getConfig<ZonesConfig>().minZones ?? 2;
        const pending = new PendingUnknowns();
        for (const resource of args.resources) {
            if (resource.type === TYPES.eksNodeGroup) {
                const spread = nodeGroupZones(resource, args.resources);
                // Reading the ids through the proxy raises the SDK's own "can't be known" error.
                if (!spread) pending.run(() => void [...(resource.props.subnetIds ?? [])]);
                // Subnets the stack does not declare may be in other zones: only a sure shortfall counts.
                else if (spread.zones.size + spread.unresolved < minimum)
                    reportViolation(
                        spread.unresolved === 0
                            ? `EKS node group ${resource.name} spans ${spread.zones.size} zone(s); at least ${minimum} are required.`
                            : `EKS node group ${resource.name} spans at most ${spread.zones.size + spread.unresolved} zone(s) (${spread.unresolved} of its subnets are not in this stack); at least ${minimum} are required.`,
                        resource.urn,
                    );
            }
            if (resource.type === TYPES.gkeNodePool) {
                const locations: string[] | undefined = resource.props.nodeLocations;
                // Without nodeLocations a pool follows its cluster: a region's zones, or one zone.
                const zoneCount = locations
                    ? new Set(locations).size
                    : /-[a-z]$/.test(String(resource.props.location ?? ""))
                      ? 1
                      : 3;
                if (zoneCount < minimum)
                    reportViolation(
                        `GKE node pool ${resource.name} spans ${zoneCount} zone(s); at least ${minimum} are required.`,
                        resource.urn,
                    );
            }
        }
        pending.rethrow();
    },
};

// EKS managed node groups are not here: their nodes hold no state of their own, fedfleet
// replaces them create-before-delete (a name prefix), and a protected one could not be
// replaced at all (docs/day-2.md, "Node groups").
const STATEFUL_TYPES: readonly string[] = [
    TYPES.eksCluster,
    TYPES.kmsKey,
    TYPES.gkeCluster,
    TYPES.gkeNodePool,
    TYPES.gcpKeyRing,
    TYPES.gcpCryptoKey,
    TYPES.route53Zone,
    TYPES.cloudDnsZone,
];

interface ProtectConfig {
    required?: boolean;
}

/**
 * Protection of what holds state (clusters, GKE node pools, KMS keys, DNS zones), where the pack's config
 * sets `required` (production); not applicable elsewhere.
 */
export const protectStatefulResources: ResourceValidationPolicy = {
    name: "protect-stateful-resources",
    description:
        "Where required (production), clusters, GKE node pools, KMS keys and DNS zones are protected from deletion.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { required: { type: "boolean" } } },
    validateResource: (args, reportViolation) => {
        if (!STATEFUL_TYPES.includes(args.type)) return;
        if (args.getConfig<ProtectConfig>().required !== true)
            args.notApplicable("protection is required only where configured (production)");
        if (!args.opts.protect)
            reportViolation(
                `${args.type.split(":").pop()} ${args.name} holds state but is not protected (set protect: true).`,
            );
    },
};

/** The cluster rules, in the order the pack lists them. */
export const clusterPolicies = [
    clusterSecretsEncryption,
    clusterEndpointRestricted,
    kubernetesVersionSupported,
    eksControlPlaneLogging,
    clusterWorkloadIdentity,
    nodePoolsMultiZone,
    protectStatefulResources,
];
