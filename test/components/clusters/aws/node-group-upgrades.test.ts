// EKS node groups that follow upgrades and replace create-first: each carries its control
// plane's version and upgrades after it and its vpc-cni and kube-proxy add-ons; it is named
// from a prefix, so a replacement (instance type, AMI, disk) brings the new group up before the
// old one goes; its AMI type follows its instance types. GKE node pools follow their release
// channel, which nothing fedfleet sets holds back.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { diffPlans, failureReasons, type PlanFile } from "../../../../src/preview/diff/plan-diff";
import type { RecordedResource } from "../../../../src/preview/harness/recording-monitor";
import { ofType, planStack, planYaml, stackFilePath } from "../../../support/plan";
import { nonEmpty } from "../../../support/non-empty";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const EKS = "aws:eks/cluster:Cluster";
const inputs = (r: RecordedResource) => r.inputs as Record<string, unknown>;
const prodText = () => fs.readFileSync(stackFilePath("prod"), "utf8");
const asPlan = (run: unknown) => JSON.parse(JSON.stringify(run)) as PlanFile;

/** prod with aws-euw1's general pool on another instance type. */
const euw1GeneralOn = (instanceType: string) => {
    const text = prodText();
    const at = text.indexOf("    - name: aws-euw1");
    const edited =
        text.slice(0, at) + text.slice(at).replace("instanceType: m6i.xlarge", `instanceType: ${instanceType}`);
    assert.notEqual(edited, text);
    return edited;
};

