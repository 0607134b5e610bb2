// Turns the raw `fedfleet:` namespace of a stack file into a typed FleetConfig, or one
// line that names the stack file, the config path, what was expected and what was found.
// Pure: the program, the offline preview and the tests all call this same function.
import { z } from "zod";
import {
    addonVersions,
    EKS_ADDON_VERSIONS,
    EKS_ADDONS,
    VPC_CNI_POLICY_AGENT_SOURCE,
    vpcCniLacksPolicyAgentFix,
} from "../clusters/aws/addon-versions";
import { EKS_MIN_ZONES, EKS_UNSUPPORTED_ZONE_IDS, EKS_ZONE_SOURCE, isZoneId } from "../clusters/aws/eks-zones";
import { clusterZones, RESERVED_CLUSTER_LABELS } from "../clusters/facts";
import { reservedNodeLabelProblem } from "../clusters/node-labels";
import { channelMayOffer, GKE_CHANNEL_MINORS_AS_OF, GKE_OLDEST_CHANNEL_MINOR } from "../clusters/gcp/gke-versions";
import { contains, isCanonical, networkOf, overlaps, parseCidr } from "../core/cidr";
import { FleetConfigError, PathPart } from "../core/config-error";
import { editDistance } from "../core/order";
import { stackNameOf } from "../core/stack-name";
import { dnsSettingProblem } from "../dns/dns-plan";
import { FleetPlan, planFleet } from "../fleet-plan";
import { knownRegions, regionInfo } from "../regions/catalog";
import {
    AwsClusterConfig,
    ClusterConfig,
    GcpClusterConfig,
    DNS_LABEL,
    DnsConfig,
    fleetConfigSchema,
    FleetConfig,
    PlacementSelector,
    ResourcesConfig,
    ServiceConfig,
} from "./schema";
import { describeFound, isAnnotationKey, isLabelKey, isLabelValue } from "./syntax";
import { checkServiceAgainstApi, MAX_ANNOTATIONS_BYTES } from "../workloads/api-validation";
import { compareQuantities, parseQuantity } from "../workloads/quantity";

type ZodPath = readonly PropertyKey[];

/** A zod issue's path as config path parts (zod allows symbols; a config document has none). */
function partsOf(path: ZodPath): PathPart[] {
    return path.map((part) => (typeof part === "number" ? part : String(part)));
}

const CLOUD_NAMES = { aws: "an AWS", gcp: "a Google Cloud" } as const;

function valueAt(root: unknown, parts: readonly PathPart[]): unknown {
    let node: unknown = root;
    for (const part of parts) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<PathPart, unknown>)[part as string];
    }
    return node;
}

/** Keys reported missing from the object at `parts`: the likely intended spelling of an unknown key there. */
function missingKeysAt(issues: readonly z.core.$ZodIssue[], raw: unknown, parts: readonly PathPart[]): string[] {
    return issues
        .filter(
            (issue) =>
                issue.code === "invalid_type" &&
                issue.path.length === parts.length + 1 &&
                parts.every((part, index) => issue.path[index] === part) &&
                valueAt(raw, partsOf(issue.path)) === undefined,
        )
        .map((issue) => String(issue.path[issue.path.length - 1]));
}

function suggestion(key: string, candidates: string[]): string {
    const close = candidates.find(
        (candidate) =>
            candidate.toLowerCase() === key.toLowerCase() ||
            editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2,
    );
    return close ? ` (did you mean "${close}"?)` : "";
}

