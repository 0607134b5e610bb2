// The fedfleet program: one stack file in, a fleet of clusters out.
// Config is validated in full before the first resource is registered.
import { createCluster } from "./components/clusters/create-cluster";
import { readFleetConfig } from "./components/config/read";
import { FederatedService, federatedServiceName } from "./components/federation/federated-service";
import { FleetNamespaces } from "./components/federation/namespaces";
import { describeRecords } from "./components/dns/describe-records";
import { DnsZone } from "./components/dns/dns-zone";
import { planFleetDns } from "./components/dns/fleet-dns-plan";
import { createServiceDns } from "./components/dns/service-dns";

const config = readFleetConfig();
const environment = config.federation.environment;

const fleetClusters = config.clusters.map((cluster) => createCluster(cluster, environment));
const namespaces = new FleetNamespaces();
const federatedServices = config.services.map(
    (service) =>
        new FederatedService(federatedServiceName(service), {
            service,
            clusters: fleetClusters,
            federation: config.federation.name,
            namespaces,
        }),
);

// DNS: the zone, then per service its records; each record depends only on its own cluster's Service.
const dnsPlans = planFleetDns(config);
const zone = config.dns ? new DnsZone("dns", { dns: config.dns, environment }) : undefined;
for (const service of federatedServices) {
    const plan = dnsPlans.get(service.serviceName);
    if (zone && plan)
        createServiceDns(service, plan, zone, { federation: config.federation.name, domain: config.federation.domain });
}

export const federation = { name: config.federation.name, domain: config.federation.domain, environment };

/** Per cluster: cloud, region, zones and the labels placement selects on, in name order. */
export const clusters = Object.fromEntries(
    [...fleetClusters]
        .sort((a, b) => (a.clusterName < b.clusterName ? -1 : 1))
        .map((cluster) => [cluster.clusterName, cluster.summary()]),
);

/** Per service: for each chosen cluster, its replicas, namespace and load-balancer endpoint. */
export const services = Object.fromEntries(
    [...federatedServices]
        .sort((a, b) => (a.serviceName < b.serviceName ? -1 : 1))
        .map((service) => {
            const plan = dnsPlans.get(service.serviceName);
            const dns =
                plan &&
                (plan.skipped
                    ? { skipped: plan.skipped }
                    : {
                          global: plan.global,
                          regions: plan.regions,
                          routing: plan.routing,
                          ttl: plan.ttl,
                          failoverSeconds: plan.failoverSeconds,
                          records: describeRecords(plan),
                      });
            return [service.serviceName, service.summary().apply((summary) => (dns ? { ...summary, dns } : summary))];
        }),
);

/** The zone records are written to, when the stack has DNS. */
export const dnsZone = zone && { provider: zone.provider, name: zone.dnsName, id: zone.zoneId };
