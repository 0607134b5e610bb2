// Rollout waves through the mock engine, read from the dependency graph of what prod registers
// (issue 28): a Deployment of a later wave waits for the service's Deployments of every earlier
// wave and for none of its own or later ones, a 300 s soak lies between wave 1 and wave 2, the
// clusters no wave names roll out last, and nothing but the Deployments waits for another
// cluster. Then a held cluster, a wave without soak, and what the await timeout changes.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { sleepSeconds } from "../../../src/plan/core/sleep-duration";
import { AWAIT_TIMEOUT_ANNOTATION, ROLLOUT_AWAIT_SECONDS } from "../../../src/plan/rollout/waves";
import { lookupIn, owningClusterOfRecord } from "../../../src/preview/harness/ownership";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import type { LooseInputs, RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { closure, longestChain, waitsFor } from "../../support/dependency-graph";
import { byUrn, planStack, planYaml, stackFilePath } from "../../support/plan";

const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    sleep: "time:index/sleep:Sleep",
    eks: "aws:eks/cluster:Cluster",
    fleetNames: "fedfleet:service:FleetServiceNames",
};
const PROD = fs.readFileSync(stackFilePath("prod"), "utf8");
/** prod's rollout block as shipped. */
const ROLLOUT = / {2}fedfleet:rollout:\n(?: {4}.*\n)+/;
/** The waves prod ships (issue 28): aws-use1 first, then aws-euw1 and gke-usc1, then what no wave names. */
const WAVES = [["aws-use1"], ["aws-euw1", "gke-usc1"], ["gke-euw4"]];

const withRollout = (block: string) => {
    assert.match(PROD, ROLLOUT, "prod declares fedfleet:rollout");
    return PROD.replace(ROLLOUT, block);
};
const inputs = (r: RecordedResource) => r.inputs as LooseInputs;
const clusterOf = (run: ProgramRun, r: RecordedResource) => owningClusterOfRecord(r, lookupIn(byUrn(run)))?.name;
/** A service's Deployments by cluster. */
function deploymentsOf(run: ProgramRun, service: string): Map<string, RecordedResource> {
    return new Map(
        run.resources
            .filter((r) => r.type === T.deployment && r.name.startsWith(`${service}@`))
            .map((r) => [r.name.split("@")[1], r]),
    );
}

/**
 * Whether a resource's create waits for what it depends on. A pods hold (a Sleep of the
 * service that holds its Deployment on delete: src/components/federation/pods-hold.ts) has no
 * create duration and nothing depends on it, so it delays nothing on create.
 */
const waitsOnCreate = (r: RecordedResource) =>
    !(r.type === T.sleep && r.name.endsWith("-pods") && !(r.inputs as { createDuration?: string }).createDuration);

