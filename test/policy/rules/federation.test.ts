// Federation rules: each has a passing case (real stacks) and a violating one.
import assert from "node:assert/strict";
import { FEDFLEET_TYPES, KUBERNETES_TYPES } from "../../../src/plan/core/type-tokens";
import type { RecordedResource } from "./support";
import { assertClean, assertViolations, check, find, packConfig, stackResources } from "./support";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;

/** A LoadBalancer Service of aws-use1 outside any federated service, copied from a real one. */
function strayLoadBalancer(resources: RecordedResource[], name: string, namespace = "shop"): RecordedResource {
    const model = find(resources, KUBERNETES_TYPES.service, "shop/checkout@aws-use1");
    const stray: RecordedResource = structuredClone(model);
    stray.name = `${namespace}/${name}`;
    stray.urn = `urn:pulumi:dev::fedfleet::kubernetes:core/v1:Service::${stray.name}`;
    stray.parent = undefined;
    Object.assign(inputs(stray).metadata, { name, namespace });
    return stray;
}

describe("policy: federation rules", function () {
    this.timeout(120_000);

    describe("federation-spread", () => {
        it("passes the real dev stack with the defaults (2 regions, 2 clusters) and prod with its config (2 clouds)", async () => {
            assertClean(await check(await stackResources("dev"), "federation-spread"));
            assertClean(await check(await stackResources("prod"), "federation-spread", packConfig("prod")));
        });

        it("flags a service left in one cluster, naming it and the shortfalls", async () => {
            const all = await stackResources("dev");
            const resources = all.filter((r) => r.name !== "shop/checkout@gke-euw1");
            const service = find(resources, FEDFLEET_TYPES.federatedService, "shop/checkout");
            assertViolations(await check(resources, "federation-spread"), {
                policy: "federation-spread",
                level: "mandatory",
                urn: service.urn,
                names: ["Federated service shop/checkout runs in 1 regions (needs 2), 1 clusters (needs 2)"],
            });
            // dev's own config asks for one region and one cluster.
            assertClean(await check(resources, "federation-spread", packConfig("dev")));
        });

        it("config minRegions/minClusters/minClouds: 3 of each flags both dev services; 2 of each passes", async () => {
            const resources = await stackResources("dev");
            assertClean(
                await check(resources, "federation-spread", {
                    "federation-spread": { minRegions: 2, minClusters: 2, minClouds: 2 },
                }),
            );
            const violations = await check(resources, "federation-spread", {
                "federation-spread": { minRegions: 3, minClusters: 3, minClouds: 3 },
            });
            assertViolations(violations, {
                policy: "federation-spread",
                level: "mandatory",
                count: 2,
                names: ["runs in 2 regions (needs 3), 2 clusters (needs 3), 2 clouds (needs 3)"],
            });
            assert.deepEqual(violations.map((v) => v.message.split(" ")[2]).sort(), [
                "shop/checkout",
                "shop/storefront",
            ]);
            const clouds = await check(resources, "federation-spread", { "federation-spread": { minClouds: 3 } });
            assertViolations(clouds, {
                policy: "federation-spread",
                level: "mandatory",
                count: 2,
                names: [/runs in 2 clouds \(needs 3\)\.$/],
            });
        });
    });

    describe("placed-clusters-exist", () => {
        it("passes the real dev and staging stacks (staging includes an existing cluster)", async () => {
            assertClean(await check(await stackResources("dev"), "placed-clusters-exist"));
            assertClean(await check(await stackResources("staging"), "placed-clusters-exist"));
        });

        it("flags a workload labelled for a cluster the stack does not have, naming service and cluster", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@gke-euw1");
            inputs(deployment).metadata.labels["fedfleet.io/cluster"] = "ghost";
            assertViolations(await check(resources, "placed-clusters-exist"), {
                policy: "placed-clusters-exist",
                level: "mandatory",
                urn: deployment.urn,
                names: [
                    'Federated service shop/storefront is placed on cluster "ghost", which is not a cluster of this stack',
                ],
            });
        });

        it("flags a workload deployed through another cluster's provider, naming both clusters", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@gke-euw1");
            deployment.provider = find(resources, KUBERNETES_TYPES.provider, "aws-use1-k8s").urn;
            assertViolations(await check(resources, "placed-clusters-exist"), {
                policy: "placed-clusters-exist",
                level: "mandatory",
                urn: deployment.urn,
                names: [
                    'Federated service shop/storefront\'s workload for cluster "gke-euw1" is deployed through cluster "aws-use1"\'s provider',
                ],
            });
        });
    });

    describe("no-stray-load-balancers", () => {
        it("passes the real dev stack (every LoadBalancer belongs to a FederatedService) and a stray ClusterIP Service", async () => {
            const resources = await stackResources("dev");
            assertClean(await check(resources, "no-stray-load-balancers"));
            const clusterIp = strayLoadBalancer(resources, "internal");
            inputs(clusterIp).spec.type = "ClusterIP";
            assertClean(await check([...resources, clusterIp], "no-stray-load-balancers"));
        });

        it("flags a stray LoadBalancer Service, naming namespace/name", async () => {
            const resources = await stackResources("dev");
            const stray = strayLoadBalancer(resources, "legacy-lb");
            assertViolations(await check([...resources, stray], "no-stray-load-balancers"), {
                policy: "no-stray-load-balancers",
                level: "mandatory",
                urn: stray.urn,
                names: ["LoadBalancer Service shop/legacy-lb is not part of a federated service"],
            });
        });

        it("config allowed: an allowed namespace/name passes, another stray is still flagged", async () => {
            const resources = await stackResources("dev");
            const allowed = strayLoadBalancer(resources, "legacy-lb");
            const other = strayLoadBalancer(resources, "legacy-lb", "ops");
            const config = { "no-stray-load-balancers": { allowed: ["shop/legacy-lb"] } };
            assertClean(await check([...resources, allowed], "no-stray-load-balancers", config));
            assertViolations(await check([...resources, allowed, other], "no-stray-load-balancers", config), {
                policy: "no-stray-load-balancers",
                level: "mandatory",
                urn: other.urn,
                names: ["LoadBalancer Service ops/legacy-lb"],
            });
        });
    });
});