function errorFromIssue(issue: z.core.$ZodIssue, raw: unknown, issues: readonly z.core.$ZodIssue[]): FleetConfigError {
    const parts = partsOf(issue.path);
    const last = parts[parts.length - 1];
    const found = describeFound(valueAt(raw, parts), last);
    switch (issue.code) {
        case "unrecognized_keys": {
            const key = issue.keys[0];
            const hint = suggestion(key, missingKeysAt(issues, raw, parts));
            return new FleetConfigError(
                [...parts, key],
                "a key from the config reference in docs/config-reference.md",
                `unknown key ${JSON.stringify(key)}${hint}`,
            );
        }
        case "invalid_union": {
            if ("discriminator" in issue && issue.discriminator) {
                const options = (issue as { options?: unknown[] }).options ?? [];
                const discriminatorPath = [...parts];
                if (discriminatorPath[discriminatorPath.length - 1] !== issue.discriminator) {
                    discriminatorPath.push(issue.discriminator);
                }
                return new FleetConfigError(
                    discriminatorPath,
                    `one of ${options.join(", ")}`,
                    describeFound(valueAt(raw, discriminatorPath)),
                );
            }
            return new FleetConfigError(parts, "a value of one of the documented shapes", found);
        }
        case "invalid_value":
            return new FleetConfigError(parts, `one of ${issue.values.map((v) => String(v)).join(", ")}`, found);
        case "invalid_type": {
            const expected =
                issue.expected === "int"
                    ? "a whole number"
                    : issue.expected === "array"
                      ? "a list"
                      : issue.expected === "object" || issue.expected === "record"
                        ? "a map"
                        : `a ${issue.expected}`;
            return new FleetConfigError(parts, expected, found);
        }
        case "too_small": {
            const what =
                issue.origin === "array"
                    ? `a list of at least ${issue.minimum}`
                    : issue.origin === "string"
                      ? "a non-empty string"
                      : `a number ${issue.inclusive === false ? ">" : ">="} ${issue.minimum}`;
            return new FleetConfigError(parts, what, found);
        }
        case "too_big":
            return new FleetConfigError(parts, `at most ${issue.maximum}`, found);
        case "invalid_key":
            // A map key that its key rule refuses (such as an env name): the rule's message, and the key.
            return new FleetConfigError(parts, issue.issues[0]?.message ?? "a valid key", describeFound(last));
        default:
            // Custom rules and formats carry the expectation as their message.
            return new FleetConfigError(parts, issue.message, found);
    }
}

function checkAnnotations(annotations: Record<string, string>, at: PathPart[]): void {
    let bytes = 0;
    for (const [key, value] of Object.entries(annotations)) {
        if (!isAnnotationKey(key))
            fail(
                at,
                "annotation keys that are Kubernetes qualified names ([prefix/]name: letters, digits, '-', '_', '.'; at most 63 characters in the name)",
                describeFound(key),
            );
        bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    }
    if (bytes > MAX_ANNOTATIONS_BYTES)
        fail(at, `annotations of at most ${MAX_ANNOTATIONS_BYTES} bytes in all (Kubernetes' limit)`, `${bytes} bytes`);
}

/**
 * A label selector as Kubernetes validates one (apimachinery pkg/apis/meta/v1/validation
 * ValidateLabelSelectorRequirement): In and NotIn need values, Exists and DoesNotExist take
 * none; keys are label keys and values label values.
 */
function checkSelector(selector: PlacementSelector, at: PathPart[]): void {
    checkLabels(selector.matchLabels, [...at, "matchLabels"]);
    selector.matchExpressions.forEach((expression, index) => {
        const here = [...at, "matchExpressions", index];
        if (!isLabelKey(expression.key))
            fail([...here, "key"], "a Kubernetes label key ([prefix/]name)", describeFound(expression.key));
        const needsValues = expression.operator === "In" || expression.operator === "NotIn";
        if (needsValues && expression.values.length === 0)
            fail([...here, "values"], `at least one value (operator ${expression.operator})`, "none");
        if (!needsValues && expression.values.length > 0)
            fail(
                [...here, "values"],
                `no values (operator ${expression.operator} tests only that the key is there)`,
                `${expression.values.length} value(s)`,
            );
        expression.values.forEach((value, v) => {
            if (!isLabelValue(value))
                fail(
                    [...here, "values", v],
                    "a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')",
                    describeFound(value),
                );
        });
    });
}

function checkLabels(labels: Record<string, string>, at: PathPart[]): void {
    for (const [key, value] of Object.entries(labels)) {
        if (!isLabelKey(key))
            fail(at, "Kubernetes label keys ([prefix/]name, at most 63 characters in the name)", describeFound(key));
        if (!isLabelValue(value))
            fail(
                [...at, key],
                "a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')",
                describeFound(value),
            );
    }
}

/** Runs `check`, locating any FleetConfigError it throws under `prefix`. */
function locatedUnder(prefix: PathPart[], check: () => void): void {
    try {
        check();
    } catch (error) {
        if (error instanceof FleetConfigError) throw error.under(prefix);
        throw error;
    }
}

/**
 * A value parsed by one of the config schemas, or the first mistake in it as a
 * FleetConfigError located relative to the value: the same reading a stack file gets.
 */
