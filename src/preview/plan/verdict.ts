// The verdict of an offline preview, said first: the exit code and its reason, then the
// provider contracts, quotas and policy lines it rests on. One home for the exit rule, which
// the command returns and the first line prints.
import { ContractViolation, formatViolation } from "../contracts/contract";
import type { PackConfig, Violation } from "../policy/run-pack";
import { formatQuotaNeed, formatQuotaWarning, QuotaUsage } from "../quotas/quotas";
import { formatSharedQuota, SharedQuotas } from "../quotas/shared";
import { PLAIN, Style } from "../terminal/niceties";
import { byKey } from "../../plan/core/order";
import type { ProgramRun } from "../harness/run-program";

/** A run's policy verdict: the pack config used and the violations found. */
export interface PolicyResult {
    config: string;
    /** The pack config the verdict was read with, so a plan diff can tell it changed (warnings/verdict-changes.ts). */
    settings?: PackConfig;
    violations: Violation[];
}

/** What the verdict rests on: the run's broken contracts and quota usage, and the policy verdict. */
export interface VerdictInputs {
    contracts: readonly ContractViolation[];
    quotas: readonly QuotaUsage[];
    /** What the stack shares with the other checked-in stacks of its account or project. */
    sharedQuotas?: SharedQuotas;
    policy: PolicyResult;
}

/** What a run's verdict rests on, read from the run: one place, so the exit code and the lines agree. */
export function verdictInputsOf(run: ProgramRun, policy: PolicyResult): VerdictInputs {
    return { contracts: run.contracts, quotas: run.quotas, sharedQuotas: run.sharedQuotas, policy };
}

/** The exit code and, in one line, why. */
export interface Verdict {
    exitCode: 0 | 1;
    reason: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The quotas a stack needs more of than a fresh account has. */
export function exceededQuotas(quotas: readonly QuotaUsage[]): QuotaUsage[] {
    return quotas.filter((usage) => usage.limit !== undefined && usage.needed > usage.limit);
}

/** The quotas whose default the provider does not publish: what the stack needs, to compare with the live value. */
function unpublishedQuotas(quotas: readonly QuotaUsage[]): QuotaUsage[] {
    return quotas.filter((usage) => usage.limit === undefined);
}

/** The shared quotas the stacks of one account or project exceed together. */
export function sharedExceeded(shared?: SharedQuotas): SharedQuotas["usages"] {
    return (shared?.usages ?? []).filter((u) => u.limit !== undefined && u.total > u.limit);
}

/**
 * The lines on quotas beyond this stack's own defaults: what it and the other checked-in stacks
 * of its account exceed together (always, as it is why the first up may fail), then, with
 * details, the quotas with no published default and the stacks not summed.
 */
function quotaDetailLines(inputs: VerdictInputs, details: boolean): string[] {
    const lines: string[] = [];
    const together = sharedExceeded(inputs.sharedQuotas);
    if (together.length > 0) {
        lines.push(
            `Quotas shared with other checked-in stacks of the same account or project: ${together.length} default(s) exceeded together`,
        );
        for (const usage of together) lines.push(`  ${formatSharedQuota(usage)}`);
    }
    const unpublished = unpublishedQuotas(inputs.quotas);
    const sharedUnpublished = (inputs.sharedQuotas?.usages ?? []).filter((u) => u.limit === undefined);
    const notCounted = inputs.sharedQuotas?.notCounted ?? [];
    if (details) {
        if (unpublished.length + sharedUnpublished.length > 0)
            lines.push("Quotas without a published default (compare each with the live value):");
        for (const usage of unpublished) lines.push(`  ${formatQuotaNeed(usage)}`);
        for (const usage of sharedUnpublished) lines.push(`  ${formatSharedQuota(usage)}`);
        for (const { stack, reason } of notCounted) lines.push(`  not counted: stack ${stack}: ${reason}`);
    }
    return lines;
}

/**
 * Exit 1 when a real `pulumi up` would be refused: a provider contract broken, or a mandatory
 * policy violated (CrossGuard stops the update). Exceeded quotas are named but do not fail the
 * preview: an account may have them raised already.
 */
export function verdictOf(inputs: VerdictInputs): Verdict {
    const { contracts, quotas, policy } = inputs;
    const mandatory = policy.violations.filter((v) => v.level === "mandatory");
    const exceeded = [...exceededQuotas(quotas), ...sharedExceeded(inputs.sharedQuotas)];
    const blocking = [
        contracts.length > 0 && plural(contracts.length, "provider contract broken", "provider contracts broken"),
        mandatory.length > 0 &&
            `${plural(mandatory.length, "mandatory policy violation", "mandatory policy violations")} (${[...new Set(mandatory.map((v) => v.policy))].sort().join(", ")})`,
    ].filter((reason): reason is string => typeof reason === "string");
    const quotaNote =
        exceeded.length > 0 ? `; raise ${plural(exceeded.length, "quota", "quotas")} before pulumi up` : "";
    return blocking.length > 0
        ? { exitCode: 1, reason: `${blocking.join(", ")}${quotaNote}` }
        : { exitCode: 0, reason: `no provider contract broken, no mandatory policy violated${quotaNote}` };
}

function contractsHeadline(contracts: readonly ContractViolation[]): string {
    return contracts.length === 0
        ? "Provider contracts: none broken"
        : `Provider contracts: ${contracts.length} broken (a real pulumi up would be refused)`;
}

function quotasHeadline(exceeded: readonly QuotaUsage[], unpublished: number): string {
    const head =
        exceeded.length === 0
            ? "Quotas: none of a fresh account's defaults exceeded"
            : `Quotas: ${exceeded.length} default(s) of a fresh account exceeded; raise them before pulumi up`;
    return unpublished === 0
        ? head
        : `${head}; ${unpublished} without a published default to compare with the live value (--details lists each)`;
}

/** How many quotas, the stack's own and those it shares, have no published default. */
function unpublishedCount(inputs: VerdictInputs): number {
    return (
        unpublishedQuotas(inputs.quotas).length +
        (inputs.sharedQuotas?.usages ?? []).filter((u) => u.limit === undefined).length
    );
}

/** "m mandatory, a advisory". */
export function countLevels(violations: readonly Violation[]): string {
    const mandatory = violations.filter((v) => v.level === "mandatory").length;
    return `${mandatory} mandatory, ${violations.length - mandatory} advisory`;
}

/** Mandatory violations first: they are what blocks the change. */
export function ordered(violations: readonly Violation[]): Violation[] {
    return [...violations].sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1));
}

