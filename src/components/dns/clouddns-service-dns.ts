// A federated service's record sets on Cloud DNS: routing policies over the clusters'
// load-balancer IPs, health-checked by one Google health check that probes each of them.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import * as gcpDns from "@pulumi/gcp/dns";
import {
    CLOUDDNS_HEALTH_CHECK_SOURCES,
    CloudDnsItem,
    CloudDnsRecordSetPlan,
    CloudDnsServiceDnsPlan,
} from "../../plan/dns/dns-plan";
import type { DnsZone } from "./dns-zone";
import type { EndpointBinding } from "./endpoint-binding";
import { clusterEndpointName } from "../../plan/dns/names";
import { drainWaits, waitsFor } from "./drain";

/** A service's Cloud DNS plan, the zone it goes in, and the clusters' load-balancer addresses. */
export interface CloudDnsServiceDnsArgs {
    plan: CloudDnsServiceDnsPlan;
    zone: DnsZone;
    endpoints: ReadonlyMap<string, EndpointBinding>;
    /** The health check's name, from the fleet plan. */
    healthCheckName: string;
    /** For the names of IP endpoints in CNAME sets. */
    names: { service: string; namespace: string; federation: string; domain: string };
}

/** Every cluster a record set answers with. */
function setClusters(set: CloudDnsRecordSetPlan): string[] {
    const routing = set.routing;
    switch (routing.policy) {
        case "wrr":
        case "geo":
            return routing.items.flatMap((item) => item.clusters);
        case "primaryBackup":
            return [...routing.primary, ...routing.backups.flatMap((item) => item.clusters)];
        case "none":
            return routing.clusters;
        case "cname":
            // A name, not an address: the records it leads to carry their clusters' waits.
            return [];
    }
}

/**
 * Wires a service's Cloud DNS plan: the health check, when any record set is health-checked,
 * and one record set per planned set.
 */
export class CloudDnsServiceDns extends pulumi.ComponentResource {
    /** The record set of each DNS name, for what must wait until a name answers. */
    readonly recordsByName: ReadonlyMap<string, gcpDns.RecordSet[]>;

    constructor(name: string, args: CloudDnsServiceDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:dns:CloudDnsServiceDns", name, {}, opts);
        const { plan, zone, endpoints } = args;
        const child = { parent: this, provider: zone.cloudProvider };
        const check = plan.healthCheck;
        const sets = plan.clouddns.recordSets;
        // Each answering cluster's drain wait: its record sets change or go, the wait, then its Service.
        const waits = drainWaits(
            this,
            name,
            plan.endpoints.map((e) => ({ cluster: e.cluster, service: endpoints.get(e.cluster)!.service })),
            plan.drainSeconds ?? 0,
        );

        let healthCheckId: pulumi.Output<string> | undefined;
        if (sets.some((set) => set.healthChecked)) {
            const protocolCheck =
                check.protocol === "TCP"
                    ? { tcpHealthCheck: { port: check.port } }
                    : check.protocol === "HTTPS"
                      ? { httpsHealthCheck: { port: check.port, requestPath: check.path } }
                      : { httpHealthCheck: { port: check.port, requestPath: check.path } };
            healthCheckId = new compute.HealthCheck(
                `${name}-health`,
                {
                    name: args.healthCheckName,
                    description: `fedfleet: endpoints of ${plan.global}`,
                    checkIntervalSec: check.intervalSeconds,
                    timeoutSec: check.timeoutSeconds,
                    unhealthyThreshold: check.failureThreshold,
                    healthyThreshold: 2,
                    // Required for health checks of external endpoints in DNS routing policies.
                    sourceRegions: [...CLOUDDNS_HEALTH_CHECK_SOURCES],
                    ...protocolCheck,
                },
                child,
            ).id;
        }

        const address = (cluster: string) => endpoints.get(cluster)!;
        /** What a record set of this type holds for a cluster: its IP, or a name for CNAMEs. */
        const datum = (set: CloudDnsRecordSetPlan, cluster: string): pulumi.Output<string> => {
            const binding = address(cluster);
            if (set.type === "A") return binding.address;
            return binding.kind === "hostname"
                ? binding.address.apply((host) => `${host}.`)
                : pulumi.output(`${clusterEndpointName(args.names, cluster, binding.region)}.`);
        };
        const targets = (set: CloudDnsRecordSetPlan, clusters: string[]) =>
            set.healthChecked
                ? { healthCheckedTargets: { externalEndpoints: clusters.map((c) => datum(set, c)) } }
                : { rrdatas: clusters.map((c) => datum(set, c)) };
        const geo = (set: CloudDnsRecordSetPlan, items: CloudDnsItem[]) =>
            items.map((item) => ({ location: item.location!, ...targets(set, item.clusters) }));

        const recordsByName = new Map<string, gcpDns.RecordSet[]>();
        for (const set of sets) {
            const common = { name: `${set.name}.`, managedZone: zone.zoneId, type: set.type, ttl: plan.ttl };
            const routing = set.routing;
            let extra: Partial<gcpDns.RecordSetArgs>;
            const checked = set.healthChecked ? { healthCheck: healthCheckId } : {};
            switch (routing.policy) {
                case "wrr":
                    extra = {
                        routingPolicy: {
                            ...checked,
                            wrrs: routing.items.map((item) => ({
                                weight: item.weight!,
                                ...targets(set, item.clusters),
                            })),
                        },
                    };
                    break;
                case "geo":
                    extra = { routingPolicy: { ...checked, geos: geo(set, routing.items) } };
                    break;
                case "primaryBackup":
                    extra = {
                        routingPolicy: {
                            ...checked,
                            primaryBackup: {
                                primary: { externalEndpoints: routing.primary.map((c) => datum(set, c)) },
                                backupGeos: geo(set, routing.backups),
                                trickleRatio: 0,
                            },
                        },
                    };
                    break;
                case "none":
                    extra = { rrdatas: routing.clusters.map((c) => datum(set, c)) };
                    break;
                case "cname":
                    extra = { rrdatas: [`${routing.name}.`] };
            }
            // Replaced delete-first: a replacement keeps the name and type, the provider's Create
            // replaces the live set in the same Change, and deleting the old one afterwards fails,
            // Cloud DNS deletions having to match the live data exactly (terraform-provider-google
            // resource_dns_record_set.go; Cloud DNS API, Change.deletions). pulumi-gcp sets no
            // delete-before-replace of its own for RecordSet. The name answers nothing in between.
            recordsByName.set(set.name, [
                new gcpDns.RecordSet(
                    `${name}-${set.key}`,
                    { ...common, ...extra },
                    { ...child, deleteBeforeReplace: true, dependsOn: waitsFor(waits, setClusters(set)) },
                ),
            ]);
        }
        this.recordsByName = recordsByName;
        this.registerOutputs({});
    }
}
