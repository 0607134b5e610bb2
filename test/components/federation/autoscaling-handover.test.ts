// Autoscaling switched on for a running service must never apply a Deployment that releases
// `spec.replicas` before the HPA exists: server-side apply would reset a released count to 1
// (Kubernetes docs, Server-Side Apply, "Transferring ownership"). A transition: prod's checkout
// (10 fixed replicas) gets autoscaling, as it did when prod first shipped it; what each cluster's Deployment update applies is the
// program's manifest with the ignored paths taken from the old inputs, as the engine does
// (pulumi/pulumi step_generator.go, processIgnoreChanges).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { appliedInputs } from "../../../src/preview/diff/ignore-changes";
import { diffPlans, type PlanFile } from "../../../src/preview/diff/plan-diff";
import type { RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { planStack, planYaml, stackFilePath } from "../../support/plan";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const spec = (r: RecordedResource) => r.inputs.spec as Record<string, unknown>;
const asPlan = (run: unknown) => JSON.parse(JSON.stringify(run)) as PlanFile;

describe("autoscaling switched on without a dip", () => {
    let base: PlanFile;
    let head: PlanFile;
    before(async () => {
        // Prod ships checkout autoscaled; the base is checkout as it ran before, with 10 fixed replicas.
        const text = fs.readFileSync(stackFilePath("prod"), "utf8");
        const fixed = text.replace(/\n {6}# [^\n]*\n {6}autoscaling: \{ maxReplicas: 40 \}/, "");
        assert.notEqual(fixed, text, "prod's checkout declares autoscaling");
        base = asPlan(await planYaml(fixed, "prod"));
        head = asPlan(await planStack("prod"));
    });

    const checkout = (plan: PlanFile, type: string) =>
        plan.resources.filter((r) => r.type === type && r.name.startsWith("payments/checkout@"));

    it("every Deployment update applies its running replicas while the HPA does not exist yet", () => {
        const before = new Map(base.resources.map((r) => [r.urn, r]));
        const deployments = checkout(head, DEPLOYMENT);
        assert.equal(deployments.length, 3);
        for (const deployment of deployments) {
            const old = before.get(deployment.urn)!;
            assert.equal(typeof spec(old).replicas, "number", "checkout ran with fixed replicas");
            const applied = appliedInputs(old.inputs, deployment.inputs, deployment.ignoreChanges);
            assert.equal((applied.spec as Record<string, unknown>).replicas, spec(old).replicas, deployment.name);
        }
        // The HPAs are new in this up and wait for their Deployments: they exist only after those updates.
        for (const hpa of checkout(head, HPA)) {
            assert.ok(!before.has(hpa.urn), `${hpa.name} is created by this up`);
            const deployment = deployments.find((d) => d.name === hpa.name)!;
            assert.ok(hpa.dependencies.includes(deployment.urn), `${hpa.name} after its Deployment`);
        }
    });

    it("once the HPA runs, later updates keep leaving the field alone, and a new cluster starts at the HPA's minimum", () => {
        for (const deployment of checkout(head, DEPLOYMENT)) {
            assert.deepEqual(deployment.ignoreChanges, ["spec.replicas"]);
            const hpa = checkout(head, HPA).find((h) => h.name === deployment.name)!;
            // On create there are no old inputs: the declared count, the HPA's minimum.
            assert.equal(spec(deployment).replicas, spec(hpa).minReplicas);
            const next = appliedInputs(deployment.inputs, deployment.inputs, deployment.ignoreChanges);
            assert.equal(typeof (next.spec as Record<string, unknown>).replicas, "number");
        }
    });

    it("the plan diff shows no replica change and explains the handover", () => {
        const diff = diffPlans("prod", base, head);
        const deployments = diff.changes.filter((c) => c.type === DEPLOYMENT && c.service === "payments/checkout");
        for (const change of deployments)
            assert.ok(!change.properties.some((p) => p.path === "spec.replicas"), `${change.name}: no replica change`);
        const line = diff.traffic.find((l) => l.startsWith("payments/checkout: autoscaling switched on"));
        assert.ok(line, diff.traffic.join("\n"));
        assert.match(line, /aws-euw1 keeps 3, aws-use1 keeps 5, gke-usc1 keeps 2/);
        assert.match(line, /never released to the API default of 1/);
    });
});
