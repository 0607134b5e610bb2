// What a change does to the services' resilience: each loss (of a cluster, or a region) that a
// service survived before the change and does not after it, from the two plans' `resilience`
// entries (src/plan/resilience). Pure.
import { lossLabel, ResilienceEntry, shortfall } from "../../plan/resilience/analysis";
import type { PlanFile } from "./plan-diff";

const key = (entry: ResilienceEntry) =>
    `${entry.service}\u0000${"cluster" in entry.loss ? `c:${entry.loss.cluster}` : `r:${entry.loss.region}`}`;

/**
 * One warning per loss a service no longer survives: `checkout no longer survives losing
 * aws-use1: capacity 3 for demand 10`, in the head's order. A base written before plans had
 * resilience entries, or a loss the base did not have (a new cluster or service), says nothing
 * here: the policy pack's verdict on the head covers those.
 */
export function resilienceWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const before = new Map((base?.resilience ?? []).map((entry) => [key(entry), entry]));
    return (head?.resilience ?? [])
        .filter((entry) => !entry.ok && before.get(key(entry))?.ok === true)
        .map(
            (entry) =>
                `${entry.service} no longer survives losing ${lossLabel(entry.loss)}${entry.whileDraining ? ` while ${entry.whileDraining.join(", ")} drains` : ""}: ${shortfall(entry)}.`,
        );
}
