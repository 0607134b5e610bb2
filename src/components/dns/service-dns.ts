// Builds a federated service's DNS on the stack's provider, from its plan and workloads.
import * as pulumi from "@pulumi/pulumi";
import type { FederatedService } from "../federation/federated-service";
import type { FleetPlan, ServicePlan } from "../../plan/fleet-plan";
import { CloudDnsServiceDns } from "./clouddns-service-dns";
import type { DnsZone } from "./dns-zone";
import type { EndpointBinding } from "./endpoint-binding";
import { unservableAddressProblem } from "../../plan/clusters/facts";
import { Route53ServiceDns } from "./route53-service-dns";

/**
 * The records of one service in the zone, as its plan says, bound to the load-balancer
 * address of each cluster it runs in; nothing when it runs nowhere or has no DNS.
 */
export function createServiceDns(
    service: FederatedService,
    plan: ServicePlan,
    zone: DnsZone,
    federation: FleetPlan["federation"],
    opts?: pulumi.ComponentResourceOptions,
): Route53ServiceDns | CloudDnsServiceDns | undefined {
    const dns = plan.dns;
    if (!dns || dns.endpoints.length === 0) return undefined;
    // Only the clusters DNS points at: a private cluster's address is never bound (nor checked).
    const served = new Set(dns.endpoints.map((endpoint) => endpoint.cluster));
    const endpoints = new Map<string, EndpointBinding>(
        service.workloads
            .filter((workload) => served.has(workload.cluster.clusterName))
            .map((workload) => [
                workload.cluster.clusterName,
                {
                    cluster: workload.cluster.clusterName,
                    region: workload.cluster.region,
                    kind: workload.cluster.loadBalancerAddress,
                    address: workload.endpoint.apply((address) => {
                        // Known once the Service exists (from state in a preview of a running stack).
                        const problem = unservableAddressProblem(workload.cluster.clusterName, address ?? "");
                        if (problem) throw new pulumi.RunError(`fedfleet: service ${plan.componentName}: ${problem}`);
                        return address ?? "";
                    }),
                    service: workload.service,
                },
            ]),
    );
    // Named like the service: its URN differs by type, and a reader pairs the two at a glance.
    const name = service.componentName;
    if (dns.provider === "route53") return new Route53ServiceDns(name, { plan: dns, zone, endpoints }, opts);
    return new CloudDnsServiceDns(
        name,
        {
            plan: dns,
            zone,
            endpoints,
            healthCheckName: plan.healthCheckName!,
            names: {
                service: plan.config.name,
                namespace: plan.config.namespace,
                federation: federation.name,
                domain: federation.domain,
            },
        },
        opts,
    );
}
