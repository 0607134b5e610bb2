// What a Kubernetes API server refuses of the objects a service becomes, and what it already
// holds under the same names, checked before anything is built. Rules come from
// kubernetes/kubernetes (k/k) pkg/apis/core/validation/validation.go and apimachinery; sizes
// are measured on the objects fedfleet generates (manifests.ts), fedfleet's own annotations
// included. Each mistake is one FleetConfigError located in the service's entry. Pure.
import { parseCidr } from "../core/cidr";
import { FleetConfigError, PathPart } from "../core/config-error";
import type { ContainerConfig, ServiceConfig } from "../config/schema";
import { describeFound, isLabelKey, isLabelValue } from "../config/syntax";
import {
    deploymentManifest,
    horizontalPodAutoscalerManifest,
    networkPolicyManifest,
    podDisruptionBudgetManifest,
    publicLoadBalancerAnnotation,
    serviceAccountManifest,
    serviceManifest,
    WorkloadTarget,
} from "./manifests";
import { DEFAULT_DENY_POLICY, isClusterOwnedNamespace } from "./namespace-manifests";

/** All of an object's annotation keys and values together, in bytes (apimachinery objectmeta.go TotalAnnotationSizeLimitB). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/**
 * The largest request etcd takes by default, so the largest object the API server can store
 * (etcd server/embed/config.go DefaultMaxRequestBytes; etcd docs, "System limits": 1.5 MiB,
 * `--max-request-bytes`). EKS and GKE run etcd for you; neither documents another limit.
 */
export const ETCD_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function fail(path: PathPart[], expected: string, found: string): never {
    throw new FleetConfigError(path, expected, found);
}

// --- What a service's entry alone decides ------------------------------------------

/** An object a cluster already holds under a name fedfleet would give one of a service's objects. */
interface TakenName {
    name: string;
    /** The namespaces it is in. */
    inNamespace: (namespace: string) => boolean;
    /** What holds the name, for the message. */
    holder: string;
}

// fedfleet names a service's ServiceAccount, Deployment, Service, NetworkPolicy, PDB and HPA after
// the service, in its namespace. Creating an object that exists fails ("already exists": pulumi-kubernetes
// provider/pkg/await/await.go), or with upsertExistingObjects takes the existing one over.
const TAKEN_NAMES: readonly TakenName[] = [
    {
        // k/k pkg/controller/serviceaccount/serviceaccounts_controller.go: the "default" account, in every namespace.
        name: "default",
        inNamespace: () => true,
        holder: 'its ServiceAccount would be the "default" account Kubernetes keeps in every namespace',
    },
    {
        // k/k pkg/controlplane/controller/kubernetesservice: the API server's own Service, default/kubernetes.
        name: "kubernetes",
        inNamespace: (namespace) => namespace === "default",
        holder: 'its Service would be the API server\'s own Service "kubernetes"',
    },
    {
        // The cluster DNS Service: kube-system/kube-dns on EKS (CoreDNS add-on) and on GKE (kube-dns).
        name: "kube-dns",
        inNamespace: (namespace) => namespace === "kube-system",
        holder: "its Service would be the cluster DNS Service",
    },
    {
        // namespace-manifests.ts: every namespace fedfleet manages gets this policy.
        name: DEFAULT_DENY_POLICY,
        inNamespace: (namespace) => !isClusterOwnedNamespace(namespace),
        holder: "its NetworkPolicy would be the namespace's default-deny policy, which fedfleet makes",
    },
];

/** A service name no object of its namespace already has. */
function checkTakenNames(service: ServiceConfig): void {
    const taken = TAKEN_NAMES.find((t) => t.name === service.name && t.inNamespace(service.namespace));
    if (taken)
        fail(
            ["name"],
            `a service name other than "${taken.name}" in namespace "${service.namespace}" (${taken.holder}, which exists already)`,
            describeFound(service.name),
        );
}

/**
 * A namespace fedfleet creates. It never creates `kube-*` ones: objects in one that does not exist are
 * refused (NamespaceLifecycle admission: NotFound), and the ones that exist belong to the cluster's own
 * add-ons, enforcing no Pod Security level and denying nothing.
 */
