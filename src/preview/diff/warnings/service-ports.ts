// A Service port that changes or goes: clients that call the old port get no answer once the
// Service is updated, though nothing is deleted or replaced. Pure.
import { KUBERNETES_TYPES } from "../../../plan/core/type-tokens";
import type { PlanFile } from "../plan-diff";
import { groupBy, inClusters, inputsOf, keptPairs, workloadPlace } from "./resources";

const SERVICE = KUBERNETES_TYPES.service;

interface PortSpec {
    name?: string;
    port?: number;
    protocol?: string;
}

const portsOf = (inputs: Record<string, unknown>): PortSpec[] => {
    const spec = inputs.spec as { ports?: PortSpec[] } | undefined;
    return spec?.ports ?? [];
};

const describePort = (port: PortSpec) =>
    `${port.port}${port.protocol && port.protocol !== "TCP" ? `/${port.protocol}` : ""}`;

/**
 * One warning per service and port change: `storefront: Service port 80→8443 (http) in 4
 * clusters (...)`. A port is matched by its name (the API requires names once a Service has
 * several), else by its place in the list; a port the head no longer has is removed.
 */
export function servicePortWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const found: { service: string; change: string; cluster: string }[] = [];
    for (const { before, after } of keptPairs(base, head, SERVICE)) {
        const place = workloadPlace(after.name);
        if (!place) continue;
        const [was, now] = [portsOf(inputsOf(before)), portsOf(inputsOf(after))];
        was.forEach((old, index) => {
            const next = old.name !== undefined ? now.find((p) => p.name === old.name) : now[index];
            const label = old.name ? ` (${old.name})` : "";
            if (!next)
                found.push({
                    service: place.object,
                    change: `port ${describePort(old)}${label} removed`,
                    cluster: place.cluster,
                });
            else if (next.port !== old.port || (next.protocol ?? "TCP") !== (old.protocol ?? "TCP"))
                found.push({
                    service: place.object,
                    change: `port ${describePort(old)}→${describePort(next)}${label}`,
                    cluster: place.cluster,
                });
        });
    }
    return groupBy(found, (f) => `${f.service}\u0000${f.change}`).map(([, rows]) => {
        const { service, change } = rows[0];
        const old = /^port ([^\s→]+)/.exec(change)![1];
        return `${service}: Service ${change} in ${inClusters(rows.map((r) => r.cluster))}: clients still calling port ${old} get no answer from the moment each cluster's Service is updated; nothing is deleted, so the counts alone do not show it.`;
    });
}
