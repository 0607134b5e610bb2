// The one way to find which cluster a resource belongs to, over any recorded resource graph
// (the offline preview's registrations, plan files, a policy pack's resources). Pure.

import { CLUSTER_COMPONENT_PREFIX } from "./type-tokens";

/** How to read a resource graph: a resource's type, its parent, and its explicit provider. */
export interface ResourceGraph<R> {
    typeOf(resource: R): string;
    parentOf(resource: R): R | undefined;
    providerOf(resource: R): R | undefined;
}

/**
 * The cluster component a resource belongs to: itself, or the first reached by following its
 * provider (a workload parented by a federated service lives where its provider points) and
 * otherwise its parent, up the graph.
 */
export function owningCluster<R>(resource: R, graph: ResourceGraph<R>): R | undefined {
    const seen = new Set<R>();
    let current: R | undefined = resource;
    while (current !== undefined && !seen.has(current)) {
        seen.add(current);
        if (graph.typeOf(current).startsWith(CLUSTER_COMPONENT_PREFIX)) return current;
        current = graph.providerOf(current) ?? graph.parentOf(current);
    }
    return undefined;
}