export function parseWithSchema<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
        const issues = parsed.error.issues;
        // zod reports in document order; an unknown key anywhere is reported first (see below).
        // A typo shows up twice: an unknown key and a missing one. The unknown key is the news.
        const first = issues.find((issue) => issue.code === "unrecognized_keys") ?? issues[0];
        throw errorFromIssue(first, raw, issues);
    }
    const proto = protoKeyPath(raw);
    if (proto) fail(proto, 'a key other than "__proto__" (JavaScript objects cannot hold it)', '"__proto__"');
    return parsed.data;
}

/** Throws a mistake as a FleetConfigError. */
function fail(parts: PathPart[], expected: string, found: string): never {
    throw new FleetConfigError(parts, expected, found);
}

/**
 * The rules of one cluster's entry beyond its schema: labels, regions and zones that exist,
 * node pool bounds. Throws FleetConfigError located relative to the entry.
 */
export function checkClusterConfig(cluster: ClusterConfig): void {
    const at = (...rest: PathPart[]) => rest;
    checkLabels(cluster.labels, at("labels"));
    if (cluster.cloud !== "existing") {
        const cloud = cluster.cloud;
        cluster.nodePools.forEach((pool, poolIndex) => {
            checkLabels(pool.labels, at("nodePools", poolIndex, "labels"));
            for (const key of Object.keys(pool.labels)) {
                const problem = reservedNodeLabelProblem(key, cloud);
                if (problem) fail(at("nodePools", poolIndex, "labels"), problem, describeFound(key));
            }
        });
    } else {
        cluster.zones?.forEach((zone, zoneIndex) => {
            if (cluster.zones!.indexOf(zone) !== zoneIndex)
                fail(at("zones", zoneIndex), "each zone listed once", `${describeFound(zone)} again`);
        });
    }
    for (const key of Object.keys(cluster.labels)) {
        if ((RESERVED_CLUSTER_LABELS as readonly string[]).includes(key)) {
            fail(
                at("labels", key),
                `a label key other than ${RESERVED_CLUSTER_LABELS.join(", ")} (fedfleet sets those)`,
                `"${key}"`,
            );
        }
    }
    if (cluster.cloud === "existing") {
        if (!cluster.zones) fail(at("zones"), "the zones this cluster's nodes run in (a list)", "nothing");
        // The region becomes a DNS label of region names and a Kubernetes label value.
        if (!DNS_LABEL.test(cluster.region)) {
            fail(at("region"), "a region label such as eu-central or home-lab", describeFound(cluster.region));
        }
        if (cluster.internalServiceAnnotations)
            checkAnnotations(cluster.internalServiceAnnotations, at("internalServiceAnnotations"));
        return;
    }
    const region = regionInfo(cluster.cloud, cluster.region);
    if (!region) {
        const examples = knownRegions(cluster.cloud).slice(0, 3).join(", ");
        fail(
            at("region"),
            `${CLOUD_NAMES[cluster.cloud]} region (for example ${examples})`,
            describeFound(cluster.region),
        );
    }
    // AWS zones may be given by AZ ID (the same zone in every account) as well as by name.
    const byId = cluster.cloud === "aws" && (cluster.zones ?? []).some(isZoneId);
    const known = byId ? (region.zoneIds ?? []) : region.zones;
    (cluster.zones ?? []).forEach((zone, zoneIndex) => {
        if (cluster.zones!.indexOf(zone) !== zoneIndex) {
            fail(at("zones", zoneIndex), "each zone listed once", `${describeFound(zone)} again`);
        }
        if (!known.includes(zone)) {
            const what = byId
                ? `an AZ ID of ${cluster.region} (all zones by ID, or all by name)`
                : `a zone of ${cluster.region}`;
            fail(at("zones", zoneIndex), `${what} (${known.join(", ")})`, describeFound(zone));
        }
        if (cluster.cloud === "aws" && EKS_UNSUPPORTED_ZONE_IDS.includes(zone)) {
            fail(
                at("zones", zoneIndex),
                `a zone EKS can put a control plane in (not ${EKS_UNSUPPORTED_ZONE_IDS.join(", ")}: ${EKS_ZONE_SOURCE})`,
                describeFound(zone),
            );
        }
    });
    checkClusterRanges(cluster, at);
    if (cluster.cloud === "aws") {
        const prefix = Number(cluster.vpcCidr.split("/")[1]);
        // planSubnets carves eight blocks per VPC and still needs room for nodes and pods.
        if (prefix < 16 || prefix > 22)
            fail(at("vpcCidr"), "a CIDR with a prefix from /16 to /22", describeFound(cluster.vpcCidr));
        checkEksAccessAndAddons(cluster, at);
    } else {
        checkGkeNames(cluster, at);
        checkGkeVersionPin(cluster, at);
        if (!cluster.masterCidr.endsWith("/28")) {
            fail(at("masterCidr"), "a /28 CIDR (GKE's control-plane range)", describeFound(cluster.masterCidr));
        }
    }
    const zoneCount = clusterZones(cluster).length;
    if (cluster.cloud === "aws" && zoneCount < EKS_MIN_ZONES) {
        fail(
            at("zones"),
            `at least ${EKS_MIN_ZONES} Availability Zones EKS can use (${EKS_ZONE_SOURCE}: subnets in two zones at least)`,
            `${zoneCount} in ${cluster.region}`,
        );
    }
    const seenPools = new Map<string, number>();
    cluster.nodePools.forEach((pool, poolIndex) => {
        const first = seenPools.get(pool.name);
        if (first !== undefined) {
            fail(
                at("nodePools", poolIndex, "name"),
                `a node pool name unique in the cluster (already used by nodePools[${first}])`,
                describeFound(pool.name),
            );
        }
        seenPools.set(pool.name, poolIndex);
        const [min, max, minKey] =
            cluster.cloud === "aws"
                ? [(pool as { minSize: number }).minSize, (pool as { maxSize: number }).maxSize, "minSize"]
                : [
                      (pool as { minNodesPerZone: number }).minNodesPerZone,
                      (pool as { maxNodesPerZone: number }).maxNodesPerZone,
                      "minNodesPerZone",
                  ];
        if (min > max) {
            fail(at("nodePools", poolIndex, minKey), `a minimum no larger than the maximum ${max}`, String(min));
        }
        if (max === 0)
            fail(at("nodePools", poolIndex), "a node pool that can hold at least one node", "a maximum of 0");
        const desired = (pool as { desiredSize?: number }).desiredSize;
        if (desired !== undefined && (desired < min || desired > max)) {
            fail(at("nodePools", poolIndex, "desiredSize"), `a size between ${min} and ${max}`, String(desired));
        }
    });
}

