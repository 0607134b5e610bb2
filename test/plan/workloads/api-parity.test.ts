// What a real Kubernetes API server refuses of the objects fedfleet generates, refused first by
// the stack's validation: each case edits the checked-in dev stack and names the exact line the
// user sees (kubernetes/kubernetes pkg/apis/core/validation/validation.go and apimachinery; etcd's
// request limit; the cloud controllers' internal load-balancer annotations). Cases that the API
// accepts are listed too: a rule that refused them would be a false alarm.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { validateFleet } from "../../../src/plan/config/validate";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import { readStackFile } from "../../../src/preview/harness/stack-file";
import { one, planStack, stackFilePath } from "../../support/plan";
import { refusal } from "../../support/plan-cli";

const FILE = "stacks/Pulumi.dev.yaml";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw stack documents are edited freely
type Fleet = Record<string, any>;

/** The dev stack's `fedfleet:` namespace, as the stack file holds it (a fresh copy). */
function devFleet(): Fleet {
    return structuredClone(readStackFile(stackFilePath("dev"), FILE).fleetRaw) as Fleet;
}

/** The line validation reports for the edited dev stack, or undefined when it passes. */
function lineFor(edit: (fleet: Fleet) => void): string | undefined {
    const fleet = devFleet();
    edit(fleet);
    try {
        validateFleet(fleet, FILE, "dev");
        return undefined;
    } catch (error) {
        if (error instanceof FleetConfigError) return error.message;
        throw error;
    }
}

/** storefront (services[0]), placed on aws-use1 and gke-euw1; checkout is services[1]. */
const storefront = (fleet: Fleet) => fleet.services[0];
const web = (fleet: Fleet) => storefront(fleet).containers[0];
/** Sets annotations (pod template and Deployment) or Service annotations of storefront in one cluster. */
function override(fleet: Fleet, cluster: string, key: "annotations" | "serviceAnnotations", value: Fleet): void {
    const overrides = (storefront(fleet).overrides ??= {});
    overrides[cluster] = { ...overrides[cluster], [key]: value };
}
const podAnnotation = (key: string, value: string) => (fleet: Fleet) =>
    override(fleet, "aws-use1", "annotations", { [key]: value });
const serviceAnnotation = (cluster: string, annotations: Fleet) => (fleet: Fleet) =>
    override(fleet, cluster, "serviceAnnotations", annotations);
const internal = (fleet: Fleet) => (storefront(fleet).exposure = "internal");

const S0 = `${FILE}: fedfleet:services[0]`;

