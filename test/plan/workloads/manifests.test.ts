import assert from "node:assert/strict";
import { serviceSchema, ServiceConfig } from "../../../src/plan/config/schema";
import type { Cloud } from "../../../src/plan/clusters/facts";
import { ClusterPlacement, PlacementCluster, placeService } from "../../../src/plan/placement/place-service";
import { CLUSTER_LABEL, FEDERATION_LABEL, SERVICE_LABEL } from "../../../src/plan/core/labels";
import {
    WorkloadTarget,
    deploymentIgnoreChanges,
    deploymentManifest,
    horizontalPodAutoscalerManifest,
    loadBalancerAnnotations,
    networkPolicyManifest,
    podDisruptionBudgetManifest,
    serviceAccountManifest,
    serviceManifest,
} from "../../../src/plan/workloads/manifests";
import { defaultDenyIngressManifest, namespaceManifest } from "../../../src/plan/workloads/namespace-manifests";
import { nonEmpty } from "../../support/non-empty";

// kubernetes-models is ESM-only (its exports have only "import" conditions), and this
// project compiles to CommonJS, where TypeScript would turn import() into require().
// A Function-wrapped import() stays a real dynamic import.
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

type Validator = (manifest: unknown) => void;
const validators: Record<string, Validator> = {};

// The models' validate() comes from @kubernetes-models/base, whose types this project's
// "node" module resolution does not see; so the constructors are typed here.
type ModelClass = new (data: unknown) => { validate(): void };

before(async () => {
    const load = async (path: string, kind: string): Promise<ModelClass> => {
        const model = ((await importEsm(`kubernetes-models/${path}/${kind}`)) as Record<string, ModelClass>)[kind];
        assert.equal(typeof model?.prototype?.validate, "function", `${path}/${kind} has no validate()`);
        return model;
    };
    for (const [path, kind] of [
        ["apps/v1", "Deployment"],
        ["v1", "Service"],
        ["policy/v1", "PodDisruptionBudget"],
        ["autoscaling/v2", "HorizontalPodAutoscaler"],
        ["v1", "ServiceAccount"],
        ["networking.k8s.io/v1", "NetworkPolicy"],
        ["v1", "Namespace"],
    ]) {
        const Model = await load(path, kind);
        validators[kind] = (manifest) => new Model(manifest).validate();
    }
});

/** Validates a manifest against the Kubernetes API schema of its kind; throws if invalid. */
function validate(manifest: { apiVersion: string; kind: string; [key: string]: unknown }): void {
    const check = validators[manifest.kind];
    assert.ok(check, `no validator for ${manifest.kind}`);
    check(manifest);
}

const FEDERATION = "acme";
const clusters: { name: string; cloud: Cloud; region: string }[] = [
    { name: "aws-use1", cloud: "aws", region: "us-east-1" },
    { name: "gcp-euw1", cloud: "gcp", region: "europe-west1" },
    { name: "onprem", cloud: "existing", region: "lab" },
];
const fleet: PlacementCluster[] = clusters.map((c) => ({ name: c.name, labels: { cloud: c.cloud } }));

function service(extra: Record<string, unknown> = {}): ServiceConfig {
    return serviceSchema.parse({
        name: "web",
        namespace: "shop",
        replicas: 5,
        containers: [
            {
                name: "app",
                image: "ghcr.io/acme/web:1.0",
                ports: [{ name: "http", containerPort: 8080 }],
                env: { MODE: "base", LOG: "info" },
                resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: 512 } },
                readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
                livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 },
            },
            { name: "sidecar", image: "envoyproxy/envoy:v1.31", env: { MODE: "sidecar" } },
        ],
        ports: [
            { name: "http", port: 80, targetPort: "http" },
            { name: "metrics", port: 9090, protocol: "TCP" },
        ],
        placement: { clusters: clusters.map((c) => c.name) },
        overrides: {
            "gcp-euw1": {
                image: "ghcr.io/acme/web:1.1-canary",
                env: { MODE: "canary", EXTRA: "1" },
                labels: { track: "canary" },
                annotations: { "acme.io/owner": "team-eu" },
                serviceAnnotations: { "cloud.google.com/neg": '{"ingress": true}' },
                resources: { requests: { cpu: "500m" } },
            },
        },
        ...extra,
    });
}

