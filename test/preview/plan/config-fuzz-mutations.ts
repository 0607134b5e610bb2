// Generators of invalid stack configs for the config fuzz test (config-fuzz.test.ts).
// Each case starts from a checked-in stack (stacks/Pulumi.<stack>.yaml) and breaks it in one
// way, together with the config path(s) the one-line error must name. What is valid here is
// written down independently of components/config (from schema.ts's documented shape and the
// rules in docs/), so a validator that wrongly accepts a case fails the test instead of
// silently agreeing with itself.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import * as YAML from "yaml";

/** One step of a config path: a key, or an index into a list. */
export type PathPart = string | number;
/** A config path from the root of the `fedfleet:` namespace. */
export type Path = PathPart[];
// Raw YAML values: the generators poke at them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;
type Fleet = Record<string, Node>;

/** The kinds of mistake the fuzz test generates; it covers each. */
export const CATEGORIES = [
    "wrong type",
    "missing field",
    "out-of-range number",
    "unknown key",
    "impossible placement",
    "bad DNS name",
    "Kubernetes API refusal",
] as const;
/** One kind of mistake. */
export type Category = (typeof CATEGORIES)[number];

/** One invalid config, and what its error must say. */
export interface FuzzCase {
    category: Category;
    stack: string;
    /** What was broken, for failure messages. */
    what: string;
    /** The mutated `fedfleet:` namespace (keys without the prefix). */
    fleet: Fleet;
    /** The config paths the error may name; usually exactly one. */
    expected: Path[];
    /** When given, what the rest of the line (after the path) must match. */
    detail?: RegExp;
}

/** A checked-in stack's valid namespace, for cases to start from. */
export interface Base {
    stack: string;
    fleet: Fleet;
}

/** The checked-in stacks' `fedfleet:` namespaces, as parsed YAML. */
export function loadBases(projectRoot: string): Base[] {
    return ["dev", "staging", "prod"].map((stack) => {
        const document = YAML.parse(fs.readFileSync(path.join(projectRoot, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
        const fleet: Fleet = {};
        for (const [key, value] of Object.entries(document.config as Record<string, unknown>)) {
            if (!key.startsWith("fedfleet:")) throw new Error(`unexpected key ${key} in ${stack}`);
            fleet[key.slice("fedfleet:".length)] = value;
        }
        return { stack, fleet };
    });
}

/** Sets an own, enumerable property, even for keys such as "__proto__". */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The stack file document for a namespace. */
export function stackDocument(fleet: Fleet): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const key of Object.keys(fleet)) setOwn(config, `fedfleet:${key}`, fleet[key]);
    return { config };
}

/**
 * How a config path reads in an error: `fedfleet:clusters[1].labels["team.acme.io/owner"]`.
 * Odd keys are JSON strings, with DEL, C1 controls and U+2028/9 escaped too (one line).
 */
export function fleetPath(parts: Path): string {
    let text = "fedfleet:";
    parts.forEach((part, index) => {
        if (typeof part === "number") text += `[${part}]`;
        else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) text += index === 0 ? part : `.${part}`;
        else
            text += `[${JSON.stringify(part).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}]`;
    });
    return text;
}

// --- The documented shape ------------------------------------------------------------

/** Maps whose keys are the user's (label names, cluster names, env names). */
const RECORDS = new Set([
    "clusters.*.labels",
    "clusters.*.nodePools.*.labels",
    "services.*.containers.*.env",
    "services.*.placement.selector.matchLabels",
    "services.*.placement.preferences",
    "services.*.overrides",
    "services.*.overrides.#.env",
    "services.*.overrides.#.labels",
    "services.*.overrides.#.annotations",
    "services.*.overrides.#.serviceAnnotations",
]);

/** A path as a pattern: list indexes become "*", keys of user maps "#". */
export function pattern(parts: Path): string {
    const out: string[] = [];
    for (const part of parts) {
        if (typeof part === "number") out.push("*");
        else out.push(RECORDS.has(out.join(".")) ? "#" : part);
    }
    return out.join(".");
}

const CLUSTER_COMMON = ["name", "cloud", "region", "zones", "labels", "draining"];
const CLUSTER_KEYS: Record<string, string[]> = {
    aws: [
        ...CLUSTER_COMMON,
        "kubernetesVersion",
        "vpcCidr",
        "publicAccessCidrs",
        "adminPrincipalArns",
        "logTypes",
        "nodePools",
    ],
    gcp: [
        ...CLUSTER_COMMON,
        "project",
        "releaseChannel",
        "kubernetesVersion",
        "nodeCidr",
        "podCidr",
        "serviceCidr",
        "masterCidr",
        "authorizedCidrs",
        "nodePools",
    ],
    existing: [...CLUSTER_COMMON, "kubeconfig", "context", "loadBalancerAddress", "coordinates"],
};
const POOL_KEYS: Record<string, string[]> = {
    aws: ["name", "instanceType", "minSize", "maxSize", "desiredSize", "diskSizeGb", "labels"],
    gcp: ["name", "machineType", "minNodesPerZone", "maxNodesPerZone", "diskSizeGb", "labels"],
};
const HEALTH_CHECK_KEYS = ["protocol", "path", "port", "intervalSeconds", "failureThreshold"];
const PROBE_KEYS = [
    "httpGet",
    "tcpSocket",
    "initialDelaySeconds",
    "periodSeconds",
    "timeoutSeconds",
    "failureThreshold",
];
const SERVICE_KEYS = [
    "name",
    "namespace",
    "replicas",
    "containers",
    "ports",
    "exposure",
    "autoscaling",
    "placement",
    "overrides",
    "dns",
];

