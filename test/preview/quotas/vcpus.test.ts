// vCPU quotas (EC2 On-Demand per region, Compute Engine per project and region) counted for
// node pools at their first size and at their maximum, with no made-up default; and the
// quotas stacks of one account share, summed across the checked-in stacks.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { allQuotas } from "../../../src/preview/quotas";
import { quotaUsage } from "../../../src/preview/quotas/quotas";
import { ec2VcpuQuotaOf, ec2Vcpus, gceVcpus } from "../../../src/preview/quotas/instance-vcpus";
import { plannedNeeds, sharedQuotas } from "../../../src/preview/quotas/shared";
import { gceRegionScope } from "../../../src/preview/quotas/gcp-quotas";
import { readStackFile } from "../../../src/preview/harness/stack-file";
import { planStackFile } from "../../../src/preview/quotas/stack-plans";
import { planStack, planYaml, PROJECT_ROOT, stackFilePath } from "../../support/plan";
import { runPlanInProcess } from "../../support/plan-cli";
import { previewStackOnce } from "../../support/shared-preview";

const STANDARD = "aws.ec2.on-demand-vcpus.L-1216C47A";

/** The plan of a checked-in stack, as the preview reads the others. */
function planOf(stack: string) {
    const read = readStackFile(stackFilePath(stack));
    return planStackFile(read, `stacks/Pulumi.${stack}.yaml`, stack);
}