/** [what the API server does, the edit, the exact line (undefined: accepted)]. */
const CASES: [string, (fleet: Fleet) => void, string | undefined][] = [
    // k/k validateContainerPorts: names are unique per container only.
    [
        "validateContainerPorts: a port name twice in one container",
        (f) =>
            (web(f).ports = [
                { name: "http", containerPort: 8080 },
                { name: "http", containerPort: 8081 },
            ]),
        `${S0}.containers[0].ports[1].name: expected a port name unique in container "web", found "http"`,
    ],
    [
        "validateContainerPorts: the same port name in two containers is accepted",
        (f) =>
            storefront(f).containers.push({
                ...structuredClone(web(f)),
                name: "sidecar",
                ports: [{ name: "http", containerPort: 9000 }],
            }),
        undefined,
    ],
    // k/k ValidateService: (protocol, port) unique.
    [
        "ValidateService: two Service ports 80/TCP",
        (f) =>
            (storefront(f).ports = [
                { name: "http", port: 80, targetPort: 8080 },
                { name: "alt", port: 80, targetPort: 8080 },
            ]),
        `${S0}.ports[1].port: expected a port and protocol no other port of the Service has (ports[0] is TCP 80), found 80`,
    ],
    [
        "ValidateService: 53/TCP and 53/UDP side by side are accepted",
        (f) =>
            (storefront(f).ports = [
                { name: "dns-tcp", port: 53, targetPort: 8080, protocol: "TCP" },
                { name: "dns-udp", port: 53, targetPort: 8080, protocol: "UDP" },
            ]),
        undefined,
    ],
    // int32 fields (apimachinery IsValidUserID: 0..math.MaxInt32; probe fields are int32).
    [
        "IsValidUserID: runAsUser 2^31",
        (f) => (web(f).runAsUser = 2 ** 31),
        `${S0}.containers[0].runAsUser: expected at most 2147483647, found 2147483648`,
    ],
    ["IsValidUserID: runAsUser 2^31 - 1 is accepted", (f) => (web(f).runAsUser = 2 ** 31 - 1), undefined],
    [
        "int32 probe periodSeconds",
        (f) => (web(f).readinessProbe.periodSeconds = 2 ** 31),
        `${S0}.containers[0].readinessProbe.periodSeconds: expected at most 2147483647, found 2147483648`,
    ],
    [
        "int32 probe failureThreshold",
        (f) => (web(f).livenessProbe.failureThreshold = 3e10),
        `${S0}.containers[0].livenessProbe.failureThreshold: expected at most 2147483647, found 30000000000`,
    ],
    [
        "int32 probe initialDelaySeconds",
        (f) => (web(f).livenessProbe.initialDelaySeconds = 2 ** 32),
        `${S0}.containers[0].livenessProbe.initialDelaySeconds: expected at most 2147483647, found 4294967296`,
    ],
    // ValidatePodSpecificAnnotations, on the Deployment's pod template.
    ...["+10", "008", "2147483648", "", "1.5", "-"].map((cost): [string, (f: Fleet) => void, string] => [
        `GetDeletionCostFromPodAnnotations: pod-deletion-cost ${JSON.stringify(cost)}`,
        podAnnotation("controller.kubernetes.io/pod-deletion-cost", cost),
        `${S0}.overrides.aws-use1.annotations["controller.kubernetes.io/pod-deletion-cost"]: expected a 32-bit integer, without '+' or leading zeros (the pod deletion cost), found ${JSON.stringify(cost)}`,
    ]),
    ...["-2147483648", "0", "-08", "2147483647"].map((cost): [string, (f: Fleet) => void, undefined] => [
        `GetDeletionCostFromPodAnnotations: pod-deletion-cost ${cost} is accepted`,
        podAnnotation("controller.kubernetes.io/pod-deletion-cost", cost),
        undefined,
    ]),
    [
        "ValidatePodSpecificAnnotations: a mirror-pod annotation without spec.nodeName",
        podAnnotation("kubernetes.io/config.mirror", "abc"),
        `${S0}.overrides.aws-use1.annotations["kubernetes.io/config.mirror"]: expected no kubernetes.io/config.mirror annotation (it marks a static pod; the API server refuses it on a pod without spec.nodeName, which fedfleet's pods never set), found "abc"`,
    ],
    [
        "ValidateTolerationsInPodAnnotations: not JSON",
        podAnnotation("scheduler.alpha.kubernetes.io/tolerations", "gpu"),
        `${S0}.overrides.aws-use1.annotations["scheduler.alpha.kubernetes.io/tolerations"]: expected tolerations the API server accepts: JSON (or use no such annotation), found "gpu"`,
    ],
    [
        "ValidateTolerations: no key needs operator Exists",
        podAnnotation("scheduler.alpha.kubernetes.io/tolerations", '[{"operator":"Equal","value":"x"}]'),
        `${S0}.overrides.aws-use1.annotations["scheduler.alpha.kubernetes.io/tolerations"]: expected tolerations the API server accepts: item 0 operator Exists, as it has no key (or use no such annotation), found "[{\\"operator\\":\\"Equal\\",\\"value\\":\\"x\\"}]"`,
    ],
    [
        "ValidateTolerations: tolerationSeconds needs NoExecute",
        podAnnotation(
            "scheduler.alpha.kubernetes.io/tolerations",
            '[{"key":"a","operator":"Exists","effect":"NoSchedule","tolerationSeconds":5}]',
        ),
        `${S0}.overrides.aws-use1.annotations["scheduler.alpha.kubernetes.io/tolerations"]: expected tolerations the API server accepts: item 0 effect NoExecute, as it sets tolerationSeconds (or use no such annotation), found "[{\\"key\\":\\"a\\",\\"operator\\":\\"Exists\\",\\"effect\\":\\"NoSchedule\\",\\"to..."`,
    ],
    [
        "ValidateTolerations: a valid list is accepted",
        podAnnotation(
            "scheduler.alpha.kubernetes.io/tolerations",
            '[{"key":"dedicated","operator":"Equal","value":"gpu","effect":"NoSchedule"},{"operator":"Exists"}]',
        ),
        undefined,
    ],
    [
        "validateSeccompAnnotationsAndFields: pod annotation unconfined beside the RuntimeDefault field",
        podAnnotation("seccomp.security.alpha.kubernetes.io/pod", "unconfined"),
        `${S0}.overrides.aws-use1.annotations["seccomp.security.alpha.kubernetes.io/pod"]: expected runtime/default, the seccomp profile fedfleet sets on the pod (RuntimeDefault; the API server refuses an annotation that names another), found "unconfined"`,
    ],
    [
        "validateSeccompAnnotationsAndFields: container annotation localhost/ beside the RuntimeDefault field",
        podAnnotation("container.seccomp.security.alpha.kubernetes.io/web", "localhost/profile.json"),
        `${S0}.overrides.aws-use1.annotations["container.seccomp.security.alpha.kubernetes.io/web"]: expected runtime/default, the seccomp profile fedfleet sets on the container (RuntimeDefault; the API server refuses an annotation that names another), found "localhost/profile.json"`,
    ],
    [
        "ValidateSeccompProfile: an unknown profile",
        podAnnotation("seccomp.security.alpha.kubernetes.io/pod", "default"),
        `${S0}.overrides.aws-use1.annotations["seccomp.security.alpha.kubernetes.io/pod"]: expected a seccomp profile: runtime/default, docker/default, unconfined or localhost/<profile>, found "default"`,
    ],
    [
        "ValidateSeccompProfile: a localhost path with ..",
        podAnnotation("container.seccomp.security.alpha.kubernetes.io/other", "localhost/../x"),
        `${S0}.overrides.aws-use1.annotations["container.seccomp.security.alpha.kubernetes.io/other"]: expected a seccomp profile: a path without '..' after localhost/, found "localhost/../x"`,
    ],
    [
        "validateSeccompAnnotationsAndFields: docker/default matches RuntimeDefault, accepted",
        podAnnotation("seccomp.security.alpha.kubernetes.io/pod", "docker/default"),
        undefined,
    ],
    [
        "ValidateAppArmorPodAnnotations: a container the pod does not have",
        podAnnotation("container.apparmor.security.beta.kubernetes.io/sidecar", "runtime/default"),
        `${S0}.overrides.aws-use1.annotations["container.apparmor.security.beta.kubernetes.io/sidecar"]: expected an AppArmor annotation for one of the pod's containers (web), found container "sidecar"`,
    ],
    [
        "ValidateAppArmorPodAnnotations: a profile of no known form",
        podAnnotation("container.apparmor.security.beta.kubernetes.io/web", "complain"),
        `${S0}.overrides.aws-use1.annotations["container.apparmor.security.beta.kubernetes.io/web"]: expected an AppArmor profile: runtime/default or localhost/<profile>, found "complain"`,
    ],
    [
        "pod-security-admission check_appArmorProfile: unconfined, refused in restricted namespaces",
        podAnnotation("container.apparmor.security.beta.kubernetes.io/web", "unconfined"),
        `${S0}.overrides.aws-use1.annotations["container.apparmor.security.beta.kubernetes.io/web"]: expected an AppArmor profile Pod Security restricted allows: runtime/default or localhost/<profile>, found "unconfined"`,
    ],
    [
        "ValidateAppArmorPodAnnotations: localhost/ for the pod's container is accepted",
        podAnnotation("container.apparmor.security.beta.kubernetes.io/web", "localhost/k8s-web"),
        undefined,
    ],
    // ValidateService annotations.
    [
        "ValidateService: load-balancer-source-ranges with a part that is no CIDR",
        serviceAnnotation("gke-euw1", {
            "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, office",
        }),
        `${S0}.overrides.gke-euw1.serviceAnnotations["service.beta.kubernetes.io/load-balancer-source-ranges"]: expected a comma-separated list of CIDRs such as 10.0.0.0/8,192.168.0.0/16, found "office", which is not a CIDR`,
    ],
    [
        "ValidateService: load-balancer-source-ranges with a trailing comma",
        serviceAnnotation("gke-euw1", { "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8," }),
        `${S0}.overrides.gke-euw1.serviceAnnotations["service.beta.kubernetes.io/load-balancer-source-ranges"]: expected a comma-separated list of CIDRs such as 10.0.0.0/8,192.168.0.0/16, found "", which is not a CIDR`,
    ],
    [
        "ValidateService: CIDRs with spaces, IPv6 and host bits are accepted",
        serviceAnnotation("gke-euw1", {
            "service.beta.kubernetes.io/load-balancer-source-ranges": " 10.1.2.3/8 , 2001:db8::/32 ",
        }),
        undefined,
    ],
    [
        "ValidateService: topology-mode and topology-aware-hints that differ",
        serviceAnnotation("aws-use1", {
            "service.kubernetes.io/topology-mode": "Auto",
            "service.kubernetes.io/topology-aware-hints": "disabled",
        }),
        `${S0}.overrides.aws-use1.serviceAnnotations["service.kubernetes.io/topology-mode"]: expected the same value as service.kubernetes.io/topology-aware-hints ("disabled") when both are set, found "Auto"`,
    ],
    [
        "ValidateService: topology-mode and topology-aware-hints that agree are accepted",
        serviceAnnotation("aws-use1", {
            "service.kubernetes.io/topology-mode": "Auto",
            "service.kubernetes.io/topology-aware-hints": "Auto",
        }),
        undefined,
    ],
    // Namespaces and names.
    [
        "NamespaceLifecycle: a kube-* namespace fedfleet never creates",
        (f) => (storefront(f).namespace = "kube-tools"),
        `${S0}.namespace: expected a namespace other than kube-* (fedfleet never creates those: in one that does not exist every object is refused, and the ones that exist belong to the cluster's own add-ons), found "kube-tools"`,
    ],
    [
        "the cluster's own kube-system",
        (f) => (storefront(f).namespace = "kube-system"),
        `${S0}.namespace: expected a namespace other than kube-* (fedfleet never creates those: in one that does not exist every object is refused, and the ones that exist belong to the cluster's own add-ons), found "kube-system"`,
    ],
    [
        "the API server's Service default/kubernetes",
        (f) => Object.assign(storefront(f), { name: "kubernetes", namespace: "default" }),
        `${S0}.name: expected a service name other than "kubernetes" in namespace "default" (its Service would be the API server's own Service "kubernetes", which exists already), found "kubernetes"`,
    ],
    [
        "the cluster DNS Service kube-system/kube-dns",
        (f) => Object.assign(storefront(f), { name: "kube-dns", namespace: "kube-system" }),
        `${S0}.name: expected a service name other than "kube-dns" in namespace "kube-system" (its Service would be the cluster DNS Service, which exists already), found "kube-dns"`,
    ],
    [
        "the namespace's default-deny policy",
        (f) => (storefront(f).name = "default-deny-ingress"),
        `${S0}.name: expected a service name other than "default-deny-ingress" in namespace "shop" (its NetworkPolicy would be the namespace's default-deny policy, which fedfleet makes, which exists already), found "default-deny-ingress"`,
    ],
    [
        "the namespace's default ServiceAccount",
        (f) => (storefront(f).name = "default"),
        `${S0}.name: expected a service name other than "default" in namespace "shop" (its ServiceAccount would be the "default" account Kubernetes keeps in every namespace, which exists already), found "default"`,
    ],
    [
        "default-deny-ingress in default, where fedfleet makes no policy, is accepted",
        (f) => Object.assign(storefront(f), { name: "default-deny-ingress", namespace: "default" }),
        undefined,
    ],
    ["kubernetes in a namespace of its own is accepted", (f) => (storefront(f).name = "kubernetes"), undefined],
    // Behaviour: an internal service's Service annotations must keep its load balancer internal.
    [
        'cloud-provider-aws: aws-load-balancer-internal "false" makes the NLB internet-facing',
        (f) => {
            internal(f);
            serviceAnnotation("aws-use1", { "service.beta.kubernetes.io/aws-load-balancer-internal": "false" })(f);
        },
        `${S0}.overrides.aws-use1.serviceAnnotations["service.beta.kubernetes.io/aws-load-balancer-internal"]: expected a value other than "" and "false", such as "true", which keeps the load balancer internal as exposure: internal says, found "false"`,
    ],
    [
        'cloud-provider-aws: aws-load-balancer-internal "" makes it internet-facing too',
        (f) => {
            internal(f);
            serviceAnnotation("aws-use1", { "service.beta.kubernetes.io/aws-load-balancer-internal": "" })(f);
        },
        `${S0}.overrides.aws-use1.serviceAnnotations["service.beta.kubernetes.io/aws-load-balancer-internal"]: expected a value other than "" and "false", such as "true", which keeps the load balancer internal as exposure: internal says, found ""`,
    ],
    [
        "aws-load-balancer-controller: scheme internet-facing wins over the internal annotation",
        (f) => {
            internal(f);
            serviceAnnotation("aws-use1", {
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            })(f);
        },
        `${S0}.overrides.aws-use1.serviceAnnotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]: expected "internal", or no such annotation, which keeps the load balancer internal as exposure: internal says, found "internet-facing"`,
    ],
    [
        "GKE: networking.gke.io/load-balancer-type External makes it external",
        (f) => {
            internal(f);
            serviceAnnotation("gke-euw1", { "networking.gke.io/load-balancer-type": "External" })(f);
        },
        `${S0}.overrides.gke-euw1.serviceAnnotations["networking.gke.io/load-balancer-type"]: expected "Internal", which keeps the load balancer internal as exposure: internal says, found "External"`,
    ],
    [
        "GKE: the deprecated cloud.google.com/load-balancer-type is not read beside fedfleet's networking.gke.io one, accepted",
        (f) => {
            internal(f);
            serviceAnnotation("gke-euw1", { "cloud.google.com/load-balancer-type": "External" })(f);
        },
        undefined,
    ],
    [
        "an internet-facing service may set the internal annotation's default, accepted",
        serviceAnnotation("aws-use1", { "service.beta.kubernetes.io/aws-load-balancer-internal": "false" }),
        undefined,
    ],
];

