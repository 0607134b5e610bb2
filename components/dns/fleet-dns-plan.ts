// DNS for every federated service of a stack, from the validated config. Pure: the
// validator runs it to report mistakes before anything exists, the program to build.
import type { ClusterConfig, FleetConfig } from "../config/schema";
import { clusterLabels, loadBalancerAddressKind } from "../clusters/facts";
import { placeService } from "../placement/place-service";
import {
    checkDomainInZone,
    DnsEndpoint,
    DnsPlanError,
    endpointCoordinates,
    planServiceDns,
    ServiceDnsPlan,
} from "./dns-plan";

/** The clusters where a service runs (share above 0), as DNS endpoints. */
export function serviceEndpoints(config: FleetConfig, serviceIndex: number): DnsEndpoint[] {
    const environment = config.federation.environment;
    const clusters = new Map<string, ClusterConfig>(config.clusters.map((c) => [c.name, c]));
    const placement = placeService(
        config.services[serviceIndex],
        config.clusters.map((c) => ({ name: c.name, labels: clusterLabels(c, environment) })),
    );
    return placement
        .filter((p) => p.replicas > 0)
        .map((p) => {
            const cluster = clusters.get(p.cluster)!;
            return {
                cluster: cluster.name,
                cloud: cluster.cloud,
                region: cluster.region,
                kind: loadBalancerAddressKind(cluster),
                replicas: p.replicas,
                coordinates: endpointCoordinates(
                    cluster.cloud,
                    cluster.region,
                    cluster.cloud === "existing" ? cluster.coordinates : undefined,
                ),
            };
        });
}

/** Per service name, its DNS plan; empty when the stack has no fedfleet:dns. */
export function planFleetDns(config: FleetConfig): Map<string, ServiceDnsPlan> {
    const plans = new Map<string, ServiceDnsPlan>();
    const dns = config.dns;
    if (!dns) {
        const index = config.services.findIndex((s) => s.dns !== undefined);
        if (index >= 0)
            throw new DnsPlanError(
                ["services", index, "dns"],
                "fedfleet:dns to be configured first",
                "DNS settings for a stack without DNS",
            );
        return plans;
    }
    if (dns.zone.create && dns.zone.id)
        throw new DnsPlanError(["dns", "zone", "id"], "either an existing zone's id or create: true", "both");
    if (dns.provider === "clouddns" && !dns.project)
        throw new DnsPlanError(["dns", "project"], "the Google Cloud project of the Cloud DNS zone", "nothing");
    if (dns.provider === "route53" && dns.project)
        throw new DnsPlanError(["dns", "project"], "no project with route53 (it is for clouddns)", `"${dns.project}"`);
    checkDomainInZone(config.federation.domain, dns.zone.name);
    config.services.forEach((service, serviceIndex) => {
        plans.set(
            service.name,
            planServiceDns({
                service,
                serviceIndex,
                federation: config.federation.name,
                domain: config.federation.domain,
                dns,
                endpoints: serviceEndpoints(config, serviceIndex),
            }),
        );
    });
    return plans;
}
