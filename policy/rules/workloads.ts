// Rules for what runs in the clusters: pinned images from allowed registries, resource
// requests and limits, a restricted security context, probes, disruption budgets, zone spread.
// They read the pod of every kind that runs one (support.ts podOf) and every container of it;
// a `<Kind>Patch` is read for what it sets on the object it patches.
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    checkedFrom,
    enforcedVersion,
    HOST_PROBES_CHECK,
    relaxedFrom,
    safeSysctl,
    SELINUX_ENGINE_TYPE,
    USER_NAMESPACE_RELAXATION,
    VersionBounds,
} from "./pod-security-versions";
import {
    byUrn,
    Container,
    ContainerList,
    containersOf,
    describeObject,
    isSet,
    PodOf,
    podOf,
    Props,
    selectorMatches,
    TYPES,
    workloadKind,
} from "./support";

type Report = (message: string) => void;

/** Runs `check` on the pod of any pod-bearing resource, with a readable name for messages. */
function forWorkloads(check: (pod: PodOf, what: string, args: ResourceValidationArgs, report: Report) => void) {
    return (args: ResourceValidationArgs, report: Report) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        check(pod, `${workloadKind(pod)} ${describeObject(args.props, args.name)}`, args, report);
    };
}

// Image references as the kubelet reads them: distribution/reference (regexp.go, normalize.go and
// reference.go at commit 0965666a), ParseNormalizedNamed. Group 1 is the name, 2 the tag, 3 the digest.
const ALPHANUMERIC = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_NAME = `${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*`;
const DOMAIN_AND_PORT = `(?:${DOMAIN_NAME}|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const NAME = `(?:${DOMAIN_AND_PORT}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`);
// The one digest the pack accepts: go-digest's sha256, 64 lowercase hex (OCI image-spec descriptor).
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
// Longer than any valid reference (255-character path, 128-character tag, a digest and a host):
// refused before the regular expression, which backtracks where Go's RE2 would not.
const MAX_REFERENCE_LENGTH = 1024;

/** An image reference's parts, normalized: `nginx` is docker.io, path library/nginx. */
export interface ImageReference {
    /** The registry host (and port), lower-cased: hosts are case-insensitive. */
    domain: string;
    /** The repository path's components. */
    path: string[];
    tag?: string;
    digest?: string;
}

/** Whether a name's first component is a registry host: a dot, a port, localhost or upper case. */
function looksLikeRegistry(component: string): boolean {
    return component === "localhost" || /[.:]/.test(component) || component.toLowerCase() !== component;
}

/** The registry of a name, else Docker Hub, where one-component names live under library/ (splitDockerDomain). */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
    const slash = name.indexOf("/");
    let domain = "docker.io";
    let remainder = name;
    if (slash >= 0 && looksLikeRegistry(name.slice(0, slash))) {
        domain = name.slice(0, slash) === "index.docker.io" ? "docker.io" : name.slice(0, slash);
        remainder = name.slice(slash + 1);
    }
    if (domain === "docker.io" && !remainder.includes("/")) remainder = `library/${remainder}`;
    return { domain, remainder };
}

/**
 * Parses `[registry/]repository[:tag][@sha256:digest]` as the kubelet does (ParseNormalizedNamed);
 * undefined when malformed: two `@`, an empty or invalid tag, an upper-case repository, a digest other
 * than sha256 and 64 lowercase hex. A registry port is not a tag: `registry:5000/repo` has none.
 */
export function parseImage(image: string): ImageReference | undefined {
    if (image.length === 0 || image.length > MAX_REFERENCE_LENGTH || /^[a-f0-9]{64}$/.test(image)) return undefined;
    const { domain, remainder } = splitDockerDomain(image);
    const colon = remainder.indexOf(":");
    const repository = colon < 0 ? remainder : remainder.slice(0, colon);
    if (repository.toLowerCase() !== repository) return undefined;
    const match = REFERENCE.exec(`${domain}/${remainder}`);
    if (!match) return undefined;
    const [, name, tag, digest] = match;
    const named = ANCHORED_NAME.exec(name);
    if (!named || named[2].length > 255) return undefined;
    if (digest !== undefined && !SHA256_DIGEST.test(digest)) return undefined;
    return { domain: (named[1] ?? domain).toLowerCase(), path: named[2].split("/"), tag, digest };
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
    validateResource: forWorkloads((pod, what, args, report) => {
        const requireDigest = args.getConfig<ImageConfig>().requireDigest === true;
        for (const container of containersOf(pod.spec)) {
            // A patch that names no image keeps the object's.
            if (pod.patch && container.image === undefined) continue;
            const image = String(container.image ?? "");
            const ref = parseImage(image);
            if (!ref)
                report(
                    `${what}: container ${container.name} image "${image}" is not a valid image reference (registry/repository[:tag][@sha256:<64 hex>]).`,
                );
            else if (ref.digest) continue;
            else if (!ref.tag)
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

/**
 * A configured registry prefix (`ghcr.io/acme/`) as a registry and whole path components, so it admits
 * ghcr.io/acme/web but not ghcr.io/acme-evil/web. Its first component is the registry when it looks like
 * a host; otherwise the prefix is a Docker Hub path.
 */
function registryPrefix(prefix: string): { domain: string; path: string[] } | undefined {
    const parts = prefix.replace(/\/$/, "").split("/");
    if (parts.some((part) => part === "")) return undefined;
    const [first, ...rest] = parts;
    if (!looksLikeRegistry(first)) return { domain: "docker.io", path: parts };
    return { domain: (first === "index.docker.io" ? "docker.io" : first).toLowerCase(), path: rest };
}

/**
 * A registry host as a client reaches it: registries speak HTTPS (distribution spec), whose default
 * port is 443 (RFC 9110, section 4.2.2), so `ghcr.io:443` is `ghcr.io`; any other port is another server.
 */
function registryHost(domain: string): string {
    return domain.endsWith(":443") ? domain.slice(0, -":443".length) : domain;
}

/** Whether an image's registry and repository lie under a configured prefix, component by component. */
function fromRegistry(ref: ImageReference, prefix: { domain: string; path: string[] }): boolean {
    return (
        registryHost(ref.domain) === registryHost(prefix.domain) &&
        prefix.path.length <= ref.path.length &&
        prefix.path.every((part, index) => ref.path[index] === part)
    );
}

/** Images only from the `registries` prefixes in the pack's config; not applicable when none are configured. */
export const allowedRegistries: ResourceValidationPolicy = {
    name: "allowed-registries",
    description: "Container images come from the configured registries (prefixes such as ghcr.io/acme/).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { registries: { type: "array", items: { type: "string" } } } },
    validateResource: forWorkloads((pod, what, args, report) => {
        const registries = args.getConfig<RegistryConfig>().registries ?? [];
        if (registries.length === 0) args.notApplicable("no registries configured");
        const prefixes = registries.map(registryPrefix).filter((prefix) => prefix !== undefined);
        for (const container of containersOf(pod.spec)) {
            if (pod.patch && container.image === undefined) continue;
            const image = String(container.image ?? "");
            const ref = parseImage(image);
            // A malformed reference names no registry the rule can vouch for (image-pinned says why).
            if (!ref || !prefixes.some((prefix) => fromRegistry(ref, prefix))) {
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
    validateResource: forWorkloads((pod, what, _args, report) => {
        // A patch leaves the resources it does not set as the object has them.
        if (pod.patch) return;
        // Not ephemeral containers: the API forbids them resources (they use the pod's).
        for (const container of containersOf(pod.spec, ["initContainers", "containers"])) {
            const missing = ["requests", "limits"].flatMap((kind) =>
                ["cpu", "memory"]
                    .filter((resource) => container.resources?.[kind]?.[resource] === undefined)
                    .map((resource) => `${kind}.${resource}`),
            );
            if (missing.length > 0) report(`${what}: container ${container.name} sets no ${missing.join(", ")}.`);
        }
    }),
};

// Pod Security Standards "restricted": the checks of kubernetes/pod-security-admission policy/check_*.go
// (commit 8f84a87c) at the baseline and restricted levels, over every container list as its
// visitContainers walks them. Each check below names its check ID. The checks whose outcome changes
// with the Pod Security version follow the version the pod is admitted under (pod-security-versions.ts).

/** Seccomp and AppArmor profile types restricted allows (seccompProfile_restricted, appArmorProfile). */
const CONFINED_PROFILES = ["RuntimeDefault", "Localhost"];
/** seLinuxOptions: the types allowed (container_engine_t from 1.31); user and role may not be set at all. */
const SELINUX_TYPES = ["", "container_t", "container_init_t", "container_kvm_t"];
/** restrictedVolumes: the inline volume sources restricted allows (it also covers hostPathVolumes). */
const RESTRICTED_VOLUME_SOURCES = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];
const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

/** seLinuxOptions: what a pod or container sets that is not allowed, if anything. */
function seLinuxProblem(options: Props | undefined, version: VersionBounds): string | undefined {
    if (!options) return undefined;
    const engine = options.type === "container_engine_t" && relaxedFrom(version, SELINUX_ENGINE_TYPE);
    const bad = [
        ...(SELINUX_TYPES.includes(options.type ?? "") || engine ? [] : [`type ${options.type}`]),
        ...(options.user ? [`user ${options.user}`] : []),
        ...(options.role ? [`role ${options.role}`] : []),
    ];
    return bad.length > 0 ? `sets seLinuxOptions ${bad.join(", ")}` : undefined;
}

/** hostProbesAndHostLifecycle: hosts named by a container's probes and lifecycle hooks. */
function probeHosts(container: Container): string[] {
    const handlers = [
        container.livenessProbe,
        container.readinessProbe,
        container.startupProbe,
        container.lifecycle?.postStart,
        container.lifecycle?.preStop,
    ];
    return handlers.flatMap((handler) =>
        [handler?.httpGet?.host, handler?.tcpSocket?.host].filter((host): host is string => Boolean(host)),
    );
}

/**
 * What a pod's own fields break of the restricted profile, and what each container's do, under the
 * Pod Security version given. A patch is read for what it sets: a field it leaves out keeps the
 * patched object's value, so only values it sets that the profile forbids count.
 */
function restrictedProblems(pod: PodOf, version: VersionBounds): { pod: string[]; containers: [string, string[]][] } {
    const spec = pod.spec;
    const patch = pod.patch === true;
    const context: Props = spec.securityContext ?? {};
    // Windows pods are exempt from capabilities_restricted, seccompProfile_restricted and
    // allowPrivilegeEscalation (their _1_25 versions): the API forbids them those Linux fields.
    const linux = spec.os?.name !== "windows";
    // runAsNonRoot and runAsUser: lifted for pods in a user namespace from 1.35.
    const userNamespace = spec.hostUsers === false && relaxedFrom(version, USER_NAMESPACE_RELAXATION);
    const podSeccomp: string | undefined = context.seccompProfile ? context.seccompProfile.type : undefined;
    const podProblems: string[] = [];

    // hostNamespaces
    const shared = ["hostNetwork", "hostPID", "hostIPC"].filter((field) => spec[field] === true);
    if (shared.length > 0) podProblems.push(`shares host namespaces (${shared.map((f) => `${f}=true`).join(", ")})`);
    // restrictedVolumes (hostPathVolumes at baseline): any path, / included.
    const restricted = ((spec.volumes ?? []) as Props[]).flatMap((volume) => {
        // The source's presence is known before anything exists, even where its contents are not.
        const sources = Object.keys(volume).filter((key) => key !== "name" && isSet(volume, key));
        if (sources.some((source) => RESTRICTED_VOLUME_SOURCES.includes(source))) return [];
        return [`"${volume.name}" (${sources[0] ?? "unknown"})`];
    });
    if (restricted.length > 0) podProblems.push(`uses restricted volume types: ${restricted.join(", ")}`);
    // sysctls
    const unsafe = ((context.sysctls ?? []) as Props[])
        .map((sysctl) => String(sysctl.name))
        .filter((name) => !safeSysctl(version, name));
    if (unsafe.length > 0) podProblems.push(`sets unsafe sysctls ${unsafe.join(", ")}`);
    // runAsNonRoot, runAsUser
    if (context.runAsNonRoot === false && !userNamespace) podProblems.push("sets runAsNonRoot=false");
    if (context.runAsUser === 0 && !userNamespace) podProblems.push("sets runAsUser=0");
    // seccompProfile_restricted
    if (linux && context.seccompProfile && !CONFINED_PROFILES.includes(podSeccomp ?? ""))
        podProblems.push(`sets seccompProfile ${podSeccomp}`);
    // seLinuxOptions
    const podSeLinux = seLinuxProblem(context.seLinuxOptions, version);
    if (podSeLinux) podProblems.push(podSeLinux);
    // appArmorProfile: the field, and the beta annotations still honoured.
    if (context.appArmorProfile && !CONFINED_PROFILES.includes(context.appArmorProfile.type))
        podProblems.push(`sets AppArmor profile ${context.appArmorProfile.type}`);
    // Only AppArmor annotations are read: others may hold values computed later (checksums).
    const annotations: Record<string, string> = pod.metadata.annotations ?? {};
    for (const key of Object.keys(annotations).filter((k) => k.startsWith(APPARMOR_ANNOTATION))) {
        const value = String(annotations[key]);
        if (!(value === "" || value === "runtime/default" || value.startsWith("localhost/")))
            podProblems.push(`sets AppArmor profile ${value} (${key})`);
    }
    // windowsHostProcess
    if (context.windowsOptions?.hostProcess === true) podProblems.push("runs as a Windows HostProcess");

    const containers = containersOf(spec).map((container): [string, string[]] => {
        const own: Props = container.securityContext ?? {};
        const problems: string[] = [];
        // runAsNonRoot: true on the container, or left unset under a pod that sets it.
        const implicitRoot = !patch && own.runAsNonRoot == null && context.runAsNonRoot !== true;
        if ((own.runAsNonRoot === false || implicitRoot) && !userNamespace)
            problems.push("may run as root (runAsNonRoot)");
        // privileged
        if (own.privileged === true) problems.push("is privileged");
        // allowPrivilegeEscalation
        const escalates = patch ? own.allowPrivilegeEscalation === true : own.allowPrivilegeEscalation !== false;
        if (linux && escalates) problems.push("allows privilege escalation");
        // capabilities_restricted: drop ALL, add nothing but NET_BIND_SERVICE.
        const drop = own.capabilities?.drop as string[] | undefined;
        if (linux && !(drop ?? []).includes("ALL") && !(patch && drop === undefined))
            problems.push("does not drop ALL capabilities");
        const added = ((own.capabilities?.add ?? []) as string[]).filter((cap) => cap !== "NET_BIND_SERVICE");
        if (linux && added.length > 0)
            problems.push(`adds capabilities ${added.join(", ")} (only NET_BIND_SERVICE may be added)`);
        // seccompProfile_restricted: its own confined profile, or the pod's.
        if (linux && own.seccompProfile && !CONFINED_PROFILES.includes(own.seccompProfile.type))
            problems.push(`sets seccompProfile ${own.seccompProfile.type}`);
        else if (linux && !patch && !own.seccompProfile && !CONFINED_PROFILES.includes(podSeccomp ?? ""))
            problems.push("has no seccompProfile (RuntimeDefault or Localhost, on it or on the pod)");
        // runAsUser
        if (own.runAsUser === 0 && !userNamespace) problems.push("runs as user 0 (runAsUser)");
        // hostPorts
        const hostPorts = (container.ports ?? []).map((port) => port.hostPort).filter((hostPort) => hostPort);
        if (hostPorts.length > 0) problems.push(`uses hostPort ${hostPorts.join(", ")}`);
        // procMount_restricted (and baseline before 1.35): Default only.
        if (own.procMount != null && own.procMount !== "Default") problems.push(`sets procMount ${own.procMount}`);
        // seLinuxOptions
        const seLinux = seLinuxProblem(own.seLinuxOptions, version);
        if (seLinux) problems.push(seLinux);
        // appArmorProfile
        if (own.appArmorProfile && !CONFINED_PROFILES.includes(own.appArmorProfile.type))
            problems.push(`sets AppArmor profile ${own.appArmorProfile.type}`);
        // windowsHostProcess
        if (own.windowsOptions?.hostProcess === true) problems.push("runs as a Windows HostProcess");
        // hostProbesAndHostLifecycle (from 1.34): the kubelet would call another host on the pod's behalf.
        const hosts = checkedFrom(version, HOST_PROBES_CHECK) ? probeHosts(container) : [];
        if (hosts.length > 0) problems.push(`probes or hooks host ${hosts.join(", ")}`);
        return [String(container.name), problems];
    });
    return { pod: podProblems, containers: containers.filter(([, problems]) => problems.length > 0) };
}

/** The namespace an object lives in, as the API server defaults it. */
const objectNamespace = (props: Props): string => props.metadata?.namespace ?? "default";

/**
 * Pod Security Standards "restricted", which fedfleet's namespaces enforce: no host namespaces, ports,
 * paths or probes; only restricted volume types and safe sysctls; non-root, unprivileged, without
 * privilege escalation, all capabilities dropped (NET_BIND_SERVICE may be added back), a confined
 * seccomp profile; in every container, init and ephemeral ones included. A stack rule: the checks
 * that changed between versions follow the cluster's Kubernetes version and the namespace's pin.
 */
export const podSecurity: StackValidationPolicy = {
    name: "pod-security",
    description:
        "Pods meet the Pod Security Standards restricted profile, at the version their cluster and namespace enforce: non-root, unprivileged, no privilege escalation, capabilities dropped, a confined seccomp profile, no host namespaces, ports or paths.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const urns = byUrn(args.resources);
        for (const workload of args.resources) {
            const pod = podOf(workload.type, workload.props);
            if (!pod) continue;
            const what = `${workloadKind(pod)} ${describeObject(workload.props, workload.name)}`;
            const version = enforcedVersion(workload, objectNamespace(workload.props), args.resources, urns);
            const problems = restrictedProblems(pod, version);
            if (problems.pod.length > 0) report(`${what}: pod ${problems.pod.join(", ")}.`, workload.urn);
            for (const [name, list] of problems.containers)
                report(`${what}: container ${name} ${list.join(", ")}.`, workload.urn);
        }
    },
};

/** Read-only root filesystems; advisory, since some software must write. */
export const readOnlyRootFilesystem: ResourceValidationPolicy = {
    name: "read-only-root-filesystem",
    description: "Containers mount their root filesystem read-only (advisory: some software needs to write).",
    enforcementLevel: "advisory",
    validateResource: forWorkloads((pod, what, _args, report) => {
        for (const container of containersOf(pod.spec)) {
            const readOnly = container.securityContext?.readOnlyRootFilesystem;
            if (pod.patch ? readOnly === false : readOnly !== true)
                report(`${what}: container ${container.name} has a writable root filesystem.`);
        }
    }),
};

/** Kinds whose pods run to completion: no traffic to be ready for. */
const BATCH_KINDS = ["Job", "CronJob"];

/** Liveness and readiness probes on every main container (not init or ephemeral ones, nor batch pods). */
export const containerProbes: ResourceValidationPolicy = {
    name: "container-probes",
    description: "Every main container of a long-running workload has a liveness and a readiness probe.",
    enforcementLevel: "mandatory",
    validateResource: forWorkloads((pod, what, _args, report) => {
        if (BATCH_KINDS.includes(pod.kind) || pod.patch) return;
        const main: ContainerList[] = ["containers"];
        for (const container of containersOf(pod.spec, main)) {
            const missing = (["livenessProbe", "readinessProbe"] as const).filter((probe) => !container[probe]);
            if (missing.length > 0) report(`${what}: container ${container.name} has no ${missing.join(" or ")}.`);
        }
    }),
};

const PDB_PATCH = "kubernetes:policy/v1:PodDisruptionBudgetPatch";

/** Kinds that keep a number of replicas (`spec.replicas`) of one pod template. */
const REPLICATED_KINDS = ["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"];
const ZONE_KEY = "topology.kubernetes.io/zone";
/**
 * Node labels naming a node's zone: the well-known one, its deprecated beta predecessor (Kubernetes
 * well-known labels), and GKE's own (topology.gke.io/zone, GKE docs on zonal persistent disks).
 */
const ZONE_LABELS = [ZONE_KEY, "failure-domain.beta.kubernetes.io/zone", "topology.gke.io/zone"];
const HPA_TOKEN = /^kubernetes:autoscaling\/[^:]+:HorizontalPodAutoscaler$/;

/** Whether two resources reach the same cluster: the same Kubernetes provider. */
const sameCluster = (a: PolicyResource, b: PolicyResource) => a.provider?.urn === b.provider?.urn;

/**
 * How many pods a replicated workload runs: with an HPA that targets it (same cluster, namespace, kind
 * and name) between the HPA's bounds, without one its replicas (1 by default). The ceiling counts the
 * replicas too: the budget and the spread must hold before the HPA scales up.
 */
function replicaRange(
    workload: PolicyResource,
    kind: string,
    resources: readonly PolicyResource[],
): { floor: number; ceiling: number } {
    const meta: Props = workload.props.metadata ?? {};
    const namespace = objectNamespace(workload.props);
    const hpas = resources.filter(
        (r) =>
            HPA_TOKEN.test(r.type) &&
            sameCluster(r, workload) &&
            objectNamespace(r.props) === namespace &&
            r.props.spec?.scaleTargetRef?.kind === kind &&
            r.props.spec?.scaleTargetRef?.name === meta.name,
    );
    const replicas: number | undefined = workload.props.spec?.replicas;
    const floor = hpas.length ? Math.min(...hpas.map((hpa) => hpa.props.spec?.minReplicas ?? 1)) : (replicas ?? 1);
    const ceiling = Math.max(floor, replicas ?? 0, ...hpas.map((hpa) => hpa.props.spec?.maxReplicas ?? 0));
    return { floor, ceiling };
}

/**
 * The one place every pod of a spec may go, if it is pinned to one: a node (nodeName), or a zone by
 * nodeSelector or by required node affinity whose every term allows the same single zone (terms are
 * ORed, a term's expressions ANDed: Kubernetes node affinity).
 */
function pinnedPlacement(spec: Props): string | undefined {
    if (typeof spec.nodeName === "string" && spec.nodeName !== "") return `node ${spec.nodeName}`;
    for (const label of ZONE_LABELS) {
        const zone = spec.nodeSelector?.[label];
        if (typeof zone === "string") return `zone ${zone} (nodeSelector ${label})`;
    }
    const terms: Props[] =
        spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return undefined;
    const allowed = new Set<string>();
    for (const term of terms) {
        let zones: string[] | undefined;
        for (const expression of (term.matchExpressions ?? []) as Props[]) {
            if (!ZONE_LABELS.includes(expression.key) || expression.operator !== "In") continue;
            const values: string[] = expression.values ?? [];
            zones = zones === undefined ? values : zones.filter((zone) => values.includes(zone));
        }
        // A term that leaves the zone open lets pods go anywhere.
        if (zones === undefined) return undefined;
        zones.forEach((zone) => allowed.add(zone));
    }
    return allowed.size === 1 ? `zone ${[...allowed][0]} (required node affinity)` : undefined;
}

/**
 * Zone spread of pods for replicated workloads that may run more than one (their replicas, or their
 * HPA's maximum): a zone constraint whose labelSelector selects the workload's own pods (the scheduler
 * counts only the pods a constraint selects: LabelSelectorAsSelector selects none without a selector;
 * matchLabelKeys only narrows it to the pod's own values), with a maxSkew below the fewest pods it runs
 * (from 2): a maxSkew of N lets N pods share one zone while another has none. No nodeName, nodeSelector
 * or required node affinity may pin every pod to one zone. A `<Kind>Patch` is checked for what it sets.
 */
export const zoneSpread: StackValidationPolicy = {
    name: "zone-spread",
    description:
        "Replicated workloads, counting their autoscaler's maximum, spread their pods across zones (topologySpreadConstraints on topology.kubernetes.io/zone that select their pods, with a maxSkew below their pod count) and pin none to one zone.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const workload of args.resources) {
            const pod = podOf(workload.type, workload.props);
            if (!pod || !REPLICATED_KINDS.includes(pod.kind)) continue;
            const what = `${workloadKind(pod)} ${describeObject(workload.props, workload.name)}`;
            // A patch's pod count is that of the object it patches, when the stack declares it.
            const patched = pod.patch
                ? args.resources.find(
                      (r) =>
                          r.type === workload.type.replace(/Patch$/, "") &&
                          sameCluster(r, workload) &&
                          objectNamespace(r.props) === objectNamespace(workload.props) &&
                          r.props.metadata?.name === workload.props.metadata?.name,
                  )
                : undefined;
            // A patch of an object the stack does not declare, setting no replicas, runs an unknown
            // number of pods: left alone rather than flagged for a single-replica object.
            if (pod.patch && !patched && workload.props.spec?.replicas === undefined) continue;
            const { floor, ceiling } = replicaRange(patched ?? workload, pod.kind, args.resources);
            if (ceiling < 2) continue;
            const pinned = pinnedPlacement(pod.spec);
            if (pinned) {
                report(`${what} pins every pod to ${pinned}, so one zone's loss takes them all.`, workload.urn);
                continue;
            }
            const constraints: Props[] = (pod.spec.topologySpreadConstraints ?? []).filter(
                (constraint: Props) => constraint.topologyKey === ZONE_KEY,
            );
            const labels: Record<string, string> = pod.metadata.labels ?? {};
            // A patch is judged on the zone constraints it sets; the object keeps its own.
            const selecting = pod.patch
                ? constraints
                : constraints.filter((constraint) => selectorMatches(constraint.labelSelector, labels));
            if (!pod.patch && constraints.length === 0)
                report(
                    `${what} does not spread pods across zones (topologySpreadConstraints on ${ZONE_KEY}).`,
                    workload.urn,
                );
            else if (!pod.patch && selecting.length === 0)
                report(
                    `${what} does not spread pods across zones: its topologySpreadConstraints on ${ZONE_KEY} select none of its pods (labelSelector must match the pod template's labels).`,
                    workload.urn,
                );
            else if (selecting.length > 0) {
                const fewest = Math.max(2, floor);
                const skew = Math.min(...selecting.map((constraint) => Number(constraint.maxSkew ?? 1)));
                if (skew >= fewest)
                    report(
                        `${what}: its zone constraint's maxSkew ${skew} lets all ${fewest} of its pods share one zone (maxSkew must be below the pod count).`,
                        workload.urn,
                    );
            }
        }
    },
};

