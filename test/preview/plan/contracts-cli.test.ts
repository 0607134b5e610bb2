// npm run plan refuses what the providers refuse: one line per broken contract, naming the
// resource or invoke, the field, the rule and its source, and exit 1.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlanInProcess } from "../../support/plan-cli";
import { previewStackOnce } from "../../support/shared-preview";

describe("npm run plan: provider contracts", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "staging", "prod"]) {
        it(`breaks none for the ${stack} stack`, async () => {
            const result = await previewStackOnce(stack);
            assert.equal(result.status, 0, result.stdout + result.stderr);
            assert.match(result.stdout, /\nProvider contracts: none broken\n/);
        });
    }

    it("exits 1 with one line for an invoke the provider refuses: the NLB hosted zone of a region its table lacks", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-contracts-"));
        const file = path.join(dir, "Pulumi.taipei.yaml");
        fs.writeFileSync(
            file,
            `config:
  fedfleet:federation: { name: acme, domain: fleet.example.com, environment: dev }
  fedfleet:clusters:
    - name: aws-ape2
      cloud: aws
      region: ap-east-2
      publicAccessCidrs: [198.51.100.0/24]
      adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin]
      nodePools: [{ name: general }]
  fedfleet:dns: { provider: route53, zone: { name: fleet.example.com }, routing: weighted }
  fedfleet:services:
    - name: web
      replicas: 2
      containers: [{ name: web, image: "ghcr.io/acme/web:1.0.0", readinessProbe: { httpGet: { path: /, port: 80 } } }]
      ports: [{ name: http, port: 80 }]
      placement: { clusters: [aws-ape2] }
`,
        );
        const out = path.join(dir, "out");
        const result = await runPlanInProcess(["--config", file, "--out", out], 120_000);
        assert.equal(result.status, 1, result.stdout + result.stderr);
        const lines = result.stdout.split("\n").filter((line) => line.trimStart().startsWith("contract "));
        assert.deepEqual(
            lines.map((line) => line.trim()),
            [
                'contract aws.lb.hosted-zone-id.region: invoke aws:lb/getHostedZoneId:getHostedZoneId: region: expected a region the provider\'s table of Network Load Balancer hosted zones has (else: unsupported AWS Region), found "ap-east-2" [terraform-provider-aws internal/service/elbv2/hosted_zone_id_data_source.go (hostedZoneIDPerRegionNLBMap)]',
            ],
        );
        assert.match(result.stdout, /\nProvider contracts: 1 broken \(a real pulumi up would be refused\)\n/);
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as {
            contracts: { contract: string }[];
        };
        assert.deepEqual(
            plan.contracts.map((c) => c.contract),
            ["aws.lb.hosted-zone-id.region"],
        );
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