/**
 * EKS: IAM role names leave room for the cluster's name; the cluster has admins (fedfleet
 * turns EKS's implicit creator admin off) listed once each; every add-on has a version.
 */
function checkEksAccessAndAddons(cluster: AwsClusterConfig, at: (...rest: PathPart[]) => PathPart[]): void {
    // Roles are auto-named `<cluster>-vpc-cni-<7 hex>` and the like: IAM role names are at most
    // 64 characters (terraform-provider-aws iam/role.go, roleNameMaxLen).
    if (cluster.name.length > MAX_EKS_CLUSTER_NAME) {
        fail(
            at("name"),
            `an AWS cluster name of at most ${MAX_EKS_CLUSTER_NAME} characters (its IAM role names are at most 64)`,
            `${cluster.name.length} characters`,
        );
    }
    cluster.adminPrincipalArns.forEach((arn, index) => {
        if (cluster.adminPrincipalArns.indexOf(arn) !== index) {
            // EKS CreateAccessEntry: one access entry per principal (ResourceInUseException).
            fail(
                at("adminPrincipalArns", index),
                "each principal once (EKS takes one access entry per principal)",
                `${describeFound(arn)} again`,
            );
        }
    });
    const versions = addonVersions(cluster.kubernetesVersion, cluster.addonVersions);
    for (const addon of EKS_ADDONS) {
        if (!versions[addon]) {
            fail(
                at("addonVersions", addon),
                `a version of ${addon} for Kubernetes ${cluster.kubernetesVersion} (fedfleet pins versions for ${Object.keys(EKS_ADDON_VERSIONS).join(", ")})`,
                "nothing",
            );
        }
    }
    // Network policy is on in every cluster: a vpc-cni whose policy agent drops all traffic on a
    // fresh cluster would leave every pod, CoreDNS included, unreachable.
    const cniVersion = versions["vpc-cni"];
    if (cniVersion && vpcCniLacksPolicyAgentFix(cniVersion)) {
        fail(
            at("addonVersions", "vpc-cni"),
            `a vpc-cni build whose network policy agent is v1.3.5 or later, such as ${EKS_ADDON_VERSIONS["1.35"]["vpc-cni"]} (${VPC_CNI_POLICY_AGENT_SOURCE})`,
            describeFound(cniVersion),
        );
    }
    // Network policy enforcement, which every cluster gets, needs vpc-cni v1.14 or later (EKS
    // User Guide, Kubernetes network policies).
    const cni = /^v(\d+)\.(\d+)\./.exec(versions["vpc-cni"] ?? "");
    if (cni && (Number(cni[1]) < 1 || (Number(cni[1]) === 1 && Number(cni[2]) < 14))) {
        fail(
            at("addonVersions", "vpc-cni"),
            "vpc-cni v1.14.0 or later (its network policy agent enforces the services' NetworkPolicies)",
            describeFound(versions["vpc-cni"]),
        );
    }
}