function checkNamespace(service: ServiceConfig): void {
    if (service.namespace.startsWith("kube-"))
        fail(
            ["namespace"],
            "a namespace other than kube-* (fedfleet never creates those: in one that does not exist every object is refused, and the ones that exist belong to the cluster's own add-ons)",
            describeFound(service.namespace),
        );
}

/** Port names unique within each container (k/k validateContainerPorts: field.Duplicate on ports[i].name). */
function checkContainerPortNames(container: ContainerConfig, index: number): void {
    const seen = new Set<string>();
    container.ports.forEach((port, p) => {
        if (port.name === undefined) return;
        if (seen.has(port.name))
            fail(
                ["containers", index, "ports", p, "name"],
                `a port name unique in container "${container.name}"`,
                describeFound(port.name),
            );
        seen.add(port.name);
    });
}

/** Service ports unique by protocol and port (k/k ValidateService: field.Duplicate on the (protocol, port) pair). */
function checkServicePorts(service: ServiceConfig): void {
    const seen = new Map<string, number>();
    service.ports.forEach((port, index) => {
        const key = `${port.protocol}/${port.port}`;
        const first = seen.get(key);
        if (first !== undefined)
            fail(
                ["ports", index, "port"],
                `a port and protocol no other port of the Service has (ports[${first}] is ${port.protocol} ${port.port})`,
                String(port.port),
            );
        seen.set(key, index);
    });
}

/**
 * The rules the API server applies to a service's objects that its entry alone decides: names no
 * object of the namespace has, a namespace fedfleet creates, unique container port names and
 * Service ports. Throws FleetConfigError located relative to the entry.
 */
export function checkServiceAgainstApi(service: ServiceConfig): void {
    checkTakenNames(service);
    checkNamespace(service);
    service.containers.forEach(checkContainerPortNames);
    checkServicePorts(service);
}

// --- Pod annotations the API server validates (k/k ValidatePodSpecificAnnotations) ---

const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
const TOLERATIONS_ANNOTATION = "scheduler.alpha.kubernetes.io/tolerations";
const DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_CONTAINER_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** A pod spec as the rules below read it from a manifest. */
interface PodSpecView {
    securityContext?: { seccompProfile?: { type?: string; localhostProfile?: string } };
    containers: { name: string; securityContext?: { seccompProfile?: { type?: string; localhostProfile?: string } } }[];
}

/**
 * k/k helper.GetDeletionCostFromPodAnnotations: validFirstDigit (not empty, no leading '+', no
 * leading zero but "0" itself), then strconv.ParseInt(value, 10, 32).
 */
function isDeletionCost(value: string): boolean {
    const validFirstDigit = value.startsWith("-") || value === "0" || /^[1-9]/.test(value);
    if (!validFirstDigit || !/^-?[0-9]+$/.test(value)) return false;
    const number = Number(value);
    return number >= INT32_MIN && number <= INT32_MAX;
}

/** k/k ValidateSeccompProfile: runtime/default, docker/default, unconfined, or localhost/<relative path without ..>. */
function seccompFormatProblem(value: string): string | undefined {
    if (value === "runtime/default" || value === "docker/default" || value === "unconfined") return undefined;
    if (value.startsWith("localhost/")) {
        const path = value.slice("localhost/".length);
        if (path.startsWith("/")) return "a relative path after localhost/";
        if (path.split("/").includes("..")) return "a path without '..' after localhost/";
        return undefined;
    }
    return "runtime/default, docker/default, unconfined or localhost/<profile>";
}

/** k/k validateSeccompAnnotationsAndFieldsMatch: the annotation names the same profile as the field it sits beside. */
function seccompMatches(value: string, field: { type?: string; localhostProfile?: string } | undefined): boolean {
    switch (field?.type) {
        case undefined:
            return true;
        case "Unconfined":
            return value === "unconfined";
        case "RuntimeDefault":
            return value === "runtime/default" || value === "docker/default";
        case "Localhost":
            return value.startsWith("localhost/") && value.slice("localhost/".length) === field.localhostProfile;
        default:
            return true;
    }
}

