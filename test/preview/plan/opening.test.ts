// The preview a person reads: its first 30 lines answer (verdicts, placement, names and
// failover), and --details still prints everything the preview printed before the opening
// existed. Every expectation is computed from the plan.json the same run writes.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";

interface PlanFile {
    resources: { type: string; protect?: boolean }[];
    contracts: { subject: string; field: string }[];
    quotas: { name: string; scope: string; needed: number; limit: number }[];
    policy: { config: string; violations: { level: string; policy: string; message: string }[] };
    outputs: {
        clusters: Record<
            string,
            {
                cloud: string;
                region: string;
                zones: string[];
                labels: Record<string, string>;
                loadBalancerAddress: string;
            }
        >;
        services: Record<
            string,
            {
                clusters: Record<string, { replicas: number; maxReplicas?: number }>;
                dns?: {
                    skipped?: string;
                    global: string;
                    failoverSeconds: number | null;
                    records: { name: string; type: string; policy: string; detail?: string; targets: string[] }[];
                };
            }
        >;
        dnsZone?: { provider: string; name: string };
    };
}

interface Preview {
    status: number | null;
    lines: string[];
    plan: PlanFile;
    out: string;
}

const previews = new Map<string, Preview>();

/** The preview of a stack with flags, shared with the other files that read the same one. */
async function preview(stack: string, flags: string[] = []): Promise<Preview> {
    const key = [stack, ...flags].join(" ");
    let found = previews.get(key);
    if (!found) {
        const result = await previewStackOnce(stack, flags);
        const out = result.out;
        assert.ok(result.status === 0 || result.status === 1, result.stderr);
        assert.ok(!result.stdout.includes("\x1b"), "no terminal escapes when stdout is a pipe");
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as PlanFile;
        found = { status: result.status, lines: result.stdout.split("\n"), plan, out };
        previews.set(key, found);
    }
    return found;
}

const cellsOf = (line: string) => line.trim().split(/\s+/);

/** A service's cell in the placement table, from its stack output: replicas, min-max when autoscaled, "-" when absent. */
function expectedCell(entry: { replicas: number; maxReplicas?: number } | undefined): string {
    if (!entry) return "-";
    return entry.maxReplicas === undefined ? String(entry.replicas) : `${entry.replicas}-${entry.maxReplicas}`;
}

