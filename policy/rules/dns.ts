// Rules for the global DNS of federated services: routed records are health-checked,
// TTLs stay in bounds, and AWS load balancers are reached by alias, never by raw IP.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { byUrn, isSet, owningClusterOf, Props } from "./support";
import { isUnknown, PendingUnknowns } from "./unknowns";
import { AWS_TYPES, CLUSTER_COMPONENT_PREFIX, GCP_TYPES, KUBERNETES_TYPES } from "../../src/plan/core/type-tokens";

/** A Route53 record's routing policy, when it has one: every policy but simple routes by health. */
function routingPolicyOf(props: Props): string | undefined {
    if (props.weightedRoutingPolicies?.length) return "weighted";
    if (props.latencyRoutingPolicies?.length) return "latency";
    if (props.failoverRoutingPolicies?.length) return "failover";
    if (props.geolocationRoutingPolicies?.length) return "geolocation";
    if (props.geoproximityRoutingPolicy) return "geoproximity";
    if (props.multivalueAnswerRoutingPolicy === true) return "multivalue";
    if (props.cidrRoutingPolicy) return "cidr";
    return undefined;
}

/** A record that Route53 routes by health: its own check, or an alias that evaluates its target's. */
function route53HealthRouted(props: Props): boolean {
    return (
        isSet(props, "healthCheckId") ||
        (props.aliases ?? []).some((alias: Props) => alias.evaluateTargetHealth === true)
    );
}

/** A field read without the unknown-checking proxy's trap: a preview may not know it yet. */
function rawField(props: Props | undefined, key: string): unknown {
    return props ? Object.getOwnPropertyDescriptor(props, key)?.value : undefined;
}

/**
 * The disabled Route53 health check a record names, if it names one: by its id once known, else the
 * one health check the record depends on. Route53 "considers the status of a disabled health check to
 * always be healthy" (Route53 API, UpdateHealthCheck: Disabled), so it routes as if there were none.
 */
function disabledHealthCheck(record: PolicyResource, checks: readonly PolicyResource[]): PolicyResource | undefined {
    const id = rawField(record.props, "healthCheckId");
    const known = id !== undefined && !isUnknown(id);
    const named =
        checks.find((check) => known && rawField(check.props, "id") === id) ??
        (() => {
            const depended = record.dependencies.filter((d) => d.type === AWS_TYPES.healthCheck);
            return depended.length === 1 ? depended[0] : undefined;
        })();
    return named && rawField(named.props, "disabled") === true ? named : undefined;
}

/**
 * Health checks on routed records: every Route53 record with a routing policy (weighted, latency,
 * failover, geolocation, geoproximity, multivalue answer, IP-based), which Route53 treats as always
 * healthy without one (or with a disabled one), and Cloud DNS routing policies. Each record is judged
 * on its own: one whose decision rests on a value a first preview does not know is left for later,
 * the others still checked.
 */