describe("Kubernetes API parity: what the API server refuses, refused by validation first", function () {
    this.timeout(60_000);

    it("the dev stack itself passes", () =>
        assert.equal(
            lineFor(() => {}),
            undefined,
        ));

    for (const [what, edit, line] of CASES) {
        it(`${what}: ${line === undefined ? "accepted" : "refused, one line"}`, () => {
            assert.equal(lineFor(edit), line);
        });
    }

    it("an existing cluster: serviceAnnotations that change its internalServiceAnnotations are refused", () => {
        const withLab = (value: string) =>
            lineFor((f) => {
                f.clusters.push({
                    name: "lab-fra",
                    cloud: "existing",
                    region: "eu-central",
                    zones: ["rack-a"],
                    kubeconfig: "apiVersion: v1",
                    internalServiceAnnotations: { "metallb.io/address-pool": "private" },
                });
                storefront(f).placement = { clusters: ["lab-fra"] };
                internal(f);
                serviceAnnotation("lab-fra", { "metallb.io/address-pool": value })(f);
            });
        assert.equal(
            withLab("public"),
            `${S0}.overrides.lab-fra.serviceAnnotations["metallb.io/address-pool"]: expected "private" (the cluster's internalServiceAnnotations), which keeps the load balancer internal as exposure: internal says, found "public"`,
        );
        assert.equal(withLab("private"), undefined);
    });

    it("objectmeta.go TotalAnnotationSizeLimitB: 256 KiB per object counts fedfleet's own load-balancer annotations", async () => {
        // What fedfleet itself puts on aws-use1's Service, measured on what the program registers.
        const registered = one(await planStack("dev"), "kubernetes:core/v1:Service", "shop/storefront@aws-use1");
        const own = Object.entries(registered.inputs.metadata as { annotations: Record<string, string> })
            .filter(([key]) => key === "annotations")
            .flatMap(([, map]) => Object.entries(map))
            .reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
        assert.ok(own > 0);
        const key = "example.com/blob";
        // The user's map alone is exactly at the limit, which the API server takes.
        const value = "x".repeat(256 * 1024 - key.length);
        assert.equal(lineFor(serviceAnnotation("gke-euw1", { [key]: value })), undefined);
        assert.equal(
            lineFor(serviceAnnotation("aws-use1", { [key]: value })),
            `${S0}.overrides.aws-use1.serviceAnnotations: expected annotations of at most 262144 bytes in all on the Service in aws-use1, fedfleet's own load-balancer annotations included (Kubernetes' limit), found ${256 * 1024 + own} bytes`,
        );
    });

    it("etcd --max-request-bytes: a Deployment over 1.5 MiB is refused at the part that fills it; one under it is accepted", () => {
        const big = "x".repeat(1_600_000);
        const line = lineFor((f) => (web(f).env = { ...web(f).env, BLOB: big }));
        const match = /^(.*): expected (.*), found at least (\d+) bytes, (\d+) of them from here$/.exec(line ?? "");
        assert.ok(match, line);
        assert.equal(match[1], `${S0}.containers[0].env`);
        assert.equal(
            match[2],
            "a Deployment in aws-use1 of at most 1572864 bytes (etcd's default request limit: the API server cannot store a larger object)",
        );
        assert.ok(Number(match[3]) > 1_600_000 && Number(match[4]) >= 1_600_000, line);
        assert.equal(
            lineFor((f) => (web(f).env = { ...web(f).env, BLOB: "x".repeat(1_400_000) })),
            undefined,
        );
    });
});

