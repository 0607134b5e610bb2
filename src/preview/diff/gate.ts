// The gate: what decides plan:diff's verdict, as opposed to the program it judges. A pull
// request changes the program (index.ts, src/plan, src/components, the stack files) and is
// graded by the gate of its base, never by its own, so it cannot relax a rule, a pack config
// or the diff code and pass on the strength of that change. The head's previews run its
// program with the base's gate files in place of its own (gated-head.ts), and whatever the
// head changes in the gate is listed at the top of every report for the reviewers CODEOWNERS
// names. Pure.
import { compareCodeUnits } from "../../plan/core/order";
import type { ProjectFiles } from "./inputs";

/**
 * Files the head's previews take from the base: the policy pack (its rules, its entry point
 * and every environment's pack config), the runner that applies it, and the plan-diff code.
 */
export const GATE_FROM_BASE: readonly string[] = ["policy", "src/preview/policy", "src/preview/diff"];

/**
 * What counts as a change to the gate, listed at the top of the report: the files above, the
 * rest of the offline preview (harness, provider contracts, quotas: what the verdict rests on),
 * the workflows that run the check and the code owners who guard it. GitHub reads CODEOWNERS
 * from .github/, the root or docs/ (GitHub docs, About code owners:
 * https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners#codeowners-file-location).
 */
export const GATE_LISTED: readonly string[] = [
    "policy",
    "src/preview",
    ".github",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    "tools/lint/workflows.ts",
];

const under = (dir: string, file: string) => file === dir || file.startsWith(`${dir}/`);

/** Whether the head's previews take this file from the base. */
export function fromBase(file: string): boolean {
    return GATE_FROM_BASE.some((dir) => under(dir, file));
}

/** One file of the gate that the head adds, removes or changes. */
export interface GateChange {
    file: string;
    change: "added" | "removed" | "changed";
}

/** The gate's files that differ between base and head, in code-unit order of their paths. */
export function gateChanges(base: ProjectFiles, head: ProjectFiles): GateChange[] {
    const listed = (file: string) => GATE_LISTED.some((dir) => under(dir, file));
    const files = [...new Set([...base.keys(), ...head.keys()])].filter(listed).sort(compareCodeUnits);
    return files.flatMap((file): GateChange[] => {
        const [before, after] = [base.get(file), head.get(file)];
        if (before === after) return [];
        return [{ file, change: before === undefined ? "added" : after === undefined ? "removed" : "changed" }];
    });
}

/**
 * The head's files as its previews see them: its own, but for the gate's, which are the
 * base's (a gate file only the head has is left out; one only the base has is put in).
 */
export function gatedFiles(base: ProjectFiles, head: ProjectFiles): Map<string, string> {
    const files = new Map([...head].filter(([file]) => !fromBase(file)));
    for (const [file, entry] of base) if (fromBase(file)) files.set(file, entry);
    return files;
}

/** A stack whose pack config changes because its stack file names another environment. */
export interface EnvironmentChange {
    stack: string;
    before: string | undefined;
    after: string | undefined;
}

const named = (environment: string | undefined) =>
    environment === undefined ? "none" : `\`policy/config/${environment}.json\``;

/**
 * The lines that open every report of a pull request that changes the gate: what it changes,
 * and that the verdict is the base's (`diffCodeFromBase`: the comparison itself runs from a
 * checkout of the base, as the workflow runs it, not from the head's). Empty when it changes
 * nothing of the gate.
 */
export function gateNotice(
    changes: readonly GateChange[],
    environments: readonly EnvironmentChange[] = [],
    diffCodeFromBase = true,
): string[] {
    if (changes.length === 0 && environments.length === 0) return [];
    const shown = changes.slice(0, 20).map(({ file, change }) => `\`${file}\` (${change})`);
    if (changes.length > shown.length) shown.push(`${changes.length - shown.length} more`);
    const lines: string[] = [];
    if (changes.length > 0)
        lines.push(
            `:rotating_light: **This pull request changes the gate:** ${shown.join(", ")}. ` +
                (diffCodeFromBase
                    ? "The verdict below is the base's (its policy pack, pack configs and diff code); "
                    : "The verdict below comes from the base's policy pack and pack configs, compared by " +
                      "this checkout's diff code (the workflow runs the base's); ") +
                "the change takes effect once merged, and needs the review of the code owners of these files.",
        );
    for (const { stack, before, after } of environments)
        lines.push(
            `:rotating_light: **\`${stack}\` is judged by another pack config:** its environment goes from ` +
                `${named(before)} to ${named(after)}.`,
        );
    return lines;
}

/**
 * A report with the gate notice on top (under its title): a pull request that changes the gate
 * is never reported as "No changes", even where the stack's resources stay as they are.
 */
export function withGateNotice(reportHead: string, notice: readonly string[]): string {
    if (notice.length === 0) return reportHead;
    const [title, ...rest] = reportHead.split("\n");
    const body = rest
        .join("\n")
        .replace(/^\*\*No changes\.\*\*$/m, "**No changes to the stack's resources**; the gate changes (above).");
    return [title, "", ...notice, body].join("\n");
}
