// Quotas the head needs more of than a fresh account or project has, where the base did not (or
// needed less): the preview's own quota findings (plan.json `quotas`, src/preview/quotas), read
// again, never recomputed. Pure.
import { formatQuotaWarning, type QuotaUsage } from "../../quotas/quotas";
import { formatSharedQuota, type SharedQuotas } from "../../quotas/shared";
import { exceededQuotas, sharedExceeded } from "../../plan/verdict";
import type { PlanFile } from "../plan-diff";

const quotasOf = (plan?: PlanFile) => plan?.quotas ?? [];
const sharedOf = (plan?: PlanFile) => (plan as { sharedQuotas?: SharedQuotas } | undefined)?.sharedQuotas;
const key = (usage: Pick<QuotaUsage, "quota" | "scope">) => `${usage.quota}\u0000${usage.scope}`;

/**
 * One warning per quota and scope the head exceeds that the base did not exceed as far: the
 * stack's own (`... the base needed 14`), then those it shares with the other checked-in stacks
 * of its account or project.
 */
export function quotaWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const before = new Map(quotasOf(base).map((usage) => [key(usage), usage]));
    const sharedBefore = new Map(sharedExceeded(sharedOf(base)).map((u) => [`${key(u)}\u0000${u.account}`, u]));
    const own = ownQuotaWarnings(before, head);
    // A quota the stack exceeds alone is said once, as its own.
    const ownKeys = new Set(exceededQuotas(quotasOf(head)).map(key));
    const shared = sharedExceeded(sharedOf(head))
        .filter((u) => !ownKeys.has(key(u)))
        .filter((u) => (sharedBefore.get(`${key(u)}\u0000${u.account}`)?.total ?? 0) < u.total)
        .map((u) => `Over a shared quota: ${formatSharedQuota(u)}. Raise it before pulumi up.`);
    return [...own, ...shared];
}

function ownQuotaWarnings(before: ReadonlyMap<string, QuotaUsage>, head: PlanFile | undefined): string[] {
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