describe("vCPU quotas and quotas shared across stacks", function () {
    this.timeout(180_000);

    it("knows the vCPUs and quota of the types fedfleet's stacks use, and says nothing of a type it does not list", () => {
        assert.equal(ec2Vcpus("t3.large"), 2);
        assert.equal(ec2Vcpus("m6i.large"), 2);
        assert.equal(ec2Vcpus("m6i.xlarge"), 4);
        assert.equal(ec2Vcpus("r6i.xlarge"), 4);
        assert.equal(ec2Vcpus("m7i.large"), undefined);
        assert.equal(ec2Vcpus("g4dn.large"), undefined, "g4dn has no large size");
        assert.equal(ec2VcpuQuotaOf("m6i.xlarge")?.code, "L-1216C47A");
        assert.equal(ec2VcpuQuotaOf("g5.xlarge")?.code, "L-DB2E81BA");
        assert.equal(ec2VcpuQuotaOf("p4d.24xlarge")?.code, "L-417A185B");
        for (const own of ["inf2.xlarge", "trn1.2xlarge", "dl1.24xlarge", "x2gd.large", "u-6tb1.56xlarge"])
            assert.equal(ec2VcpuQuotaOf(own), undefined, `${own} has a quota of its own`);
        assert.equal(gceVcpus("n2-standard-4"), 4);
        assert.equal(gceVcpus("e2-standard-2"), 2);
        assert.equal(gceVcpus("e2-medium"), undefined);
    });

    it("counts prod's EC2 Standard vCPUs per region at the node groups' desired size and at their maximum, with no default", async () => {
        const usage = quotaUsage((await planStack("prod")).resources, allQuotas);
        const east = usage.find((u) => u.quota === STANDARD && u.scope === "us-east-1")!;
        // prod's aws-use1: general m6i.xlarge (4 vCPUs) desired 6, max 12; memory r6i.xlarge (4) min 0 so 1, max 6.
        assert.equal(east.needed, 4 * 6 + 4 * 1);
        assert.equal(east.neededAtMax, 4 * 12 + 4 * 6);
        assert.equal(east.limit, undefined, "AWS publishes no default the preview could confirm");
        assert.match(east.check!, /--quota-code L-1216C47A --region us-east-1$/);
        const gke = usage.find(
            (u) =>
                u.quota === "gcp.compute.region-cpus" &&
                u.scope === gceRegionScope("acme-fleet-prod", "us-central1", "N2"),
        )!;
        // gke-usc1: n2-standard-4 (4 vCPUs), 1 to 5 per zone, 3 zones.
        assert.equal(gke.needed, 4 * 1 * 3);
        assert.equal(gke.neededAtMax, 4 * 5 * 3);
        assert.match(gke.check!, /gcloud compute regions describe us-central1 --project acme-fleet-prod/);
    });

    it("lists a node pool type it cannot count rather than guessing", async () => {
        const run = await planYaml(`config:
  fedfleet:federation: { name: acme, domain: q.fleet.example.com, environment: dev }
  fedfleet:clusters:
    - name: aws-use1
      cloud: aws
      region: us-east-1
      publicAccessCidrs: [198.51.100.0/24]
      adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin]
      nodePools: [{ name: general, instanceType: m6i.large }, { name: new, instanceType: m8i.large }]
`);
        const usage = quotaUsage(run.resources, allQuotas).find((u) => u.quota === STANDARD)!;
        assert.deepEqual(usage.uncounted, ["m8i.large"]);
        assert.equal(usage.needed, 2, "only m6i.large's one node");
    });

    it("counts from each stack's plan exactly what its registrations need, for every quota stacks share", async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const fromResources = quotaUsage((await planStack(stack)).resources, allQuotas);
            for (const need of plannedNeeds(planOf(stack))) {
                const counted = fromResources.find((u) => u.quota === need.quota && u.scope === need.scope);
                assert.ok(counted, `${stack}: ${need.quota} ${need.scope} is registered`);
                assert.equal(need.needed, counted.needed, `${stack}: ${need.quota} ${need.scope}`);
                assert.equal(need.neededAtMax, counted.neededAtMax, `${stack}: ${need.quota} ${need.scope} at max`);
            }
        }
    });

    it("sums prod's and dev's Elastic IPs in us-east-1 of their one account: 6, over the default of 5", () => {
        const prod = planOf("prod");
        const shared = sharedQuotas(
            { stack: "prod", plan: prod },
            [
                { stack: "dev", plan: planOf("dev") },
                { stack: "staging", plan: planOf("staging") },
            ],
            allQuotas,
        );
        const eips = shared.usages.find((u) => u.quota === "aws.ec2.eips" && u.scope === "us-east-1")!;
        assert.equal(eips.account, "123456789012");
        // One NAT gateway, so one Elastic IP, per zone: three zones in each stack's us-east-1 cluster.
        assert.deepEqual(eips.stacks, [
            { stack: "prod", needed: 3 },
            { stack: "dev", needed: 3 },
        ]);
        assert.equal(eips.total, 6);
        assert.ok(eips.total > eips.limit!);
        assert.ok(!shared.usages.some((u) => u.stacks.some((s) => s.stack === "staging") && u.scope === "us-east-1"));
    });

    it("prints the sum and names the other stack in prod's preview", async () => {
        const result = await previewStackOnce("prod", ["--details"]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(
            result.stdout,
            /\n {2}quota EC2-VPC Elastic IPs per region in region us-east-1 of account 123456789012: prod 3 \+ dev 3 = 6 together, a fresh account has 5; raise Service Quotas code L-0263D0A3 /,
        );
        assert.match(
            result.stdout,
            /quota EC2 Running On-Demand Standard \(A, C, D, H, I, M, R, T, Z\) instances \(vCPUs\) in region us-east-1: this stack needs 28 \(72 with every node pool at its maximum\)/,
        );
    });

    it("says which stacks it could not sum: one with no deploy role has no known account (in-process)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-shared-"));
        const file = path.join(dir, "Pulumi.other.yaml");
        const dev = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8");
        fs.writeFileSync(file, dev.replace(/ {6}deployRoleArn: .*\n/, ""));
        const result = await runPlanInProcess(["--config", file, "--details"], 120_000);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(result.status, 0, result.stderr);
        assert.match(
            result.stdout,
            /\n {2}not counted: stack other: this stack has no fedfleet:deployer\.aws\.deployRoleArn/,
        );
    });
});