/** The keys a fixed-shape map at this pattern may have; undefined for user maps and non-maps. */
function strictKeys(pat: string, parts: Path, fleet: Fleet): string[] | undefined {
    const cloud = () => String(fleet.clusters[parts[1] as number].cloud);
    const probe = /^services\.\*\.containers\.\*\.(readinessProbe|livenessProbe)/;
    if (probe.test(pat)) {
        const rest = pat.replace(probe, "");
        return rest === ""
            ? PROBE_KEYS
            : rest === ".httpGet"
              ? ["path", "port", "scheme"]
              : rest === ".tcpSocket"
                ? ["port"]
                : undefined;
    }
    if (/^services\.\*\.(containers\.\*|overrides\.#)\.resources$/.test(pat)) return ["requests", "limits"];
    if (/^services\.\*\.(containers\.\*|overrides\.#)\.resources\.(requests|limits)$/.test(pat))
        return ["cpu", "memory"];
    switch (pat) {
        case "":
            return ["federation", "clusters", "services", "dns"];
        case "federation":
            return ["name", "domain", "environment"];
        case "clusters.*":
            return CLUSTER_KEYS[cloud()];
        case "clusters.*.nodePools.*":
            return POOL_KEYS[cloud()];
        case "clusters.*.coordinates":
            return ["latitude", "longitude"];
        case "dns":
            return ["provider", "zone", "project", "ttl", "routing", "healthCheck", "failover"];
        case "dns.zone":
            return ["name", "id", "create"];
        case "dns.healthCheck":
        case "services.*.dns.healthCheck":
            return HEALTH_CHECK_KEYS;
        case "dns.failover":
        case "services.*.dns.failover":
            return ["primary", "secondary"];
        case "services.*":
            return SERVICE_KEYS;
        case "services.*.containers.*":
            return ["name", "image", "ports", "env", "resources", "readinessProbe", "livenessProbe"];
        case "services.*.containers.*.ports.*":
            return ["name", "containerPort", "protocol"];
        case "services.*.ports.*":
            return ["name", "port", "targetPort", "protocol"];
        case "services.*.autoscaling":
            return ["maxReplicas", "targetCpuUtilization"];
        case "services.*.placement":
            return ["clusters", "selector", "preferences"];
        case "services.*.placement.selector":
            return ["matchLabels", "matchExpressions"];
        case "services.*.placement.selector.matchExpressions.*":
            return ["key", "operator", "values"];
        case "services.*.placement.preferences.#":
            return ["weight", "minReplicas", "maxReplicas"];
        case "services.*.overrides.#":
            return ["image", "env", "replicas", "resources", "labels", "annotations", "serviceAnnotations"];
        case "services.*.dns":
            return ["ttl", "routing", "healthCheck", "failover"];
        default:
            return undefined;
    }
}

const ALL_KEYS = [
    ...new Set([
        "federation",
        "clusters",
        "services",
        "dns",
        "domain",
        "environment",
        ...Object.values(CLUSTER_KEYS).flat(),
        ...Object.values(POOL_KEYS).flat(),
        "latitude",
        "longitude",
        "provider",
        "zone",
        "project",
        "ttl",
        "routing",
        "healthCheck",
        "failover",
        "id",
        "create",
        ...HEALTH_CHECK_KEYS,
        "primary",
        "secondary",
        ...SERVICE_KEYS,
        "image",
        "env",
        "resources",
        "readinessProbe",
        "livenessProbe",
        "containerPort",
        "protocol",
        "targetPort",
        ...PROBE_KEYS,
        "scheme",
        "requests",
        "limits",
        "cpu",
        "memory",
        "maxReplicas",
        "targetCpuUtilization",
        "selector",
        "preferences",
        "matchLabels",
        "matchExpressions",
        "key",
        "operator",
        "values",
        "weight",
        "minReplicas",
        "annotations",
        "serviceAnnotations",
    ]),
].sort();

const DEFAULT_ROUTING: Record<string, string> = { route53: "latency", clouddns: "wrr" };

/** Keys that must be present in the map at `parts`, each with the path its absence is reported at. */
function requiredKeys(pat: string, parts: Path, node: Node, fleet: Fleet): { key: string; at: Path }[] {
    const here = (...keys: string[]) => keys.map((key) => ({ key, at: [...parts, key] }));
    if (/^services\.\*\.containers\.\*\.(readinessProbe|livenessProbe)$/.test(pat)) {
        // Kubernetes takes exactly one handler: without it the probe itself is wrong.
        return ["httpGet", "tcpSocket"].map((key) => ({ key, at: parts }));
    }
    if (/^services\.\*\.containers\.\*\.(readinessProbe|livenessProbe)\.httpGet$/.test(pat))
        return here("path", "port");
    if (/^services\.\*\.containers\.\*\.(readinessProbe|livenessProbe)\.tcpSocket$/.test(pat)) return here("port");
    switch (pat) {
        case "":
            return here("federation", "clusters");
        case "federation":
            return here("name", "domain", "environment");
        case "clusters.*": {
            const byCloud: Record<string, string[]> = {
                aws: ["nodePools"],
                gcp: ["project", "nodePools"],
                existing: ["kubeconfig", "zones"],
            };
            return here("name", "cloud", "region", ...byCloud[node.cloud]);
        }
        case "clusters.*.nodePools.*":
            return here("name");
        case "clusters.*.coordinates":
            return here("latitude", "longitude");
        case "dns":
            return here("provider", "zone", ...(node.provider === "clouddns" ? ["project"] : []));
        case "dns.zone":
            return here("name");
        case "services.*":
            return here("name", "replicas", "containers", "ports", "placement");
        case "services.*.containers.*":
            return here("name", "image");
        case "services.*.containers.*.ports.*":
            return here("containerPort");
        case "services.*.ports.*":
            return here("name", "port");
        case "services.*.autoscaling":
            return here("maxReplicas");
        // Either clusters or selector: without the one given, placement says neither.
        case "services.*.placement":
            return ["clusters", "selector"].map((key) => ({ key, at: parts }));
        case "services.*.placement.selector.matchExpressions.*":
            return here("key", "operator");
        case "services.*.dns.failover": {
            const service = fleet.services[parts[1] as number];
            const routing = service.dns?.routing ?? fleet.dns?.routing ?? DEFAULT_ROUTING[fleet.dns?.provider];
            return routing === "failover"
                ? here("primary", "secondary")
                : routing === "primaryBackup"
                  ? here("primary")
                  : [];
        }
        default:
            return [];
    }
}

/** Lists that must hold at least one item. */
const NON_EMPTY_LISTS = new Set([
    "clusters",
    "clusters.*.nodePools",
    "clusters.*.zones",
    "services.*.containers",
    "services.*.ports",
    "services.*.placement.clusters",
]);

type JsType = "string" | "number" | "boolean" | "null" | "list" | "map";

function jsType(value: unknown): JsType {
    if (value === null) return "null";
    if (Array.isArray(value)) return "list";
    return typeof value === "object" ? "map" : (typeof value as JsType);
}

/** The types a slot accepts: the value's own, or both for quantity and port-or-name slots. */
function acceptedTypes(pat: string, value: unknown): JsType[] {
    if (/resources\.(requests|limits)\.(cpu|memory)$/.test(pat)) return ["string", "number"];
    if (/^services\.\*\.ports\.\*\.targetPort$/.test(pat) || /Probe\.(httpGet|tcpSocket)\.port$/.test(pat))
        return ["string", "number"];
    if (pat === "clusters.*.kubeconfig") return ["string"];
    // One EC2 instance type or a list of them (schema.ts, awsNodePoolSchema).
    if (pat === "clusters.*.nodePools.*.instanceType") return ["string", "list"];
    return [jsType(value)];
}

interface Visited {
    parts: Path;
    pat: string;
    value: Node;
}

/** Every value in the namespace, root included, in document order; a secure kubeconfig is a leaf. */
function visit(fleet: Fleet): Visited[] {
    const out: Visited[] = [];
    const walk = (value: Node, parts: Path) => {
        const pat = pattern(parts);
        out.push({ parts, pat, value });
        if (pat === "clusters.*.kubeconfig") return;
        if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...parts, index]));
        else if (value !== null && typeof value === "object")
            for (const key of Object.keys(value)) walk(value[key], [...parts, key]);
    };
    walk(fleet, []);
    return out;
}

function getAt(root: Node, parts: Path): Node {
    return parts.reduce((node, part) => node[part], root);
}

function setAt(root: Node, parts: Path, value: unknown): void {
    const parent = getAt(root, parts.slice(0, -1));
    const last = parts[parts.length - 1];
    if (typeof last === "number") parent[last] = value;
    else setOwn(parent, last, value);
}

function deleteAt(root: Node, parts: Path): void {
    delete getAt(root, parts.slice(0, -1))[parts[parts.length - 1]];
}

/** A deep copy made of plain objects (generated maps may lack a prototype), own keys kept, "__proto__" included. */
function plain(value: Node): Node {
    if (Array.isArray(value)) return value.map(plain);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, plain(value[key]));
    return out;
}

/** A case from `base`: a fresh copy, edited. */
function mutate(
    base: Base,
    category: Category,
    what: string,
    expected: Path[],
    edit: (fleet: Fleet) => void,
    detail?: RegExp,
): FuzzCase {
    const fleet = plain(base.fleet);
    edit(fleet);
    const fuzzCase: FuzzCase = { category, stack: base.stack, what, fleet: plain(fleet), expected, detail };
    // fast-check prints counterexamples with this instead of the whole document.
    Object.defineProperty(fuzzCase, fc.toStringMethod, { value: () => `${category} in ${base.stack}: ${what}` });
    return fuzzCase;
}

