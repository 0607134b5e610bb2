// What a change does to the drain waits between DNS records and the Services they point at
// (src/components/dns/drain.ts): which waits it spends and for how long, the removals no wait
// in the state guards yet, and how a cluster should leave the fleet. Pure.
import { sleepSeconds } from "../../plan/core/sleep-duration";
import { compareCodeUnits } from "../../plan/core/order";
import { AWS_TYPES, GCP_TYPES, KUBERNETES_TYPES, TIME_TYPES } from "../../plan/core/type-tokens";
import type { RecordedResource } from "../harness/recording-monitor";
import { lookupIn, owningClusterOfRecord } from "../harness/ownership";
import type { PlanFile, ResourceChange } from "./plan-diff";

const SERVICE = KUBERNETES_TYPES.service;
const DEPLOYMENT = KUBERNETES_TYPES.deployment;

/** A drain wait of the base: the Service it holds back and how long its delete waits. */
export interface DrainWait {
    wait: RecordedResource;
    service: RecordedResource;
    seconds: number;
}

/** A wait that holds a leaving cluster's Deployment (src/components/federation/pods-hold.ts). */
export interface PodsHold {
    wait: RecordedResource;
    pods: RecordedResource;
    seconds: number;
}

/** Each Sleep of a side whose delete waits, with each resource of `type` it depends on (and so holds back). */
function destroyWaitsOn(
    resources: readonly RecordedResource[],
    type: string,
): { wait: RecordedResource; held: RecordedResource; seconds: number }[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources.flatMap((wait) => {
        if (wait.type !== TIME_TYPES.sleep) return [];
        const seconds = sleepSeconds((wait.inputs as Record<string, unknown>).destroyDuration);
        if (seconds === undefined) return [];
        return wait.dependencies
            .map((urn) => byUrn.get(urn))
            .filter((held): held is RecordedResource => held?.type === type)
            .map((held) => ({ wait, held, seconds }));
    });
}

/** The waits of a side that hold a Deployment on delete. */
export function podHolds(resources: readonly RecordedResource[]): PodsHold[] {
    return destroyWaitsOn(resources, DEPLOYMENT).map(({ wait, held, seconds }) => ({ wait, pods: held, seconds }));
}

/** The base's drain waits by the URN of the Service each guards. */
export function drainWaitsByService(resources: readonly RecordedResource[]): Map<string, DrainWait> {
    return new Map(
        destroyWaitsOn(resources, SERVICE).map(({ wait, held, seconds }) => [
            held.urn,
            { wait, service: held, seconds },
        ]),
    );
}

/**
 * How long the deletes of a change wait, as the engine schedules them: the condemned resources
 * in antichains, dependents first, each antichain run in parallel and the antichains one after
 * another (pulumi/pulumi step_generator.go, ScheduleDeletes), so the longest wait of each
 * antichain adds up.
 */
export function deleteWaitSeconds(
    condemned: readonly RecordedResource[],
    waitOf: (resource: RecordedResource) => number,
): number {
    const left = new Set(condemned.map((r) => r.urn));
    const byUrn = new Map(condemned.map((r) => [r.urn, r]));
    // A resource waits for every condemned resource that depends on it or is its child.
    const dependents = new Map<string, string[]>();
    for (const r of condemned)
        for (const on of [...r.dependencies, ...(r.parent ? [r.parent] : [])])
            if (left.has(on)) dependents.set(on, [...(dependents.get(on) ?? []), r.urn]);
    let total = 0;
    while (left.size > 0) {
        const ready = [...left].filter((urn) => !(dependents.get(urn) ?? []).some((d) => left.has(d)));
        // A cycle cannot be scheduled; the engine refuses it long before, so stop rather than spin.
        if (ready.length === 0) break;
        total += Math.max(0, ...ready.map((urn) => waitOf(byUrn.get(urn)!)));
        for (const urn of ready) left.delete(urn);
    }
    return total;
}

const clusterOf = (resource: RecordedResource, index: ReadonlyMap<string, RecordedResource>) =>
    owningClusterOfRecord(resource, lookupIn(index))?.name ?? "its cluster";

/** The federated service (`<namespace>/<name>`) a workload object belongs to, by its parent. */
const serviceOf = (resource: RecordedResource) => resource.parent?.split("::").pop() ?? resource.name;

/**
 * The drain lines of a change: each wait it spends and what it holds back, then how much longer
 * the whole up takes; and the Services deleted with no wait of the base guarding them.
 */