/**
 * Every IP range of a cluster is a network (no host bits: the API takes only canonical
 * ranges, terraform-provider-aws vpc_.go IsCIDRNetwork, Google's subnetwork ranges), and a
 * GKE cluster's node, pod, service and control-plane ranges overlap nowhere (GKE's
 * VPC-native and private-cluster rules: each range must be unique in the VPC).
 */
function checkClusterRanges(cluster: ClusterConfig, at: (...rest: PathPart[]) => PathPart[]): void {
    const ranges: [PathPart[], string][] =
        cluster.cloud === "aws"
            ? [
                  [["vpcCidr"], cluster.vpcCidr],
                  ...cluster.publicAccessCidrs.map((c, i): [PathPart[], string] => [["publicAccessCidrs", i], c]),
              ]
            : cluster.cloud === "gcp"
              ? [
                    [["nodeCidr"], cluster.nodeCidr],
                    [["podCidr"], cluster.podCidr],
                    [["serviceCidr"], cluster.serviceCidr],
                    [["masterCidr"], cluster.masterCidr],
                    ...cluster.authorizedCidrs.map((c, i): [PathPart[], string] => [["authorizedCidrs", i], c]),
                ]
              : [];
    for (const [path, text] of ranges) {
        const range = parseCidr(text)!;
        if (!isCanonical(range)) {
            fail(at(...path), `a network with no host bits set (${networkOf(range)})`, describeFound(text));
        }
    }
    if (cluster.cloud !== "gcp") return;
    const own = ranges.slice(0, 4).map(([path, text]) => ({ path, text, range: parseCidr(text)! }));
    own.forEach((a, i) =>
        own.slice(i + 1).forEach((b) => {
            if (overlaps(a.range, b.range)) {
                fail(
                    at(...b.path),
                    `a range apart from ${String(a.path[0])} ${a.text} (GKE's ranges must not overlap)`,
                    `${b.text}, which overlaps it`,
                );
            }
        }),
    );
}

/**
 * GKE's name rules for what fedfleet names after the cluster: the cluster (at most 40,
 * starting with a letter: terraform-provider-google container/resource_container_cluster.go),
 * its network (ValidateGCEName) and node service account (`<name>-nodes`, 6 to 30 characters:
 * ValidateRFC1035Name(6, 30)), and node pools (at most 40: GKE's limit, as the provider's
 * name_prefix check states it).
 */
function checkGkeNames(cluster: GcpClusterConfig, at: (...rest: PathPart[]) => PathPart[]): void {
    if (!/^[a-z]/.test(cluster.name)) {
        fail(
            at("name"),
            "a Google Cloud cluster name starting with a letter (GKE cluster and network names must)",
            describeFound(cluster.name),
        );
    }
    if (cluster.name.length > 24) {
        fail(
            at("name"),
            "a Google Cloud cluster name of at most 24 characters (its nodes' service account id, <name>-nodes, is at most 30)",
            `${cluster.name.length} characters`,
        );
    }
    cluster.nodePools.forEach((pool, index) => {
        if (pool.name.length > 40)
            fail(
                at("nodePools", index, "name"),
                "a GKE node pool name of at most 40 characters",
                `${pool.name.length} characters`,
            );
        if (!/^[a-z]/.test(pool.name))
            fail(
                at("nodePools", index, "name"),
                "a GKE node pool name starting with a letter",
                describeFound(pool.name),
            );
    });
}