function isSecureShape(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

function containsSecure(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(containsSecure);
    if (value !== null && typeof value === "object")
        return "secure" in value || Object.values(value).some(containsSecure);
    return false;
}

// --- Independent rules ------------------------------------------------------------------

/** RFC 1123 label: 1-63 of a-z, 0-9 and '-', not starting or ending with '-'. */
export function isDnsLabel(text: string): boolean {
    return (
        text.length >= 1 &&
        text.length <= 63 &&
        [...text].every((c) => (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "-") &&
        !text.startsWith("-") &&
        !text.endsWith("-")
    );
}

/** At most 253 characters, two labels or more, a top-level label of 2-63 letters. */
export function isDomain(text: string): boolean {
    const labels = text.split(".");
    const tld = labels[labels.length - 1];
    return text.length <= 253 && labels.length >= 2 && labels.every(isDnsLabel) && /^[a-z]{2,63}$/.test(tld);
}

/** Labels of at most 63 characters, then `.<suffix>`: exactly `length` characters in all. */
function domainOfLength(length: number, suffix: string): string {
    const labels: string[] = [];
    let need = length - suffix.length - 1;
    while (need > 0) {
        let take = Math.min(63, need);
        // Never leave a single character: it would have to be a dot with an empty label after it.
        if (need - take === 1) take -= 1;
        labels.push("d".repeat(take));
        need -= need === take ? take : take + 1;
    }
    return [...labels, suffix].join(".");
}

const isWithin = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

interface ClusterFacts {
    name: string;
    labels: Record<string, string>;
}

/** Name and the labels placement selects on: the user's, then cluster, cloud, region, env. */
function fleetFacts(fleet: Fleet): ClusterFacts[] {
    return fleet.clusters.map((cluster: Node) => ({
        name: cluster.name,
        labels: {
            ...(cluster.labels ?? {}),
            cluster: cluster.name,
            cloud: cluster.cloud,
            region: cluster.region,
            env: fleet.federation.environment,
        },
    }));
}

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function selects(selector: Selector, labels: Record<string, string>): boolean {
    const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
    return (
        Object.entries(selector.matchLabels ?? {}).every(([key, value]) => has(key) && labels[key] === value) &&
        (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
            switch (operator) {
                case "In":
                    return has(key) && values.includes(labels[key]);
                case "NotIn":
                    return !has(key) || !values.includes(labels[key]);
                case "Exists":
                    return has(key);
                default:
                    return !has(key);
            }
        })
    );
}

/** The clusters a (valid) service is placed on. */
function chosenClusters(fleet: Fleet, service: Node): string[] {
    if (service.placement.clusters) return [...service.placement.clusters];
    return fleetFacts(fleet)
        .filter((c) => selects(service.placement.selector, c.labels))
        .map((c) => c.name);
}

const MAX_REPLICAS = 100_000;
/** The largest value of a Kubernetes int32 field. */
const INT32_MAX = 2 ** 31 - 1;
const MAX_WEIGHT = 1_000_000;

// --- Value arbitraries -----------------------------------------------------------------

const SPECIAL_NUMBERS = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

function fraction(min: number, max: number): fc.Arbitrary<number> {
    return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x));
}

/** Anything but a whole number from min to max (max: the largest safe integer when omitted). */
function notIntIn(min: number, max?: number): fc.Arbitrary<number> {
    const options: fc.Arbitrary<number>[] = [
        fc.integer({ min: min - 10_000, max: min - 1 }),
        fraction(min - 10, (max ?? min + 1_000) + 10),
        SPECIAL_NUMBERS,
    ];
    options.push(
        max === undefined
            ? fc.constantFrom(2 ** 53, 1e21, 1e300)
            : fc.oneof(fc.integer({ min: max + 1, max: max + 1_000_000 }), fc.constantFrom(2 ** 53, 1e21)),
    );
    return fc
        .oneof(...options)
        .filter((v) => !(Number.isInteger(v) && v >= min && (max === undefined ? Number.isSafeInteger(v) : v <= max)));
}

/** Anything but a number from min to max. */
function notIn(min: number, max: number): fc.Arbitrary<number> {
    return fc
        .oneof(
            fc.double({ min: max, max: max * 1_000, noNaN: true, noDefaultInfinity: true }),
            fc.double({ min: min * 1_000, max: min, noNaN: true, noDefaultInfinity: true }),
            SPECIAL_NUMBERS,
        )
        .filter((v) => !(v >= min && v <= max));
}

const wrongValueOf: Record<JsType, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 12 }),
    number: fc.oneof(
        fc.integer({ min: -5, max: 100_000 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    ),
    boolean: fc.boolean(),
    null: fc.constant(null),
    list: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
    // A secure value is a map too, and only allowed at clusters[].kubeconfig.
    map: fc.oneof(fc.constant({}), fc.record({ zz: fc.integer() }), fc.record({ secure: fc.string({ maxLength: 8 }) })),
};

const ODD_KEYS = [
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "",
    " ",
    "a.b",
    "x/y",
    "line\nbreak",
    "cr\rkey",
    "tab\tkey",
    "\u2028",
    "ünïcode",
    "key with spaces",
    "1",
    "-",
    '"quoted"',
    "[0]",
    "*",
];

/** Near misses of documented keys, other documented keys, and odd strings. */
const keyCandidate: fc.Arbitrary<string> = fc.oneof(
    { arbitrary: fc.constantFrom(...ODD_KEYS), weight: 2 },
    fc.string({ maxLength: 12 }),
    fc.string({ unit: "binary-ascii", maxLength: 8 }),
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.constantFrom(...ALL_KEYS),
    fc
        .tuple(
            fc.constantFrom(...ALL_KEYS),
            fc.nat(),
            fc.constantFrom("lower", "upper", "drop", "double", "plural", "snake"),
        )
        .map(([key, at, how]) => {
            const i = at % key.length;
            switch (how) {
                case "lower":
                    return key.toLowerCase();
                case "upper":
                    return key[0].toUpperCase() + key.slice(1);
                case "drop":
                    return key.slice(0, i) + key.slice(i + 1);
                case "double":
                    return key.slice(0, i) + key[i] + key.slice(i);
                case "plural":
                    return `${key}s`;
                default:
                    return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
            }
        }),
);

const jsonish: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 }).filter((v) => !containsSecure(v));

function pick<T>(items: readonly T[]): fc.Arbitrary<T> {
    return fc.constantFrom(...items);
}

/** One of the given arbitraries, or none when the list is empty. */
function oneOf<T>(arbitraries: fc.Arbitrary<T>[]): fc.Arbitrary<T> | undefined {
    return arbitraries.length === 0 ? undefined : fc.oneof(...arbitraries);
}

// --- Categories ------------------------------------------------------------------------

const ROUTE53_POLICIES = ["latency", "weighted", "geoproximity", "failover"];
const CLOUDDNS_POLICIES = ["wrr", "geo", "primaryBackup"];

/** Slots that take one of a few words. */
function enumValues(pat: string, fleet: Fleet): string[] | undefined {
    switch (pat) {
        case "federation.environment":
            return ["dev", "staging", "prod"];
        case "clusters.*.cloud":
            return ["aws", "gcp", "existing"];
        case "clusters.*.releaseChannel":
            return ["RAPID", "REGULAR", "STABLE"];
        case "clusters.*.loadBalancerAddress":
            return ["ip", "hostname"];
        case "clusters.*.logTypes.*":
            return ["api", "audit", "authenticator", "controllerManager", "scheduler"];
        case "dns.provider":
            return ["route53", "clouddns"];
        case "dns.routing":
        case "services.*.dns.routing":
            return fleet.dns?.provider === "clouddns" ? CLOUDDNS_POLICIES : ROUTE53_POLICIES;
        case "dns.healthCheck.protocol":
        case "services.*.dns.healthCheck.protocol":
            return ["HTTP", "HTTPS", "TCP"];
        case "services.*.exposure":
            return ["internet-facing", "internal"];
        case "services.*.placement.selector.matchExpressions.*.operator":
            return ["In", "NotIn", "Exists", "DoesNotExist"];
        default:
            return /\.ports\.\*\.protocol$/.test(pat)
                ? ["TCP", "UDP"]
                : /Probe\.httpGet\.scheme$/.test(pat)
                  ? ["HTTP", "HTTPS"]
                  : undefined;
    }
}

