// The fedfleet program: one stack file in, a fleet of clusters out.
// The config is validated and the whole fleet planned (planFleet) before the first resource
// is registered; what follows only wires that plan.
import { createCluster } from "./src/components/clusters/create-cluster";
import { GcpProjectServices } from "./src/components/clusters/gcp/project-services";
import { readFleetPlan } from "./src/components/config/read";
import { compareCodeUnits } from "./src/plan/core/order";
import { describeRecords } from "./src/plan/dns/describe-records";
import { DnsZone } from "./src/components/dns/dns-zone";
import { createServiceDns } from "./src/components/dns/service-dns";
import { FederatedService } from "./src/components/federation/federated-service";
import { FleetServiceNames } from "./src/components/federation/fleet-names";
import { FleetNamespaces } from "./src/components/federation/namespaces";
import { resilienceSummary } from "./src/plan/resilience/analysis";

const plan = readFleetPlan();

// Each Google Cloud project's APIs, enabled once, before anything in the project.
const projectServices = new Map(
    plan.gcpProjects.map((project) => [
        project.project,
        new GcpProjectServices(`${project.project}-apis`, { project: project.project, services: project.services }),
    ]),
);
const fleetClusters = plan.clusters.map((cluster) => createCluster(cluster, projectServices));
const namespaces = new FleetNamespaces();
const federatedServices = plan.services.map(
    (service) => new FederatedService(service.componentName, { plan: service, clusters: fleetClusters, namespaces }),
);

// DNS: the zone, then per service its records; each record depends only on its own cluster's Service.
// Then each service's in-cluster name, once the names it points at exist.
const zone = plan.dnsZone ? new DnsZone("dns", { ...plan.dnsZone, projectServices }) : undefined;
if (zone) {
    plan.services.forEach((service, index) => {
        const dns = createServiceDns(federatedServices[index], service, zone, plan.federation);
        if (dns && service.fleetNames?.length)
            new FleetServiceNames(service.componentName, {
                plan: service,
                federation: plan.federation.name,
                clusters: fleetClusters,
                namespaces,
                records: dns.recordsByName,
            });
    });
}

/** The federation's name, domain and environment, as the stack file declares them. */
export const federation = {
    name: plan.federation.name,
    domain: plan.federation.domain,
    environment: plan.federation.environment,
};

/** Per cluster: cloud, region, zones and the labels placement selects on, in name order. */
export const clusters = Object.fromEntries(
    [...fleetClusters]
        .sort((a, b) => compareCodeUnits(a.clusterName, b.clusterName))
        .map((cluster) => [cluster.clusterName, cluster.summary()]),
);

/** Per service: for each chosen cluster, its replicas, namespace and load-balancer endpoint. */
export const services = Object.fromEntries(
    plan.services
        .map((service, index) => ({ service, component: federatedServices[index] }))
        .sort((a, b) => compareCodeUnits(a.service.config.name, b.service.config.name))
        .map(({ service, component }) => {
            const dns = service.dns;
            const summary =
                dns &&
                (dns.skipped
                    ? { skipped: dns.skipped }
                    : {
                          global: dns.global,
                          regions: dns.regions,
                          local: dns.local,
                          localFailoverSeconds: dns.localFailoverSeconds,
                          routing: dns.routing,
                          ttl: dns.ttl,
                          failoverSeconds: dns.failoverSeconds,
                          ...(dns.drainSeconds !== undefined ? { drainSeconds: dns.drainSeconds } : {}),
                          ...(dns.draining ? { draining: dns.draining } : {}),
                          ...(dns.notes ? { notes: dns.notes } : {}),
                          records: describeRecords(dns),
                      });
            return [
                service.config.name,
                component.summary().apply((placement) => (summary ? { ...placement, dns: summary } : placement)),
            ];
        }),
);

/**
 * Per service, one line: whether it survives losing any one of its clusters and regions, and
 * if not, which loss leaves too little (the full analysis is each FederatedService's output).
 */
export const resilience = resilienceSummary(federatedServices.flatMap((service) => service.resilience));

/** The zone records are written to, when the stack has DNS. */
export const dnsZone = zone && {
    provider: zone.provider,
    name: zone.dnsName,
    id: zone.zoneId,
    // A zone fedfleet creates answers nothing until its parent delegates to it.
    ...(zone.nameServers
        ? {
              nameServers: zone.nameServers,
              delegation: plan.dnsZone?.config.zone.parent
                  ? `parent zone ${plan.dnsZone.config.zone.parent.id}`
                  : "by hand",
          }
        : {}),
};
