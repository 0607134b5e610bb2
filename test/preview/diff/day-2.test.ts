// Day-2 pull requests through plan:diff: draining a cluster and removing it (drain, wait,
// remove), a removal whose wait arrives in the same change, a Deployment replaced delete-first,
// a Cloud DNS record set replaced delete-first. Each case edits a checked-in stack, runs the
// real program on both sides and reads what the report says first.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffPlans, failureReasons, type PlanFile, type StackDiff } from "../../../src/preview/diff/plan-diff";
import { renderReport } from "../../../src/preview/diff/report";
import { PROJECT_ROOT, planYaml } from "../../support/plan";
import { runPlanInProcess } from "../../support/plan-cli";

const stackText = (stack: string) => fs.readFileSync(path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
const planOf = async (text: string, stack: string) =>
    JSON.parse(JSON.stringify(await planYaml(text, stack))) as PlanFile;

/** checkout's autoscaling line in prod (storefront, listed first, has one too). */
const CHECKOUT_AUTOSCALING = /(- name: checkout\n[\s\S]*?)autoscaling: \{ maxReplicas: \d+ \}/;

/** prod with aws-euw1 draining. */
const drainEuw1 = (text: string) =>
    text.replace(
        "    - name: aws-euw1\n      cloud: aws\n",
        "    - name: aws-euw1\n      cloud: aws\n      draining: true\n",
    );

/** prod without aws-euw1: its entry gone, checkout's placement and failover pair moved off it. */
const withoutEuw1 = (text: string) =>
    text.slice(0, text.indexOf("    - name: aws-euw1\n")) +
    text
        .slice(text.indexOf("    - name: gke-usc1\n"))
        .replace("clusters: [aws-use1, aws-euw1, gke-usc1]", "clusters: [aws-use1, gke-usc1]")
        .replace(/ {10}aws-euw1: \{[^}\n]*\}\n/, "")
        // What aws-use1 (16) and gke-usc1 can still hold between them.
        .replace(CHECKOUT_AUTOSCALING, "$1autoscaling: { maxReplicas: 24 }")
        .replace("secondary: aws-euw1", "secondary: gke-usc1")
        // A wave naming a cluster the stack no longer has is refused (docs/rollouts.md).
        .replace("- clusters: [aws-euw1, gke-usc1]", "- clusters: [gke-usc1]");

/** The report's first 60 lines, as a pull-request comment shows them first. */
function top(diff: StackDiff, base: PlanFile, head: PlanFile): string {
    const rendered = renderReport(diff, base, head);
    return `${rendered.head}\n${rendered.body}`.split("\n").slice(0, 60).join("\n");
}