function targets(config: ServiceConfig): WorkloadTarget[] {
    const placements = placeService(config, fleet);
    return clusters.map((cluster) => ({
        federation: FEDERATION,
        service: config,
        cluster,
        placement: placements.find((p) => p.cluster === cluster.name)!,
    }));
}

function target(config: ServiceConfig, clusterName: string): WorkloadTarget {
    return targets(config).find((t) => t.cluster.name === clusterName)!;
}

const plain = service();
const scaled = service({ replicas: 4, autoscaling: { maxReplicas: 12, targetCpuUtilization: 60 } });
const internal = service({ exposure: "internal" });

/** Every manifest any of the scenarios produce, for schema validation. */
function allManifests(): { apiVersion: string; kind: string; metadata?: unknown; [key: string]: unknown }[] {
    const out: { apiVersion: string; kind: string; metadata?: unknown; [key: string]: unknown }[] = [
        namespaceManifest("shop") as { apiVersion: string; kind: string },
        defaultDenyIngressManifest("shop") as { apiVersion: string; kind: string },
    ];
    for (const config of [
        plain,
        scaled,
        internal,
        service({ replicas: 2 }),
        service({ replicas: 3, autoscaling: { maxReplicas: 3 } }),
    ]) {
        for (const t of targets(config)) {
            out.push(deploymentManifest(t), serviceManifest(t), serviceAccountManifest(t), networkPolicyManifest(t));
            const pdb = podDisruptionBudgetManifest(t);
            const hpa = horizontalPodAutoscalerManifest(t);
            if (pdb) out.push(pdb);
            if (hpa) out.push(hpa);
        }
    }
    return out;
}