/** A word outside the slot's choices: near misses (case, the other provider's policies) and any text. */
function notOneOf(allowed: readonly string[]): fc.Arbitrary<string> {
    const nearMisses = [
        ...allowed.map((v) => v.toUpperCase()),
        ...allowed.map((v) => v.toLowerCase()),
        ...allowed.map((v) => `${v} `),
        ...ROUTE53_POLICIES,
        ...CLOUDDNS_POLICIES,
        "aws",
        "gcp",
        "prod",
        "",
    ];
    return fc
        .oneof(
            pick(nearMisses),
            fc.string({ maxLength: 12 }),
            fc.string({ unit: "binary-ascii", maxLength: 8 }),
            fc.string({ unit: "grapheme", maxLength: 6 }),
        )
        .filter((v) => !allowed.includes(v));
}

/** A word no enum slot takes, where the stack has one or may add one (routing, health-check protocol, exposure). */
function wrongWord(base: Base): fc.Arbitrary<FuzzCase> {
    const slots = visit(base.fleet)
        .filter((v) => typeof v.value === "string" && enumValues(v.pat, base.fleet))
        .map((v) => v.parts);
    if (base.fleet.dns) {
        slots.push(["dns", "healthCheck", "protocol"]);
        base.fleet.services.forEach((_: unknown, i: number) =>
            slots.push(["services", i, "dns", "routing"], ["services", i, "exposure"]),
        );
    }
    return pick(slots).chain((parts) =>
        notOneOf(enumValues(pattern(parts), base.fleet)!).map((word) =>
            mutate(base, "wrong type", `${fleetPath(parts)} = ${JSON.stringify(word)}`, [parts], (fleet) => {
                for (let depth = 1; depth < parts.length; depth += 1) {
                    const parent = getAt(fleet, parts.slice(0, depth));
                    const key = parts[depth];
                    if (
                        typeof key === "string" &&
                        !Object.prototype.hasOwnProperty.call(parent, key) &&
                        depth < parts.length - 1
                    )
                        setOwn(parent, key, {});
                }
                setAt(fleet, parts, word);
            }),
        ),
    );
}

/** A value of a type the slot does not accept anywhere in the document, or a word outside an enum. */
function wrongType(base: Base): fc.Arbitrary<FuzzCase> {
    return fc.oneof({ arbitrary: wrongJsType(base), weight: 3 }, { arbitrary: wrongWord(base), weight: 1 });
}

function wrongJsType(base: Base): fc.Arbitrary<FuzzCase> {
    const slots = visit(base.fleet).filter((v) => v.parts.length > 0);
    return pick(slots).chain(({ parts, pat, value }) => {
        const accepted = acceptedTypes(pat, value);
        const types = (Object.keys(wrongValueOf) as JsType[]).filter((t) => !accepted.includes(t));
        // A secure value is what a kubeconfig should be.
        const wrongValues = pick(types)
            .chain((type) => wrongValueOf[type])
            .filter((wrong) => !(pat === "clusters.*.kubeconfig" && isSecureShape(wrong)));
        return wrongValues.map((wrong) =>
            mutate(base, "wrong type", `${fleetPath(parts)} = ${JSON.stringify(wrong)}`, [parts], (fleet) =>
                setAt(fleet, parts, wrong),
            ),
        );
    });
}

/** A required key deleted, or a list that needs items emptied. */
function missingField(base: Base): fc.Arbitrary<FuzzCase> {
    const options: { parts: Path; key?: string; at: Path }[] = [];
    for (const { parts, pat, value } of visit(base.fleet)) {
        if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            for (const { key, at } of requiredKeys(pat, parts, value, base.fleet))
                if (key in value) options.push({ parts, key, at });
        }
        if (NON_EMPTY_LISTS.has(pat) && Array.isArray(value)) options.push({ parts, at: parts });
    }
    return pick(options).map(({ parts, key, at }) =>
        key === undefined
            ? mutate(base, "missing field", `${fleetPath(parts)} emptied`, [at], (fleet) => setAt(fleet, parts, []))
            : mutate(base, "missing field", `${fleetPath([...parts, key])} deleted`, [at], (fleet) =>
                  deleteAt(fleet, [...parts, key]),
              ),
    );
}

/** A key the map does not have in the config reference, at any depth, or a user map key naming no cluster. */
function unknownKey(base: Base): fc.Arbitrary<FuzzCase> {
    const clusterNames: string[] = base.fleet.clusters.map((c: Node) => c.name);
    const targets: {
        parts: Path;
        allowed: (key: string) => boolean;
        detail: RegExp;
        value: fc.Arbitrary<unknown>;
        at?: Path;
    }[] = [];
    for (const { parts, pat, value } of visit(base.fleet)) {
        const keys = strictKeys(pat, parts, base.fleet);
        if (keys && value !== null && typeof value === "object" && !Array.isArray(value)) {
            // At the top level a key with a colon belongs to another namespace.
            targets.push({
                parts,
                allowed: (key) => !keys.includes(key) && !(parts.length === 0 && key.includes(":")),
                detail: /found unknown key /,
                value: jsonish,
            });
        }
        if (pat === "services.*.placement.preferences" || pat === "services.*.overrides") {
            const allowed = (key: string) =>
                !clusterNames.includes(key) && !(pat.endsWith("preferences") && key === "*");
            targets.push({ parts, allowed, detail: /found unknown cluster /, value: fc.constant({}) });
        }
        if (pat === "clusters.*.kubeconfig" && value !== null && typeof value === "object") {
            // An extra key makes a secure value an ordinary map, which a kubeconfig is not.
            targets.push({
                parts,
                allowed: (key) => key !== "secure",
                detail: /found \[secret\]$/,
                value: jsonish,
                at: parts,
            });
        }
    }
    return pick(targets).chain((target) =>
        fc.tuple(keyCandidate.filter(target.allowed), target.value).map(([key, value]) => {
            const at = target.at ?? [...target.parts, key];
            // "__proto__" cannot be a key of a plain JavaScript object; it must still be reported, not dropped.
            const detail = key === "__proto__" && !target.at ? /__proto__/ : target.detail;
            return mutate(
                base,
                "unknown key",
                `${fleetPath([...target.parts, key])} added`,
                [at],
                (fleet) => setOwn(getAt(fleet, target.parts), key, value),
                detail,
            );
        }),
    );
}