describe("npm run plan: the opening answers first", function () {
    this.timeout(180_000);

    it("holds, in the first 30 lines of the prod preview, the verdicts, every service's placement per cluster and every service's global name with its failover estimate", async () => {
        const { status, lines, plan } = await preview("prod");
        const head = lines.slice(0, 30);
        const headText = head.join("\n");

        // Verdicts: the exit code, the contracts, the quotas and the policy counts, mandatory ones by name.
        const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
        assert.ok(
            head.some((line) => line.startsWith(`Verdict: exit ${status}: `)),
            `a verdict line with the exit code ${status}\n${headText}`,
        );
        assert.ok(
            head.includes(
                plan.contracts.length === 0
                    ? "Provider contracts: none broken"
                    : `Provider contracts: ${plan.contracts.length} broken (a real pulumi up would be refused)`,
            ),
            headText,
        );
        for (const contract of plan.contracts)
            assert.ok(head.some((line) => line.includes(contract.subject) && line.includes(contract.field)));
        const exceeded = plan.quotas.filter((quota) => quota.needed > quota.limit);
        assert.ok(
            head.some((line) =>
                line.startsWith(exceeded.length === 0 ? "Quotas: none" : `Quotas: ${exceeded.length} default(s)`),
            ),
            headText,
        );
        for (const quota of exceeded)
            assert.ok(head.some((line) => line.includes(`quota ${quota.name}`) && line.includes(quota.scope)));
        assert.ok(
            head.includes(
                `Policy (${plan.policy.config}): ${mandatory.length} mandatory, ${plan.policy.violations.length - mandatory.length} advisory`,
            ),
            headText,
        );
        for (const violation of mandatory)
            assert.ok(
                head.some((line) => line.includes(violation.policy) && line.includes(violation.message)),
                `${violation.policy} named in the opening`,
            );

        // Placement: a column per cluster, a row per service, the endpoint kind per cluster.
        const clusters = Object.keys(plan.outputs.clusters).sort();
        const header = head.find((line) => /^ {2}service +total +/.test(line));
        assert.ok(header, headText);
        assert.deepEqual(cellsOf(header).slice(2), clusters);
        const services = Object.keys(plan.outputs.services).sort();
        assert.ok(services.length > 0);
        for (const service of services) {
            const row = head.find((line) => line.startsWith(`  ${service} `));
            assert.ok(row, `${service}'s placement row in the first 30 lines\n${headText}`);
            assert.deepEqual(
                cellsOf(row).slice(2),
                clusters.map((cluster) => expectedCell(plan.outputs.services[service].clusters[cluster])),
                service,
            );
        }
        const endpoints = head.find((line) => line.startsWith("  LB address "));
        assert.ok(endpoints, headText);
        assert.deepEqual(
            cellsOf(endpoints).slice(2),
            clusters.map((cluster) => plan.outputs.clusters[cluster].loadBalancerAddress),
        );

        // Names and failover: each service's block, a line per fact under the service's name.
        for (const service of services) {
            const dns = plan.outputs.services[service].dns;
            assert.ok(dns && !dns.skipped, `${service} has global DNS in prod`);
            const start = head.indexOf(`  ${service}`);
            assert.ok(start >= 0, `${service}'s block in the first 30 lines\n${headText}`);
            const end = head.findIndex((line, index) => index > start && !line.startsWith("    "));
            const block = head.slice(start + 1, end < 0 ? head.length : end);
            assert.ok(
                block.some((line) => /^ {4}global +/.test(line) && line.endsWith(` ${dns.global}`)),
                `${service}: global name ${dns.global}\n${block.join("\n")}`,
            );
            const failover =
                dns.failoverSeconds === null ? "no health-checked failover" : `estimate ${dns.failoverSeconds} s`;
            assert.ok(
                block.some((line) => /^ {4}failover +/.test(line) && line.includes(failover)),
                `${service}: ${failover}\n${block.join("\n")}`,
            );
        }
    });

    it("moves resources by type and the DNS records behind --details, and says how to get them", async () => {
        const { lines } = await preview("prod");
        assert.ok(!lines.some((line) => / × /.test(line)), "no type-by-type lines without --details");
        assert.ok(!lines.some((line) => line.startsWith("Resources by type")));
        assert.ok(!lines.some((line) => / -> cluster:/.test(line)), "no DNS records without --details");
        assert.ok(lines.some((line) => line.includes("--details")));
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`prints with --details everything the ${stack} preview printed before: the cluster trees, every DNS record, what lies outside any cluster, and resources by type`, async () => {
            const plain = await preview(stack);
            const { lines, plan } = await preview(stack, ["--details"]);
            const text = lines.join("\n");
            // The opening is all there too, bar the hint that points at --details and the
            // clusters' one-line summaries, which the cluster trees replace (checked against them below).
            const summaryStart = plain.lines.findIndex((line) => /^Clusters \(\d+\)$/.test(line));
            const summaryEnd = plain.lines.indexOf("", summaryStart);
            const summaries = new Set(plain.lines.slice(summaryStart + 1, summaryEnd));
            for (const line of plain.lines) {
                if (line.includes("--details") || line.startsWith("wrote ") || summaries.has(line)) continue;
                assert.ok(lines.includes(line), `--details keeps "${line}"`);
            }

            // Each cluster: where it runs, its labels, and what it holds by type, adding up.
            const clusterNames = Object.keys(plan.outputs.clusters).sort();
            assert.ok(lines.includes(`Clusters (${clusterNames.length})`));
            let inClusters = 0;
            for (const name of clusterNames) {
                const c = plan.outputs.clusters[name];
                const top = lines.findIndex((line) =>
                    line.endsWith(
                        `── ${name}  ${c.cloud} ${c.region}  zones ${c.zones.join(" ")}  LB ${c.loadBalancerAddress}`,
                    ),
                );
                assert.ok(top >= 0, `${name}'s tree\n${text}`);
                const labels = Object.entries(c.labels).map(([key, value]) => `${key}=${value}`);
                assert.match(lines[top + 1], new RegExp(`labels: ${labels.join(" ")}$`));
                const count = /(\d+) resources(?:, (\d+) protected)?:$/.exec(lines[top + 2]);
                assert.ok(count, lines[top + 2]);
                let typed = 0;
                for (let i = top + 3; i < lines.length && / × /.test(lines[i]); i += 1)
                    typed += Number(/(\d+) × /.exec(lines[i])![1]);
                assert.equal(typed, Number(count[1]), `${name}: the type lines add up to its resources`);
                // The opening's one line for the cluster says the same.
                assert.ok(
                    plain.lines.some((line) =>
                        new RegExp(`^ {2}${name} .* ${count[1]} resources, ${count[2] ?? 0} protected$`).test(line),
                    ),
                    `${name}'s line in the opening`,
                );
                inClusters += typed + 1; // the cluster's own component is not among its members
            }
            const outside = lines.findIndex((line) => /^Outside any cluster \(\d+\)$/.test(line));
            assert.ok(outside >= 0, text);
            let outsideTyped = 0;
            for (let i = outside + 1; i < lines.length && / × /.test(lines[i]); i += 1)
                outsideTyped += Number(/(\d+) × /.exec(lines[i])![1]);
            assert.equal(inClusters + outsideTyped, plan.resources.length, "every resource in a cluster or outside");

            // Every DNS record of every service, under its name.
            const zone = plan.outputs.dnsZone;
            if (zone) assert.ok(lines.includes(`DNS (${zone.provider}, zone ${zone.name})`), text);
            for (const [service, output] of Object.entries(plan.outputs.services)) {
                if (!output.dns || output.dns.skipped) continue;
                assert.ok(lines.some((line) => new RegExp(`── ${service}: `).test(line)));
                for (const record of output.dns.records) {
                    assert.ok(
                        lines.some((line) => line.endsWith(`── ${record.name}`)),
                        record.name,
                    );
                    const detail = record.detail ? ` ${record.detail}` : "";
                    const answer = `${record.type} ${record.policy}${detail} -> ${record.targets.join(", ")} (`;
                    assert.ok(
                        lines.some((line) => line.includes(answer)),
                        answer,
                    );
                }
            }

            // Resources by type, every type with its count.
            assert.ok(lines.includes(`Resources by type (${plan.resources.length} in all)`));
            const byType = new Map<string, number>();
            for (const resource of plan.resources) byType.set(resource.type, (byType.get(resource.type) ?? 0) + 1);
            for (const [type, count] of byType)
                assert.ok(lines.includes(`  ${String(count).padStart(4)}  ${type}`), `${count} ${type}`);
        });
    }

    it("writes the same plan files with and without --details: the flag changes the terminal only", async () => {
        const plain = await preview("prod");
        const details = await preview("prod", ["--details"]);
        for (const file of ["plan.json", "plan.md"])
            assert.equal(
                fs.readFileSync(path.join(details.out, file), "utf8"),
                fs.readFileSync(path.join(plain.out, file), "utf8"),
                file,
            );
    });

    it("is what docs/preview-output.md shows: its example is the first 30 lines of the prod preview today", async () => {
        const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "preview-output.md"), "utf8");
        const shown = /<!-- preview-output:start -->\n\n```text\n([\s\S]*?)```\n\n<!-- preview-output:end -->/.exec(
            doc,
        );
        assert.ok(shown, "the example block between the markers");
        assert.equal(
            shown[1],
            `${(await preview("prod")).lines.slice(0, 30).join("\n")}\n`,
            "regenerate the block: npm run --silent plan -- --stack prod | head -30",
        );
    });
});