/** A JSON object's field as Go's encoding/json finds it: the exact key, else one equal ignoring case. */
function goField(object: Record<string, unknown>, name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
    const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : object[key];
}

/**
 * What is wrong with the tolerations annotation, read as k/k helper.GetTolerationsFromPodAnnotations
 * (json.Unmarshal into []Toleration) and checked by ValidateTolerations: a key is a qualified name,
 * no key needs operator Exists, Exists takes no value, Equal a label value, tolerationSeconds only
 * with NoExecute, effects NoSchedule, PreferNoSchedule or NoExecute. Undefined when the API takes it.
 */
function tolerationsProblem(text: string): string | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return "JSON";
    }
    if (parsed === null) return undefined;
    if (!Array.isArray(parsed)) return "a JSON list";
    for (const [index, item] of parsed.entries()) {
        const at = `item ${index}`;
        if (item !== null && (typeof item !== "object" || Array.isArray(item))) return `${at} a JSON object`;
        const object = (item ?? {}) as Record<string, unknown>;
        const text = (name: string): string | undefined => {
            const value = goField(object, name);
            return value === null || value === undefined ? "" : typeof value === "string" ? value : undefined;
        };
        const [key, operator, value, effect] = ["key", "operator", "value", "effect"].map(text);
        if ([key, operator, value, effect].some((field) => field === undefined)) return `${at} fields that are strings`;
        const seconds = goField(object, "tolerationSeconds");
        if (seconds !== undefined && seconds !== null && !Number.isSafeInteger(seconds))
            return `${at} a whole number of tolerationSeconds`;
        if (key !== "" && !isLabelKey(key!)) return `${at} a key that is a qualified name`;
        if (key === "" && operator !== "Exists") return `${at} operator Exists, as it has no key`;
        if (seconds !== undefined && seconds !== null && effect !== "NoExecute")
            return `${at} effect NoExecute, as it sets tolerationSeconds`;
        if (operator === "Exists" && value !== "") return `${at} no value, as its operator is Exists`;
        if ((operator === "" || operator === "Equal") && !isLabelValue(value!))
            return `${at} a value that is a label value`;
        if (!["", "Equal", "Exists"].includes(operator!)) return `${at} operator Equal or Exists`;
        if (effect !== "" && !TAINT_EFFECTS.includes(effect!))
            return `${at} effect ${TAINT_EFFECTS.join(", ")} or none`;
    }
    return undefined;
}

/**
 * The annotations of a pod template the API server validates beyond their syntax (k/k
 * ValidatePodTemplateSpec -> ValidatePodSpecificAnnotations, validateSeccompAnnotationsAndFields),
 * against the pod spec fedfleet generates: it never sets spec.nodeName and always sets the
 * RuntimeDefault seccomp profile on the pod and its containers.
 */