export function drainFindings(
    base: PlanFile | undefined,
    head: PlanFile | undefined,
    changes: readonly ResourceChange[],
): string[] {
    if (!base || !head) return [];
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    const waits = drainWaitsByService(base.resources);
    const deleted = new Set(changes.filter((c) => c.op === "delete").map((c) => c.urn));
    const lines: string[] = [];
    const spent = [...waits.values()].filter((w) => deleted.has(w.wait.urn));
    const holds = podHolds(base.resources).filter((hold) => deleted.has(hold.wait.urn));
    for (const { wait, service, seconds } of spent.sort((a, b) => compareCodeUnits(a.wait.urn, b.wait.urn))) {
        const where = clusterOf(service, before);
        const name = serviceOf(service);
        if (deleted.has(service.urn)) {
            const hold = holds.find(
                (h) => serviceOf(h.wait) === serviceOf(wait) && clusterOf(h.pods, before) === where,
            );
            const pods = hold
                ? `its Deployment ${hold.seconds} s from the start of the removal (wait ${hold.wait.name})`
                : "no hold in the stack's state keeps its Deployment, whose pods go at once while resolvers still hand out the address (the holds arrive with this change; merge it without the removal first, then remove)";
            lines.push(
                `${name}: drain in ${where}: its DNS records are deleted first, then wait ${wait.name} holds its Service ${seconds} s (the service's failover estimate) before it is deleted, so resolvers have stopped handing out its address; ${pods}.`,
            );
        } else {
            lines.push(
                `${name}: ${where} leaves its DNS (draining): the records go, then this up waits ${seconds} s (wait ${wait.name}) before it ends; its Service and Deployment keep running, and removing them later waits only for the Deployment's hold.`,
            );
        }
    }
    if (spent.length > 0) {
        const condemned = changes.filter((c) => c.op === "delete").map((c) => before.get(c.urn)!);
        const seconds = new Map([...spent, ...holds].map((w) => [w.wait.urn, w.seconds]));
        const total = deleteWaitSeconds(condemned, (r) => seconds.get(r.urn) ?? 0);
        lines.push(
            `Drain waits: ${spent.length} in this up, which takes about ${total} s longer (deletes that do not depend on each other wait side by side: pulumi/pulumi ScheduleDeletes).`,
        );
    }
    // Services removed with no wait of the base between them and their records.
    const baseWaits = waits.size > 0;
    const headWaits = head.resources.some((r) => r.type === TIME_TYPES.sleep);
    const recordTypes: readonly string[] = [AWS_TYPES.record, GCP_TYPES.recordSet];
    for (const change of changes.filter((c) => c.op === "delete" && c.type === SERVICE)) {
        if (waits.has(change.urn)) continue;
        const service = before.get(change.urn)!;
        const pointing = base.resources.filter(
            (r) => recordTypes.includes(r.type) && deleted.has(r.urn) && dependsOn(r, change.urn, before),
        );
        if (pointing.length === 0) continue;
        const removal = removalKind(serviceOf(service), base, head);
        const arriving = headWaits && !baseWaits;
        // Advice only where it can be followed: the waits come with the program, so an up without
        // the removal creates them; a move or rename cannot leave its removal out, so it waits for
        // the program change alone; a program with no waits has nothing to stage.
        const advice = !arriving
            ? ""
            : removal === "removal"
              ? " Merge the change without the removal first, so its up creates the waits, then remove."
              : ` A ${removal} cannot be merged without its removal: merge the program change alone first, with ${serviceOf(service)} as it is (that up creates the waits), then the ${removal} in a change of its own.`;
        lines.push(
            `${serviceOf(service)}: the Service in ${clusterOf(service, before)} is deleted right after the ${pointing.length} DNS record(s) pointing at it, and no wait in the stack's state guards it${arriving ? " (the waits arrive with this change; a wait's destroyDuration counts only once it is in the state)" : ""}: resolvers may send users to a deleted load balancer.${advice}`,
        );
    }
    return lines;
}

const FEDERATED_SERVICE = "fedfleet:service:FederatedService";

/**
 * What takes a federated service (`<namespace>/<name>`) away: a namespace move (the head has
 * the same name in another namespace), a rename (the head adds exactly one service to the same
 * namespace), or a removal.
 */
function removalKind(service: string, base: PlanFile, head: PlanFile): "namespace move" | "rename" | "removal" {
    const names = (plan: PlanFile) =>
        new Set(plan.resources.filter((r) => r.type === FEDERATED_SERVICE).map((r) => r.name));
    const [was, now] = [names(base), names(head)];
    if (now.has(service)) return "removal";
    const [namespace, name] = service.split("/");
    const arrived = [...now].filter((s) => !was.has(s));
    if (arrived.some((s) => s.split("/")[1] === name)) return "namespace move";
    if (arrived.filter((s) => s.split("/")[0] === namespace).length === 1) return "rename";
    return "removal";
}

/** Whether `resource` depends on `urn`, directly or through other resources of the side. */
function dependsOn(resource: RecordedResource, urn: string, index: ReadonlyMap<string, RecordedResource>): boolean {
    const seen = new Set<string>();
    const stack = [...resource.dependencies];
    while (stack.length > 0) {
        const next = stack.pop()!;
        if (next === urn) return true;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(index.get(next)?.dependencies ?? []));
    }
    return false;
}

/**
 * How a cluster should leave the fleet: drained first (`draining: true`, its records go and that
 * up waits), then removed. A cluster removed while still in DNS is told so.
 */
export function clusterRemovalAdvice(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    if (!base || !head) return [];
    type Summary = { draining?: boolean };
    const [was, now] = [base.outputs.clusters, head.outputs.clusters].map(
        (clusters) => (clusters ?? {}) as Record<string, Summary>,
    );
    const waits = [...drainWaitsByService(base.resources).values()];
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    return Object.keys(was)
        .filter((cluster) => !(cluster in now) && !was[cluster].draining)
        .sort(compareCodeUnits)
        .map((cluster) => {
            const longest = Math.max(
                0,
                ...waits.filter((w) => clusterOf(w.service, before) === cluster).map((w) => w.seconds),
            );
            return `${cluster} is removed while it is still in DNS. Drain, wait, remove: set draining: true on it and merge (its records go${longest > 0 ? ` and that up waits ${longest} s` : ""}), check its traffic has moved to the rest of the fleet, then remove it in a change of its own.`;
        });
}
