// Realistic pull requests through plan:diff's decisions, as a reviewer would read the result:
// each case edits a checked-in stack, runs the real program and the policy pack on both
// sides, and checks that the report's first lines say what the change does to traffic,
// availability and state, that dangerous changes fail the check, and that benign ones raise
// no alarm. These are the cases an independent review tried (review-findings.md, Plan diffs).
import assert from "node:assert/strict";
import { diffPlans, failedDiff, failureReasons, PlanFile, StackDiff } from "../../../src/preview/diff/plan-diff";
import { renderReport } from "../../../src/preview/diff/report";
import { checkedInPlan, planOfText, stackText } from "../../support/pull-request";

const plan = planOfText;
const basePlan = checkedInPlan;

/** A pull request's diff of one stack, and the first 60 lines of its report. */
async function pullRequest(
    stack: string,
    edit: (text: string) => string,
): Promise<{ diff: StackDiff; top: string; report: string }> {
    const text = edit(stackText(stack));
    assert.notEqual(text, stackText(stack), "the edit applies");
    const base = await basePlan(stack);
    let diff: StackDiff;
    let head: PlanFile | undefined;
    try {
        head = await plan(text, stack);
        diff = diffPlans(stack, base, head);
    } catch (error) {
        diff = failedDiff(stack, "head", (error as Error).message);
    }
    const rendered = renderReport(diff, base, head);
    const report = `${rendered.head}\n${rendered.body}`;
    return { diff, top: report.split("\n").slice(0, 60).join("\n"), report };
}

/** What a benign change must not raise: no traffic finding, no failure, no replacement or deletion warning. */
function assertNoAlarm(diff: StackDiff): void {
    assert.deepEqual(diff.traffic, [], "traffic findings");
    assert.deepEqual(failureReasons(diff), [], "failure reasons");
    assert.deepEqual(diff.warnings, [], "warnings");
}