/**
 * An IntOrString of a PDB scaled to `total` pods, rounding up as the disruption controller does
 * (intstr.GetScaledValueFromIntOrPercent(..., true)); NaN for a string that is not a percentage.
 */
function scaled(value: number | string, total: number): number {
    if (typeof value === "number") return value;
    const percent = /^(\d+)%$/.exec(value);
    return percent ? Math.ceil((Number(percent[1]) * total) / 100) : NaN;
}

/**
 * The evictions a PDB allows among `replicas` healthy pods (pkg/controller/disruption getExpectedPodCount):
 * with maxUnavailable, that many; with minAvailable, the pods above it; with neither, all. A value the
 * controller cannot read makes it allow none (failSafe).
 */
function disruptionsAllowed(spec: Props, replicas: number): number {
    let desiredHealthy = 0;
    if (spec.maxUnavailable != null) desiredHealthy = Math.max(0, replicas - scaled(spec.maxUnavailable, replicas));
    else if (spec.minAvailable != null) desiredHealthy = scaled(spec.minAvailable, replicas);
    return Number.isNaN(desiredHealthy) ? 0 : replicas - desiredHealthy;
}

/** How a PDB limits evictions, for messages: `maxUnavailable 0`. */
function budgetOf(spec: Props): string {
    return spec.maxUnavailable != null ? `maxUnavailable ${spec.maxUnavailable}` : `minAvailable ${spec.minAvailable}`;
}

