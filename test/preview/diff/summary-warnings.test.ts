// What a reviewer must read before any detailed section of a plan diff: dangers the operation
// counts hide (issue 24), each class with the issue's example and a case of our own, on pairs
// of plans the real program makes from edited stack files (or from a plan edited where no
// stack file can reach the state, e.g. a base deployed by an older program). And the false
// alarms that must stay gone. Each assertion reads the report's summary (renderReport's head).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffPlans, failureReasons, unchangedDiff, type PlanFile } from "../../../src/preview/diff/plan-diff";
import { gateNotice, withGateNotice } from "../../../src/preview/diff/gate";
import { renderReport, summaryLine } from "../../../src/preview/diff/report";
import { PROJECT_ROOT } from "../../support/plan";
import { checkedInPlan, planOfText, pullRequestOf, splitReport, stackText } from "../../support/pull-request";
import { PROD_EDITS, stagingNewGkeAsia } from "../../../tools/replay/edits";

const copy = (plan: PlanFile) => JSON.parse(JSON.stringify(plan)) as PlanFile;
const inputs = (r: PlanFile["resources"][number]) => r.inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("plan diff summary: what the counts hide", function () {
    this.timeout(600_000);

    describe("traffic that changes while nothing is deleted", () => {
        it("a Service port 80→8443 (issue's example): named with its clusters, before any detailed section", async () => {
            const { summary, diff } = await pullRequestOf("prod", PROD_EDITS.storefrontPort);
            assert.equal(diff.counts.delete + diff.counts.replace, 0);
            assert.match(
                summary,
                /storefront: Service port 80→8443 \(http\) in 4 clusters \(aws-euw1, aws-use1, gke-euw4, gke-usc1\): clients still calling port 80 get no answer/,
            );
        });

        it("staging's checkout port 80→8080: the Service and its Cloud DNS health check both named", async () => {
            const { summary } = await pullRequestOf("staging", (t) =>
                t.replace(
                    "ports: [{ name: http, port: 80, targetPort: 9090 }]",
                    "ports: [{ name: http, port: 8080, targetPort: 9090 }]",
                ),
            );
            assert.match(summary, /checkout: Service port 80→8080 \(http\) in 3 clusters/);
            assert.match(summary, /checkout: health check port 80→8080 \(1 check: shop\/checkout-health\)/);
        });

        it("failover primary and secondary swapped (issue's example): the traffic's move and each side's capacity", async () => {
            const { summary } = await pullRequestOf("prod", PROD_EDITS.checkoutPrimarySwapped);
            assert.match(
                summary,
                /checkout: failover primary and secondary swapped: all its traffic moves from aws-use1 \(5 replicas, autoscaler max 16\) to aws-euw1 \(3 replicas, autoscaler max 16\)/,
            );
            // Route 53 holds one PRIMARY per failover name: the two record updates are refused (boto/boto3#1347).
            assert.match(summary, /Route 53 refuses this in one up: .*Swap the records by hand in one change batch/);
        });

        it("a Route 53 failover primary moved to a cluster outside the pair: refused in one up as well", async () => {
            const { summary } = await pullRequestOf("prod", (t) =>
                t.replace(
                    "failover: { primary: aws-use1, secondary: aws-euw1 }",
                    "failover: { primary: gke-usc1, secondary: aws-euw1 }",
                ),
            );
            assert.match(
                summary,
                /checkout: failover primary changes: all its traffic moves from aws-use1 .* to gke-usc1/,
            );
            assert.match(summary, /Route 53 refuses this in one up/);
        });

        it("a Cloud DNS primaryBackup primary moved in staging: named with each side's replicas", async () => {
            const { summary } = await pullRequestOf("staging", (t) =>
                t.replace("failover: { primary: gke-usc1 }", "failover: { primary: gke-euw4 }"),
            );
            assert.match(
                summary,
                /checkout: failover primary changes: all its traffic moves from gke-usc1 \(4 replicas\) to gke-euw4 \(2 replicas\)/,
            );
            // One Cloud DNS record set holds both roles and is updated at once.
            assert.doesNotMatch(summary, /Route 53 refuses/);
        });

        it("a health-check path changed (issue's example): every check of the service named", async () => {
            const { summary } = await pullRequestOf("prod", PROD_EDITS.checkoutHealthPath);
            assert.match(
                summary,
                /checkout: health check path \/ready→\/healthz \(3 checks: 3 clusters \(aws-euw1, aws-use1, gke-usc1\)\)/,
            );
        });

        it("a Cloud DNS health check's path (staging) and a Route53 check's protocol (HTTP→HTTPS) are named", async () => {
            const { summary } = await pullRequestOf("staging", (t) =>
                t.replace("dns: { routing: wrr }", "dns: { routing: wrr, healthCheck: { path: /ready } }"),
            );
            assert.match(
                summary,
                /storefront: health check path \/healthz→\/ready \(1 check: shop\/storefront-health\)/,
            );
            const base = await checkedInPlan("prod");
            const head = copy(base);
            for (const check of head.resources.filter(
                (r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.name.startsWith("shop/storefront@"),
            ))
                inputs(check).type = "HTTPS";
            const diff = diffPlans("prod", base, head);
            assert.match(
                splitReport(diff, base, head).summary,
                /storefront: health check protocol HTTP→HTTPS \(4 checks/,
            );
        });

        it("an annotation that makes a primary's load balancer internal (issue's example)", async () => {
            const { summary } = await pullRequestOf("prod", (t) =>
                t.replace(
                    "additional-resource-tags: team=payments,cost-center=cc-4471",
                    'additional-resource-tags: team=payments,cost-center=cc-4471\n            service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
                ),
            );
            assert.match(summary, /checkout: its load balancer in aws-use1 becomes internal \(an annotation\)/);
        });

        it("the AWS Load Balancer Controller's scheme annotation set to internal is named too", async () => {
            const { summary } = await pullRequestOf("prod", (t) =>
                t.replace(
                    "additional-resource-tags: team=payments,cost-center=cc-4471",
                    "additional-resource-tags: team=payments,cost-center=cc-4471\n            service.beta.kubernetes.io/aws-load-balancer-scheme: internal",
                ),
            );
            assert.match(summary, /checkout: its load balancer in aws-use1 becomes internal \(an annotation\)/);
        });

        it("a GKE load balancer made internal by annotation, and one made public again", async () => {
            const internal = (t: string) =>
                t.replace(
                    "      overrides:\n        aws-use1:\n",
                    '      overrides:\n        gke-usc1:\n          serviceAnnotations:\n            networking.gke.io/load-balancer-type: "Internal"\n        aws-use1:\n',
                );
            const { summary, base, head } = await pullRequestOf("prod", internal);
            assert.match(summary, /checkout: its load balancer in gke-usc1 becomes internal/);
            const back = diffPlans("prod", head, base);
            assert.match(
                splitReport(back, head, base).summary,
                /checkout: its load balancer in gke-usc1 becomes internet-facing/,
            );
        });

        it("a DNS provider switch (Route53 → Cloud DNS): the old zone left delegated and empty", async () => {
            const { summary } = await pullRequestOf("dev", (t) =>
                t
                    .replace(
                        "provider: route53\n    zone: { name: dev.fleet.acme-corp.com }",
                        "provider: clouddns\n    project: acme-platform-dns\n    zone: { name: dev.fleet.acme-corp.com, id: dev-fleet-acme-corp-com }",
                    )
                    .replace("routing: weighted", "routing: wrr")
                    // Cloud DNS probes from source regions, at least every 30 s.
                    .replace("healthCheck: { intervalSeconds: 10,", "healthCheck: { intervalSeconds: 30,"),
            );
            assert.match(
                summary,
                /DNS moves from Route53 zone dev\.fleet\.acme-corp\.com to Cloud DNS zone dev\.fleet\.acme-corp\.com \(dev-fleet-acme-corp-com\): the \d+ record\(s\) of the old zone are deleted/,
            );
        });

        it("a zone switch to another domain: the names move under another delegation", async () => {
            const base = await checkedInPlan("dev");
            const head = await planOfText(
                stackText("dev").replace(/dev\.fleet\.acme-corp\.com/g, "dev.fleet.acme-corp.net"),
                "dev",
            );
            const summary = splitReport(diffPlans("dev", base, head), base, head).summary;
            assert.match(
                summary,
                /DNS moves from Route53 zone dev\.fleet\.acme-corp\.com to Route53 zone dev\.fleet\.acme-corp\.net/,
            );
            assert.match(
                summary,
                /Service names move under another delegation: checkout\.\S+\.acme-corp\.com → checkout\.\S+\.acme-corp\.net/,
            );
        });

        it("a zone the stack stops creating (another zone of the same name adopted): both zones told apart by id", async () => {
            const { summary } = await pullRequestOf("prod", (t) =>
                t.replace("zone: { name: fleet.acme-corp.com, create: true }", "zone: { name: fleet.acme-corp.com }"),
            );
            assert.match(
                summary,
                /DNS moves from Route53 zone fleet\.acme-corp\.com \(Z\w+\) to Route53 zone fleet\.acme-corp\.com \(Z\w+\): the 48 record\(s\) of the old zone are deleted/,
            );
        });

        it("local-first names removed by a namespace move, and added when a service gains a cluster", async () => {
            const { summary } = await pullRequestOf("prod", (t) => t.replace("namespace: shop", "namespace: web"));
            assert.match(
                summary,
                /storefront: local-first names removed: 4 in-fleet name\(s\) \(storefront\.shop\.acme\.svc\.aws-euw1\.eu-west-1\.fleet\.acme-corp\.com.*, and the ExternalName Service shop\/storefront-fleet in 4 clusters/,
            );
            const gains = await pullRequestOf("prod", (t) =>
                t
                    .replace(
                        "clusters: [aws-use1, aws-euw1, gke-usc1]",
                        "clusters: [aws-use1, aws-euw1, gke-usc1, gke-euw4]",
                    )
                    .replace(
                        "          gke-usc1: { weight: 1, minReplicas: 2 }\n",
                        "          gke-usc1: { weight: 1, minReplicas: 2 }\n          gke-euw4: { weight: 1, minReplicas: 2 }\n",
                    ),
            );
            assert.match(
                gains.summary,
                /checkout: local-first names added in gke-euw4 \(checkout\.payments\.acme\.svc\.gke-euw4\.europe-west4\.fleet\.acme-corp\.com\)/,
            );
        });
    });

    describe("limits and access", () => {
        it("40 more services push Route53 health checks past the 200 quota (issue's example): the preview's finding, with the base's need", async () => {
            const { summary } = await pullRequestOf("prod", PROD_EDITS.fortyServices);
            assert.match(
                summary,
                /Over a quota: quota Route 53: active health checks per account: this stack needs \d{3}, a fresh account has 200; .*the base needed 14\./,
            );
        });

        it("a quota the base already exceeded by as much is not news; one exceeded further is", async () => {
            const base = copy(await checkedInPlan("prod"));
            const eips = base.quotas!.find((q) => q.quota === "aws.ec2.eips")!;
            const head = copy(base);
            head.quotas!.find((q) => q.quota === eips.quota && q.scope === eips.scope)!.needed = eips.limit! + 1;
            assert.match(
                splitReport(diffPlans("prod", base, head), base, head).summary,
                new RegExp(
                    `Over a quota: quota EC2-VPC Elastic IPs per region in .*${eips.scope}: this stack needs ${eips.limit! + 1}, a fresh account has ${eips.limit};.* the base needed ${eips.needed}\\.`,
                ),
            );
            assert.doesNotMatch(splitReport(diffPlans("prod", head, head), head, head).summary, /Over a quota/);
        });

        it("a quota this stack's change makes the stacks of its account exceed together is named with each stack's share", async () => {
            const base = copy(await checkedInPlan("prod"));
            const head = copy(base);
            const shared = (
                head as {
                    sharedQuotas?: {
                        usages: { quota: string; total: number; limit?: number; stacks: { needed: number }[] }[];
                    };
                }
            ).sharedQuotas!;
            const eips = shared.usages.find((u) => u.quota === "aws.ec2.eips" && u.limit !== undefined)!;
            eips.stacks[0].needed += eips.limit!;
            eips.total += eips.limit!;
            assert.match(
                splitReport(diffPlans("prod", base, head), base, head).summary,
                new RegExp(
                    `Over a shared quota: quota EC2-VPC Elastic IPs per region .*prod ${eips.stacks[0].needed} \\+ .* = ${eips.total} together, a fresh account has ${eips.limit}`,
                ),
            );
        });

        it("removing fedfleet:deployer (issue's example): CI's lost EKS access named, not only '2 to update, 8 to delete'", async () => {
            const { summary } = await pullRequestOf("prod", PROD_EDITS.deployerRemoved);
            assert.match(
                summary,
                /fedfleet:deployer: the deployer \(arn:aws:iam::123456789012:role\/fedfleet-deploy-prod\), the identity CI deploys \(pulumi up\) as, loses its EKS access entry in 2 clusters \(aws-euw1, aws-use1\)/,
            );
            assert.match(summary, /its public API endpoint stops admitting 192\.0\.2\.0\/28/);
        });

        it("staging's deploy role dropped while previews keep theirs: the deployer named, the previewer not", async () => {
            const { summary } = await pullRequestOf("staging", (t) =>
                t.replace("      deployRoleArn: arn:aws:iam::123456789012:role/fedfleet-deploy-staging\n", ""),
            );
            assert.match(
                summary,
                /fedfleet:deployer: the deployer \(arn:aws:iam::123456789012:role\/fedfleet-deploy-staging\).*loses its EKS access entry in aws-use2/,
            );
            assert.doesNotMatch(summary, /the previewer/);
        });

        it("a deployer's access narrowed from cluster admin is named", async () => {
            const base = await checkedInPlan("prod");
            const head = copy(base);
            for (const association of head.resources.filter(
                (r) =>
                    r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation" &&
                    r.name.endsWith("-deployer"),
            ))
                inputs(association).accessScope = { type: "namespace", namespaces: ["shop"] };
            assert.match(
                splitReport(diffPlans("prod", base, head), base, head).summary,
                /the deployer's access in aws-use1 narrows from AmazonEKSClusterAdminPolicy/,
            );
        });
    });

    describe("upgrades that move only the control plane", () => {
        it("node groups left on an older minor than their control plane are named", async () => {
            const base = await checkedInPlan("prod");
            const head = copy(base);
            inputs(head.resources.find((r) => r.name === "aws-use1-memory")!).version = "1.34";
            assert.match(
                splitReport(diffPlans("prod", base, head), base, head).summary,
                /prod-aws-use1-eks|aws-use1-eks: control plane on 1\.35 while aws-use1-memory is on 1\.34/,
            );
        });

        it("a GKE control-plane pin moved with no node pool following it in the same change", async () => {
            const pin = (version: string) => (t: string) =>
                t.replace(
                    "      nodeCidr: 10.40.0.0/20\n",
                    `      kubernetesVersion: "${version}"\n      nodeCidr: 10.40.0.0/20\n`,
                );
            const base = await planOfText(pin("1.34")(stackText("staging")), "staging");
            const head = await planOfText(pin("1.35")(stackText("staging")), "staging");
            assert.match(
                splitReport(diffPlans("staging", base, head), base, head).summary,
                /gke-usc1-gke: only the control plane moves 1\.34→1\.35; its 1 node group\(s\)\/pool\(s\) \(gke-usc1-general\) carry no version change and follow by GKE node auto-upgrade/,
            );
        });
    });

    describe("replacements that delete first", () => {
        it("a GKE node pool with a fixed name replaced delete-first is an outage for it", async () => {
            const head = await checkedInPlan("staging");
            // As a base whose pool was created with 64 pods per node: maxPodsPerNode replaces a node pool (replace-rules.ts).
            const base = copy(head);
            inputs(base.resources.find((r) => r.name === "gke-usc1-general")!).maxPodsPerNode = 64;
            const diff = diffPlans("staging", base, head);
            assert.ok(
                diff.changes.some((c) => c.op === "replace" && c.deletesFirst),
                JSON.stringify(diff.counts),
            );
            assert.match(
                splitReport(diff, base, head).summary,
                /NodePool gke-usc1-general \(gke-usc1\): replaced delete-first \(maxPodsPerNode changed.*an outage for that object/,
            );
        });
    });

    describe("the verdict", () => {
        it("a relaxed pack config with the same resources is never 'No changes': the relaxed setting named", async () => {
            const base = await checkedInPlan("prod");
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-pack-"));
            const config = path.join(dir, "prod.json");
            const relaxed = JSON.parse(
                fs.readFileSync(path.join(PROJECT_ROOT, "policy", "config", "prod.json"), "utf8"),
            );
            relaxed["survives-cluster-loss"].enforcementLevel = "advisory";
            fs.writeFileSync(config, JSON.stringify(relaxed));
            const head = await planOfText(stackText("prod"), "prod", config);
            fs.rmSync(dir, { recursive: true, force: true });
            // The same path as the base's, as plan:diff's head reads it from the same place.
            head.policy!.config = base.policy!.config;
            const diff = diffPlans("prod", base, head);
            const { summary } = splitReport(diff, base, head);
            assert.doesNotMatch(summary, /No changes/);
            assert.match(
                summary,
                /changes what the verdict checks: survives-cluster-loss\.enforcementLevel "mandatory"→"advisory"/,
            );
        });

        it("violations of the base the head no longer reports are named, and files that decide the verdict keep a same plan from 'No changes'", async () => {
            const base = await checkedInPlan("staging");
            const head = copy(base);
            head.policy!.violations = [];
            assert.match(
                splitReport(diffPlans("staging", base, head), base, head).summary,
                new RegExp(
                    `${base.policy!.violations.length} policy violation\\(s\\) of the base no longer reported: dns-health-checked \\(advisory\\) ×1`,
                ),
            );
            // A same plan under a changed gate file: the gate's notice (src/preview/diff/gate.ts) opens the report.
            const same = unchangedDiff("staging");
            assert.equal(summaryLine(same), "**No changes.**");
            const notice = gateNotice([{ file: "policy/config/staging.json", change: "changed" }]);
            const noticed = withGateNotice(renderReport(same, base, base).head, notice);
            assert.match(
                noticed,
                /This pull request changes the gate:\*\* `policy\/config\/staging\.json` \(changed\)/,
            );
            assert.doesNotMatch(noticed, /^\*\*No changes\.\*\*$/m);
        });
    });

    describe("what the other issues add", () => {
        it("a service that stops surviving a loss, and a drain with its wait, are in the summary", async () => {
            const lowered = await pullRequestOf("prod", (t) =>
                t.replace(
                    /(- name: checkout\n[\s\S]*?)autoscaling: \{ maxReplicas: 40 \}/,
                    "$1autoscaling: { maxReplicas: 20 }",
                ),
            );
            assert.match(lowered.summary, /checkout no longer survives losing/);
            const drained = await pullRequestOf("prod", (t) =>
                t.replace(
                    "    - name: aws-euw1\n      cloud: aws\n",
                    "    - name: aws-euw1\n      cloud: aws\n      draining: true\n",
                ),
            );
            assert.match(
                drained.summary,
                /aws-euw1 leaves its DNS \(draining\): the records go, then this up waits \d+ s/,
            );
        });
    });
});

describe("plan diff summary: false alarms", function () {
    this.timeout(600_000);

    it("a deleted stack file destroys nothing: its resources keep running, unmanaged by CI, and the check passes", async () => {
        const base = await checkedInPlan("prod");
        const diff = diffPlans("prod", base, undefined);
        const { summary } = splitReport(diff, base, undefined);
        assert.doesNotMatch(summary, /to delete/);
        assert.match(
            summary,
            new RegExp(
                `Stack file removed: nothing is destroyed\\.\\*\\* The stack's ${base.resources.length} resources keep running, no longer previewed or updated by CI`,
            ),
        );
        assert.deepEqual(failureReasons(diff), [], "prod's protected resources are not 'deleted'");
        assert.equal(diff.counts.delete, 0);
    });

    it("dev's stack file deleted: nothing to delete either", async () => {
        const base = await checkedInPlan("dev");
        const diff = diffPlans("dev", base, undefined);
        assert.deepEqual(diff.changes, []);
        assert.match(splitReport(diff, base).summary, /Stack file removed: nothing is destroyed/);
    });

    it("adding a cluster: no 'autoscaler maximum lowered' while the fleet maximum is unchanged", async () => {
        const { summary, diff } = await pullRequestOf("staging", stagingNewGkeAsia);
        assert.ok(
            diff.placement.some((r) => r.cluster === "gke-ase1" && (r.after ?? 0) > 0),
            "the new cluster takes a share",
        );
        assert.doesNotMatch(summary, /maximum in \S+ is lowered/);
    });

    it("a lower fleet maximum is still said (prod's storefront 40→20)", async () => {
        const { summary } = await pullRequestOf("prod", (t) =>
            t.replace("autoscaling: { maxReplicas: 40 }", "autoscaling: { maxReplicas: 20 }"),
        );
        assert.match(summary, /storefront: the autoscaler's maximum in \S+ is lowered 10→5/);
    });

    it("a cluster leaving a service at 0 replicas does not 'lose its PodDisruptionBudget'", async () => {
        const { summary } = await pullRequestOf("prod", (t) =>
            t
                .replace("clusters: [aws-use1, aws-euw1, gke-usc1]", "clusters: [aws-use1, aws-euw1]")
                .replace("          gke-usc1: { weight: 1, minReplicas: 2 }\n", "")
                // What aws-use1 and aws-euw1 (16 each) can hold between them.
                .replace(
                    /(- name: checkout\n[\s\S]*?)autoscaling: \{ maxReplicas: 40 \}/,
                    "$1autoscaling: { maxReplicas: 32 }",
                ),
        );
        assert.doesNotMatch(summary, /goes to 0 replica\(s\) and loses its PodDisruptionBudget/);
    });

    it("a renamed service's clusters at 0 replicas do not 'lose their PodDisruptionBudget' either", async () => {
        const { summary } = await pullRequestOf("prod", (t) =>
            t.replace("- name: storefront\n      namespace: shop", "- name: shopfront\n      namespace: shop"),
        );
        assert.doesNotMatch(summary, /loses its PodDisruptionBudget/);
    });

    /** prod as a stack deployed before the drain waits existed. */
    async function baseWithoutWaits(): Promise<PlanFile> {
        const base = copy(await checkedInPlan("prod"));
        const waits = new Set(base.resources.filter((r) => r.type === "time:index/sleep:Sleep").map((r) => r.urn));
        base.resources = base.resources.filter((r) => !waits.has(r.urn));
        for (const r of base.resources) r.dependencies = r.dependencies.filter((urn) => !waits.has(urn));
        return base;
    }

    it("a namespace move gets advice it can follow, not 'merge the change without the removal first'", async () => {
        const base = await baseWithoutWaits();
        const head = await planOfText(stackText("prod").replace("namespace: shop", "namespace: web"), "prod");
        const { summary } = splitReport(diffPlans("prod", base, head), base, head);
        assert.doesNotMatch(summary, /Merge the change without the removal first/);
        assert.match(
            summary,
            /shop\/storefront: the Service in aws-use1 is deleted right after .* A namespace move cannot be merged without its removal: merge the program change alone first, with shop\/storefront as it is \(that up creates the waits\), then the namespace move in a change of its own\./,
        );
    });

    it("a rename gets the same followable advice", async () => {
        const base = await baseWithoutWaits();
        const head = await planOfText(
            stackText("prod").replace(
                "- name: storefront\n      namespace: shop",
                "- name: shopfront\n      namespace: shop",
            ),
            "prod",
        );
        const { summary } = splitReport(diffPlans("prod", base, head), base, head);
        assert.doesNotMatch(summary, /Merge the change without the removal first/);
        assert.match(summary, /A rename cannot be merged without its removal/);
    });
});