describe("workload manifests", () => {
    it("places the test service as expected (5 over 3 → 2/2/1; autoscaling 4..12 → 2..4, 1..4, 1..4)", () => {
        assert.deepEqual(
            targets(plain).map((t) => t.placement.replicas),
            [2, 2, 1],
        );
        assert.deepEqual(
            targets(scaled).map((t) => t.placement.autoscaling),
            [
                { minReplicas: 2, maxReplicas: 4 },
                { minReplicas: 1, maxReplicas: 4 },
                { minReplicas: 1, maxReplicas: 4 },
            ],
        );
    });

    describe("Kubernetes API schema validity", () => {
        it("every manifest validates against its kubernetes-models schema", () => {
            const manifests = allManifests();
            const kinds = new Set(manifests.map((m) => m.kind));
            assert.deepEqual([...kinds].sort(), [
                "Deployment",
                "HorizontalPodAutoscaler",
                "Namespace",
                "NetworkPolicy",
                "PodDisruptionBudget",
                "Service",
                "ServiceAccount",
            ]);
            for (const manifest of manifests) {
                assert.doesNotThrow(() => validate(manifest), `${manifest.kind} ${JSON.stringify(manifest.metadata)}`);
            }
        });

        it("validation rejects broken manifests (so the check above cannot pass vacuously)", () => {
            const deployment = deploymentManifest(target(plain, "aws-use1"));
            assert.throws(
                () => validate({ ...deployment, spec: { ...deployment.spec, replicas: "three" } }),
                /replicas/,
            );
            const svc = serviceManifest(target(plain, "aws-use1"));
            assert.throws(() => validate({ ...svc, spec: { ...svc.spec, ports: [{ name: "http" }] } }), /port/);
            const hpa = horizontalPodAutoscalerManifest(target(scaled, "aws-use1"))!;
            assert.throws(() => validate({ ...hpa, spec: { ...hpa.spec, maxReplicas: undefined } }), /maxReplicas/);
            const pdb = podDisruptionBudgetManifest(target(plain, "aws-use1"))!;
            assert.throws(() => validate({ ...pdb, spec: { ...pdb.spec, maxUnavailable: { n: 1 } } }));
        });
    });

    describe("Deployment", () => {
        it("takes replicas from the placement, a RollingUpdate strategy and zone spread", () => {
            const d = deploymentManifest(target(plain, "aws-use1"));
            assert.equal(d.apiVersion, "apps/v1");
            assert.equal(d.kind, "Deployment");
            assert.equal(d.metadata.name, "web");
            assert.equal(d.metadata.namespace, "shop");
            assert.equal(d.spec.replicas, 2);
            assert.equal(deploymentManifest(target(plain, "onprem")).spec.replicas, 1);
            assert.equal(d.spec.strategy!.type, "RollingUpdate");
            assert.ok(d.spec.strategy!.rollingUpdate);
            const spread = d.spec.template.spec!.topologySpreadConstraints!;
            assert.equal(spread.length, 1);
            assert.equal(spread[0].topologyKey, "topology.kubernetes.io/zone");
            assert.deepEqual(spread[0].labelSelector, { matchLabels: { [SERVICE_LABEL]: "web" } });
        });

        it("declares the HPA's minimum as replicas with autoscaling, and leaves the field to the HPA after creation", () => {
            for (const t of targets(scaled)) {
                assert.equal(deploymentManifest(t).spec.replicas, t.placement.autoscaling!.minReplicas, t.cluster.name);
                assert.deepEqual(deploymentIgnoreChanges(t), ["spec.replicas"], t.cluster.name);
            }
            for (const t of targets(plain)) assert.deepEqual(deploymentIgnoreChanges(t), [], t.cluster.name);
        });

        it("labels objects and pods with service, cluster and federation; selects on the service label only", () => {
            const d = deploymentManifest(target(plain, "onprem"));
            for (const labels of [d.metadata.labels!, d.spec.template.metadata!.labels!]) {
                assert.equal(labels[SERVICE_LABEL], "web");
                assert.equal(labels[CLUSTER_LABEL], "onprem");
                assert.equal(labels[FEDERATION_LABEL], "acme");
            }
            assert.equal(SERVICE_LABEL, "fedfleet.io/service");
            assert.equal(CLUSTER_LABEL, "fedfleet.io/cluster");
            assert.equal(FEDERATION_LABEL, "fedfleet.io/federation");
            assert.deepEqual(d.spec.selector, { matchLabels: { "fedfleet.io/service": "web" } });
            // The selector is the same in every cluster (it is immutable).
            for (const t of targets(plain)) assert.deepEqual(deploymentManifest(t).spec.selector, d.spec.selector);
        });

        it("runs every container least-privileged", () => {
            const d = deploymentManifest(target(plain, "aws-use1"));
            assert.equal(d.spec.template.spec!.containers.length, 2);
            for (const c of d.spec.template.spec!.containers) {
                assert.equal(c.securityContext!.runAsNonRoot, true);
                assert.equal(c.securityContext!.allowPrivilegeEscalation, false);
                assert.equal(c.securityContext!.privileged, false);
            }
        });

        it("carries ports, env, resources and probes of the config", () => {
            const app = deploymentManifest(target(plain, "aws-use1")).spec.template.spec!.containers[0];
            assert.equal(app.image, "ghcr.io/acme/web:1.0");
            assert.deepEqual(app.ports, [{ name: "http", containerPort: 8080, protocol: "TCP" }]);
            assert.deepEqual(app.env, [
                { name: "LOG", value: "info" },
                { name: "MODE", value: "base" },
            ]);
            assert.deepEqual(app.resources, { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512" } });
            assert.deepEqual(app.readinessProbe, { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 });
            assert.deepEqual(app.livenessProbe, { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 });
        });

        it("applies the override's image, env and resources to the first container, only in its cluster", () => {
            const gcp = deploymentManifest(target(plain, "gcp-euw1")).spec.template.spec!.containers;
            assert.equal(gcp[0].image, "ghcr.io/acme/web:1.1-canary");
            assert.deepEqual(gcp[0].env, [
                { name: "EXTRA", value: "1" },
                { name: "LOG", value: "info" },
                { name: "MODE", value: "canary" },
            ]);
            assert.deepEqual(gcp[0].resources, { requests: { cpu: "500m" } });
            // The second container is untouched.
            assert.equal(gcp[1].image, "envoyproxy/envoy:v1.31");
            assert.deepEqual(gcp[1].env, [{ name: "MODE", value: "sidecar" }]);
            // Other clusters are untouched.
            for (const name of ["aws-use1", "onprem"]) {
                const cs = deploymentManifest(target(plain, name)).spec.template.spec!.containers;
                assert.equal(cs[0].image, "ghcr.io/acme/web:1.0");
                assert.deepEqual(cs[0].env, [
                    { name: "LOG", value: "info" },
                    { name: "MODE", value: "base" },
                ]);
            }
        });

        it("applies the override's labels and annotations only in its cluster, never over fedfleet's labels", () => {
            const gcp = deploymentManifest(target(plain, "gcp-euw1"));
            assert.equal(gcp.metadata.labels!.track, "canary");
            assert.equal(gcp.spec.template.metadata!.labels!.track, "canary");
            assert.deepEqual(gcp.metadata.annotations, { "acme.io/owner": "team-eu" });
            assert.deepEqual(gcp.spec.template.metadata!.annotations, { "acme.io/owner": "team-eu" });
            const aws = deploymentManifest(target(plain, "aws-use1"));
            assert.equal(aws.metadata.labels!.track, undefined);
            assert.equal(aws.metadata.annotations, undefined);
            assert.equal(aws.spec.template.metadata!.annotations, undefined);

            const sneaky = service({
                overrides: { onprem: { labels: { [SERVICE_LABEL]: "other", [CLUSTER_LABEL]: "x" } } },
            });
            const labels = deploymentManifest(target(sneaky, "onprem")).metadata.labels!;
            assert.equal(labels[SERVICE_LABEL], "web");
            assert.equal(labels[CLUSTER_LABEL], "onprem");
        });
    });

    describe("Service", () => {
        it("is a LoadBalancer selecting the service label, with the configured ports", () => {
            const s = serviceManifest(target(plain, "onprem"));
            assert.equal(s.apiVersion, "v1");
            assert.equal(s.kind, "Service");
            assert.equal(s.spec.type, "LoadBalancer");
            assert.deepEqual(s.spec.selector, { [SERVICE_LABEL]: "web" });
            assert.deepEqual(s.spec.ports, [
                { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
                { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
            ]);
            assert.equal(s.metadata.labels![CLUSTER_LABEL], "onprem");
        });

        it("asks AWS for an NLB, internal when exposure is internal", () => {
            const external = serviceManifest(target(plain, "aws-use1")).metadata.annotations!;
            assert.equal(external["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
            assert.equal(external["service.beta.kubernetes.io/aws-load-balancer-internal"], undefined);
            const inner = serviceManifest(target(internal, "aws-use1")).metadata.annotations!;
            assert.equal(inner["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
            assert.equal(inner["service.beta.kubernetes.io/aws-load-balancer-internal"], "true");
        });

        it("asks GKE for an internal load balancer only when internal, merging serviceAnnotations", () => {
            const external = serviceManifest(target(plain, "gcp-euw1")).metadata.annotations;
            assert.deepEqual(external, { "cloud.google.com/neg": '{"ingress": true}' });
            const inner = serviceManifest(target(internal, "gcp-euw1")).metadata.annotations;
            assert.deepEqual(inner, {
                "networking.gke.io/load-balancer-type": "Internal",
                "cloud.google.com/neg": '{"ingress": true}',
            });
        });

        it("has no load-balancer annotations on existing clusters", () => {
            assert.equal(serviceManifest(target(plain, "onprem")).metadata.annotations, undefined);
            assert.equal(serviceManifest(target(internal, "onprem")).metadata.annotations, undefined);
        });

        it("merges serviceAnnotations over the cloud's (override wins), only in that cluster", () => {
            const config = service({
                exposure: "internal",
                overrides: {
                    "aws-use1": {
                        serviceAnnotations: {
                            "service.beta.kubernetes.io/aws-load-balancer-internal": "false",
                            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
                        },
                    },
                },
            });
            const a = serviceManifest(target(config, "aws-use1")).metadata.annotations!;
            assert.equal(a["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
            assert.equal(a["service.beta.kubernetes.io/aws-load-balancer-internal"], "false");
            assert.equal(a["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internet-facing");
            // Deployment annotations are not service annotations.
            assert.equal(deploymentManifest(target(config, "aws-use1")).metadata.annotations, undefined);
        });
    });

    describe("PodDisruptionBudget", () => {
        it("exists only with 2 or more replicas, with maxUnavailable 1 and the service selector", () => {
            const pdb = podDisruptionBudgetManifest(target(plain, "aws-use1"));
            assert.ok(pdb);
            assert.equal(pdb.apiVersion, "policy/v1");
            assert.equal(pdb.spec.maxUnavailable, 1);
            assert.deepEqual(pdb.spec.selector, { matchLabels: { [SERVICE_LABEL]: "web" } });
            assert.equal(podDisruptionBudgetManifest(target(plain, "onprem")), undefined); // 1 replica
        });

        it("with autoscaling, wherever the HPA can scale to 2 or more, whatever its minimum", () => {
            for (const t of targets(scaled)) {
                const max = t.placement.autoscaling!.maxReplicas;
                assert.equal(Boolean(podDisruptionBudgetManifest(t)), max >= 2, `${t.cluster.name}: max ${max}`);
            }
            // A minimum of 1 that can scale out: exactly the case a budget keyed on the minimum missed.
            assert.ok(targets(scaled).some((t) => t.placement.autoscaling!.minReplicas === 1));
            assert.ok(podDisruptionBudgetManifest(target(scaled, "gcp-euw1")));
        });

        it("lets pods that run but are not ready be evicted, so a crash-looping rollout never blocks a drain", () => {
            // Every budget either service gets, fixed or autoscaled: none made would fail, not pass.
            const budgets = [...targets(plain), ...targets(scaled)].flatMap(
                (t) => podDisruptionBudgetManifest(t) ?? [],
            );
            for (const pdb of nonEmpty(budgets, "PodDisruptionBudget"))
                assert.equal(pdb.spec.unhealthyPodEvictionPolicy, "AlwaysAllow");
        });

        it("handles a cluster given 0 replicas", () => {
            const t = target(service({ replicas: 2 }), "onprem");
            assert.equal(t.placement.replicas, 0);
            assert.equal(podDisruptionBudgetManifest(t), undefined);
            assert.equal(horizontalPodAutoscalerManifest(t), undefined);
        });
    });

    describe("HorizontalPodAutoscaler", () => {
        it("exists only with autoscaling", () => {
            for (const t of targets(plain)) assert.equal(horizontalPodAutoscalerManifest(t), undefined);
        });

        it("takes min/max from the placement and targets the Deployment", () => {
            for (const t of targets(scaled)) {
                const hpa = horizontalPodAutoscalerManifest(t);
                assert.ok(hpa, t.cluster.name);
                const bounds = t.placement.autoscaling as NonNullable<ClusterPlacement["autoscaling"]>;
                assert.equal(hpa.apiVersion, "autoscaling/v2");
                assert.equal(hpa.spec.minReplicas, bounds.minReplicas);
                assert.equal(hpa.spec.maxReplicas, bounds.maxReplicas);
                const deployment = deploymentManifest(t);
                assert.deepEqual(hpa.spec.scaleTargetRef, {
                    apiVersion: deployment.apiVersion,
                    kind: deployment.kind,
                    name: deployment.metadata.name,
                });
                assert.equal(hpa.metadata.namespace, deployment.metadata.namespace);
                assert.equal(hpa.spec.metrics![0].resource!.target.averageUtilization, 60);
            }
        });
    });
    describe("hardening", () => {
        it("runs a container as the user id config gives, for images whose USER is a name", () => {
            const config = service();
            config.containers[0].runAsUser = 10001;
            const pod = deploymentManifest(target(config, "aws-use1")).spec.template.spec!;
            assert.equal(pod.containers[0].securityContext!.runAsUser, 10001);
            assert.equal(pod.containers[1].securityContext!.runAsUser, undefined);
            assert.equal(pod.containers[0].securityContext!.runAsNonRoot, true);
        });

        it("makes an existing cluster's internal load balancer with the annotations its entry declares", () => {
            const declared = { "metallb.io/address-pool": "private" };
            assert.deepEqual(loadBalancerAnnotations("existing", "internal", declared), declared);
            assert.deepEqual(loadBalancerAnnotations("existing", "internet-facing", declared), {});
            const t = target(internal, "onprem");
            const withPool = { ...t, cluster: { ...t.cluster, internalServiceAnnotations: declared } };
            assert.equal(serviceManifest(withPool).metadata.annotations?.["metallb.io/address-pool"], "private");
        });

        it("admits ingress on the ports the Service targets, each once, by named or numbered port", () => {
            const policy = networkPolicyManifest(target(plain, "aws-use1"));
            assert.deepEqual(policy.spec.ingress, [
                {
                    ports: [
                        { port: "http", protocol: "TCP" },
                        { port: 9090, protocol: "TCP" },
                    ],
                },
            ]);
            assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
        });
    });
});