describe("EKS node groups follow the control plane", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: every node group's version is its cluster's`, async () => {
            const run = await planStack(stack);
            const clusters = new Map(ofType(run, EKS).map((c) => [inputs(c).name, inputs(c).version]));
            for (const group of nonEmpty(ofType(run, NODE_GROUP), "EKS node group")) {
                assert.ok(inputs(group).version, `${group.name} carries a version`);
                assert.equal(inputs(group).version, clusters.get(inputs(group).clusterName), group.name);
            }
        });
    }

    it("upgrades in the order control plane, then vpc-cni and kube-proxy, then node groups, then CoreDNS and metrics-server", async () => {
        const run = await planStack("prod");
        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        const reaches = (from: RecordedResource, to: string): boolean => {
            const seen = new Set<string>();
            const stack = [...from.dependencies];
            while (stack.length > 0) {
                const urn = stack.pop()!;
                if (urn === to) return true;
                if (seen.has(urn)) continue;
                seen.add(urn);
                stack.push(...(byUrn.get(urn)?.dependencies ?? []));
            }
            return false;
        };
        for (const group of nonEmpty(ofType(run, NODE_GROUP), "EKS node group")) {
            const cluster = ofType(run, EKS).find((c) => inputs(c).name === inputs(group).clusterName)!;
            const addons = ofType(run, "aws:eks/addon:Addon").filter(
                (a) => inputs(a).clusterName === inputs(group).clusterName,
            );
            const addon = (name: string) => addons.find((a) => inputs(a).addonName === name)!;
            // Pulumi updates a resource after those it depends on, as it creates it.
            for (const name of ["vpc-cni", "kube-proxy"]) {
                assert.ok(reaches(addon(name), cluster.urn), `${name} after the control plane`);
                assert.ok(reaches(group, addon(name).urn), `${group.name} after ${name}`);
            }
            for (const name of ["coredns", "metrics-server"])
                assert.ok(reaches(addon(name), group.urn), `${name} after ${group.name}`);
        }
    });

    it("sets updateConfig, so an upgrade replaces a third of the nodes at a time", async () => {
        for (const group of nonEmpty(ofType(await planStack("prod"), NODE_GROUP), "EKS node group"))
            assert.deepEqual(inputs(group).updateConfig, { maxUnavailablePercentage: 33 });
    });
});

describe("EKS node groups replace create-first", () => {
    it("are named from a prefix, never a fixed name, and not protected (prod)", async () => {
        for (const group of nonEmpty(ofType(await planStack("prod"), NODE_GROUP), "EKS node group")) {
            assert.equal(inputs(group).nodeGroupName, undefined, group.name);
            assert.match(String(inputs(group).nodeGroupNamePrefix), /^[a-z0-9-]+-$/);
            assert.equal(group.protect, false, group.name);
        }
    });

    it("prod with aws-euw1's general pool on m7i.xlarge: the group is replaced create-before-delete under a new name, and the check passes", async () => {
        const base = asPlan(await planStack("prod"));
        const head = asPlan(await planYaml(euw1GeneralOn("m7i.xlarge"), "prod"));
        const diff = diffPlans("prod", base, head);
        const replaced = diff.changes.filter((c) => c.op === "replace");
        assert.deepEqual(
            replaced.map((c) => [c.name, c.deletesFirst, c.replaceBecause]),
            [["aws-euw1-general", false, ["instanceTypes"]]],
        );
        // The provider makes a new name from the prefix: nothing holds the old fixed one.
        const group = head.resources.find((r) => r.name === "aws-euw1-general")!;
        assert.equal(inputs(group).nodeGroupName, undefined);
        assert.ok(diff.warnings.some((w) => /aws-euw1-general \(aws-euw1\) is replaced create-before-delete/.test(w)));
        assert.ok(!diff.warnings.some((w) => /Holds state, lost in between/.test(w)));
        assert.deepEqual(failureReasons(diff), []);
    });

    it("prod with aws-euw1's general pool on m7g.xlarge: the ARM AMI, and the report says the images must follow", async () => {
        const run = await planYaml(euw1GeneralOn("m7g.xlarge"), "prod");
        const head = asPlan(run);
        const group = head.resources.find((r) => r.name === "aws-euw1-general")!;
        assert.equal(inputs(group).amiType, "AL2023_ARM_64_STANDARD");
        assert.deepEqual(run.contracts, []);
        const diff = diffPlans("prod", asPlan(await planStack("prod")), head);
        assert.ok(
            diff.warnings.some((w) =>
                /Its nodes become arm64: every image scheduled there needs a arm64 variant/.test(w),
            ),
        );
    });

    it("the one-time move off fixed names (what main registered: nodeGroupName, protected in prod) is create-before-delete too", async () => {
        const head = asPlan(await planStack("prod"));
        // The base as the code before this change registered it.
        const base = JSON.parse(JSON.stringify(head)) as PlanFile;
        for (const group of base.resources.filter((r) => r.type === NODE_GROUP)) {
            const pool = inputs(group).nodeGroupNamePrefix as string;
            delete inputs(group).nodeGroupNamePrefix;
            delete inputs(group).version;
            inputs(group).nodeGroupName = pool.slice(0, -1);
            group.protect = true;
        }
        const diff = diffPlans("prod", base, head);
        const replaced = diff.changes.filter((c) => c.op === "replace");
        assert.equal(replaced.length, 3);
        for (const change of replaced) {
            assert.equal(change.type, NODE_GROUP);
            // The new registration has no fixed name: the bridge does not delete first.
            assert.equal(change.deletesFirst, false, change.name);
            assert.equal(change.protect, false, change.name);
        }
        // Unprotecting and replacing in one update is allowed (pulumi/pulumi#8873): no failure.
        assert.deepEqual(failureReasons(diff), []);
        assert.equal(diff.warnings.filter((w) => /is replaced create-before-delete/.test(w)).length, 3);
    });

    it("with a fixed name the same change would delete first (what the bridge does for a set auto-named field)", async () => {
        const base = asPlan(await planStack("prod"));
        const head = asPlan(await planYaml(euw1GeneralOn("m7i.xlarge"), "prod"));
        for (const side of [base, head])
            for (const group of side.resources.filter((r) => r.type === NODE_GROUP)) {
                delete inputs(group).nodeGroupNamePrefix;
                inputs(group).nodeGroupName = group.name.split("-").pop();
            }
        const diff = diffPlans("prod", base, head);
        const change = diff.changes.find((c) => c.op === "replace")!;
        assert.equal(change.deletesFirst, true);
        assert.ok(diff.warnings.some((w) => /is replaced delete-first \(a fixed nodeGroupName\)/.test(w)));
    });
});

describe("node version skew: what EKS refuses, refused by the preview", () => {
    const at = async (version: string) =>
        asPlan(
            await planYaml(
                prodText().replace(/kubernetesVersion: "1\.35"/g, `kubernetesVersion: "${version}"`),
                "prod",
            ),
        );

    it("a one-minor upgrade with the node groups following passes", async () => {
        const diff = diffPlans("prod", await at("1.34"), asPlan(await planStack("prod")));
        assert.ok(diff.changes.some((c) => c.type === NODE_GROUP && c.op === "update"));
        assert.deepEqual(failureReasons(diff), []);
    });

    it("a control-plane upgrade while a node group's version is not known to match (no version in the base) fails, naming UpdateClusterVersion", async () => {
        const base = await at("1.34");
        for (const group of base.resources.filter((r) => r.type === NODE_GROUP)) delete inputs(group).version;
        const diff = diffPlans("prod", base, asPlan(await planStack("prod")));
        const refused = diff.changes.filter((c) => c.refused);
        assert.deepEqual(
            refused.map((c) => c.type),
            [EKS, EKS],
        );
        assert.match(refused[0].refused!.reason, /carry no version .*UpdateClusterVersion/);
        assert.match(failureReasons(diff).join(), /2 update\(s\) the provider refuses/);
    });

    it("a control plane upgraded while a node group stays behind, or a node group newer than its control plane, fails", async () => {
        const head = asPlan(await planStack("prod"));
        const behind = JSON.parse(JSON.stringify(head)) as PlanFile;
        inputs(behind.resources.find((r) => r.name === "aws-use1-memory")!).version = "1.34";
        const diff = diffPlans("prod", await at("1.34"), behind);
        assert.match(
            diff.changes.find((c) => c.name === "aws-use1-eks")!.refused!.reason,
            /version 1\.34 → 1\.35 while node group\(s\) aws-use1-memory \(1\.34\) stay behind/,
        );
        const newer = JSON.parse(JSON.stringify(head)) as PlanFile;
        inputs(newer.resources.find((r) => r.name === "aws-use1-memory")!).version = "1.36";
        const ahead = diffPlans("prod", head, newer);
        assert.match(
            ahead.changes.find((c) => c.name === "aws-use1-memory")!.refused!.reason,
            /never newer than its control plane/,
        );
        assert.deepEqual(failureReasons(ahead), ["1 update(s) the provider refuses"]);
    });
});

describe("GKE node pools follow their release channel", () => {
    it("nothing fedfleet sets holds auto-upgrade back: auto-upgrade on, no node version, no maintenance exclusion", async () => {
        const run = await planStack("prod");
        const clusters = ofType(run, "gcp:container/cluster:Cluster");
        assert.ok(clusters.length > 0);
        for (const cluster of clusters) {
            // GKE: auto-upgrade cannot be off on a release channel; exclusions would hold it (research gcp §8).
            assert.match(
                String((inputs(cluster).releaseChannel as { channel: string }).channel),
                /^(RAPID|REGULAR|STABLE)$/,
            );
            assert.equal(inputs(cluster).maintenancePolicy, undefined);
            assert.equal(inputs(cluster).nodeVersion, undefined);
        }
        for (const pool of nonEmpty(ofType(run, "gcp:container/nodePool:NodePool"), "GKE node pool")) {
            assert.deepEqual(inputs(pool).management, { autoRepair: true, autoUpgrade: true }, pool.name);
            // A pool version and auto-upgrade "fight each other" (terraform-provider-google node pool `version`).
            assert.equal(inputs(pool).version, undefined, pool.name);
        }
    });
});