export const dnsHealthChecked: StackValidationPolicy = {
    name: "dns-health-checked",
    description:
        "Every routed record of a federated service (Route53 weighted, latency, failover, geolocation, geoproximity, multivalue or IP-based; Cloud DNS routing policies) is health-checked by an enabled check, so traffic leaves a failed cluster.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // Found once, not per record: a stack with 40 more services has about 500 records in 3,000 resources.
        const checks = [...byUrn(args.resources).values()].filter((r) => r.type === AWS_TYPES.healthCheck);
        const pending = new PendingUnknowns();
        const route53 = args.resources.filter((r) => r.type === AWS_TYPES.record);
        const checkedNames = new Set<unknown>();
        for (const record of route53)
            pending.run(() => {
                if (route53HealthRouted(record.props) && !disabledHealthCheck(record, checks))
                    checkedNames.add(record.props.name);
            });
        for (const record of route53) {
            pending.run(() => {
                const policy = routingPolicyOf(record.props);
                if (!policy) return;
                const disabled = disabledHealthCheck(record, checks);
                if (route53HealthRouted(record.props) && !disabled) return;
                // A failover SECONDARY that hands over to a health-routed name is the last resort
                // of a checked pair (fedfleet's region fallback): it needs no check of its own.
                const secondary = record.props.failoverRoutingPolicies?.[0]?.type === "SECONDARY";
                const target = record.props.type === "CNAME" ? record.props.records?.[0] : undefined;
                if (secondary && target && checkedNames.has(target)) return;
                reportViolation(
                    disabled
                        ? `Route53 ${policy} record ${record.props.name} (${record.props.setIdentifier ?? record.name}) has a disabled health check (${disabled.name}); Route53 treats it as always healthy.`
                        : `Route53 ${policy} record ${record.props.name} (${record.props.setIdentifier ?? record.name}) has no health check; Route53 treats it as always healthy.`,
                    record.urn,
                );
            });
        }
        for (const set of args.resources.filter((r) => r.type === GCP_TYPES.recordSet)) {
            pending.run(() => {
                const routing: Props | undefined = set.props.routingPolicy;
                if (!routing) return;
                const items: Props[] = [
                    ...(routing.wrrs ?? []),
                    ...(routing.geos ?? []),
                    ...(routing.primaryBackup?.backupGeos ?? []),
                ];
                const checked = isSet(routing, "healthCheck") && items.every((item) => item.healthCheckedTargets);
                if (!checked)
                    reportViolation(
                        `Cloud DNS record set ${set.props.name} (${set.props.type}) routes without health-checked targets; Cloud DNS checks only IP targets of A records.`,
                        set.urn,
                    );
            });
        }
        pending.rethrow();
    },
};

interface TtlConfig {
    minTtl?: number;
    maxTtl?: number;
}

/** TTL bounds on Route53 records and Cloud DNS record sets: `minTtl` to `maxTtl` (5 to 300 seconds by default). */
export const dnsTtlBounds: ResourceValidationPolicy = {
    name: "dns-ttl-bounds",
    description:
        "DNS TTLs stay within configured bounds (5 to 300 seconds by default): short enough to fail over, long enough to cache.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minTtl: { type: "integer", minimum: 0 }, maxTtl: { type: "integer", minimum: 1 } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_TYPES.record && args.type !== GCP_TYPES.recordSet) return;
        const ttl: number | undefined = args.props.ttl;
        if (ttl === undefined) return; // alias records take their target's TTL
        const { minTtl = 5, maxTtl = 300 } = args.getConfig<TtlConfig>();
        if (ttl < minTtl || ttl > maxTtl)
            reportViolation(`DNS record ${args.props.name} has TTL ${ttl} s, outside ${minTtl}-${maxTtl} s.`);
    },
};

/** Whether a record's value comes from a LoadBalancer Service in an EKS cluster. */
function pointsAtAwsLoadBalancer(record: PolicyResource, resources: ReadonlyMap<string, PolicyResource>): boolean {
    return record.dependencies.some((dependency) => {
        const service = resources.get(dependency.urn);
        if (service?.type !== KUBERNETES_TYPES.service || service.props.spec?.type !== "LoadBalancer") return false;
        const cluster = owningClusterOf(service, resources);
        return cluster?.type === `${CLUSTER_COMPONENT_PREFIX}EksCluster`;
    });
}

/** Route53 A records that hold raw IPs of an EKS cluster's LoadBalancer Service: they must be aliases. */
export const route53AliasForAws: StackValidationPolicy = {
    name: "route53-alias-for-aws",
    description:
        "On AWS, records reach load balancers by alias, never by a raw IP that goes stale when the load balancer's addresses change.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const resources = byUrn(args.resources);
        for (const record of args.resources.filter((r) => r.type === AWS_TYPES.record)) {
            // The addresses are unknown until the load balancer exists: an A record that lists
            // values (not an alias) and follows an AWS load balancer is the mistake either way.
            if (record.props.type !== "A" || !isSet(record.props, "records")) continue;
            if (pointsAtAwsLoadBalancer(record, resources)) {
                reportViolation(
                    `Route53 record ${record.props.name} (${record.props.setIdentifier ?? record.name}) holds raw IPs of an AWS load balancer; use an alias record.`,
                    record.urn,
                );
            }
        }
    },
};

/** The DNS rules, in the order the pack lists them. */
export const dnsPolicies = [dnsHealthChecked, dnsTtlBounds, route53AliasForAws];
