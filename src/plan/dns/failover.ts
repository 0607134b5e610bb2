// How long, at worst, resolvers may keep handing out a failed endpoint: an upper estimate
// from the DNS service's documented timings. Pure. What it cannot count is in docs/dns.md
// ("Failover time"): resolvers that ignore TTLs, clients that cache answers themselves, and
// how fast a health checker's verdict reaches the name servers, which neither provider
// documents.
import type { DnsConfig } from "../config/schema";
import type { LoadBalancerAddressKind } from "../clusters/facts";

/**
 * How long a Route 53 checker waits before a probe counts as failed: HTTP(S) must connect
 * within 4 s and answer within 2 s more; TCP must connect within 10 s. Route 53 Developer
 * Guide, "How Amazon Route 53 determines whether a health check is healthy".
 */
export const ROUTE53_PROBE_TIMEOUT_SECONDS = { HTTP: 6, HTTPS: 6, TCP: 10 } as const;

/**
 * The TTL resolvers get for an alias to a load balancer, whatever the record's own: Route 53
 * answers with the target's TTL, 60 s for Elastic Load Balancing (Route 53 API,
 * ResourceRecordSet.TTL: "Amazon Route 53 uses the value of TTL for the alias target").
 */
export const ELB_ALIAS_TTL_SECONDS = 60;

/** What the estimate needs of a service's DNS plan. */
export interface FailoverInputs {
    provider: DnsConfig["provider"];
    protocol: keyof typeof ROUTE53_PROBE_TIMEOUT_SECONDS;
    intervalSeconds: number;
    failureThreshold: number;
    /** The Cloud DNS health check's probe timeout. */
    timeoutSeconds?: number;
    ttl: number;
    /** How each running cluster's load balancer is reached. */
    endpointKinds: readonly LoadBalancerAddressKind[];
}

/**
 * The upper estimate, in seconds, from an endpoint failing to resolvers no longer being
 * handed it, by the slowest documented path.
 *
 * Route 53: each of `failureThreshold` probes may take the probe timeout and then the
 * interval before the next (RequestInterval runs from one response to the next request);
 * then a region name's CNAME may be cached for the TTL and, behind it, the answer for its
 * own TTL, which for an alias to an AWS load balancer is the load balancer's 60 s.
 *
 * Cloud DNS: `failureThreshold` probes, each the interval apart, the last waiting its timeout,
 * then the record's TTL.
 */
export function estimateFailoverSeconds(inputs: FailoverInputs): number {
    if (inputs.provider === "clouddns") {
        return inputs.intervalSeconds * inputs.failureThreshold + (inputs.timeoutSeconds ?? 0) + inputs.ttl;
    }
    const detection =
        inputs.failureThreshold * (inputs.intervalSeconds + ROUTE53_PROBE_TIMEOUT_SECONDS[inputs.protocol]);
    const answerTtl = inputs.endpointKinds.includes("hostname")
        ? Math.max(ELB_ALIAS_TTL_SECONDS, inputs.ttl)
        : inputs.ttl;
    // The region name is a CNAME (one more cached hop) to the records that answer.
    return detection + inputs.ttl + answerTtl;
}

/**
 * The upper estimate for a cluster's local-first name, from this cluster's endpoint failing to
 * the name no longer answering with it: the same detection (the local name's PRIMARY uses the
 * endpoint's own health check, and Cloud DNS the service's), then what resolvers may hold. On
 * Route 53 the local name is a CNAME to a name holding only this endpoint, so the cached path
 * is that CNAME's TTL and then this endpoint's answer: its load balancer's 60 s for an alias,
 * else the record's TTL. On Cloud DNS the local name is an A set of this endpoint, like the
 * global one.
 */
export function estimateLocalFailoverSeconds(
    inputs: Omit<FailoverInputs, "endpointKinds">,
    kind: LoadBalancerAddressKind,
): number {
    return estimateFailoverSeconds({ ...inputs, endpointKinds: [kind] });
}