/** Numbers outside what their slot allows, including sizes that contradict each other. */
function outOfRange(base: Base): fc.Arbitrary<FuzzCase> {
    const cases: fc.Arbitrary<FuzzCase>[] = [];
    const at = (parts: Path, values: fc.Arbitrary<number>, expected: Path = parts) =>
        cases.push(
            values.map((v) =>
                mutate(base, "out-of-range number", `${fleetPath(parts)} = ${v}`, [expected], (fleet) =>
                    setAt(fleet, parts, v),
                ),
            ),
        );
    const { fleet } = base;
    fleet.clusters.forEach((cluster: Node, i: number) => {
        const c = (...rest: Path) => ["clusters", i, ...rest];
        if (cluster.cloud === "aws" || cluster.cloud === "gcp") {
            const [minKey, maxKey] =
                cluster.cloud === "aws" ? ["minSize", "maxSize"] : ["minNodesPerZone", "maxNodesPerZone"];
            cluster.nodePools.forEach((pool: Node, j: number) => {
                const p = (...rest: Path) => c("nodePools", j, ...rest);
                const min: number = pool[minKey] ?? 1;
                const max: number = pool[maxKey] ?? 3;
                at(p(minKey), notIntIn(0));
                at(p(maxKey), notIntIn(0));
                at(p("diskSizeGb"), notIntIn(20));
                // A minimum above the maximum is reported at the minimum, whichever was changed.
                at(p(minKey), fc.integer({ min: max + 1, max: max + 1_000 }));
                if (min > 0) at(p(maxKey), fc.integer({ min: 0, max: min - 1 }), p(minKey));
                cases.push(
                    fc.constant(
                        mutate(base, "out-of-range number", `${fleetPath(p())} min and max 0`, [p()], (f) => {
                            const target = getAt(f, p());
                            Object.assign(target, { [minKey]: 0, [maxKey]: 0 });
                            delete target.desiredSize;
                        }),
                    ),
                );
                if (cluster.cloud === "aws") {
                    at(p("desiredSize"), notIntIn(0));
                    at(
                        p("desiredSize"),
                        fc.oneof(
                            fc.integer({ min: max + 1, max: max + 1_000 }),
                            ...(min > 0 ? [fc.integer({ min: 0, max: min - 1 })] : []),
                        ),
                    );
                }
            });
        }
        if (cluster.cloud === "aws") {
            // EKS networks are carved from /16 to /22; other prefixes and octets are not CIDRs at all.
            cases.push(
                fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 23, max: 99 })).map((prefix) =>
                    mutate(
                        base,
                        "out-of-range number",
                        `${fleetPath(c("vpcCidr"))} prefix /${prefix}`,
                        [c("vpcCidr")],
                        (f) => {
                            f.clusters[i].vpcCidr = `10.0.0.0/${prefix}`;
                        },
                    ),
                ),
            );
            cidrCases(base, cases, c("vpcCidr"), "10.10.0.0", 16);
            (cluster.publicAccessCidrs ?? []).forEach((_: unknown, k: number) =>
                cidrCases(base, cases, c("publicAccessCidrs", k), "198.51.100.0", 24),
            );
        }
        if (cluster.cloud === "gcp") {
            cases.push(
                fc
                    .integer({ min: 0, max: 32 })
                    .filter((n) => n !== 28)
                    .map((prefix) =>
                        mutate(
                            base,
                            "out-of-range number",
                            `${fleetPath(c("masterCidr"))} prefix /${prefix}`,
                            [c("masterCidr")],
                            (f) => {
                                f.clusters[i].masterCidr = `172.16.0.0/${prefix}`;
                            },
                        ),
                    ),
            );
            for (const key of ["nodeCidr", "podCidr", "serviceCidr", "masterCidr"])
                cidrCases(base, cases, c(key), "10.0.0.0", 20);
            (cluster.authorizedCidrs ?? []).forEach((_: unknown, k: number) =>
                cidrCases(base, cases, c("authorizedCidrs", k), "198.51.100.0", 24),
            );
        }
        if (cluster.coordinates) {
            at(c("coordinates", "latitude"), notIn(-90, 90));
            at(c("coordinates", "longitude"), notIn(-180, 180));
        }
    });
    const badPort = notIntIn(1, 65_535);
    fleet.services.forEach((service: Node, i: number) => {
        const s = (...rest: Path) => ["services", i, ...rest];
        at(s("replicas"), notIntIn(0, MAX_REPLICAS));
        if (service.autoscaling) {
            at(
                s("autoscaling", "maxReplicas"),
                fc.oneof(notIntIn(0, MAX_REPLICAS), fc.integer({ min: 0, max: service.replicas - 1 })),
            );
            at(s("autoscaling", "targetCpuUtilization"), notIntIn(1, 100));
        }
        service.containers.forEach((container: Node, k: number) => {
            (container.ports ?? []).forEach((_: unknown, m: number) =>
                at(s("containers", k, "ports", m, "containerPort"), badPort),
            );
            // A user id: 1 (pods run as non-root) up to the largest int32 (apimachinery IsValidUserID).
            at(s("containers", k, "runAsUser"), notIntIn(1, INT32_MAX));
            for (const probe of ["readinessProbe", "livenessProbe"]) {
                if (!container[probe]) continue;
                const handler = container[probe].httpGet ? "httpGet" : "tcpSocket";
                if (typeof container[probe][handler].port === "number")
                    at(s("containers", k, probe, handler, "port"), badPort);
                // Probe fields are int32 in the Kubernetes API.
                at(s("containers", k, probe, "initialDelaySeconds"), notIntIn(0, INT32_MAX));
                for (const key of ["periodSeconds", "timeoutSeconds", "failureThreshold"])
                    at(s("containers", k, probe, key), notIntIn(1, INT32_MAX));
            }
        });
        service.ports.forEach((port: Node, m: number) => {
            at(s("ports", m, "port"), badPort);
            if (typeof port.targetPort === "number") at(s("ports", m, "targetPort"), badPort);
        });
        // Preferences bound every cluster they apply to; all of the stacks' preferences apply to one.
        for (const key of Object.keys(service.placement.preferences ?? {})) {
            at(s("placement", "preferences", key, "weight"), notIntIn(0, MAX_WEIGHT));
            at(s("placement", "preferences", key, "minReplicas"), notIntIn(0, MAX_REPLICAS));
            at(s("placement", "preferences", key, "maxReplicas"), notIntIn(0, MAX_REPLICAS));
        }
        for (const cluster of chosenClusters(fleet, service)) {
            cases.push(
                notIntIn(0, MAX_REPLICAS).map((v) =>
                    mutate(
                        base,
                        "out-of-range number",
                        `${fleetPath(s("overrides", cluster, "replicas"))} = ${v}`,
                        [s("overrides", cluster, "replicas")],
                        (f) => {
                            const overrides = (f.services[i].overrides ??= {});
                            if (!Object.prototype.hasOwnProperty.call(overrides, cluster))
                                setOwn(overrides, cluster, {});
                            overrides[cluster].replicas = v;
                        },
                    ),
                ),
            );
        }
        if (fleet.dns) {
            cases.push(
                notIntIn(5, 3_600).map((v) =>
                    mutate(
                        base,
                        "out-of-range number",
                        `${fleetPath(s("dns", "ttl"))} = ${v}`,
                        [s("dns", "ttl")],
                        (f) => {
                            f.services[i].dns = { ...(f.services[i].dns ?? {}), ttl: v };
                        },
                    ),
                ),
            );
        }
    });
    if (fleet.dns) {
        at(["dns", "ttl"], notIntIn(5, 3_600));
        const interval =
            fleet.dns.provider === "route53"
                ? fc
                      .oneof(fc.integer({ min: -100, max: 400 }), fraction(0, 400), SPECIAL_NUMBERS)
                      .filter((v) => v !== 10 && v !== 30)
                : notIntIn(5, 300);
        at(["dns", "healthCheck", "intervalSeconds"], interval);
        at(["dns", "healthCheck", "failureThreshold"], notIntIn(1, 10));
        at(["dns", "healthCheck", "port"], badPort);
    }
    return fc.oneof(...cases);
}

/** A CIDR that is not one: a prefix above /32 or an octet above 255. */
function cidrCases(base: Base, cases: fc.Arbitrary<FuzzCase>[], parts: Path, address: string, prefix: number): void {
    const octets = address.split(".");
    cases.push(
        fc
            .oneof(
                fc.integer({ min: 33, max: 999 }).map((p) => `${address}/${p}`),
                fc
                    .tuple(fc.nat(3), fc.integer({ min: 256, max: 9_999 }))
                    .map(([i, octet]) => `${octets.map((o, j) => (j === i ? String(octet) : o)).join(".")}/${prefix}`),
            )
            .map((cidr) =>
                mutate(base, "out-of-range number", `${fleetPath(parts)} = ${cidr}`, [parts], (fleet) =>
                    setAt(fleet, parts, cidr),
                ),
            ),
    );
}