/** A violation's resource by its last URN part, or "stack" for a stack policy. */
export const shortUrn = (urn?: string) => (urn ? urn.split("::").slice(-1)[0] : "stack");

/** How each violation reads on the terminal. */
function violationLine(v: Violation): string {
    return `  ${v.level.padEnd(9)}  ${v.policy}  ${shortUrn(v.urn)}: ${v.message}`;
}

/**
 * The terminal's verdict lines: the exit code and its reason, then every broken contract,
 * every exceeded quota and every mandatory violation, one line each. Advisory violations are
 * counted by policy; `details` lists each.
 */
export function verdictLines(inputs: VerdictInputs, details: boolean, style: Style = PLAIN): string[] {
    const verdict = verdictOf(inputs);
    const paint = verdict.exitCode === 0 ? style.ok : style.bad;
    const lines = [paint(`Verdict: exit ${verdict.exitCode}: ${verdict.reason}`)];
    lines.push(contractsHeadline(inputs.contracts));
    for (const violation of inputs.contracts) lines.push(style.bad(`  ${formatViolation(violation)}`));
    const exceeded = exceededQuotas(inputs.quotas);
    lines.push(quotasHeadline(exceeded, unpublishedCount(inputs)));
    for (const usage of exceeded) lines.push(style.warn(`  ${formatQuotaWarning(usage)}`));
    lines.push(...quotaDetailLines(inputs, details).map((line) => (line.startsWith("  ") ? style.warn(line) : line)));
    const { policy } = inputs;
    lines.push(`Policy (${policy.config}): ${countLevels(policy.violations)}`);
    for (const v of ordered(policy.violations).filter((v) => details || v.level === "mandatory"))
        lines.push(v.level === "mandatory" ? style.bad(violationLine(v)) : violationLine(v));
    const advisory = policy.violations.filter((v) => v.level === "advisory");
    if (!details && advisory.length > 0) {
        const byPolicy = new Map<string, number>();
        for (const v of advisory) byPolicy.set(v.policy, (byPolicy.get(v.policy) ?? 0) + 1);
        const named = [...byPolicy.entries()]
            .sort(byKey(([name]) => name))
            .map(([name, count]) => (count === 1 ? name : `${name} ×${count}`));
        lines.push(`  advisory   ${named.join(", ")} (--details lists each)`);
    }
    return lines;
}

/** plan.md's verdict section: the exit code and its reason, then the contracts and quotas, each broken one by name. */
export function verdictMarkdown(inputs: VerdictInputs): string[] {
    const verdict = verdictOf(inputs);
    const lines = ["## Verdict", "", `Exit ${verdict.exitCode}: ${verdict.reason}.`, ""];
    lines.push(`- ${contractsHeadline(inputs.contracts)}`);
    for (const violation of inputs.contracts) lines.push(`  - ${formatViolation(violation)}`);
    const exceeded = exceededQuotas(inputs.quotas);
    lines.push(`- ${quotasHeadline(exceeded, unpublishedCount(inputs))}`);
    for (const usage of exceeded) lines.push(`  - ${formatQuotaWarning(usage)}`);
    for (const line of quotaDetailLines(inputs, true))
        lines.push(line.startsWith("  ") ? `  - ${line.trim()}` : `- ${line}`);
    return lines;
}
