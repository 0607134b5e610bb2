// Would a service survive losing one of its clusters, or a whole region? For each loss: where
// its global name sends traffic afterwards, whether what runs there can carry the service's
// declared replicas without a new `pulumi up`, and why. Pure, from the fleet plan alone.
import type { ServicePlan } from "../fleet-plan";
import { compareCodeUnits } from "../core/order";
import { routingAfterLoss, Unavailable } from "./routing-after-loss";

/** What is lost: one cluster, or a region (every cluster of the fleet there at once). */
export type ResilienceLoss = { cluster: string } | { region: string };

/** One service under one loss: who serves it afterwards, and whether they can carry it. */
export interface ResilienceEntry {
    service: string;
    loss: ResilienceLoss;
    /**
     * The surviving clusters the service's global name can send a client to, in name order. For
     * a service without a global name (internal, or a stack without DNS), the surviving
     * clusters: each serves the callers that reach its own load balancer.
     */
    servedBy: string[];
    /** The fleet-wide replicas the service declares (`replicas`, the autoscaler's minimum when autoscaled). */
    demand: number;
    /** What the clusters in servedBy can run without a new `up`: their autoscalers' maxima, or their fixed replicas. */
    capacity: number;
    /** capacity >= demand, with someone left to serve and no client sent to a lost cluster. */
    ok: boolean;
    /** One line: the routing rule that decided, and the numbers. */
    why: string;
    /**
     * Set on a loss the service would survive if nothing drained: the draining clusters that
     * make the difference. Draining is a deliberate, temporary state (docs/day-2.md), so this
     * is said everywhere but does not fail the mandatory policy.
     */
    whileDraining?: string[];
}

/** Clusters whose state the analysis must not count on; both may be left out. */
export interface ResilienceOptions {
    /**
     * Clusters being drained (`draining: true`): they are out of DNS already and about to leave,
     * so no loss may count on them, and losing one moves no DNS traffic.
     */
    draining?: readonly string[];
    /**
     * Clusters whose rollout is held (`fedfleet:rollout.hold`): fedfleet leaves what runs there
     * as it is, so the plan cannot vouch for their replicas. DNS may still send clients to them;
     * their capacity counts 0.
     */
    held?: readonly string[];
}

/** What the analysis reads of a service: its name and declared replicas, placement and DNS. */
export type ResilienceService = Pick<ServicePlan, "config" | "placement" | "dns">;

/** A loss as one line names it: `aws-use1` or `region us-east-1`. */
export function lossLabel(loss: ResilienceLoss): string {
    return "cluster" in loss ? loss.cluster : `region ${loss.region}`;
}

/** What a cluster can run without a new `up`: its autoscaler's maximum, or its fixed share. */
function clusterCapacity(service: ResilienceService, cluster: string): number {
    const placed = service.placement.find((p) => p.cluster === cluster);
    return placed ? (placed.autoscaling?.maxReplicas ?? placed.replicas) : 0;
}

/**
 * The loss of each cluster the service runs on, then of each region it runs in, in name order;
 * `regions` gives each cluster's region.
 */
export function serviceResilience(
    service: ResilienceService,
    regions: ReadonlyMap<string, string>,
    options: ResilienceOptions = {},
): ResilienceEntry[] {
    const name = service.config.name;
    const demand = service.config.replicas;
    const running = service.placement
        .filter((p) => p.replicas > 0)
        .map((p) => p.cluster)
        .sort(compareCodeUnits);
    if (running.length === 0) return [];
    const draining = new Set(options.draining ?? []);
    const held = new Set(options.held ?? []);
    const regionOf = (cluster: string) => regions.get(cluster) ?? cluster;
    const losses: { loss: ResilienceLoss; lost: string[] }[] = [
        ...running.map((cluster) => ({ loss: { cluster }, lost: [cluster] })),
        ...[...new Set(running.map(regionOf))]
            .sort(compareCodeUnits)
            .map((region) => ({ loss: { region }, lost: running.filter((c) => regionOf(c) === region) })),
    ];
    return losses.map(({ loss, lost }) => {
        const gone: Unavailable = { lost: new Set(lost), draining };
        const routed = routingAfterLoss(service.dns, gone);
        const servedBy = routed
            ? routed.servedBy
            : running.filter((c) => !gone.lost.has(c) && !draining.has(c)).sort(compareCodeUnits);
        const deadAnswers = routed?.deadAnswers ?? [];
        const capacity = servedBy.reduce((sum, c) => sum + (held.has(c) ? 0 : clusterCapacity(service, c)), 0);
        const ok = servedBy.length > 0 && deadAnswers.length === 0 && capacity >= demand;
        return {
            service: name,
            loss,
            servedBy,
            demand,
            capacity,
            ok,
            why: explain({ loss, lost, running, servedBy, deadAnswers, capacity, demand, draining, held, routed }),
        };
    });
}