describe("plan diff: realistic pull requests", function () {
    this.timeout(300_000);

    it("1. scaling checkout up in prod: one line per service, no alarm", async () => {
        const { diff, top } = await pullRequest("prod", (t) =>
            t.replace("      replicas: 10\n", "      replicas: 14\n"),
        );
        assertNoAlarm(diff);
        assert.match(top, /- checkout: replicas 10→14: /);
    });

    it("2. a new image digest in prod: the image line, no alarm", async () => {
        const { diff, top } = await pullRequest("prod", (t) =>
            t.replace("checkout:2.3.0@sha256:9a8b", "checkout:2.4.0@sha256:0a8b"),
        );
        assertNoAlarm(diff);
        assert.match(
            top,
            /- checkout: image ghcr\.io\/acme\/checkout:2\.3\.0@sha256:9a8b.*→.*2\.4\.0@sha256:0a8b.* in 3 clusters/,
        );
    });

    it("3. a :latest image in prod fails the check (a new mandatory violation)", async () => {
        const { diff, top } = await pullRequest("prod", (t) =>
            t.replace(/checkout:2\.3\.0@sha256:[0-9a-f]+/, "checkout:latest"),
        );
        assert.ok(diff.newViolations.some((v) => v.policy === "image-pinned" && v.level === "mandatory"));
        assert.match(failureReasons(diff).join(), /new mandatory policy violation/);
        assert.match(top, /\*\*This check fails:\*\*/);
    });

    it("4. a new VPC CIDR for prod's aws-euw1 replaces its EKS cluster and node group, named in the first 60 lines", async () => {
        const { diff, top } = await pullRequest("prod", (t) =>
            t.replace("vpcCidr: 10.61.0.0/16", "vpcCidr: 10.62.0.0/16"),
        );
        const replaced = diff.changes.filter((c) => c.op === "replace").map((c) => `${c.type} ${c.name}`);
        assert.ok(replaced.includes("aws:eks/cluster:Cluster aws-euw1-eks"), replaced.join("\n"));
        assert.ok(replaced.includes("aws:eks/nodeGroup:NodeGroup aws-euw1-general"), replaced.join("\n"));
        assert.ok(replaced.some((r) => r.startsWith("aws:ec2/natGateway:NatGateway")));
        assert.ok(replaced.some((r) => r.startsWith("aws:ec2/routeTable:RouteTable")));
        assert.match(top, /eks Cluster aws-euw1-eks/);
        assert.match(top, /eks NodeGroup aws-euw1-general/);
        // Both are protected in prod: the update fails, and the check says so.
        assert.match(top, /Protected, so the update fails .*eks Cluster aws-euw1-eks/);
        assert.match(failureReasons(diff).join(), /protected resource/);
    });

    it("5. taking gke-usc1 out of checkout's placement: the removed region's name, first", async () => {
        const { diff, top } = await pullRequest("prod", (t) =>
            t
                .replace("clusters: [aws-use1, aws-euw1, gke-usc1]", "clusters: [aws-use1, aws-euw1]")
                .replace("          gke-usc1: { weight: 1, minReplicas: 2 }\n", "")
                // Without gke-usc1 the AWS clusters' bounds (16 each) hold at most 32.
                .replace(
                    /(# 40 fleet-wide[^\n]*\n *autoscaling: \{ maxReplicas: )40/,
                    (_match, head: string) => `${head}32`,
                ),
        );
        assert.match(top, /#### Traffic and availability/);
        assert.match(
            top,
            /checkout: public name\(s\) removed: .*checkout\.payments\.acme\.svc\.us-central1\.fleet\.acme-corp\.com/,
        );
        assert.match(top, /checkout: leaves us-central1, its last cluster there \(gke-usc1\)/);
        // Its Service goes in the same change as the records that point at it: its drain wait holds it back.
        assert.ok(
            diff.traffic.some((line) =>
                /payments\/checkout: drain in gke-usc1: its DNS records are deleted first, then wait payments\/checkout@gke-usc1 holds its Service \d+ s/.test(
                    line,
                ),
            ),
            diff.traffic.join("\n"),
        );
    });

    it("6. moving checkout's weight off aws-use1, its failover primary", async () => {
        const { top } = await pullRequest("prod", (t) =>
            t.replace(
                "aws-use1: { weight: 3, minReplicas: 2, maxReplicas: 16 }",
                "aws-use1: { weight: 1, minReplicas: 2, maxReplicas: 16 }",
            ),
        );
        assert.match(
            top,
            /checkout: aws-use1 stays the failover primary, taking all its traffic while healthy, but its replicas go 5→\d/,
        );
    });

    it("7. switching storefront to exposure: internal removes its public names", async () => {
        const { top } = await pullRequest("dev", (t) => t.replace("exposure: internet-facing", "exposure: internal"));
        assert.match(top, /storefront: exposure switched to internal removes all \d+ public name\(s\)/);
    });

    it("8. moving checkout to another namespace deletes the old one, and everything in it", async () => {
        const { top } = await pullRequest("prod", (t) =>
            t.replace("      namespace: payments\n", "      namespace: billing\n"),
        );
        assert.match(top, /namespace payments in aws-use1 is deleted: Kubernetes deletes everything in it/);
        assert.match(top, /checkout: public name\(s\) removed: /);
    });

    it("9. a share dropping to one replica loses its disruption budget", async () => {
        const { top } = await pullRequest("dev", (t) =>
            t.replace(
                "      replicas: 4\n      exposure: internet-facing",
                "      replicas: 2\n      exposure: internet-facing",
            ),
        );
        assert.match(top, /storefront: (aws-use1|gke-euw1) goes to 1 replica\(s\) and loses its PodDisruptionBudget/);
    });

    it("10. a lower autoscaling maximum is said", async () => {
        const { top } = await pullRequest("prod", (t) =>
            t.replace("autoscaling: { maxReplicas: 40 }", "autoscaling: { maxReplicas: 20 }"),
        );
        assert.match(top, /storefront: the autoscaler's maximum in \S+ is lowered 10→5/);
    });

    it("11. removing a service: its names go with its Services, each held back by its drain wait", async () => {
        const { diff, top } = await pullRequest("dev", (t) =>
            t.slice(0, t.indexOf("    # Placed by name, with weights and bounds.")),
        );
        assert.match(top, /- checkout: removed/);
        assert.ok(
            diff.traffic.some((line) =>
                /checkout: drain in aws-use1: its DNS records are deleted first, then wait shop\/checkout@aws-use1 holds its Service/.test(
                    line,
                ),
            ),
            diff.traffic.join("\n"),
        );
    });

    it("12. a longer TTL in dev: said plainly, no alarm", async () => {
        const { diff, top } = await pullRequest("dev", (t) => t.replace("    ttl: 30\n", "    ttl: 60\n"));
        assertNoAlarm(diff);
        assert.match(top, /storefront: .*TTL 30\/60→60 s/);
    });

    it("13. weighted to latency routing in dev: said plainly, no alarm", async () => {
        const { diff, top } = await pullRequest("dev", (t) =>
            t.replace("    routing: weighted\n", "    routing: latency\n"),
        );
        assert.deepEqual(failureReasons(diff), []);
        assert.deepEqual(diff.traffic, []);
        assert.match(top, /storefront: .*routing weighted→latency/);
    });

    it("14. adding a service: a new service, no alarm", async () => {
        const { diff, top } = await pullRequest("dev", (t) =>
            t.replace(
                "  fedfleet:services:\n",
                `  fedfleet:services:
    - name: search
      namespace: shop
      replicas: 2
      containers:
        - name: api
          image: ghcr.io/acme/search:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: 500m, memory: 256Mi } }
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
          livenessProbe: { httpGet: { path: /live, port: 8080 } }
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement: { clusters: [aws-use1, gke-euw1] }
`,
            ),
        );
        assertNoAlarm(diff);
        assert.match(top, /- search: new service/);
    });

    it("15. a second admin on dev's EKS cluster: creates its access entry, no alarm", async () => {
        const { diff } = await pullRequest("dev", (t) =>
            t.replace(
                "adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin]",
                "adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin, arn:aws:iam::123456789012:role/sre]",
            ),
        );
        assertNoAlarm(diff);
        assert.equal(diff.counts.create, 2);
    });

    it("16. a typo in the head's config: fails, shows the error, never 'stack removed'", async () => {
        const { diff, report } = await pullRequest("dev", (t) => t.replace("nodePools:", "nodepools:"));
        assert.equal(diff.previewError?.side, "head");
        assert.match(failureReasons(diff).join(), /the head does not preview/);
        assert.match(report, /The head could not be previewed/);
        assert.match(report, /unknown key "nodepools" \(did you mean "nodePools"\?\)/);
        assert.doesNotMatch(report, /stack removed|to delete/);
    });

    it("17. an EKS minor version upgrade in dev (1.34 to the checked-in 1.35) updates in place, no replacement alarm", async () => {
        const older = stackText("dev").replace('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.34"');
        assert.notEqual(older, stackText("dev"), "dev pins 1.35");
        const diff = diffPlans("dev", await plan(older, "dev"), await basePlan("dev"));
        assert.ok(diff.changes.some((c) => c.type === "aws:eks/cluster:Cluster" && c.op === "update"));
        assert.deepEqual(diff.warnings, []);
        assert.deepEqual(failureReasons(diff), []);
    });

    // EKS User Guide, update-cluster: the control plane moves one minor version at a time, and
    // never back. Both updates look harmless in place; a real up fails on them.
    it("17b. an EKS upgrade that skips a minor (1.33 to 1.35), or goes back, fails the check, naming the rule", async () => {
        const at = (version: string) =>
            plan(stackText("dev").replace('kubernetesVersion: "1.35"', `kubernetesVersion: "${version}"`), "dev");
        const skip = diffPlans("dev", await at("1.33"), await basePlan("dev"));
        assert.ok(skip.changes.some((c) => c.type === "aws:eks/cluster:Cluster" && c.op === "update"));
        assert.ok(
            skip.warnings.some((w) =>
                /^EKS refuses: eks Cluster aws-use1-eks version 1\.33 → 1\.35 \(one minor version at a time, never back/.test(
                    w,
                ),
            ),
            skip.warnings.join("\n"),
        );
        assert.deepEqual(failureReasons(skip), ["1 update(s) the provider refuses"]);
        const back = diffPlans("dev", await basePlan("dev"), await at("1.34"));
        assert.deepEqual(failureReasons(back), ["1 update(s) the provider refuses"]);
    });

    it("18. a larger GKE machine type in prod updates the pools in place (google >= 5.10), no alarm", async () => {
        const { diff } = await pullRequest("prod", (t) =>
            t.replace(/machineType: (\S+)/, "machineType: n2-standard-16"),
        );
        assert.ok(diff.changes.some((c) => c.type === "gcp:container/nodePool:NodePool" && c.op === "update"));
        assertNoAlarm(diff);
    });

    it("19. a new Route53 health-check interval replaces the checks (requestInterval forces it)", async () => {
        const { diff, top } = await pullRequest("dev", (t) =>
            t.replace(
                "healthCheck: { intervalSeconds: 10, failureThreshold: 3 }",
                "healthCheck: { intervalSeconds: 30, failureThreshold: 3 }",
            ),
        );
        assert.ok(diff.changes.some((c) => c.type === "aws:route53/healthCheck:HealthCheck" && c.op === "replace"));
        assert.match(top, /Would replace in no cluster: 4 route53 HealthCheck \(requestInterval changed\)/);
        assert.deepEqual(failureReasons(diff), [], "a health check is not protected");
    });

    it("20. a wider public access list on dev's EKS API updates in place, no alarm", async () => {
        const { diff } = await pullRequest("dev", (t) =>
            t.replace("publicAccessCidrs: [198.51.100.0/24]", "publicAccessCidrs: [198.51.100.0/24, 203.0.113.0/28]"),
        );
        assert.ok(diff.changes.some((c) => c.type === "aws:eks/cluster:Cluster" && c.op === "update"));
        assertNoAlarm(diff);
    });

    it("21. a new GKE control-plane range in prod replaces the cluster and everything on it, and fails (protected)", async () => {
        const { diff, top } = await pullRequest("prod", (t) =>
            t.replace(/masterCidr: 172\.16\.(\d+)\.0\/28/, "masterCidr: 172.31.0.0/28"),
        );
        const replaced = diff.changes.filter((c) => c.op === "replace");
        assert.ok(replaced.some((c) => c.type === "gcp:container/cluster:Cluster"));
        assert.ok(
            replaced.some((c) => c.type === "gcp:container/nodePool:NodePool"),
            "its pools follow the cluster",
        );
        assert.ok(
            replaced.some((c) => c.type === "kubernetes:apps/v1:Deployment"),
            "the objects follow its provider",
        );
        assert.match(
            top,
            /Would replace in gke-\w+: container Cluster gke-\w+-gke \(privateClusterConfig\.masterIpv4CidrBlock changed\)/,
        );
        assert.match(failureReasons(diff).join(), /protected resource/);
    });

    it("22. a new environment variable value in dev updates the Deployments in place, no alarm", async () => {
        const { diff, top } = await pullRequest("dev", (t) =>
            t.replace("env: { LOG_LEVEL: debug }", "env: { LOG_LEVEL: info }"),
        );
        assertNoAlarm(diff);
        assert.deepEqual(diff.counts, { create: 0, update: 2, delete: 0, replace: 0 });
        assert.match(top, /- storefront: 2 resource changes/);
    });

    it("23. a comment-only change to a stack file: 'No changes' first, exit code 0", async () => {
        const { diff, top } = await pullRequest("staging", (t) =>
            t.replace("# staging:", "# staging (soaks release candidates):"),
        );
        assertNoAlarm(diff);
        assert.match(top.split("\n").slice(0, 6).join("\n"), /\*\*No changes\.\*\*/);
    });
});