describe("rollout waves: prod's dependency graph", function () {
    this.timeout(300_000);
    let prod: ProgramRun;
    let unwaved: ProgramRun;
    before(async () => {
        prod = await planStack("prod");
        unwaved = await planYaml(withRollout(""), "prod");
    });

    for (const service of ["payments/checkout", "shop/storefront"])
        it(`${service}: each Deployment waits for the Deployments of every earlier wave and for none of its own or later waves`, () => {
            const edges = waitsFor(prod.resources);
            const deployments = deploymentsOf(prod, service);
            const waves = WAVES.map((wave) => wave.filter((cluster) => deployments.has(cluster))).filter(
                (wave) => wave.length > 0,
            );
            assert.deepEqual(waves.flat().sort(), [...deployments.keys()].sort(), "every Deployment is in a wave");
            assert.ok(waves.length >= 2, `${service} rolls out in waves`);
            waves.forEach((wave, index) => {
                for (const cluster of wave) {
                    const waited = closure(deployments.get(cluster)!.urn, edges);
                    waves.forEach((other, otherIndex) => {
                        for (const earlier of other) {
                            const waits = waited.has(deployments.get(earlier)!.urn);
                            assert.equal(
                                waits,
                                otherIndex < index,
                                `${service}@${cluster} (wave ${index + 1}) ${waits ? "waits" : "does not wait"} for ${earlier} (wave ${otherIndex + 1})`,
                            );
                        }
                    });
                }
            });
        });

    it("holds a 300 s soak between wave 1 and wave 2: the second wave's Deployments wait for it, it waits for the first", () => {
        for (const service of ["payments/checkout", "shop/storefront"]) {
            const deployments = deploymentsOf(prod, service);
            const soak = prod.resources.find((r) => r.type === T.sleep && r.name === `${service}/soak-after-wave-1`);
            assert.ok(soak, `${service} has a soak after wave 1`);
            assert.equal(sleepSeconds(inputs(soak).createDuration), 300);
            assert.deepEqual(soak.dependencies, [deployments.get("aws-use1")!.urn]);
            for (const cluster of ["aws-euw1", "gke-usc1"])
                assert.ok(deployments.get(cluster)!.dependencies.includes(soak.urn), `${service}@${cluster}`);
        }
    });

    it("rolls gke-euw4, in no wave, out last: after wave 2 and its soak", () => {
        const deployments = deploymentsOf(prod, "shop/storefront");
        const soak = prod.resources.find((r) => r.type === T.sleep && r.name === "shop/storefront/soak-after-wave-2")!;
        assert.deepEqual(
            soak.dependencies,
            [deployments.get("aws-euw1")!.urn, deployments.get("gke-usc1")!.urn].sort(),
        );
        assert.ok(deployments.get("gke-euw4")!.dependencies.includes(soak.urn));
        const waitedOn = new Set(prod.resources.filter(waitsOnCreate).flatMap((r) => r.dependencies));
        assert.ok(!waitedOn.has(deployments.get("gke-euw4")!.urn), "nothing waits for the last wave");
    });

    it("makes nothing else wait for another cluster: the EKS cluster of aws-euw1 depends on nothing of aws-use1", () => {
        const edges = waitsFor(prod.resources);
        const index = byUrn(prod);
        const euw1 = prod.resources.find((r) => r.type === T.eks && clusterOf(prod, r) === "aws-euw1")!;
        const ofUse1 = [...closure(euw1.urn, edges)].filter((urn) => clusterOf(prod, index.get(urn)!) === "aws-use1");
        assert.deepEqual(ofUse1, []);
        // The class: every resource of a cluster but the Deployments (and the in-cluster names, which
        // follow the DNS records by design: docs/local-first.md) waits for nothing of another cluster.
        const ancestors = (r: RecordedResource): string[] =>
            r.parent ? [index.get(r.parent)!.type, ...ancestors(index.get(r.parent)!)] : [];
        for (const resource of prod.resources) {
            const own = clusterOf(prod, resource);
            if (!own || resource.type === T.deployment || ancestors(resource).includes(T.fleetNames)) continue;
            const foreign = [...closure(resource.urn, edges)]
                .map((urn) => index.get(urn)!)
                .filter((r) => (clusterOf(prod, r) ?? own) !== own);
            assert.deepEqual(
                foreign.map((r) => r.urn),
                [],
                `${resource.type} ${resource.name} (${own}) waits for another cluster`,
            );
        }
    });

    it("leaves the HPAs out of the waves: none waits for a Deployment", () => {
        const hpas = prod.resources.filter((r) => r.type === T.hpa);
        assert.ok(hpas.length > 0);
        const edges = waitsFor(prod.resources);
        const index = byUrn(prod);
        for (const hpa of hpas)
            assert.ok(![...closure(hpa.urn, edges)].some((urn) => index.get(urn)!.type === T.deployment), hpa.name);
    });

    it("sets each waved Deployment's await timeout on its own metadata, not the pod template, and changes nothing else", () => {
        const before = new Map(unwaved.resources.map((r) => [r.urn, r]));
        for (const deployment of prod.resources.filter((r) => r.type === T.deployment)) {
            const metadata = inputs(deployment).metadata;
            assert.equal(metadata.annotations?.[AWAIT_TIMEOUT_ANNOTATION], String(ROLLOUT_AWAIT_SECONDS));
            assert.equal(inputs(deployment).spec.template.metadata.annotations?.[AWAIT_TIMEOUT_ANNOTATION], undefined);
            assert.deepEqual(inputs(deployment).spec, inputs(before.get(deployment.urn)!).spec, deployment.name);
            const { annotations: _without, ...rest } = metadata;
            const { annotations: _unwaved, ...restBefore } = inputs(before.get(deployment.urn)!).metadata;
            assert.deepEqual(rest, restBefore);
        }
        for (const deployment of unwaved.resources.filter((r) => r.type === T.deployment))
            assert.equal(inputs(deployment).metadata.annotations?.[AWAIT_TIMEOUT_ANNOTATION], undefined);
        assert.equal(unwaved.resources.filter((r) => r.type === T.sleep && inputs(r).createDuration).length, 0);
    });

    it("reports the longest chain of a first up, with and without waves, in all and in Deployments", () => {
        const deployments = (r: RecordedResource) => r.type === T.deployment;
        const chains = {
            waved: longestChain(prod.resources),
            unwaved: longestChain(unwaved.resources),
            wavedDeployments: longestChain(prod.resources, deployments),
            unwavedDeployments: longestChain(unwaved.resources, deployments),
        };
        const show = (chain: RecordedResource[]) =>
            chain.map((r) => `${r.type.split(":").pop()} ${r.name}`).join(" -> ");
        // Written out for the report (docs/rollouts.md, "The first up"); the assertions are the shape.
        for (const [name, chain] of Object.entries(chains))
            console.log(`      ${name}: ${chain.length}: ${show(chain)}`);
        assert.equal(chains.unwavedDeployments.length, 1, "without waves no Deployment waits for another");
        assert.equal(chains.wavedDeployments.length, 3, "storefront: three waves");
        const soaks = chains.waved.filter((r) => r.type === T.sleep).length;
        assert.ok(
            chains.waved.length <= chains.unwaved.length + 2 * (1 + soaks),
            "waves add the Deployments and soaks of the earlier waves, nothing more",
        );
    });
});