describe("npm run plan: API parity refusals exit 2 with one line and write nothing", function () {
    this.timeout(60_000);
    const dev = () => fs.readFileSync(stackFilePath("dev"), "utf8");
    const cases: [string, (text: string) => string, string][] = [
        [
            "duplicate Service port",
            (t) =>
                t.replace(
                    "      ports: [{ name: http, port: 80, targetPort: 8080 }]\n      placement:\n        selector",
                    "      ports: [{ name: http, port: 80, targetPort: 8080 }, { name: alt, port: 80 }]\n      placement:\n        selector",
                ),
            `fedfleet:services[0].ports[1].port: expected a port and protocol no other port of the Service has (ports[0] is TCP 80), found 80`,
        ],
        [
            "pod-deletion-cost +10",
            (t) =>
                t.replace(
                    "        selector: { matchLabels: { env: dev } }",
                    '        selector: { matchLabels: { env: dev } }\n      overrides: { gke-euw1: { annotations: { controller.kubernetes.io/pod-deletion-cost: "+10" } } }',
                ),
            `fedfleet:services[0].overrides.gke-euw1.annotations["controller.kubernetes.io/pod-deletion-cost"]: expected a 32-bit integer, without '+' or leading zeros (the pod deletion cost), found "+10"`,
        ],
        [
            "an internal service made public",
            (t) =>
                t
                    .replace("exposure: internet-facing", "exposure: internal")
                    .replace(
                        "        selector: { matchLabels: { env: dev } }",
                        '        selector: { matchLabels: { env: dev } }\n      overrides: { aws-use1: { serviceAnnotations: { service.beta.kubernetes.io/aws-load-balancer-internal: "false" } } }',
                    ),
            `fedfleet:services[0].overrides.aws-use1.serviceAnnotations["service.beta.kubernetes.io/aws-load-balancer-internal"]: expected a value other than "" and "false", such as "true", which keeps the load balancer internal as exposure: internal says, found "false"`,
        ],
        [
            "a kube-* namespace",
            (t) => t.replace("namespace: shop", "namespace: kube-tools"),
            `fedfleet:services[0].namespace: expected a namespace other than kube-* (fedfleet never creates those: in one that does not exist every object is refused, and the ones that exist belong to the cluster's own add-ons), found "kube-tools"`,
        ],
        [
            "a Deployment over etcd's limit",
            (t) => t.replace("env: { LOG_LEVEL: debug }", `env: { LOG_LEVEL: debug, BLOB: ${"x".repeat(1_600_000)} }`),
            `fedfleet:services[0].containers[0].env: expected a Deployment in aws-use1 of at most 1572864 bytes`,
        ],
    ];
    // The first case as a real process (exit status, flushed output), the others in this one.
    for (const [index, [what, edit, expected]] of cases.entries()) {
        const how = index === 0 ? "process" : "in-process";
        it(`${what}: exit 2, one line naming the stack file and the path, no stack trace (${how})`, async () => {
            const text = edit(dev());
            assert.notEqual(text, dev(), "the edit applies");
            const line = await refusal("Pulumi.dev.yaml", text, how);
            assert.ok(line.startsWith("error: ") && line.includes("Pulumi.dev.yaml: "), line);
            assert.ok(line.includes(expected), `${line}\nshould include\n${expected}`);
        });
    }
});
