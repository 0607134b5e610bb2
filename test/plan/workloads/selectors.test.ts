// A Deployment's selector is immutable: a change replaces it, and pulumi-kubernetes replaces a
// named object delete-first, an outage in every cluster (replace-rules.ts). So fedfleet's own
// selectors are a function of the service's name alone: nothing else a stack file can change
// about a service (cluster, overrides, labels, images, ports, autoscaling) moves them.
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { serviceSchema } from "../../../src/plan/config/schema";
import {
    deploymentManifest,
    networkPolicyManifest,
    podDisruptionBudgetManifest,
    selectorLabels,
    serviceManifest,
    type WorkloadTarget,
} from "../../../src/plan/workloads/manifests";

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const labels = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}\.io\/[a-z]{1,6}$/), label, { maxKeys: 3 });

/** One service in one cluster, everything a stack file can vary drawn at random but its name. */
const target = (name: string): fc.Arbitrary<WorkloadTarget> =>
    fc
        .record({
            cluster: fc.constantFrom("aws-use1", "gke-euw1", "lab"),
            cloud: fc.constantFrom("aws" as const, "gcp" as const, "existing" as const),
            replicas: fc.integer({ min: 1, max: 20 }),
            autoscale: fc.boolean(),
            image: fc.constantFrom("nginx:1.27", "ghcr.io/acme/web:2.0.0"),
            port: fc.integer({ min: 1, max: 65535 }),
            podLabels: labels,
            exposure: fc.constantFrom("internet-facing" as const, "internal" as const),
            namespace: fc.constantFrom("default", "shop"),
        })
        .map((v): WorkloadTarget => ({
            federation: "acme",
            cluster: { name: v.cluster, cloud: v.cloud, region: "eu-west-1", internalServiceAnnotations: { a: "b" } },
            service: serviceSchema.parse({
                name,
                namespace: v.namespace,
                replicas: v.replicas,
                containers: [{ name: "web", image: v.image, ports: [{ containerPort: v.port }] }],
                ports: [{ name: "http", port: v.port }],
                exposure: v.exposure,
                ...(v.autoscale ? { autoscaling: { maxReplicas: v.replicas * 2 } } : {}),
                placement: { clusters: [v.cluster] },
                overrides: { [v.cluster]: { labels: v.podLabels, image: v.image } },
            }),
            placement: {
                cluster: v.cluster,
                replicas: v.replicas,
                ...(v.autoscale ? { autoscaling: { minReplicas: v.replicas, maxReplicas: v.replicas * 2 } } : {}),
            },
        }));

describe("fedfleet's own selectors", () => {
    it("never change for a service: the same in every cluster, whatever else changes", () => {
        fc.assert(
            fc.property(
                fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/).chain((name) => fc.tuple(target(name), target(name))),
                ([a, b]) => {
                    const selectors = (t: WorkloadTarget) => ({
                        deployment: deploymentManifest(t).spec.selector,
                        service: serviceManifest(t).spec.selector,
                        networkPolicy: networkPolicyManifest(t).spec.podSelector,
                        budget: podDisruptionBudgetManifest(t)?.spec.selector,
                    });
                    const [x, y] = [selectors(a), selectors(b)];
                    assert.deepEqual(x.deployment, y.deployment);
                    assert.deepEqual(x.service, y.service);
                    assert.deepEqual(x.networkPolicy, y.networkPolicy);
                    const expected = { matchLabels: selectorLabels(a.service) };
                    assert.deepEqual(x.deployment, expected);
                    assert.deepEqual(x.service, selectorLabels(a.service));
                    if (x.budget) assert.deepEqual(x.budget, expected);
                },
            ),
        );
    });
});