function checkPodAnnotations(annotations: Record<string, string>, spec: PodSpecView, at: PathPart[]): void {
    const containers = new Map(spec.containers.map((container) => [container.name, container]));
    for (const [key, value] of Object.entries(annotations)) {
        const here = [...at, key];
        if (key === MIRROR_ANNOTATION)
            fail(
                here,
                "no kubernetes.io/config.mirror annotation (it marks a static pod; the API server refuses it on a pod without spec.nodeName, which fedfleet's pods never set)",
                describeFound(value),
            );
        if (key === TOLERATIONS_ANNOTATION && value !== "") {
            const problem = tolerationsProblem(value);
            if (problem)
                fail(
                    here,
                    `tolerations the API server accepts: ${problem} (or use no such annotation)`,
                    describeFound(value),
                );
        }
        if (key === DELETION_COST_ANNOTATION && !isDeletionCost(value))
            fail(here, "a 32-bit integer, without '+' or leading zeros (the pod deletion cost)", describeFound(value));
        if (key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_PREFIX)) {
            const problem = seccompFormatProblem(value);
            if (problem) fail(here, `a seccomp profile: ${problem}`, describeFound(value));
            const field =
                key === SECCOMP_POD_ANNOTATION
                    ? spec.securityContext?.seccompProfile
                    : containers.get(key.slice(SECCOMP_CONTAINER_PREFIX.length))?.securityContext?.seccompProfile;
            if (!seccompMatches(value, field))
                fail(
                    here,
                    `runtime/default, the seccomp profile fedfleet sets on the ${key === SECCOMP_POD_ANNOTATION ? "pod" : "container"} (${field?.type}; the API server refuses an annotation that names another)`,
                    describeFound(value),
                );
        }
        if (key.startsWith(APPARMOR_CONTAINER_PREFIX)) {
            const name = key.slice(APPARMOR_CONTAINER_PREFIX.length);
            if (!containers.has(name))
                fail(
                    here,
                    `an AppArmor annotation for one of the pod's containers (${[...containers.keys()].join(", ")})`,
                    `container ${describeFound(name)}`,
                );
            const format =
                value === "" || value === "runtime/default" || value === "unconfined" || value.startsWith("localhost/");
            if (!format)
                fail(here, "an AppArmor profile: runtime/default or localhost/<profile>", describeFound(value));
            // Pod Security restricted, which fedfleet's namespaces enforce, refuses the pods
            // (pod-security-admission check_appArmorProfile): the Deployment would never get one.
            if (value === "unconfined")
                fail(
                    here,
                    "an AppArmor profile Pod Security restricted allows: runtime/default or localhost/<profile>",
                    describeFound(value),
                );
        }
    }
}

// --- Service annotations the API server validates (k/k ValidateService) ---------------

const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";
const TOPOLOGY_MODE_ANNOTATION = "service.kubernetes.io/topology-mode";
const TOPOLOGY_HINTS_ANNOTATION = "service.kubernetes.io/topology-aware-hints";

/**
 * A LoadBalancer Service's annotations: source ranges a comma-separated list of CIDRs (trimmed; each
 * validation.IsValidCIDR), and topology-mode equal to the deprecated topology-aware-hints when both are set.
 */
function checkServiceAnnotations(annotations: Record<string, string>, at: PathPart[]): void {
    const ranges = annotations[SOURCE_RANGES_ANNOTATION]?.trim();
    if (ranges) {
        const bad = ranges.split(",").find((part) => parseCidr(part.trim()) === undefined);
        if (bad !== undefined)
            fail(
                [...at, SOURCE_RANGES_ANNOTATION],
                "a comma-separated list of CIDRs such as 10.0.0.0/8,192.168.0.0/16",
                `${describeFound(bad.trim())}, which is not a CIDR`,
            );
    }
    const mode = annotations[TOPOLOGY_MODE_ANNOTATION];
    const hints = annotations[TOPOLOGY_HINTS_ANNOTATION];
    if (mode !== undefined && hints !== undefined && mode !== hints)
        fail(
            [...at, TOPOLOGY_MODE_ANNOTATION],
            `the same value as ${TOPOLOGY_HINTS_ANNOTATION} (${describeFound(hints)}) when both are set`,
            describeFound(mode),
        );
}

// --- Sizes -------------------------------------------------------------------------

/** Bytes of a string map as the API server counts annotations: every key and value, UTF-8. */
function mapBytes(annotations: Record<string, string> | undefined): number {
    return Object.entries(annotations ?? {}).reduce(
        (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
        0,
    );
}

/**
 * At least how many bytes etcd stores for an object: every string in it, and the keys of its label
 * and annotation maps. The stored form (protobuf) holds each of them whole, and more (field tags,
 * numbers, managedFields), so an object over the limit by this count is over it in etcd too.
 */
function storedBytesAtLeast(value: unknown, keysStored = false): number {
    if (typeof value === "string") return Buffer.byteLength(value);
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + storedBytesAtLeast(item), 0);
    if (value !== null && typeof value === "object")
        return Object.entries(value).reduce(
            (sum, [key, inner]) =>
                sum +
                (keysStored ? Buffer.byteLength(key) : 0) +
                storedBytesAtLeast(inner, ["labels", "annotations", "matchLabels"].includes(key)),
            0,
        );
    return 0;
}

