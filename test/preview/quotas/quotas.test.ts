// The default quotas of a fresh account a stack would meet: counted from what prod registers,
// and a warning, naming the quota to raise, where a stack needs more.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { allQuotas } from "../../../src/preview/quotas";
import { formatQuotaWarning, quotaUsage } from "../../../src/preview/quotas/quotas";
import { planStack, PROJECT_ROOT } from "../../support/plan";
import { runPlanInProcess } from "../../support/plan-cli";

describe("quotas", function () {
    this.timeout(120_000);

    it("counts what prod needs, per account, region, zone and cluster", async () => {
        const usage = quotaUsage((await planStack("prod")).resources, allQuotas);
        const of = (quota: string, scope: string) => usage.find((u) => u.quota === quota && u.scope === scope)?.needed;
        // Three zones per EKS cluster: an Elastic IP and a NAT gateway in each.
        assert.equal(of("aws.ec2.eips", "us-east-1"), 3);
        assert.equal(of("aws.ec2.eips", "eu-west-1"), 3);
        assert.equal(of("aws.vpc.vpcs", "us-east-1"), 1);
        assert.equal(of("aws.vpc.nat-gateways", "use1-az1"), 1);
        assert.equal(of("aws.eks.node-groups", "prod-aws-use1"), 2);
        // Two services with a load balancer in each EKS cluster they run in.
        assert.equal(of("aws.elb.network-load-balancers", "us-east-1"), 2);
        const checks = of("aws.route53.health-checks", "account")!;
        assert.equal(
            checks,
            (await planStack("prod")).resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck").length,
        );
        assert.ok(
            usage.every((u) => u.limit === undefined || u.needed <= u.limit),
            "prod fits a fresh account",
        );
    });

    it("a prod-like stack with 60 services warns that Route53 health checks must be raised", async () => {
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
        const storefront = prod.slice(
            prod.indexOf("    - name: storefront"),
            prod.indexOf("    # Placed by name: weighted"),
        );
        const more = Array.from({ length: 58 }, (_, i) =>
            storefront.replace("name: storefront", `name: svc-${String(i).padStart(2, "0")}`),
        ).join("");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-quotas-"));
        const file = path.join(dir, "Pulumi.big.yaml");
        fs.writeFileSync(file, `${prod.trimEnd()}\n${more}`);
        const result = await runPlanInProcess(["--config", file], 120_000);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(result.status, 0, result.stderr);
        assert.match(
            result.stdout,
            /\nQuotas: 3 default\(s\) of a fresh account exceeded; raise them before pulumi up(; \d+ without a published default .*)?\n/,
        );
        // 60 services with a load balancer in each AWS region's cluster: NLBs too.
        assert.match(
            result.stdout,
            /\n {2}quota Network Load Balancers per region in region us-east-1: this stack needs 60, a fresh account has 50; raise Service Quotas code L-69A177A2 /,
        );
        assert.match(
            result.stdout,
            /\n {2}quota Route 53: active health checks per account: this stack needs \d{3}, a fresh account has 200; raise "Route 53: active health checks per account" \[Route 53 Developer Guide, Quotas \(DNSLimitations\)\]\n/,
        );
    });

    it("names the scope and the code to raise where AWS gives one", () => {
        const line = formatQuotaWarning({
            quota: "aws.ec2.eips",
            name: "EC2-VPC Elastic IPs per region",
            per: "region",
            scope: "us-east-1",
            needed: 6,
            limit: 5,
            code: "L-0263D0A3",
            source: "EKS Best Practices Guide, known limits and service quotas",
        });
        assert.equal(
            line,
            "quota EC2-VPC Elastic IPs per region in region us-east-1: this stack needs 6, a fresh account has 5; raise Service Quotas code L-0263D0A3 [EKS Best Practices Guide, known limits and service quotas]",
        );
    });
});
