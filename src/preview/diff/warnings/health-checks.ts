// Health checks that probe something else after a change: another path, port or protocol. An
// endpoint the app does not serve there fails its checks, and DNS then stops answering with it;
// nothing is deleted, so the counts do not show it. Pure.
import { AWS_TYPES, GCP_TYPES } from "../../../plan/core/type-tokens";
import type { PlanFile } from "../plan-diff";
import { groupBy, inClusters, inputsOf, keptPairs } from "./resources";

const ROUTE53_CHECK = AWS_TYPES.healthCheck;
const GCP_CHECK = GCP_TYPES.healthCheck;
/** The protocol blocks of a Compute Engine health check (google provider, compute_health_check). */
const GCP_PROTOCOL_BLOCKS = [
    "httpHealthCheck",
    "httpsHealthCheck",
    "http2HealthCheck",
    "tcpHealthCheck",
    "sslHealthCheck",
    "grpcHealthCheck",
];

/** What a check probes: protocol, port and path. */
interface Probe {
    protocol?: string;
    port?: unknown;
    path?: unknown;
}

/** A Route53 health check's probe: `type`, `port`, `resourcePath` (Route53 API, HealthCheckConfig). */
function route53Probe(inputs: Record<string, unknown>): Probe {
    return { protocol: inputs.type as string | undefined, port: inputs.port, path: inputs.resourcePath };
}

/** A Compute Engine health check's probe: its one protocol block's `port` and `requestPath`. */
function gcpProbe(inputs: Record<string, unknown>): Probe {
    const block = GCP_PROTOCOL_BLOCKS.find((key) => inputs[key] !== undefined);
    const settings = (block ? inputs[block] : undefined) as { port?: unknown; requestPath?: unknown } | undefined;
    return {
        protocol: block?.replace(/HealthCheck$/, "").toUpperCase(),
        port: settings?.port,
        path: settings?.requestPath,
    };
}

/** `payments/checkout@aws-euw1` or `shop/checkout-health`: the service and, where named, the cluster. */
function checkPlace(name: string): { service: string; cluster?: string } {
    const [object, cluster] = name.split("@");
    return { service: (object.split("/").pop() ?? object).replace(/-health$/, ""), cluster };
}

/** One warning per service and probe change: `checkout: health check path /ready→/healthz (3 checks: ...)`. */
export function healthCheckWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const found: { service: string; change: string; where: string }[] = [];
    const compare = (type: string, probe: (inputs: Record<string, unknown>) => Probe) => {
        for (const { before, after } of keptPairs(base, head, type)) {
            const [was, now] = [probe(inputsOf(before)), probe(inputsOf(after))];
            const place = checkPlace(after.name);
            const parts: string[] = [];
            if (was.protocol !== now.protocol) parts.push(`protocol ${String(was.protocol)}→${String(now.protocol)}`);
            if (String(was.port) !== String(now.port)) parts.push(`port ${String(was.port)}→${String(now.port)}`);
            if (String(was.path) !== String(now.path))
                parts.push(`path ${String(was.path ?? "(none)")}→${String(now.path ?? "(none)")}`);
            if (parts.length > 0)
                found.push({ service: place.service, change: parts.join(", "), where: place.cluster ?? after.name });
        }
    };
    compare(ROUTE53_CHECK, route53Probe);
    compare(GCP_CHECK, gcpProbe);
    return groupBy(found, (f) => `${f.service}\u0000${f.change}`).map(([, rows]) => {
        const { service, change } = rows[0];
        return `${service}: health check ${change} (${rows.length} check${rows.length === 1 ? "" : "s"}: ${inClusters(rows.map((r) => r.where))}): if the app does not answer there, every check fails and DNS stops sending traffic to it, in every cluster at once.`;
    });
}