/** A GKE version pin is created only if the cluster's release channel still offers that minor. */
function checkGkeVersionPin(cluster: GcpClusterConfig, at: (...rest: PathPart[]) => PathPart[]): void {
    const pin = cluster.kubernetesVersion;
    if (pin !== undefined && !channelMayOffer(cluster.releaseChannel, pin)) {
        const oldest = GKE_OLDEST_CHANNEL_MINOR[cluster.releaseChannel];
        fail(
            at("kubernetesVersion"),
            `a minor the ${cluster.releaseChannel} channel still offers new clusters (${oldest} or later, per GKE's release notes as of ${GKE_CHANNEL_MINORS_AS_OF}), or no pin, to take the channel's default`,
            describeFound(pin),
        );
    }
}

/** The longest EKS cluster name: `<name>-vpc-cni` plus Pulumi's 8-character suffix must fit IAM's 64. */
export const MAX_EKS_CLUSTER_NAME = 48;

/**
 * The rules of one service's entry beyond its schema: unique container and port names, what the
 * Kubernetes API refuses of its names and ports (api-validation.ts), port references that resolve,
 * override labels. Throws FleetConfigError located relative to the entry.
 */
export function checkServiceConfig(service: ServiceConfig): void {
    const at = (...rest: PathPart[]) => rest;
    const unique = (names: string[], path: (i: number) => PathPart[], what: string) =>
        names.forEach((name, i) => {
            if (names.indexOf(name) !== i)
                fail(path(i), `${what} unique in service "${service.name}"`, describeFound(name));
        });
    unique(
        service.containers.map((c) => c.name),
        (i) => at("containers", i, "name"),
        "a container name",
    );
    unique(
        service.ports.map((p) => p.name),
        (i) => at("ports", i, "name"),
        "a port name",
    );
    checkServiceAgainstApi(service);
    // A named port must name a port of the container (probes) or of some container (the Service).
    const allPortNames = service.containers.flatMap((c) =>
        c.ports.map((p) => p.name).filter((n): n is string => Boolean(n)),
    );
    service.containers.forEach((container, c) => {
        const own = container.ports.map((p) => p.name);
        for (const probe of ["readinessProbe", "livenessProbe"] as const) {
            const handler = container[probe]?.httpGet ? "httpGet" : "tcpSocket";
            const ref = container[probe]?.[handler]?.port;
            if (typeof ref === "string" && !own.includes(ref)) {
                fail(
                    at("containers", c, probe, handler, "port"),
                    `a port number or the name of one of container "${container.name}"'s ports`,
                    describeFound(ref),
                );
            }
        }
    });
    service.ports.forEach((p, i) => {
        if (typeof p.targetPort === "string" && !allPortNames.includes(p.targetPort)) {
            fail(
                at("ports", i, "targetPort"),
                "a port number or the name of a container port",
                describeFound(p.targetPort),
            );
        }
    });
    for (const [cluster, override] of Object.entries(service.overrides)) {
        checkLabels(override.labels, at("overrides", cluster, "labels"));
        checkAnnotations(override.annotations, at("overrides", cluster, "annotations"));
        checkAnnotations(override.serviceAnnotations, at("overrides", cluster, "serviceAnnotations"));
    }
    if (service.placement.selector) checkSelector(service.placement.selector, at("placement", "selector"));
    if (service.autoscaling) checkCpuRequests(service);
    service.containers.forEach((container, index) =>
        checkRequestsWithinLimits(container.resources, at("containers", index, "resources")),
    );
    for (const [cluster, override] of Object.entries(service.overrides))
        checkRequestsWithinLimits(override.resources, at("overrides", cluster, "resources"));
}

/**
 * Each request at most its limit, compared exactly as quantities (k/k pkg/apis/core/validation
 * validateResourceRequirements: "must be less than or equal to ... limit"): 1 and 1000m are
 * equal, 1Gi is more than 1G.
 */
function checkRequestsWithinLimits(resources: ResourcesConfig | undefined, at: PathPart[]): void {
    for (const name of ["cpu", "memory"] as const) {
        const request = resources?.requests?.[name];
        const limit = resources?.limits?.[name];
        if (request === undefined || limit === undefined) continue;
        if (compareQuantities(parseQuantity(request)!, parseQuantity(limit)!) > 0)
            fail([...at, "requests", name], `at most the ${name} limit ${limit}`, request);
    }
}

