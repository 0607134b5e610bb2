import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";

describe("npm run plan: DNS", function () {
    this.timeout(120_000);

    it("shows, with --details, the prod DNS tree with every service's names, records and failover time", async () => {
        const result = await previewStackOnce("prod", ["--details"]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /\nDNS \(route53, zone fleet\.acme-corp\.com\)\n/);
        assert.match(result.stdout, /── storefront: latency, TTL 30 s, failover estimate 138 s, drain wait 138 s\n/);
        assert.match(result.stdout, / {4}├── storefront\.shop\.acme\.svc\.fleet\.acme-corp\.com\n/);
        assert.match(result.stdout, /A latency us-east-2 -> cluster:gke-usc1 \(health-checked\)/);
        assert.match(result.stdout, /CNAME failover SECONDARY -> checkout\.payments\.acme\.svc\.fleet\.acme-corp\.com/);
    });

    it("exits 2 with one line when a failover policy has no primary", () => {
        const text = fs
            .readFileSync(path.join(PROJECT_ROOT, "stacks/Pulumi.prod.yaml"), "utf8")
            .replace("failover: { primary: aws-use1, secondary: aws-euw1 }", "failover: { secondary: aws-euw1 }");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-")), "Pulumi.noprimary.yaml");
        fs.writeFileSync(file, text);
        const result = runPlanCli(["--config", file, "--out", path.join(path.dirname(file), "out")]);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, "");
        assert.equal(result.stderr.split("\n").length, 2, result.stderr);
        assert.match(
            result.stderr,
            /Pulumi\.noprimary\.yaml: fedfleet:services\[1\]\.dns\.failover\.primary: expected a primary cluster for service "checkout" \(one of aws-euw1, aws-use1, gke-usc1\), found none\n$/,
        );
        assert.ok(!fs.existsSync(path.join(path.dirname(file), "out")));
    });
});
