// Local-first names (issue 29) a change adds or removes: each cluster's in-fleet name
// `<svc>.<ns>.<federation>.svc.<cluster>.<region>.<domain>` (the stack output
// `services.<svc>.dns.local`) and the `<svc>-fleet` ExternalName Service that points pods at
// it. A removed one breaks the callers that use it; an added one is said so a reviewer knows
// callers may start to depend on it. Pure.
import { compareCodeUnits } from "../../../plan/core/order";
import type { PlanFile } from "../plan-diff";
import { servicesOf } from "../traffic";
import { inClusters, inputsOf, resourcesOf, workloadPlace } from "./resources";

const SERVICE = "kubernetes:core/v1:Service";

/** A side's ExternalName Services, as `<namespace>/<name>` → the clusters that have one. */
function externalNames(plan: PlanFile | undefined): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const service of resourcesOf(plan, SERVICE)) {
        const spec = inputsOf(service).spec as { type?: string } | undefined;
        const place = workloadPlace(service.name);
        if (spec?.type !== "ExternalName" || !place) continue;
        const key = `${place.namespace}/${place.object}`;
        found.set(key, [...(found.get(key) ?? []), place.cluster]);
    }
    return found;
}

/** A side's in-fleet names, as `service` → name → cluster. */
function localNames(plan: PlanFile | undefined): Map<string, Map<string, string>> {
    const found = new Map<string, Map<string, string>>();
    for (const [service, output] of Object.entries(servicesOf(plan))) {
        const local = (output.dns as { local?: Record<string, string> } | undefined)?.local ?? {};
        found.set(service, new Map(Object.entries(local).map(([cluster, name]) => [name, cluster])));
    }
    return found;
}

/** One line per service whose in-fleet names or `-fleet` ExternalName Services come or go. */
export function localNameWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    if (!base || !head) return [];
    const lines: string[] = [];
    const [was, now] = [localNames(base), localNames(head)];
    for (const service of [...new Set([...was.keys(), ...now.keys()])].sort(compareCodeUnits)) {
        const [before, after] = [
            was.get(service) ?? new Map<string, string>(),
            now.get(service) ?? new Map<string, string>(),
        ];
        const removed = [...before.keys()].filter((n) => !after.has(n)).sort(compareCodeUnits);
        const added = [...after.keys()].filter((n) => !before.has(n)).sort(compareCodeUnits);
        const show = (names: string[]) =>
            `${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`;
        if (removed.length > 0)
            lines.push(
                `${service}: ${removed.length} in-fleet (local-first) name(s) removed: ${show(removed)}: callers that use them stop resolving once the records go.`,
            );
        if (added.length > 0)
            lines.push(`${service}: ${added.length} in-fleet (local-first) name(s) added: ${show(added)}.`);
    }
    const [oldAliases, newAliases] = [externalNames(base), externalNames(head)];
    for (const alias of [...new Set([...oldAliases.keys(), ...newAliases.keys()])].sort(compareCodeUnits)) {
        const [before, after] = [oldAliases.get(alias) ?? [], newAliases.get(alias) ?? []];
        const gone = before.filter((c) => !after.includes(c));
        const come = after.filter((c) => !before.includes(c));
        if (gone.length > 0)
            lines.push(
                `ExternalName Service ${alias} removed in ${inClusters(gone)}: pods there that call ${alias.split("/")[1]} by that name stop resolving it.`,
            );
        if (come.length > 0) lines.push(`ExternalName Service ${alias} added in ${inClusters(come)}.`);
    }
    return lines;
}
