// A federated service's records on Route53: a health check per endpoint, the global
// name's routed records, per region a failover pair that falls back to the global name, and
// per cluster a local-first failover pair that falls back to its region name.
import * as pulumi from "@pulumi/pulumi";
import * as lb from "@pulumi/aws/lb";
import * as route53 from "@pulumi/aws/route53";
import type { Route53RecordPlan, Route53ServiceDnsPlan } from "../../plan/dns/dns-plan";
import type { DnsZone } from "./dns-zone";
import type { EndpointBinding } from "./endpoint-binding";
import { drainWaits, waitsFor } from "./drain";

/** A service's Route53 plan, the hosted zone it goes in, and the clusters' load-balancer addresses. */
export interface Route53ServiceDnsArgs {
    plan: Route53ServiceDnsPlan;
    zone: DnsZone;
    /** Each running cluster's load-balancer address, by cluster name. */
    endpoints: ReadonlyMap<string, EndpointBinding>;
}

function routingArgs(record: Route53RecordPlan): Partial<route53.RecordArgs> {
    const routing = record.routing;
    switch (routing.policy) {
        case "latency":
            return { latencyRoutingPolicies: [{ region: routing.region }] };
        case "weighted":
            return { weightedRoutingPolicies: [{ weight: routing.weight }] };
        case "failover":
            return { failoverRoutingPolicies: [{ type: routing.role }] };
        case "geoproximity":
            return {
                geoproximityRoutingPolicy: routing.awsRegion
                    ? { awsRegion: routing.awsRegion }
                    : { coordinates: [routing.coordinates!] },
            };
        case "simple":
            return {};
    }
}

/**
 * Wires a service's Route53 plan: a health check per endpoint, a calculated check per region,
 * and the planned records (aliases for AWS load-balancer hostnames, A records for IPs).
 */
export class Route53ServiceDns extends pulumi.ComponentResource {
    /** The records of each DNS name, for what must wait until a name answers. */
    readonly recordsByName: ReadonlyMap<string, route53.Record[]>;

    constructor(name: string, args: Route53ServiceDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:dns:Route53ServiceDns", name, {}, opts);
        const { plan, zone, endpoints } = args;
        const child = { parent: this, provider: zone.cloudProvider };
        const check = plan.healthCheck;
        // Each answering cluster's drain wait: its records and checks go, the wait, then its Service.
        const waits = drainWaits(
            this,
            name,
            plan.endpoints.map((e) => ({ cluster: e.cluster, service: endpoints.get(e.cluster)!.service })),
            plan.drainSeconds ?? 0,
        );

        // One health check per endpoint; a record with no health check counts as healthy, so every endpoint gets one.
        const endpointChecks = new Map<string, route53.HealthCheck>();
        for (const endpoint of plan.endpoints) {
            const binding = endpoints.get(endpoint.cluster)!;
            const target = binding.kind === "hostname" ? { fqdn: binding.address } : { ipAddress: binding.address };
            endpointChecks.set(
                endpoint.cluster,
                new route53.HealthCheck(
                    `${name}@${endpoint.cluster}`,
                    {
                        type: check.protocol,
                        ...target,
                        port: check.port,
                        resourcePath: check.path,
                        requestInterval: check.intervalSeconds,
                        failureThreshold: check.failureThreshold,
                        tags: { Name: `${plan.global} @ ${endpoint.cluster}` },
                    },
                    { ...child, dependsOn: waitsFor(waits, [endpoint.cluster]) },
                ),
            );
        }
        // Healthy while any endpoint of the region is: the region's PRIMARY record follows it.
        // Named `@region/<region>`: a cluster may be named like a region, and "/" is in no cluster name.
        const regionChecks = new Map<string, route53.HealthCheck>();
        for (const { region, clusters } of plan.route53.regionChecks) {
            // Formerly `<name>@<region>`; that URN is kept unless a cluster's own check has it.
            const formerName = `${name}@${region}`;
            const aliases = endpointChecks.has(region) ? [] : [{ name: formerName }];
            regionChecks.set(
                region,
                new route53.HealthCheck(
                    `${name}@region/${region}`,
                    {
                        type: "CALCULATED",
                        childHealthchecks: clusters.map((cluster) => endpointChecks.get(cluster)!.id),
                        childHealthThreshold: 1,
                        // A region whose clusters all drain follows the whole fleet instead.
                        tags: {
                            Name: clusters.every((c) => endpoints.get(c)!.region === region)
                                ? `${plan.regions[region]} (any endpoint of ${region})`
                                : `${plan.regions[region]} (any endpoint of ${plan.global}; ${region} drains)`,
                        },
                    },
                    { ...child, aliases },
                ),
            );
        }

        // The canonical hosted zone of each region's Network Load Balancers, for alias records.
        const nlbZones = new Map<string, pulumi.Output<string>>();
        const nlbZone = (region: string) => {
            let id = nlbZones.get(region);
            if (!id) {
                id = lb.getHostedZoneIdOutput(
                    { region, loadBalancerType: "network" },
                    { parent: this, provider: zone.cloudProvider },
                ).id;
                nlbZones.set(region, id);
            }
            return id;
        };

        const recordsByName = new Map<string, route53.Record[]>();
        for (const record of plan.route53.records) {
            const base = {
                zoneId: zone.zoneId,
                name: record.name,
                type: record.type,
                ...(record.setIdentifier !== undefined ? { setIdentifier: record.setIdentifier } : {}),
                ...routingArgs(record),
            };
            const healthCheckId =
                record.healthCheck === undefined
                    ? undefined
                    : "cluster" in record.healthCheck
                      ? endpointChecks.get(record.healthCheck.cluster)!.id
                      : regionChecks.get(record.healthCheck.region)!.id;
            let target: Partial<route53.RecordArgs>;
            if ("name" in record.target) {
                target = { records: [record.target.name], ttl: plan.ttl };
            } else {
                const binding = endpoints.get(record.target.cluster)!;
                // Load-balancer hostnames stay names: an alias follows the NLB's changing IPs.
                target =
                    binding.kind === "hostname"
                        ? {
                              aliases: [
                                  {
                                      name: binding.address,
                                      zoneId: nlbZone(binding.region),
                                      evaluateTargetHealth: true,
                                  },
                              ],
                          }
                        : { records: [binding.address], ttl: plan.ttl };
            }
            const clusters = "cluster" in record.target ? [record.target.cluster] : [];
            const created = new route53.Record(
                `${name}-${record.key}`,
                { ...base, ...target, healthCheckId },
                { ...child, dependsOn: waitsFor(waits, clusters) },
            );
            recordsByName.set(record.name, [...(recordsByName.get(record.name) ?? []), created]);
        }
        this.recordsByName = recordsByName;
        this.registerOutputs({});
    }
}
