// The shared shape of the provider-contract tests: every contract is broken on purpose in a
// copy of a stack's registrations, and that contract alone reports it, in one line citing its source.
import assert from "node:assert/strict";
import {
    checkResourceContracts,
    formatViolation,
    type ResourceContract,
} from "../../../src/preview/contracts/contract";
import { resourceContracts } from "../../../src/preview/contracts";
import { type RegistrationsEdit, stackResourcesWith } from "../../support/plan";

/** Mocha tests: each of `contracts` has a break in `breaks`, and each break trips its contract alone. */
export function itBreaksEachContract(
    contracts: readonly ResourceContract[],
    stack: string,
    breaks: Readonly<Record<string, RegistrationsEdit>>,
): void {
    it("every contract has a test that breaks it", () => {
        assert.deepEqual(Object.keys(breaks).sort(), contracts.map((c) => c.id).sort());
    });

    for (const contract of contracts) {
        it(`${contract.id}: ${contract.rule.slice(0, 70)}...`, async () => {
            assert.ok(contract.source.length > 10, "cites its source");
            const broken = await stackResourcesWith(stack, breaks[contract.id]);
            const violations = checkResourceContracts(broken, resourceContracts);
            assert.ok(violations.length > 0, `${contract.id} reports nothing`);
            assert.deepEqual(
                [...new Set(violations.map((v) => v.contract))],
                [contract.id],
                violations.map(formatViolation).join("\n"),
            );
            for (const violation of violations) {
                const line = formatViolation(violation);
                assert.ok(!line.includes("\n"), line);
                assert.ok(line.includes(contract.source), line);
            }
        });
    }
}
