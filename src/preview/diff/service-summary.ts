// One line per federated service for what a change does to it, in the words a reviewer would
// use: replicas per cluster, images, DNS routing, TTL and failover time. Pure.
import type { PlanFile, StackDiff } from "./plan-diff";
import { servicesOf, ServiceOutput } from "./traffic";
import { KUBERNETES_TYPES } from "../../plan/core/type-tokens";

const arrow = (from: unknown, to: unknown) => `${from ?? "none"}→${to ?? "none"}`;

/**
 * The global record's routing, the TTLs of the service's records (alias records answer with
 * their target's TTL, so a service may have two), and the failover estimate.
 */
function dnsFacts(service: ServiceOutput | undefined): { routing?: string; ttl?: string; failover?: number | null } {
    const records = service?.dns?.records ?? [];
    const global = records.find((r) => r.name === service?.dns?.global);
    const ttls = [...new Set(records.map((r) => r.ttl).filter((t): t is number => t !== undefined))].sort(
        (a, b) => a - b,
    );
    return {
        routing: global?.policy,
        ttl: ttls.length > 0 ? ttls.join("/") : undefined,
        failover: service?.dns?.failoverSeconds,
    };
}

/** The image changes of a service's Deployments: `image a→b in N clusters`. */
function imageChanges(diff: StackDiff, service: string): string[] {
    const byChange = new Map<string, Set<string>>();
    for (const change of diff.changes.filter(
        (c) => c.type === KUBERNETES_TYPES.deployment && c.service?.endsWith(`/${service}`),
    )) {
        for (const property of change.properties.filter((p) => /containers\[\d+\]\.image$/.test(p.path))) {
            const key = arrow(property.before, property.after);
            byChange.set(key, (byChange.get(key) ?? new Set()).add(change.cluster ?? ""));
        }
    }
    return [...byChange.entries()].map(
        ([change, clusters]) => `image ${change} in ${clusters.size} cluster${clusters.size === 1 ? "" : "s"}`,
    );
}

/** One line per service the change touches, by service name; none for a change that touches no service. */
export function serviceSummaries(diff: StackDiff, base?: PlanFile, head?: PlanFile): string[] {
    const [before, after] = [servicesOf(base), servicesOf(head)];
    const lines: string[] = [];
    for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
        if (!before[name]) {
            lines.push(`${name}: new service`);
            continue;
        }
        if (!after[name]) {
            lines.push(`${name}: removed`);
            continue;
        }
        const parts: string[] = [];
        const rows = diff.placement.filter((r) => r.service === name);
        const total = (side: "before" | "after") => rows.reduce((sum, r) => sum + (r[side] ?? 0), 0);
        const moved = rows.filter((r) => r.before !== r.after);
        if (moved.length > 0)
            parts.push(
                `replicas ${arrow(total("before"), total("after"))}: ${moved.map((r) => `${r.cluster} ${arrow(r.before ?? 0, r.after ?? 0)}`).join(", ")}`,
            );
        parts.push(...imageChanges(diff, name));
        const [was, now] = [dnsFacts(before[name]), dnsFacts(after[name])];
        if (was.routing !== now.routing) parts.push(`routing ${arrow(was.routing, now.routing)}`);
        if (was.ttl !== now.ttl) parts.push(`TTL ${arrow(was.ttl, now.ttl)} s`);
        if (was.failover !== now.failover) parts.push(`failover ${arrow(was.failover, now.failover)} s`);
        const others = diff.changes.filter((c) => c.service?.endsWith(`/${name}`)).length;
        if (parts.length === 0 && others > 0) parts.push(`${others} resource change${others === 1 ? "" : "s"}`);
        if (parts.length > 0) lines.push(`${name}: ${parts.join("; ")}`);
    }
    return lines;
}
