// The verdict line says the exit code and why, and the command returns that same code:
// exit 1 for a broken provider contract or a mandatory policy violation, never for advisory
// ones or for quotas (named, not failing).
import assert from "node:assert/strict";
import type { ContractViolation } from "../../../src/preview/contracts/contract";
import type { QuotaUsage } from "../../../src/preview/quotas/quotas";
import type { Violation } from "../../../src/preview/policy/run-pack";
import { verdictLines, verdictMarkdown, verdictOf, VerdictInputs } from "../../../src/preview/plan/verdict";

const contract: ContractViolation = {
    contract: "probe",
    subject: "aws:eks/cluster:Cluster::probe",
    field: "name",
    rule: "a probe rule",
    found: '"x"',
    source: "probe source",
};
const quota = (needed: number): QuotaUsage => ({
    quota: "probe.quota",
    name: "Probe things per region",
    per: "region",
    scope: "us-east-1",
    needed,
    limit: 5,
    source: "probe source",
});
const violation = (level: Violation["level"], policy: string): Violation => ({
    level,
    policy,
    urn: `urn:pulumi:s::p::t::${policy}-subject`,
    message: `${policy} broken`,
});

function inputs(parts: Partial<VerdictInputs> & { violations?: Violation[] }): VerdictInputs {
    return {
        contracts: parts.contracts ?? [],
        quotas: parts.quotas ?? [],
        policy: { config: "policy/config/probe.json", violations: parts.violations ?? [] },
    };
}

describe("the preview's verdict (src/preview/plan/verdict)", () => {
    it("exits 1 for a broken contract or a mandatory violation, naming the mandatory policies once each", () => {
        assert.equal(verdictOf(inputs({ contracts: [contract] })).exitCode, 1);
        const mandatory = verdictOf(
            inputs({
                violations: [
                    violation("mandatory", "zeta"),
                    violation("mandatory", "alpha"),
                    violation("mandatory", "zeta"),
                ],
            }),
        );
        assert.equal(mandatory.exitCode, 1);
        assert.match(mandatory.reason, /3 mandatory policy violations \(alpha, zeta\)/);
    });

    it("exits 0 with advisory violations or exceeded quotas alone, and still says to raise the quotas", () => {
        assert.equal(verdictOf(inputs({ violations: [violation("advisory", "nudge")] })).exitCode, 0);
        const quotas = verdictOf(inputs({ quotas: [quota(9), quota(2)] }));
        assert.equal(quotas.exitCode, 0);
        assert.match(quotas.reason, /raise 1 quota before pulumi up/);
    });

    it("lists every contract, exceeded quota and mandatory violation; advisory ones by policy unless asked for details", () => {
        const given = inputs({
            contracts: [contract],
            quotas: [quota(9), quota(2)],
            violations: [
                violation("advisory", "nudge"),
                violation("advisory", "nudge"),
                violation("mandatory", "stop"),
            ],
        });
        const opening = verdictLines(given, false);
        assert.match(opening[0], /^Verdict: exit 1: /);
        assert.ok(opening.some((line) => line.includes(contract.subject)));
        assert.equal(opening.filter((line) => line.includes("quota Probe things")).length, 1, "only the exceeded one");
        assert.ok(opening.some((line) => line.includes("stop broken")));
        assert.ok(!opening.some((line) => line.includes("nudge broken")), "advisory messages wait for --details");
        assert.ok(opening.some((line) => line.includes("nudge ×2")));
        const details = verdictLines(given, true);
        assert.equal(details.filter((line) => line.includes("nudge broken")).length, 2);
        // Mandatory first: they are what blocks the change.
        assert.ok(
            details.findIndex((line) => line.includes("stop broken")) <
                details.findIndex((line) => line.includes("nudge broken")),
        );
        const markdown = verdictMarkdown(given).join("\n");
        assert.match(markdown, /^## Verdict\n\nExit 1: /);
        assert.ok(markdown.includes(contract.subject) && markdown.includes("quota Probe things"));
    });
});