/**
 * An HPA on CPU utilization needs every container's CPU request, or it never scales (k/k
 * pkg/controller/podautoscaler/replica_calculator.go: "missing request for cpu"). A limit
 * alone will do: the API server defaults a pod's request to its limit.
 */
function checkCpuRequests(service: ServiceConfig): void {
    const hasCpu = (resources: ServiceConfig["containers"][number]["resources"]) =>
        resources?.requests?.cpu !== undefined || resources?.limits?.cpu !== undefined;
    service.containers.forEach((container, index) => {
        if (!hasCpu(container.resources))
            fail(
                ["containers", index, "resources", "requests", "cpu"],
                `a CPU request for container "${container.name}" (autoscaling on CPU utilization needs one in every container)`,
                "none",
            );
    });
    for (const [cluster, override] of Object.entries(service.overrides)) {
        if (override.resources && !hasCpu(override.resources))
            fail(
                ["overrides", cluster, "resources", "requests", "cpu"],
                `a CPU request (autoscaling on CPU utilization needs one; these resources replace container "${service.containers[0].name}"'s in ${cluster})`,
                "none",
            );
    }
}

/**
 * The first own "__proto__" key anywhere in a value. A plain JavaScript object cannot hold
 * one: parsing a user map (preferences, overrides, labels, env) would drop it silently.
 */
function protoKeyPath(value: unknown, parts: PathPart[] = []): PathPart[] | undefined {
    if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) {
            const found = protoKeyPath(item, [...parts, index]);
            if (found) return found;
        }
    } else if (value !== null && typeof value === "object") {
        for (const key of Object.keys(value)) {
            if (key === "__proto__") return [...parts, key];
            const found = protoKeyPath((value as Record<string, unknown>)[key], [...parts, key]);
            if (found) return found;
        }
    }
    return undefined;
}

/**
 * Shared DNS settings that no service used (every service overrides them, or there are
 * none): the same rules planServiceDns applies to each service's effective settings.
 */
function checkSharedDnsSettings(dns: DnsConfig): void {
    const check = (key: string[], problem: string | undefined, found: string) => {
        if (problem) fail(["dns", ...key], problem, found);
    };
    if (dns.routing !== undefined)
        check(["routing"], dnsSettingProblem.routing(dns.provider, dns.routing), describeFound(dns.routing));
    if (dns.ttl !== undefined) check(["ttl"], dnsSettingProblem.ttl(dns.ttl), String(dns.ttl));
    const { intervalSeconds, failureThreshold } = dns.healthCheck ?? {};
    if (intervalSeconds !== undefined)
        check(
            ["healthCheck", "intervalSeconds"],
            dnsSettingProblem.intervalSeconds(dns.provider, intervalSeconds),
            String(intervalSeconds),
        );
    if (failureThreshold !== undefined)
        check(
            ["healthCheck", "failureThreshold"],
            dnsSettingProblem.failureThreshold(failureThreshold),
            String(failureThreshold),
        );
}

/**
 * Runners inside the fleet's networks reach a private EKS API only through its control-plane
 * security group, which admits nothing from them until a rule says so (EKS User Guide, cluster
 * endpoint: "ensure that your Amazon EKS control plane security group contains rules to allow
 * ingress traffic on port 443 from your connected network"). So their ranges are declared, each
 * inside an EKS VPC or apart from all (routes cannot reach a range that overlaps the VPC's own).
 */
function checkInsideNetworks(config: FleetConfig): void {
    const deployer = config.deployer!;
    const eks = config.clusters.filter((cluster): cluster is AwsClusterConfig => cluster.cloud === "aws");
    if (deployer.insideNetworks && deployer.insideCidrs.length === 0 && eks.length > 0)
        fail(
            ["deployer", "insideCidrs"],
            "the runners' private ranges, which every EKS control plane's security group admits HTTPS (443) from (EKS User Guide, cluster endpoint: a private API is reached only through that rule); or insideNetworks: false and egressCidrs",
            "nothing, with insideNetworks: true",
        );
    if (!deployer.insideNetworks && deployer.insideCidrs.length > 0)
        fail(
            ["deployer", "insideNetworks"],
            "true, with insideCidrs (the ranges are used only by runners inside the fleet's networks)",
            "false",
        );
    deployer.insideCidrs.forEach((text, index) => {
        const range = parseCidr(text)!;
        if (!isCanonical(range))
            fail(["deployer", "insideCidrs", index], `a network with no host bits set (${networkOf(range)})`, text);
        for (const cluster of eks) {
            const vpc = parseCidr(cluster.vpcCidr)!;
            if (overlaps(range, vpc) && !contains(vpc, range))
                fail(
                    ["deployer", "insideCidrs", index],
                    `a range inside cluster ${cluster.name}'s VPC ${cluster.vpcCidr} (runners in it) or apart from it (a connected network: no route reaches a range overlapping the VPC's own)`,
                    `${text}, which overlaps it`,
                );
        }
    });
}