interface Explained {
    loss: ResilienceLoss;
    lost: string[];
    running: string[];
    servedBy: string[];
    deadAnswers: string[];
    capacity: number;
    demand: number;
    draining: ReadonlySet<string>;
    held: ReadonlySet<string>;
    routed: ReturnType<typeof routingAfterLoss>;
}

/** The entry's one line: what is left, the rule that sends traffic there, and the numbers. */
function explain(e: Explained): string {
    if (e.running.length === 1 && e.lost.length === 1)
        return `runs on ${e.running[0]} alone: losing it leaves nothing to serve (a service on one cluster never survives its loss)`;
    const notes: string[] = [];
    const drained = e.lost.filter((c) => e.draining.has(c));
    if (drained.length > 0 && drained.length === e.lost.length)
        notes.push(`${drained.join(", ")} is draining and out of DNS already: losing it moves no DNS traffic`);
    if (e.lost.length === e.running.length)
        notes.push(`every cluster it runs on is in ${lossLabel(e.loss)}: nothing is left to serve`);
    const rule = e.routed
        ? e.routed.rule
        : "no global name: each surviving cluster serves the callers that reach its own load balancer, and nothing moves the lost cluster's callers to them";
    notes.push(rule);
    if (e.deadAnswers.length > 0) notes.push(`clients are still sent to lost ${e.deadAnswers.join(", ")}`);
    const heldHere = e.servedBy.filter((c) => e.held.has(c));
    if (heldHere.length > 0) notes.push(`held ${heldHere.join(", ")} counted as 0 (its rollout is held)`);
    const parked = [...e.draining].filter((c) => e.running.includes(c) && !e.lost.includes(c)).sort(compareCodeUnits);
    if (parked.length > 0) notes.push(`draining ${parked.join(", ")} not counted`);
    if (e.servedBy.length === 0) notes.push(`capacity 0 for demand ${e.demand}`);
    else
        notes.push(
            `${e.servedBy.join(", ")} can run ${e.capacity} ${e.capacity >= e.demand ? ">=" : "<"} demand ${e.demand}`,
        );
    return notes.join("; ");
}

/** Why an entry is not ok, in a few words: `capacity 3 for demand 10`, or what is missing instead. */
export function shortfall(entry: ResilienceEntry): string {
    if (entry.servedBy.length === 0) return `nothing left to serve demand ${entry.demand}`;
    if (entry.capacity < entry.demand) return `capacity ${entry.capacity} for demand ${entry.demand}`;
    return "DNS still sends clients to a lost cluster";
}

/**
 * Marks each loss that fails only because clusters drain: `baseline` is the same service's
 * entries planned as if nothing drained (its DNS with the draining clusters still answering).
 */
export function markWhileDraining(
    entries: readonly ResilienceEntry[],
    baseline: readonly ResilienceEntry[],
    draining: readonly string[],
): ResilienceEntry[] {
    if (draining.length === 0) return [...entries];
    const key = (loss: ResilienceLoss) => JSON.stringify(loss);
    const survivedBefore = new Set(baseline.filter((e) => e.ok).map((e) => key(e.loss)));
    return entries.map((entry) =>
        !entry.ok && survivedBefore.has(key(entry.loss))
            ? { ...entry, whileDraining: [...draining].sort(compareCodeUnits) }
            : entry,
    );
}

/**
 * One line per service, by service name: whether it survives every loss, and if not which
 * losses it does not survive and by how much.
 */
export function resilienceSummary(entries: readonly ResilienceEntry[]): Record<string, string> {
    const services = [...new Set(entries.map((e) => e.service))].sort(compareCodeUnits);
    return Object.fromEntries(
        services.map((service) => {
            const own = entries.filter((e) => e.service === service);
            const clusters = own.filter((e) => "cluster" in e.loss);
            const regions = own.filter((e) => "region" in e.loss);
            const failed = own.filter((e) => !e.ok);
            if (clusters.length === 1)
                return [service, `runs on ${lossLabel(clusters[0].loss)} alone: never survives losing it`];
            if (failed.length === 0)
                return [
                    service,
                    `survives losing any one of its ${clusters.length} clusters and any one of its ${regions.length} regions`,
                ];
            const draining = [...new Set(failed.flatMap((e) => e.whileDraining ?? []))].sort(compareCodeUnits);
            const onlyWhileDraining = failed.every((e) => e.whileDraining);
            return [
                service,
                `does not survive losing ${failed.map((e) => `${lossLabel(e.loss)} (${shortfall(e)})`).join(", ")}${
                    draining.length === 0
                        ? ""
                        : onlyWhileDraining
                          ? ` while ${draining.join(", ")} drains`
                          : ` (some only while ${draining.join(", ")} drains)`
                }`,
            ];
        }),
    );
}
