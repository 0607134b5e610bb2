// What changes the verdict without changing a resource: violations of the base that the head's
// run no longer reports (a fix, or a relaxed pack config or policy), and a pack config read from
// another file. Such a change is never "No changes". Pure.
import { compareCodeUnits } from "../../../plan/core/order";
import type { Violation } from "../../policy/run-pack";
import { propertyChanges, type PlanFile } from "../plan-diff";

// By policy, level and logical name: a violation whose message only changes its numbers is not gone.
const key = (v: Violation) => `${v.policy}|${v.level}|${(v.urn ?? "").split("::").pop()}`;

/** The warnings: the pack config file changed, and the base's violations the head no longer has, by level and policy. */
export function verdictChangeWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    if (!base?.policy || !head?.policy) return [];
    const lines: string[] = [];
    if (base.policy.config !== head.policy.config)
        lines.push(`The pack config changes from ${base.policy.config} to ${head.policy.config}.`);
    // A plan written before plans kept their pack config has none to compare.
    if (base.policy.settings && head.policy.settings) {
        const changed = propertyChanges(base.policy.settings, head.policy.settings);
        if (changed.length > 0)
            lines.push(
                `The pack config (${head.policy.config}) changes what the verdict checks: ${changed
                    .map(
                        (c) =>
                            `${c.path} ${JSON.stringify(c.before) ?? "(none)"}→${JSON.stringify(c.after) ?? "(none)"}`,
                    )
                    .join("; ")}.`,
            );
    }
    const after = new Set(head.policy.violations.map(key));
    const gone = base.policy.violations.filter((v) => !after.has(key(v)));
    if (gone.length === 0) return lines;
    const byPolicy = new Map<string, number>();
    for (const v of gone) byPolicy.set(`${v.policy} (${v.level})`, (byPolicy.get(`${v.policy} (${v.level})`) ?? 0) + 1);
    lines.push(
        `${gone.length} policy violation(s) of the base no longer reported: ${[...byPolicy.entries()]
            .sort(([a], [b]) => compareCodeUnits(a, b))
            .map(([policy, n]) => `${policy} ×${n}`)
            .join(
                ", ",
            )}. Fixed by the change, or the pack (${head.policy.config}, policy/) relaxed? The verdict must not weaken unseen.`,
    );
    return lines;
}
