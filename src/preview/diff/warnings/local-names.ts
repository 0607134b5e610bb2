// Local-first names (issue 29) a change adds or removes for a service that stays or goes: each
// cluster's in-fleet name `<svc>.<ns>.<federation>.svc.<cluster>.<region>.<domain>` (the stack
// output `services.<svc>.dns.local`) and the `<svc>-fleet` ExternalName Service that points pods
// at it. A removed one breaks the callers that use it; one added to a running service is said,
// since callers may start to depend on it. A new service's names are the new service. Pure.
import { KUBERNETES_TYPES } from "../../../plan/core/type-tokens";
import { compareCodeUnits } from "../../../plan/core/order";
import type { PlanFile } from "../plan-diff";
import { servicesOf } from "../traffic";
import { inClusters, inputsOf, resourcesOf, workloadPlace } from "./resources";

const SERVICE = KUBERNETES_TYPES.service;

/** A side's `-fleet` ExternalName Services, as the service (the name without `-fleet`) → clusters. */
function aliases(plan: PlanFile | undefined): Map<string, { name: string; clusters: string[] }> {
    const found = new Map<string, { name: string; clusters: string[] }>();
    for (const service of resourcesOf(plan, SERVICE)) {
        const spec = inputsOf(service).spec as { type?: string } | undefined;
        const place = workloadPlace(service.name);
        if (spec?.type !== "ExternalName" || !place) continue;
        const owner = place.object.replace(/-fleet$/, "");
        const entry = found.get(owner) ?? { name: `${place.namespace}/${place.object}`, clusters: [] };
        entry.clusters.push(place.cluster);
        found.set(owner, entry);
    }
    return found;
}

/** A side's in-fleet names of a service, by cluster. */
const localNames = (plan: PlanFile | undefined, service: string): Record<string, string> =>
    (servicesOf(plan)[service]?.dns as { local?: Record<string, string> } | undefined)?.local ?? {};

const show = (names: string[]) =>
    `${names.slice(0, 2).join(", ")}${names.length > 2 ? ` and ${names.length - 2} more` : ""}`;

/** One line per running service whose in-fleet names or `-fleet` ExternalName Services go, or come. */
export function localNameWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    if (!base || !head) return [];
    const lines: string[] = [];
    const [oldAliases, newAliases] = [aliases(base), aliases(head)];
    for (const service of Object.keys(servicesOf(base)).sort(compareCodeUnits)) {
        const [was, now] = [localNames(base, service), localNames(head, service)];
        const removed = Object.entries(was).filter(([, name]) => !Object.values(now).includes(name));
        const added = Object.entries(now).filter(([, name]) => !Object.values(was).includes(name));
        const [aliasWas, aliasNow] = [oldAliases.get(service), newAliases.get(service)];
        const aliasGone = (aliasWas?.clusters ?? []).filter(
            (c) => aliasNow?.name !== aliasWas?.name || !aliasNow?.clusters.includes(c),
        );
        if (removed.length > 0 || aliasGone.length > 0) {
            const parts = [
                ...(removed.length > 0
                    ? [`${removed.length} in-fleet name(s) (${show(removed.map(([, n]) => n).sort(compareCodeUnits))})`]
                    : []),
                ...(aliasGone.length > 0
                    ? [`the ExternalName Service ${aliasWas!.name} in ${inClusters(aliasGone)}`]
                    : []),
            ];
            lines.push(
                `${service}: local-first names removed: ${parts.join(", and ")}: callers that use them stop resolving once they go.`,
            );
        }
        if (added.length > 0 && servicesOf(head)[service])
            lines.push(
                `${service}: local-first names added in ${inClusters(added.map(([c]) => c))} (${show(added.map(([, n]) => n).sort(compareCodeUnits))}).`,
            );
    }
    return lines;
}