/** Placements no fleet can satisfy: nothing selected, unknown or repeated clusters, pins and bounds that cannot add up. */
function impossiblePlacement(base: Base): fc.Arbitrary<FuzzCase> {
    const { fleet } = base;
    const facts = fleetFacts(fleet);
    const names = facts.map((c) => c.name);
    const labelKeys = [...new Set(facts.flatMap((c) => Object.keys(c.labels)))];
    const labelValues = [...new Set(facts.flatMap((c) => Object.values(c.labels)))];
    const cases: fc.Arbitrary<FuzzCase>[] = [];
    const add = (arbitrary: fc.Arbitrary<FuzzCase>) => cases.push(arbitrary);
    // Well-formed selectors (label keys and values, values only with In and NotIn, as Kubernetes
    // requires), so what makes them impossible is only that they match no cluster.
    const text = fc.oneof(pick(labelValues), fc.stringMatching(/^([a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?)?$/));
    const key = fc.oneof(pick(labelKeys), fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/));
    const selectorArb: fc.Arbitrary<Selector> = fc
        .record({
            matchLabels: fc.dictionary(key, text, { maxKeys: 3 }),
            matchExpressions: fc.array(
                fc.oneof(
                    fc.record({
                        key,
                        operator: pick(["In", "NotIn"]),
                        values: fc.array(text, { minLength: 1, maxLength: 3 }),
                    }),
                    fc.record({ key, operator: pick(["Exists", "DoesNotExist"]), values: fc.constant<string[]>([]) }),
                ),
                { maxLength: 3 },
            ),
        })
        .filter(
            (selector) =>
                !Object.prototype.hasOwnProperty.call(selector.matchLabels, "__proto__") &&
                facts.every((c) => !selects(selector, c.labels)),
        );
    const unknownName = fc
        .oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/), fc.string({ maxLength: 10 }))
        .filter((n) => !names.includes(n));

    fleet.services.forEach((service: Node, i: number) => {
        const s = (...rest: Path) => ["services", i, ...rest];
        const chosen = chosenClusters(fleet, service).sort();
        const mutateService = (what: string, expected: Path, edit: (svc: Node) => void) =>
            mutate(base, "impossible placement", `${fleetPath(s())}: ${what}`, [expected], (f) => edit(f.services[i]));
        const withoutPins = (svc: Node) => {
            for (const override of Object.values(svc.overrides ?? {}) as Node[]) delete override.replicas;
        };

        add(
            selectorArb.map((selector) =>
                mutateService(
                    `selector ${JSON.stringify(selector)} matches no cluster`,
                    s("placement", "selector"),
                    (svc) => {
                        delete svc.placement.clusters;
                        svc.placement.selector = selector;
                        svc.placement.preferences = {};
                        svc.overrides = {};
                    },
                ),
            ),
        );
        add(
            fc.tuple(unknownName, fc.nat()).map(([name, at]) => {
                const list: string[] = service.placement.clusters ?? [...chosen];
                const index = at % list.length;
                return mutateService(
                    `clusters[${index}] = ${JSON.stringify(name)}, not in the fleet`,
                    s("placement", "clusters", index),
                    (svc) => {
                        delete svc.placement.selector;
                        svc.placement.clusters = list.map((c, j) => (j === index ? name : c));
                    },
                );
            }),
        );
        add(
            fc.tuple(fc.nat(), fc.nat()).map(([from, to]) => {
                const list: string[] = service.placement.clusters ?? [...chosen];
                const source = from % list.length;
                const insertAt = source + 1 + (to % (list.length - source));
                const withRepeat = [...list.slice(0, insertAt), list[source], ...list.slice(insertAt)];
                return mutateService(`${list[source]} listed twice`, s("placement", "clusters", insertAt), (svc) => {
                    delete svc.placement.selector;
                    svc.placement.clusters = withRepeat;
                });
            }),
        );
        add(
            pick(["both", "neither"]).map((how) =>
                mutateService(`placement by ${how} clusters and selector`, s("placement"), (svc) => {
                    if (how === "both") {
                        svc.placement.clusters ??= [...chosen];
                        svc.placement.selector ??= { matchLabels: {} };
                    } else {
                        delete svc.placement.clusters;
                        delete svc.placement.selector;
                    }
                }),
            ),
        );
        // Pinned replicas beyond the total.
        add(
            fc.tuple(pick(chosen), fc.integer({ min: 1, max: 1_000 })).map(([cluster, extra]) =>
                mutateService(
                    `${cluster} pinned to ${service.replicas + extra} of ${service.replicas}`,
                    s("replicas"),
                    (svc) => {
                        svc.overrides ??= {};
                        if (!Object.prototype.hasOwnProperty.call(svc.overrides, cluster))
                            setOwn(svc.overrides, cluster, {});
                        svc.overrides[cluster].replicas = service.replicas + extra;
                    },
                ),
            ),
        );
        // A preference's minimum above its maximum, for a cluster it applies to.
        add(
            fc
                .tuple(pick(chosen), fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 1, max: 1_000 }))
                .map(([cluster, max, extra]) => {
                    const own = Object.prototype.hasOwnProperty.call(service.placement.preferences ?? {}, cluster);
                    const key = own || !(service.placement.preferences ?? {})["*"] ? cluster : "*";
                    return mutateService(
                        `preference ${key} min ${max + extra} > max ${max}`,
                        s("placement", "preferences", key, "minReplicas"),
                        (svc) => {
                            svc.placement.preferences ??= {};
                            if (!Object.prototype.hasOwnProperty.call(svc.placement.preferences, key))
                                setOwn(svc.placement.preferences, key, {});
                            Object.assign(svc.placement.preferences[key], {
                                minReplicas: max + extra,
                                maxReplicas: max,
                            });
                        },
                    );
                }),
        );
        // Minimums that add up to more than the total.
        add(
            fc
                .integer({ min: 1, max: 1_000 })
                .chain((min) => fc.tuple(fc.constant(min), fc.integer({ min: 0, max: min * chosen.length - 1 })))
                .map(([min, total]) =>
                    mutateService(`minimums ${min} x ${chosen.length} > replicas ${total}`, s("replicas"), (svc) => {
                        withoutPins(svc);
                        svc.placement.preferences = Object.fromEntries(chosen.map((c) => [c, { minReplicas: min }]));
                        svc.replicas = total;
                    }),
                ),
        );
        // Maximums that cannot hold the total.
        add(
            fc
                .integer({ min: 0, max: 1_000 })
                .chain((max) =>
                    fc.tuple(fc.constant(max), fc.integer({ min: max * chosen.length + 1, max: MAX_REPLICAS })),
                )
                .map(([max, total]) =>
                    mutateService(`maximums ${max} x ${chosen.length} < replicas ${total}`, s("replicas"), (svc) => {
                        withoutPins(svc);
                        svc.placement.preferences = Object.fromEntries(chosen.map((c) => [c, { maxReplicas: max }]));
                        svc.replicas = total;
                        if (svc.autoscaling) svc.autoscaling.maxReplicas = total;
                    }),
                ),
        );
        // Every weight zero with replicas left to place.
        add(
            fc.integer({ min: 1, max: 1_000 }).map((total) =>
                mutateService(`all weights 0, replicas ${total}`, s("placement", "preferences"), (svc) => {
                    withoutPins(svc);
                    svc.placement.preferences = Object.fromEntries(chosen.map((c) => [c, { weight: 0 }]));
                    svc.replicas = total;
                    if (svc.autoscaling) svc.autoscaling.maxReplicas = total;
                }),
            ),
        );
        // Preferences and overrides for clusters of the fleet the service is not placed on, or not in it at all.
        const elsewhere = names.filter((n) => !chosen.includes(n));
        for (const key of ["preferences", "overrides"] as const) {
            const where = (cluster: string) =>
                key === "preferences" ? s("placement", "preferences", cluster) : s("overrides", cluster);
            add(
                fc
                    .oneof(
                        unknownName.filter((n) => n !== "*"),
                        ...(elsewhere.length > 0 ? [pick(elsewhere)] : []),
                    )
                    .map((cluster) =>
                        mutateService(`${key} for ${JSON.stringify(cluster)}`, where(cluster), (svc) => {
                            const target =
                                key === "preferences" ? (svc.placement.preferences ??= {}) : (svc.overrides ??= {});
                            setOwn(target, cluster, {});
                        }),
                    ),
            );
        }
        // Autoscaled with fewer replicas than clusters: some cluster gets none (the stacks' autoscaled services use equal weights).
        if (
            service.autoscaling &&
            !service.placement.preferences &&
            !service.overrides &&
            service.autoscaling.maxReplicas >= chosen.length
        ) {
            add(
                fc.integer({ min: 0, max: chosen.length - 1 }).map((total) =>
                    mutateService(
                        `autoscaled with ${total} replicas on ${chosen.length} clusters`,
                        s("replicas"),
                        (svc) => {
                            svc.replicas = total;
                        },
                    ),
                ),
            );
        }
        // A failover pair naming clusters the service does not run in.
        const failover = service.dns?.failover;
        if (failover) {
            add(
                fc.oneof(unknownName, ...(elsewhere.length > 0 ? [pick(elsewhere)] : [])).map((cluster) =>
                    mutateService(
                        `failover primary ${JSON.stringify(cluster)}`,
                        s("dns", "failover", "primary"),
                        (svc) => {
                            svc.dns.failover.primary = cluster;
                        },
                    ),
                ),
            );
            if (failover.secondary) {
                add(
                    fc.constant(
                        mutateService("failover secondary = primary", s("dns", "failover", "secondary"), (svc) => {
                            svc.dns.failover.secondary = svc.dns.failover.primary;
                        }),
                    ),
                );
            }
        }
    });
    return fc.oneof(...cases);
}

