// How the preview shows what each loss leaves serving: read from the FederatedService
// components' outputs (what the policy pack reads too), never recomputed here.
import type { ProgramRun } from "../harness/run-program";
import { byKey } from "../../plan/core/order";
import { lossLabel, ResilienceEntry, resilienceSummary } from "../../plan/resilience/analysis";

/**
 * Every service's resilience entries, as its FederatedService component registered them (the
 * outputs the policy pack reads): services in name order, each's losses in the order planned.
 */
export function resilienceEntries(run: ProgramRun): ResilienceEntry[] {
    return run.resources
        .filter((r) => r.type === "fedfleet:service:FederatedService")
        .map((r) => run.resourceOutputs.get(r.urn)?.resilience)
        .filter((entries): entries is ResilienceEntry[] => Array.isArray(entries) && entries.length > 0)
        .sort(byKey((entries) => entries[0].service))
        .flat();
}

/** The resilience section's title, in the terminal and plan.md. */
export const RESILIENCE_TITLE = "Resilience: losing one cluster, or one region";
/** What demand and capacity mean, said once wherever the section is shown. */
export const RESILIENCE_TERMS =
    "demand: the replicas a service declares, its autoscaler's minimum when autoscaled; capacity: what the clusters DNS then sends its traffic to can run without a new up";

/** Per service, its one-line summary (the opening's `survives` fact). */
export function resilienceSummaries(run: ProgramRun): Record<string, string> {
    return resilienceSummary(resilienceEntries(run));
}

/** The terminal's resilience section (--details): one line per service, then each loss it does not survive. */
export function resilienceLines(run: ProgramRun): string[] {
    const entries = resilienceEntries(run);
    if (entries.length === 0) return [];
    const lines = [`${RESILIENCE_TITLE} (${RESILIENCE_TERMS})`];
    for (const [service, summary] of Object.entries(resilienceSummary(entries))) {
        lines.push(`  ${service}: ${summary}`);
        for (const entry of entries.filter((e) => e.service === service && !e.ok))
            lines.push(`    ! losing ${lossLabel(entry.loss)}: ${entry.why}`);
    }
    return lines;
}
