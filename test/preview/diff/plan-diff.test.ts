// plan:diff's decisions on crafted base/head pairs, each run through the real program.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    diffPlans,
    maskChange,
    PlanFile,
    propertyChanges,
    shortType,
    StackDiff,
} from "../../../src/preview/diff/plan-diff";
import { renderReport } from "../../../src/preview/diff/report";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import { planYaml, PROJECT_ROOT } from "../../support/plan";

const DEV = fs.readFileSync(path.join(PROJECT_ROOT, "stacks/Pulumi.dev.yaml"), "utf8");
const STAGING = fs.readFileSync(path.join(PROJECT_ROOT, "stacks/Pulumi.staging.yaml"), "utf8");

const asPlan = (run: ProgramRun): PlanFile => JSON.parse(JSON.stringify(run)) as PlanFile;

async function diffYaml(
    base: string,
    head: string,
    stack = "dev",
): Promise<{ diff: StackDiff; before: PlanFile; after: PlanFile }> {
    const before = asPlan(await planYaml(base, stack));
    const after = asPlan(await planYaml(head, stack));
    return { diff: diffPlans(stack, before, after), before, after };
}

describe("plan diff", () => {
    const previousKey = process.env.FEDFLEET_SECRET_DIGEST_KEY;
    before(() => {
        process.env.FEDFLEET_SECRET_DIGEST_KEY = "test-key-for-this-comparison";
    });
    after(() => {
        if (previousKey === undefined) delete process.env.FEDFLEET_SECRET_DIGEST_KEY;
        else process.env.FEDFLEET_SECRET_DIGEST_KEY = previousKey;
    });

    it("finds nothing to do when nothing changed", async () => {
        const { diff } = await diffYaml(DEV, DEV);
        assert.deepEqual(diff.counts, { create: 0, update: 0, delete: 0, replace: 0 });
        assert.deepEqual(diff.warnings, []);
        assert.ok(diff.placement.length > 0, "the placement of dev's services is listed");
        assert.ok(diff.placement.every((row) => row.before === row.after));
    });

    it("shows a replica change as placement before → after and Deployment updates, with DNS weights following", async () => {
        const head = DEV.replace("      replicas: 4\n", "      replicas: 7\n");
        const { diff } = await diffYaml(DEV, head);
        const storefront = diff.placement.filter((row) => row.service === "storefront");
        assert.deepEqual(storefront, [
            { service: "storefront", cluster: "aws-use1", before: 2, after: 4 },
            { service: "storefront", cluster: "gke-euw1", before: 2, after: 3 },
        ]);
        const deployments = diff.changes.filter((c) => c.type === "kubernetes:apps/v1:Deployment");
        assert.deepEqual(
            deployments.map((c) => [
                c.op,
                c.cluster,
                c.service,
                c.properties.map((p) => `${p.path}: ${p.before} -> ${p.after}`),
            ]),
            [
                ["update", "aws-use1", "shop/storefront", ["spec.replicas: 2 -> 4"]],
                ["update", "gke-euw1", "shop/storefront", ["spec.replicas: 2 -> 3"]],
            ],
        );
        assert.equal(diff.counts.replace, 0);
        assert.ok(diff.dns.changed.some((c) => c.before.detail === "weight 2" && c.after.detail === "weight 4"));
        const report = renderReport(diff);
        assert.match(report.body, /\| storefront \| \*\*2 → 4\*\* \| \*\*2 → 3\*\* \|/);
    });

    it("warns first about state lost with a removed cluster", async () => {
        const withoutGke =
            DEV.slice(0, DEV.indexOf("    - name: gke-euw1")) +
            DEV.slice(DEV.indexOf("  # Route53"))
                .replace("clusters: [aws-use1, gke-euw1]", "clusters: [aws-use1]")
                .replace("          gke-euw1: { weight: 1, minReplicas: 1 }\n", "");
        const { diff } = await diffYaml(DEV, withoutGke);
        assert.equal(diff.counts.create, 0);
        assert.ok(diff.counts.delete >= 18, `deletes: ${diff.counts.delete}`);
        const deleted = diff.changes.filter((c) => c.op === "delete" && c.cluster === "gke-euw1").map((c) => c.type);
        assert.ok(
            deleted.includes("gcp:container/cluster:Cluster") && deleted.includes("kubernetes:apps/v1:Deployment"),
        );
        for (const type of [
            "gcp:container/cluster:Cluster",
            "gcp:container/nodePool:NodePool",
            "gcp:kms/cryptoKey:CryptoKey",
        ]) {
            assert.ok(
                diff.warnings.some((w) => w.startsWith("Would delete") && w.includes(shortType(type))),
                type,
            );
        }
        assert.ok(diff.placement.some((row) => row.cluster === "gke-euw1" && row.before === 2 && row.after === null));
        assert.ok(diff.dns.removed.some((r) => r.targets.includes("cluster:gke-euw1")));
        const report = renderReport(diff);
        assert.ok(report.head.indexOf("Would delete") > 0, "warnings are in the head, before the body");
    });

    it("flags a renamed resource as a URN change and suggests an alias", async () => {
        const base = asPlan(await planYaml(DEV));
        // A code change that renames the namespace resources: same inputs, new logical name.
        const head: PlanFile = JSON.parse(JSON.stringify(base).replace(/aws-use1-ns-shop/g, "aws-use1-namespace-shop"));
        const diff = diffPlans("dev", base, head);
        assert.deepEqual(
            diff.urnChanges.map((m) => [m.type, m.why, m.from.split("::").pop(), m.to.split("::").pop()]),
            [
                ["kubernetes:core/v1:Namespace", "renamed", "aws-use1-ns-shop", "aws-use1-namespace-shop"],
                [
                    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                    "renamed",
                    "aws-use1-ns-shop-default-deny-ingress",
                    "aws-use1-namespace-shop-default-deny-ingress",
                ],
            ],
        );
        assert.ok(
            diff.warnings.some(
                (w) => w.startsWith("URN change (renamed)") && w.includes('aliases: [{ name: "aws-use1-ns-shop" }]'),
            ),
        );
    });

    it("does not mistake a cluster swapped for one in another region for a rename", async () => {
        const head = DEV.replace(/aws-use1/g, "aws-use2").replace("region: us-east-1", "region: us-east-2");
        const { diff } = await diffYaml(DEV, head);
        assert.ok(diff.counts.create > 20 && diff.counts.delete > 20);
        assert.deepEqual(diff.urnChanges, []);
        assert.ok(!diff.warnings.some((w) => w.startsWith("URN change")));
    });

    it("says a GKE region change would replace the cluster, its node pool and keys", async () => {
        const head = DEV.replace("region: europe-west1", "region: europe-west4");
        const { diff } = await diffYaml(DEV, head);
        const replaced = new Map(diff.changes.filter((c) => c.op === "replace").map((c) => [c.type, c.replaceBecause]));
        // The subnetwork moves region too (its id names the region), which also forces a new cluster.
        assert.deepEqual(replaced.get("gcp:container/cluster:Cluster"), ["location", "subnetwork"]);
        assert.ok(replaced.get("gcp:container/nodePool:NodePool")?.includes("location"));
        assert.ok(replaced.get("gcp:kms/keyRing:KeyRing")?.includes("location"));
        assert.ok(
            diff.warnings.some((w) =>
                /^Would replace in gke-euw1: .*container Cluster gke-euw1-gke \(location, subnetwork changed\).*Holds state, lost in between: .*container Cluster gke-euw1-gke/.test(
                    w,
                ),
            ),
            diff.warnings.join("\n"),
        );
        assert.match(renderReport(diff).body, /would replace: location/);
    });

    it("shows a changed secret as changed, never its value", async () => {
        const base = STAGING;
        const head = STAGING.replace(
            "secure: v1:Mx7mLy1KeYy2ZmAs:KL1xgXfm0E3XOhw9nV0C1MW5aS+3tQ7oh2OHx5mJsbqLeYw=",
            "secure: v1:Mx7mLy1KeYy2ZmAs:ROTATEDnewCIPHERTEXTvalue0000000000000000000=",
        );
        const { diff } = await diffYaml(base, head, "staging");
        const provider = diff.changes.find((c) => c.urn.endsWith("pulumi:providers:kubernetes::lab-fra-k8s"))!;
        assert.ok(provider, "the lab cluster's provider changes");
        assert.deepEqual(provider.properties, [
            { path: "kubeconfig", before: "[secret]", after: "[secret] (changed)" },
        ]);
        const report = renderReport(diff);
        const text = report.head + report.body + JSON.stringify(diff);
        for (const leak of ["ROTATEDnewCIPHERTEXT", "offline-preview-placeholder", "[secret:"])
            assert.ok(!text.includes(leak), leak);
    });

    it("masks secrets at leaf level and cannot tell a change without digests", () => {
        assert.equal(maskChange("[secret]", "[secret]"), undefined);
        assert.equal(maskChange("[secret:aa]", "[secret:aa]"), undefined);
        assert.deepEqual(maskChange("[secret:aa]", "[secret:bb]"), { before: "[secret]", after: "[secret] (changed)" });
        assert.deepEqual(maskChange("plain", "[secret:bb]"), { before: "plain", after: "[secret]" });
        assert.deepEqual(propertyChanges({ a: { b: [1, 2] } }, { a: { b: [1, 3] }, c: true }), [
            { path: "a.b[1]", before: 2, after: 3 },
            { path: "c", before: undefined, after: true },
        ]);
    });
});