describe("plan diff: day-2 changes that keep traffic up", function () {
    this.timeout(300_000);
    let prod: PlanFile;
    let drained: PlanFile;
    before(async () => {
        prod = await planOf(stackText("prod"), "prod");
        drained = await planOf(drainEuw1(stackText("prod")), "prod");
    });

    it("prod with aws-euw1 draining previews (exit 0): no record set holds its endpoint, its Deployments and Services stay", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-drain-"));
        const file = path.join(dir, "Pulumi.prod.yaml");
        fs.writeFileSync(file, drainEuw1(stackText("prod")));
        const result = await runPlanInProcess(["--config", file, "--out", path.join(dir, "out")], 120_000);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(result.status, 0, result.stdout.slice(-2000) + result.stderr);
        // The endpoint is the Service's load balancer: no record or check depends on it any more.
        // (The in-cluster `-fleet` names are ExternalName Services, not load balancers.)
        const services = drained.resources.filter(
            (r) =>
                r.type === "kubernetes:core/v1:Service" &&
                r.name.endsWith("@aws-euw1") &&
                (r.inputs.spec as { type?: string }).type === "LoadBalancer",
        );
        assert.equal(services.length, 2);
        const dns = drained.resources.filter((r) => r.type.startsWith("aws:route53/"));
        for (const service of services)
            assert.ok(
                !dns.some((r) => r.dependencies.includes(service.urn)),
                `nothing in DNS depends on ${service.name}`,
            );
        const diff = diffPlans("prod", prod, drained);
        // Workloads stay as they are; only the in-cluster `-fleet` names move, from the cluster's
        // local name (which a draining cluster no longer has) to the global name.
        const changed = diff.changes.filter((c) => c.type.startsWith("kubernetes:"));
        assert.deepEqual(
            changed.map((c) => c.name),
            ["payments/checkout-fleet@aws-euw1", "shop/storefront-fleet@aws-euw1"],
            "only the in-cluster names change",
        );
        for (const change of changed) {
            const after = drained.resources.find((r) => r.urn === change.urn)!;
            const spec = after.inputs.spec as { type: string; externalName: string };
            assert.equal(spec.type, "ExternalName");
            const service = change.name.startsWith("payments/") ? "checkout" : "storefront";
            const dns = (drained.outputs.services as Record<string, { dns: { global: string } }>)[service].dns;
            assert.equal(spec.externalName, dns.global, change.name);
        }
        assert.equal((drained.outputs.clusters as Record<string, { draining?: boolean }>)["aws-euw1"].draining, true);
    });

    it("draining names each drain's wait and the up's total wait, and fails nothing", () => {
        const diff = diffPlans("prod", prod, drained);
        const report = top(diff, prod, drained);
        assert.match(
            report,
            /payments\/checkout: aws-euw1 leaves its DNS \(draining\): the records go, then this up waits 138 s \(wait payments\/checkout@aws-euw1\)/,
        );
        assert.match(report, /Drain waits: 2 in this up, which takes about 138 s longer/);
        assert.deepEqual(failureReasons(diff), []);
    });

    it("removing aws-euw1 without draining first: the drain is waited for, and the advice is drain, wait, remove", async () => {
        const removed = await planOf(withoutEuw1(stackText("prod")), "prod");
        const diff = diffPlans("prod", prod, removed);
        assert.ok(
            diff.traffic.some((l) =>
                /^payments\/checkout: drain in aws-euw1: its DNS records are deleted first, then wait payments\/checkout@aws-euw1 holds its Service 138 s/.test(
                    l,
                ),
            ),
            diff.traffic.join("\n"),
        );
        assert.ok(
            diff.traffic.some((l) =>
                /^aws-euw1 is removed while it is still in DNS\. Drain, wait, remove: set draining: true/.test(l),
            ),
        );
    });

    it("removing aws-euw1 after it drained: no wait left to spend, no advice", async () => {
        const removed = await planOf(withoutEuw1(stackText("prod")), "prod");
        const diff = diffPlans("prod", drained, removed);
        assert.ok(
            !diff.traffic.some((l) => /Drain waits|still in DNS|drain in aws-euw1/.test(l)),
            diff.traffic.join("\n"),
        );
    });

    it("a removal whose wait arrives in the same change is warned about: a destroyDuration counts only once it is in the state", async () => {
        // The base as a stack deployed before the waits existed.
        const base = JSON.parse(JSON.stringify(prod)) as PlanFile;
        const waits = new Set(base.resources.filter((r) => r.type === "time:index/sleep:Sleep").map((r) => r.urn));
        base.resources = base.resources.filter((r) => !waits.has(r.urn));
        for (const r of base.resources) r.dependencies = r.dependencies.filter((urn) => !waits.has(urn));
        const head = await planOf(
            stackText("prod")
                .replace("clusters: [aws-use1, aws-euw1, gke-usc1]", "clusters: [aws-use1, aws-euw1]")
                .replace("          gke-usc1: { weight: 1, minReplicas: 2 }\n", "")
                // What aws-use1 and aws-euw1 (16 each) can hold between them.
                .replace(CHECKOUT_AUTOSCALING, "$1autoscaling: { maxReplicas: 32 }"),
            "prod",
        );
        const diff = diffPlans("prod", base, head);
        const line = diff.traffic.find((l) =>
            l.startsWith("payments/checkout: the Service in gke-usc1 is deleted right after"),
        );
        assert.ok(line, diff.traffic.join("\n"));
        assert.match(line, /no wait in the stack's state guards it \(the waits arrive with this change/);
        assert.match(line, /Merge the change without the removal first/);
    });

    it("a Deployment replaced delete-first is an outage in every cluster it touches", async () => {
        // A selector fedfleet never sets (selectors.test.ts): as a program that changed it would leave the base.
        const base = JSON.parse(JSON.stringify(prod)) as PlanFile;
        for (const r of base.resources.filter(
            (r) => r.type === "kubernetes:apps/v1:Deployment" && r.name.startsWith("payments/checkout@"),
        ))
            (r.inputs.spec as { selector: unknown }).selector = { matchLabels: { app: "checkout" } };
        const diff = diffPlans("prod", base, prod);
        const replaced = diff.changes.filter((c) => c.op === "replace");
        assert.equal(replaced.length, 3);
        assert.ok(replaced.every((c) => c.deletesFirst));
        assert.match(
            top(diff, base, prod),
            /payments\/checkout: outage in 3 cluster\(s\) \(aws-euw1, aws-use1, gke-usc1\): its Deployment is replaced delete-first in each \(spec\.selector changed/,
        );
    });

    it("a Cloud DNS record set whose health check comes or goes is replaced delete-first, and the gap is named", async () => {
        // staging's storefront leaves AWS: its endpoints become IPs alone, so its sets become
        // health-checked A sets, and routing_policy.health_check forces new sets.
        const text = stackText("staging");
        const head = text.replace(
            "            - { key: cloud, operator: In, values: [aws, gcp] }",
            "            - { key: cloud, operator: In, values: [gcp] }",
        );
        assert.notEqual(head, text);
        const [base, after] = [await planOf(text, "staging"), await planOf(head, "staging")];
        const diff = diffPlans("staging", base, after);
        const sets = diff.changes.filter((c) => c.type === "gcp:dns/recordSet:RecordSet" && c.op === "replace");
        assert.ok(sets.length > 0);
        assert.ok(sets.every((c) => c.deletesFirst && c.replaceBecause.includes("routingPolicy.healthCheck")));
        assert.ok(
            diff.traffic.some((l) =>
                /^record set shop\/storefront-global: replaced delete-first \(routingPolicy\.healthCheck changed; Cloud DNS deletions must match the live set exactly.*its name answers nothing between the delete and the create/.test(
                    l,
                ),
            ),
            diff.traffic.join("\n"),
        );
    });
});