/** Names that are not DNS names, domains outside the zone, and names that only break once combined. */
function badDnsName(base: Base): fc.Arbitrary<FuzzCase> {
    const { fleet } = base;
    const cases: fc.Arbitrary<FuzzCase>[] = [];
    const badLabel = fc
        .oneof(
            fc.stringMatching(/^[a-z0-9]{64,80}$/),
            fc.constant(""),
            fc.stringMatching(/^-[a-z0-9-]{0,10}$/),
            fc.stringMatching(/^[a-z0-9-]{0,10}-$/),
            fc.stringMatching(/^[a-z0-9]{0,5}[A-Z_.!* /:@ü][a-z0-9]{0,5}$/),
            fc.string({ maxLength: 20 }),
        )
        .filter((label) => !isDnsLabel(label));
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const badDomain = fc
        .oneof(
            fc.tuple(fc.stringMatching(/^[a-z0-9]{64,70}$/), label).map(([long, rest]) => `${long}.${rest}.com`),
            fc.integer({ min: 254, max: 300 }).map((length) => domainOfLength(length, "com")),
            fc.tuple(badLabel, label).map(([bad, rest]) => `${bad}.${rest}.com`),
            fc.tuple(label, label).map(([a, b]) => `${a}.${b}.com.`),
            fc.tuple(label, label).map(([a, b]) => `${a}..${b}.com`),
            label.map((a) => a),
            fc.tuple(label, fc.stringMatching(/^([a-z]|[0-9]{2,4})$/)).map(([a, tld]) => `${a}.${tld}`),
            fc.string({ maxLength: 30 }),
        )
        .filter((domain) => !isDomain(domain));

    const at = (parts: Path, values: fc.Arbitrary<string>) =>
        cases.push(
            values.map((v) =>
                mutate(base, "bad DNS name", `${fleetPath(parts)} = ${JSON.stringify(v)}`, [parts], (f) =>
                    setAt(f, parts, v),
                ),
            ),
        );
    at(["federation", "name"], badLabel);
    at(["federation", "domain"], badDomain);
    fleet.clusters.forEach((cluster: Node, i: number) => {
        at(["clusters", i, "name"], badLabel);
        (cluster.nodePools ?? []).forEach((_: unknown, j: number) =>
            at(["clusters", i, "nodePools", j, "name"], badLabel),
        );
        if (cluster.cloud === "existing") {
            // An existing cluster's region becomes a DNS label and a Kubernetes label value.
            at(
                ["clusters", i, "region"],
                fc
                    .oneof(badLabel, fc.stringMatching(/^-[a-z0-9-]{0,10}$/), fc.stringMatching(/^[a-z0-9-]{0,10}-$/))
                    .filter((r) => !isDnsLabel(r)),
            );
        }
    });
    fleet.services.forEach((service: Node, i: number) => {
        at(["services", i, "name"], badLabel);
        at(["services", i, "namespace"], badLabel);
        service.containers.forEach((_: unknown, k: number) => at(["services", i, "containers", k, "name"], badLabel));
        service.ports.forEach((_: unknown, m: number) => at(["services", i, "ports", m, "name"], badLabel));
    });
    if (fleet.dns) {
        const zone: string = fleet.dns.zone.name;
        const domain: string = fleet.federation.domain;
        at(["dns", "zone", "name"], badDomain);
        // A domain outside the zone (a string suffix is not a subdomain), or a zone below the domain.
        const outside = fc
            .oneof(
                label.map((a) => `${a}${zone}`),
                fc.tuple(label, label, pick(["com", "net", "org", "io"])).map(([a, b, tld]) => `${a}.${b}.${tld}`),
            )
            .filter((d) => isDomain(d) && !isWithin(d, zone));
        cases.push(
            outside.map((d) =>
                mutate(
                    base,
                    "bad DNS name",
                    `federation.domain ${d} outside zone ${zone}`,
                    [["dns", "zone", "name"]],
                    (f) => {
                        f.federation.domain = d;
                    },
                ),
            ),
        );
        cases.push(
            label
                .map((a) => `${a}.${domain}`)
                .filter(isDomain)
                .map((z) =>
                    mutate(
                        base,
                        "bad DNS name",
                        `zone ${z} below the domain ${domain}`,
                        [["dns", "zone", "name"]],
                        (f) => {
                            f.dns.zone.name = z;
                        },
                    ),
                ),
        );
        // A legal domain whose service names grow past 253 characters: the first service's are reported.
        const first = fleet.services[0];
        const prefix = `${first.name}.${first.namespace ?? "default"}.${fleet.federation.name}.svc.`;
        const shortest = 254 - prefix.length;
        cases.push(
            fc.integer({ min: Math.max(shortest, zone.length + 2), max: 253 }).map((length) => {
                const longDomain = domainOfLength(length, zone);
                if (!isDomain(longDomain) || longDomain.length !== length)
                    throw new Error(`bad generator: ${longDomain}`);
                return mutate(
                    base,
                    "bad DNS name",
                    `domain of ${length} characters`,
                    [["services", 0, "name"]],
                    (f) => {
                        f.federation.domain = longDomain;
                    },
                    /more than DNS's 253/,
                );
            }),
        );
    }
    return fc.oneof(...cases);
}

/** A pod deletion cost the API server takes: an int32 in decimal, no '+', no leading zero but in "0" (or after '-'). */
function isDeletionCost(text: string): boolean {
    return /^(0|[1-9][0-9]*|-[0-9]+)$/.test(text) && Number(text) >= -(2 ** 31) && Number(text) <= INT32_MAX;
}

/**
 * Objects the Kubernetes API server would refuse, or that collide with what a cluster already holds:
 * repeated container port names and Service ports, pod and Service annotations it validates (on every
 * cluster the service runs in, so whichever is built first reports), kube-* namespaces, names Kubernetes
 * keeps, an internal service's annotations that make its load balancer public, and a Deployment past
 * etcd's 1.5 MiB request limit.
 */
