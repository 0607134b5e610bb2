// Builds a federated service's DNS on the stack's provider, from its plan and workloads.
import * as pulumi from "@pulumi/pulumi";
import type { FederatedService } from "../federation/federated-service";
import { CloudDnsServiceDns } from "./clouddns-service-dns";
import type { ServiceDnsPlan } from "./dns-plan";
import type { DnsZone } from "./dns-zone";
import type { EndpointBinding } from "./endpoint-binding";
import { Route53ServiceDns } from "./route53-service-dns";

export function createServiceDns(
    service: FederatedService,
    plan: ServiceDnsPlan,
    zone: DnsZone,
    names: { federation: string; domain: string },
    opts?: pulumi.ComponentResourceOptions,
): pulumi.ComponentResource | undefined {
    if (plan.endpoints.length === 0) return undefined;
    const endpoints = new Map<string, EndpointBinding>(
        service.workloads.map((workload) => [
            workload.cluster.clusterName,
            {
                cluster: workload.cluster.clusterName,
                region: workload.cluster.region,
                kind: workload.cluster.loadBalancerAddress,
                address: workload.endpoint.apply((address) => address ?? ""),
            },
        ]),
    );
    // Named like the service: its URN differs by type, and a reader pairs the two at a glance.
    const name = service.componentName;
    if (zone.provider === "route53") return new Route53ServiceDns(name, { plan, zone, endpoints }, opts);
    return new CloudDnsServiceDns(
        name,
        {
            plan,
            zone,
            endpoints,
            names: {
                service: service.serviceName,
                namespace: service.namespace,
                federation: names.federation,
                domain: names.domain,
            },
        },
        opts,
    );
}