describe("rollout waves: a held cluster, a wave without soak", function () {
    this.timeout(300_000);

    it("leaves a held cluster's objects as they run, waits for nothing there and makes no wave wait for it", async () => {
        const run = await planYaml(
            withRollout(
                "  fedfleet:rollout:\n    waves:\n      - clusters: [aws-use1]\n      - clusters: [aws-euw1, gke-usc1]\n    soakSeconds: 300\n    hold: [aws-euw1]\n",
            ),
            "prod",
        );
        const edges = waitsFor(run.resources);
        const deployments = deploymentsOf(run, "payments/checkout");
        const held = deployments.get("aws-euw1")!;
        assert.deepEqual(held.ignoreChanges, ["metadata", "spec"]);
        assert.ok(![...closure(held.urn, edges)].some((urn) => byUrn(run).get(urn)!.type === T.deployment));
        assert.ok(
            !run.resources.filter(waitsOnCreate).some((r) => r.dependencies.includes(held.urn)),
            "nothing waits for it",
        );
        assert.ok(closure(deployments.get("gke-usc1")!.urn, edges).has(deployments.get("aws-use1")!.urn));
        // Every object the service has there is held, not only the Deployment.
        const there = run.resources.filter(
            (r) => r.name === "payments/checkout@aws-euw1" && r.type.startsWith("kubernetes:"),
        );
        assert.ok(there.length >= 5, there.map((r) => r.type).join());
        for (const r of there) assert.ok(r.ignoreChanges.includes("metadata"), `${r.type} held`);
        const output = (run.outputs.services as Record<string, { rollout: { held?: string[] } }>).checkout;
        assert.deepEqual(output.rollout.held, ["aws-euw1"]);
    });

    it("with soakSeconds 0, makes the next wave depend on the Deployments before it directly, with no Sleep", async () => {
        const run = await planYaml(
            withRollout("  fedfleet:rollout:\n    waves:\n      - clusters: [aws-use1]\n"),
            "prod",
        );
        assert.equal(run.resources.filter((r) => r.type === T.sleep && inputs(r).createDuration).length, 0);
        const deployments = deploymentsOf(run, "shop/storefront");
        for (const cluster of ["aws-euw1", "gke-euw4", "gke-usc1"])
            assert.ok(deployments.get(cluster)!.dependencies.includes(deployments.get("aws-use1")!.urn), cluster);
    });
});