function apiRefusal(base: Base): fc.Arbitrary<FuzzCase> {
    const { fleet } = base;
    const cases: fc.Arbitrary<FuzzCase>[] = [];
    const clouds = new Map<string, string>(fleet.clusters.map((c: Node) => [c.name, c.cloud]));
    fleet.services.forEach((service: Node, i: number) => {
        const s = (...rest: Path) => ["services", i, ...rest];
        const chosen = chosenClusters(fleet, service).sort();
        const kase = (what: string, expected: Path[], edit: (svc: Node) => void) =>
            mutate(base, "Kubernetes API refusal", `${fleetPath(s())}: ${what}`, expected, (f) => edit(f.services[i]));
        /** The same annotation on every chosen cluster's override: the first cluster built reports it. */
        const everywhere = (key: "annotations" | "serviceAnnotations", name: string, value: string) => ({
            expected: chosen.map((cluster) => s("overrides", cluster, key, name)),
            edit: (svc: Node) => {
                svc.overrides ??= {};
                for (const cluster of chosen) {
                    const own = Object.prototype.hasOwnProperty.call(svc.overrides, cluster)
                        ? svc.overrides[cluster]
                        : {};
                    setOwn(svc.overrides, cluster, { ...own, [key]: { ...(own[key] ?? {}), [name]: value } });
                }
            },
        });
        const annotated = (key: "annotations" | "serviceAnnotations", name: string, values: fc.Arbitrary<string>) =>
            cases.push(
                values.map((value) => {
                    const { expected, edit } = everywhere(key, name, value);
                    return kase(`${key} ${name}: ${JSON.stringify(value)}`, expected, edit);
                }),
            );

        // A container port name twice in one container.
        service.containers.forEach((container: Node, k: number) => {
            const named = (container.ports ?? []).filter((p: Node) => p.name);
            if (named.length === 0) return;
            cases.push(
                fc
                    .tuple(pick(named), fc.integer({ min: 1, max: 65_535 }))
                    .map(([port, number]: [Node, number]) =>
                        kase(
                            `port name ${port.name} twice in ${container.name}`,
                            [s("containers", k, "ports", container.ports.length, "name")],
                            (svc) => svc.containers[k].ports.push({ name: port.name, containerPort: number }),
                        ),
                    ),
            );
        });
        // A Service port and protocol twice.
        cases.push(
            pick(service.ports as Node[]).map((port) =>
                kase(`Service port ${port.port} twice`, [s("ports", service.ports.length, "port")], (svc) =>
                    svc.ports.push({ name: "dup-port", port: port.port, protocol: port.protocol ?? "TCP" }),
                ),
            ),
        );
        // Pod annotations the API server validates on the Deployment's template.
        annotated(
            "annotations",
            "controller.kubernetes.io/pod-deletion-cost",
            fc
                .oneof(
                    fc.integer({ min: 0, max: 1_000 }).map((n) => `+${n}`),
                    fc.integer({ min: 0, max: 1_000 }).map((n) => `0${n}`),
                    fc.bigInt({ min: 2n ** 31n, max: 2n ** 40n }).map((n) => String(n)),
                    fc.string({ maxLength: 8 }),
                )
                .filter((text) => !isDeletionCost(text)),
        );
        annotated("annotations", "kubernetes.io/config.mirror", fc.string({ maxLength: 8 }));
        annotated(
            "annotations",
            "scheduler.alpha.kubernetes.io/tolerations",
            fc.string({ minLength: 1, maxLength: 12 }).filter((text) => {
                try {
                    JSON.parse(text);
                    return false;
                } catch {
                    return true;
                }
            }),
        );
        // fedfleet's pods run the RuntimeDefault seccomp profile; an annotation must name the same.
        annotated(
            "annotations",
            "seccomp.security.alpha.kubernetes.io/pod",
            fc
                .oneof(pick(["unconfined", "localhost/profile.json", "default", ""]), fc.string({ maxLength: 10 }))
                .filter((text) => text !== "runtime/default" && text !== "docker/default"),
        );
        const containerNames: string[] = service.containers.map((c: Node) => c.name);
        cases.push(
            fc
                .stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/)
                .filter((name) => !containerNames.includes(name))
                .map((name) => {
                    const { expected, edit } = everywhere(
                        "annotations",
                        `container.apparmor.security.beta.kubernetes.io/${name}`,
                        "runtime/default",
                    );
                    return kase(`AppArmor for no container ${name}`, expected, edit);
                }),
        );
        // Service annotations the API server validates.
        annotated(
            "serviceAnnotations",
            "service.beta.kubernetes.io/load-balancer-source-ranges",
            fc.stringMatching(/^[a-z]{1,8}$/).map((junk) => `10.0.0.0/8,${junk}`),
        );
        cases.push(
            fc
                .tuple(pick(["Auto", "auto", "Disabled"]), pick(["disabled", "Auto ", "PreferZone"]))
                .map(([mode, hints]) => {
                    const first = everywhere("serviceAnnotations", "service.kubernetes.io/topology-mode", mode);
                    const second = everywhere(
                        "serviceAnnotations",
                        "service.kubernetes.io/topology-aware-hints",
                        hints,
                    );
                    return kase(`topology-mode ${mode} vs hints ${hints}`, first.expected, (svc) => {
                        first.edit(svc);
                        second.edit(svc);
                    });
                }),
        );
        // An internal service whose annotations make its load balancer public (cloud clusters only).
        if (chosen.every((cluster) => clouds.get(cluster) !== "existing")) {
            const publicValue: Record<string, [string, fc.Arbitrary<string>]> = {
                aws: ["service.beta.kubernetes.io/aws-load-balancer-internal", pick(["false", ""])],
                gcp: ["networking.gke.io/load-balancer-type", pick(["External", "external", "", "INTERNAL"])],
            };
            cases.push(
                fc.tuple(...chosen.map((cluster) => publicValue[clouds.get(cluster)!][1])).map((values) =>
                    kase(
                        "internal, made public by serviceAnnotations",
                        chosen.map((cluster) =>
                            s("overrides", cluster, "serviceAnnotations", publicValue[clouds.get(cluster)!][0]),
                        ),
                        (svc) => {
                            svc.exposure = "internal";
                            delete svc.dns;
                            svc.overrides ??= {};
                            chosen.forEach((cluster, c) => {
                                const own = Object.prototype.hasOwnProperty.call(svc.overrides, cluster)
                                    ? svc.overrides[cluster]
                                    : {};
                                const [key] = publicValue[clouds.get(cluster)!];
                                setOwn(svc.overrides, cluster, {
                                    ...own,
                                    serviceAnnotations: { ...(own.serviceAnnotations ?? {}), [key]: values[c] },
                                });
                            });
                        },
                    ),
                ),
            );
        }
        // kube-* namespaces, which fedfleet never creates.
        cases.push(
            fc
                .stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/)
                .map((rest) =>
                    kase(`namespace kube-${rest}`, [s("namespace")], (svc) => (svc.namespace = `kube-${rest}`)),
                ),
        );
        // Names Kubernetes or fedfleet already gave an object of the namespace.
        cases.push(
            pick([
                ["kubernetes", "default"],
                ["kube-dns", "kube-system"],
                ["default", service.namespace ?? "default"],
                ["default-deny-ingress", service.namespace ?? "default"],
            ])
                .filter(([name, namespace]) => !(name === "default-deny-ingress" && namespace === "default"))
                .map(([name, namespace]) =>
                    kase(`named ${name} in ${namespace}`, [s("name")], (svc) =>
                        Object.assign(svc, { name, namespace }),
                    ),
                ),
        );
        // A Deployment over etcd's request limit, filled by one env value.
        cases.push(
            fc.constant(
                kase("a 1.6 MB env value", [s("containers", 0, "env")], (svc) => {
                    svc.containers[0].env = { ...(svc.containers[0].env ?? {}), BLOB: "x".repeat(1_600_000) };
                }),
            ),
        );
    });
    return fc.oneof(...cases);
}

const GENERATORS: Record<Category, (base: Base) => fc.Arbitrary<FuzzCase> | undefined> = {
    "wrong type": wrongType,
    "missing field": missingField,
    "out-of-range number": outOfRange,
    "unknown key": unknownKey,
    "impossible placement": impossiblePlacement,
    "bad DNS name": badDnsName,
    "Kubernetes API refusal": apiRefusal,
};

/** Cases of one category from any of the stacks. */
export function invalidConfigs(category: Category, bases: readonly Base[]): fc.Arbitrary<FuzzCase> {
    const arbitrary = oneOf(
        bases.map((base) => GENERATORS[category](base)).filter((a): a is fc.Arbitrary<FuzzCase> => a !== undefined),
    );
    if (!arbitrary) throw new Error(`no ${category} cases`);
    return arbitrary;
}