/**
 * Every object a service becomes in a cluster stays within etcd's request limit; when one does not,
 * the error points at the largest part of the entry that fills it.
 */
function checkStoredSizes(target: WorkloadTarget, objects: { kind: string; object: unknown }[]): void {
    const service = target.service;
    const override = service.overrides[target.cluster.name];
    for (const { kind, object } of objects) {
        const bytes = storedBytesAtLeast(object);
        if (bytes <= ETCD_MAX_REQUEST_BYTES) continue;
        const parts: [PathPart[], number][] = [
            ...service.containers.map((c, i): [PathPart[], number] => [["containers", i, "env"], mapBytes(c.env)]),
            [["overrides", target.cluster.name, "env"], mapBytes(override?.env)],
            // The Deployment carries them twice: on itself and on its pod template.
            [["overrides", target.cluster.name, "annotations"], 2 * mapBytes(override?.annotations)],
            [["overrides", target.cluster.name, "serviceAnnotations"], mapBytes(override?.serviceAnnotations)],
        ];
        const [path, share] = parts.reduce((largest, part) => (part[1] > largest[1] ? part : largest));
        fail(
            path,
            `a ${kind} in ${target.cluster.name} of at most ${ETCD_MAX_REQUEST_BYTES} bytes (etcd's default request limit: the API server cannot store a larger object)`,
            `at least ${bytes} bytes, ${share} of them from here`,
        );
    }
}

// --- One cluster's objects -----------------------------------------------------------

/**
 * The rules the API server applies to the objects a service becomes in one cluster, checked on the
 * objects themselves (manifests.ts): pod annotations it validates, Service annotations it validates,
 * at most 256 KiB of annotations per object with fedfleet's own, at most etcd's request limit per
 * object; and an internal service's annotations still make its load balancer internal. Throws
 * FleetConfigError located relative to the service's entry.
 */
export function checkWorkloadAgainstApi(target: WorkloadTarget): void {
    const cluster = target.cluster.name;
    const deployment = deploymentManifest(target);
    const service = serviceManifest(target);
    const serviceAnnotations = service.metadata.annotations ?? {};
    const userServiceAnnotations = ["overrides", cluster, "serviceAnnotations"];

    if (target.service.exposure === "internal") {
        const exposed = publicLoadBalancerAnnotation(
            target.cluster.cloud,
            serviceAnnotations,
            target.cluster.internalServiceAnnotations,
        );
        if (exposed)
            fail(
                [...userServiceAnnotations, exposed.key],
                `${exposed.internal}, which keeps the load balancer internal as exposure: internal says`,
                describeFound(serviceAnnotations[exposed.key]),
            );
    }

    const template = deployment.spec.template;
    checkPodAnnotations(
        (template.metadata?.annotations ?? {}) as Record<string, string>,
        template.spec as unknown as PodSpecView,
        ["overrides", cluster, "annotations"],
    );
    checkServiceAnnotations(serviceAnnotations, userServiceAnnotations);

    const serviceBytes = mapBytes(serviceAnnotations);
    if (serviceBytes > MAX_ANNOTATIONS_BYTES)
        fail(
            userServiceAnnotations,
            `annotations of at most ${MAX_ANNOTATIONS_BYTES} bytes in all on the Service in ${cluster}, fedfleet's own load-balancer annotations included (Kubernetes' limit)`,
            `${serviceBytes} bytes`,
        );

    checkStoredSizes(target, [
        { kind: "Deployment", object: deployment },
        { kind: "Service", object: service },
        { kind: "ServiceAccount", object: serviceAccountManifest(target) },
        { kind: "NetworkPolicy", object: networkPolicyManifest(target) },
        { kind: "PodDisruptionBudget", object: podDisruptionBudgetManifest(target) ?? {} },
        { kind: "HorizontalPodAutoscaler", object: horizontalPodAutoscalerManifest(target) ?? {} },
    ]);
}
