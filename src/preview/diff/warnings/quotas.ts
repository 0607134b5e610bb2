// Quotas the head needs more of than a fresh account or project has, where the base did not (or
// needed less): the preview's own quota findings (plan.json `quotas`, src/preview/quotas), read
// again, never recomputed. Pure.
import { formatQuotaWarning, type QuotaUsage } from "../../quotas/quotas";
import { exceededQuotas } from "../../plan/verdict";
import type { PlanFile } from "../plan-diff";

const quotasOf = (plan?: PlanFile) => ((plan as { quotas?: QuotaUsage[] } | undefined)?.quotas ?? []) as QuotaUsage[];
const key = (usage: QuotaUsage) => `${usage.quota}\u0000${usage.scope}`;

/** One warning per quota and scope the head exceeds that the base did not exceed as far: `... was 14`. */
export function quotaWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const before = new Map(quotasOf(base).map((usage) => [key(usage), usage]));
    return exceededQuotas(quotasOf(head))
        .filter((usage) => {
            const old = before.get(key(usage));
            return !old || old.limit === undefined || old.needed <= old.limit || usage.needed > old.needed;
        })
        .map((usage) => {
            const old = before.get(key(usage));
            return `Over a quota: ${formatQuotaWarning(usage)}; the base needed ${old ? old.needed : "none"}. Raise it before pulumi up, or the up fails part way.`;
        });
}