/** What a stack says besides its `fedfleet:` values. */
export interface ValidateOptions {
    /** Keys (without `fedfleet:`) the stack marks secret. */
    secretKeys?: readonly string[];
}

/**
 * The document checks of the `fedfleet:` namespace: its shape (the schema), and the rules
 * that need the whole document (unique names, regions and zones that exist, labels, ports).
 * Throws FleetConfigError, located in the namespace, without a stack file.
 * @param raw the namespace's keys without the `fedfleet:` prefix, values already parsed from YAML/JSON
 */
export function parseFleetConfig(raw: Record<string, unknown>, options: ValidateOptions = {}): FleetConfig {
    // Only clusters[].kubeconfig is treated as secret; a secret elsewhere would reach inputs in plain text.
    const misplacedSecret = (options.secretKeys ?? []).find((key) => key !== "clusters");
    if (misplacedSecret) {
        fail(
            [misplacedSecret],
            "a plain value (only clusters[].kubeconfig may be a secure value; keep application secrets in a secret store)",
            "a secure value",
        );
    }
    const config = parseWithSchema(fleetConfigSchema, raw);
    const seen = new Map<string, number>();
    config.clusters.forEach((cluster, index) => {
        const first = seen.get(cluster.name);
        if (first !== undefined) {
            fail(
                ["clusters", index, "name"],
                `a cluster name unique in the stack (already used by clusters[${first}])`,
                describeFound(cluster.name),
            );
        }
        seen.set(cluster.name, index);
        locatedUnder(["clusters", index], () => checkClusterConfig(cluster));
    });
    const services = new Map<string, number>();
    config.services.forEach((service, index) => {
        const first = services.get(service.name);
        if (first !== undefined) {
            // Stack outputs and DNS records are keyed by service name.
            fail(
                ["services", index, "name"],
                `a service name unique in the stack (already used by services[${first}])`,
                describeFound(service.name),
            );
        }
        services.set(service.name, index);
        locatedUnder(["services", index], () => checkServiceConfig(service));
    });
    if (config.dns) checkSharedDnsSettings(config.dns);
    if (config.deployer) checkInsideNetworks(config);
    const roles = config.deployer?.aws;
    if (roles?.previewRoleArn !== undefined && roles.previewRoleArn === roles.deployRoleArn) {
        fail(
            ["deployer", "aws", "previewRoleArn"],
            "a role of its own, not deployRoleArn (pull-request previews run with read-only identities)",
            describeFound(roles.previewRoleArn),
        );
    }
    return config;
}

/**
 * Validates one stack file's `fedfleet:` namespace and plans the fleet: the document checks,
 * then planFleet, so a config that validates is one the program can build. Mistakes are
 * FleetConfigErrors naming the stack file.
 * @param stackFile how to name the file in errors, e.g. `stacks/Pulumi.dev.yaml`
 * @param stack the Pulumi stack, part of physical names
 */
export function validateFleet(
    raw: Record<string, unknown>,
    stackFile: string,
    stack: string,
    options: ValidateOptions = {},
): FleetPlan {
    try {
        return planFleet(parseFleetConfig(raw, options), stack);
    } catch (error) {
        if (error instanceof FleetConfigError) throw error.inFile(stackFile);
        throw error;
    }
}

/** validateFleet's config alone, for callers that need no plan (tests; tools that only read). */
export function validateFleetConfig(
    raw: Record<string, unknown>,
    stackFile: string,
    options: ValidateOptions = {},
): FleetConfig {
    return validateFleet(raw, stackFile, stackNameOf(stackFile), options).config;
}
