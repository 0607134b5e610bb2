// Which cluster a recorded registration belongs to (the offline preview's tree, plan diffs,
// the fake clouds), by the one owning-cluster walk.
import { owningCluster } from "../../plan/core/owning-cluster";
import type { RecordedResource } from "./recording-monitor";

/** Looks a recorded resource up by URN. */
export type RecordLookup = (urn: string | undefined) => RecordedResource | undefined;

/** The cluster component a recorded resource belongs to, if any. */
export function owningClusterOfRecord(resource: RecordedResource, lookup: RecordLookup): RecordedResource | undefined {
    return owningCluster(resource, {
        typeOf: (r) => r.type,
        parentOf: (r) => lookup(r.parent),
        providerOf: (r) => lookup(r.provider),
    });
}

/** A lookup over a list of recorded resources. */
export function lookupIn(resources: ReadonlyMap<string, RecordedResource>): RecordLookup {
    return (urn) => (urn ? resources.get(urn) : undefined);
}