/**
 * PodDisruptionBudgets for replicated workloads, in the same cluster and namespace, selecting the pod
 * template's labels (matchLabels and matchExpressions): one wherever the workload can run 2 or more
 * pods (its replicas, or its HPA's maxReplicas: the budget must exist before the HPA scales up); none
 * that allows no eviction at the workload's floor (its replicas, or the HPA's minReplicas), which would
 * block node drains; never two, since the eviction API refuses pods that more than one selects.
 */
export const pdbForReplicated: StackValidationPolicy = {
    name: "pdb-for-replicated",
    description:
        "A workload that can run 2 or more replicas (counting its autoscaler's maximum) has exactly one PodDisruptionBudget in its cluster, and that budget lets a node drain.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const namespaceOf = (r: PolicyResource): string => objectNamespace(r.props);
        for (const workload of args.resources) {
            const pod = podOf(workload.type, workload.props);
            if (!pod || pod.patch || !REPLICATED_KINDS.includes(pod.kind)) continue;
            const meta: Props = workload.props.metadata ?? {};
            const namespace = namespaceOf(workload);
            const what = `${pod.kind} ${namespace}/${meta.name}`;
            const inScope = (r: PolicyResource) => sameCluster(r, workload) && namespaceOf(r) === namespace;
            const { floor, ceiling } = replicaRange(workload, pod.kind, args.resources);
            const podLabels: Record<string, string> = pod.metadata.labels ?? {};
            const budgets = args.resources.filter(
                (r) => r.type === TYPES.pdb && inScope(r) && selectorMatches(r.props.spec?.selector, podLabels),
            );
            // A PodDisruptionBudgetPatch of one of them sets its fields over the budget's own.
            const specOf = (budget: PolicyResource): Props => {
                const patches = args.resources.filter(
                    (r) => r.type === PDB_PATCH && inScope(r) && r.props.metadata?.name === budget.props.metadata?.name,
                );
                return Object.assign({}, budget.props.spec ?? {}, ...patches.map((p) => p.props.spec ?? {}));
            };
            if (budgets.length === 0 && ceiling >= 2) {
                reportViolation(
                    floor >= 2
                        ? `${what} runs ${floor} or more replicas but no PodDisruptionBudget selects its pods.`
                        : `${what} can be scaled to ${ceiling} replicas by its HorizontalPodAutoscaler but no PodDisruptionBudget selects its pods.`,
                    workload.urn,
                );
            }
            if (budgets.length > 1) {
                const names = budgets.map((b) => `${namespaceOf(b)}/${b.props.metadata?.name}`).join(", ");
                reportViolation(
                    `${what} is selected by ${budgets.length} PodDisruptionBudgets (${names}); the eviction API refuses to evict pods that more than one selects, so node drains block.`,
                    workload.urn,
                );
            }
            const scale = Math.max(floor, 1);
            for (const budget of budgets) {
                const spec = specOf(budget);
                if (disruptionsAllowed(spec, scale) > 0) continue;
                reportViolation(
                    `PodDisruptionBudget ${namespaceOf(budget)}/${budget.props.metadata?.name} allows no eviction of ${what} at ${scale} replicas (${budgetOf(spec)}), so node drains block; let at least one pod go.`,
                    workload.urn,
                );
            }
        }
        // A patch of a budget the stack does not declare: maxUnavailable 0 allows no eviction whatever it selects.
        for (const patch of args.resources.filter((r) => r.type === PDB_PATCH)) {
            const maxUnavailable = patch.props.spec?.maxUnavailable;
            const declared = args.resources.some(
                (r) =>
                    r.type === TYPES.pdb &&
                    sameCluster(r, patch) &&
                    objectNamespace(r.props) === objectNamespace(patch.props) &&
                    r.props.metadata?.name === patch.props.metadata?.name,
            );
            if (!declared && (maxUnavailable === 0 || maxUnavailable === "0%"))
                reportViolation(
                    `PodDisruptionBudgetPatch ${describeObject(patch.props, patch.name)} sets maxUnavailable ${maxUnavailable}: it allows no eviction of the pods it selects, so node drains block.`,
                    patch.urn,
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
