// The fedfleet program: one stack file in, a fleet of clusters out.
// Config is validated in full before the first resource is registered.
import { createCluster } from "./components/clusters/create-cluster";
import { readFleetConfig } from "./components/config/read";
import { FederatedService, federatedServiceName } from "./components/federation/federated-service";
import { FleetNamespaces } from "./components/federation/namespaces";

const config = readFleetConfig();
const environment = config.federation.environment;

const fleetClusters = config.clusters.map((cluster) => createCluster(cluster, environment));
const namespaces = new FleetNamespaces();
const federatedServices = config.services.map((service) => new FederatedService(federatedServiceName(service), {
    service,
    clusters: fleetClusters,
    federation: config.federation.name,
    namespaces,
}));

export const federation = { name: config.federation.name, domain: config.federation.domain, environment };

/** Per cluster: cloud, region, zones and the labels placement selects on, in name order. */
export const clusters = Object.fromEntries([...fleetClusters]
    .sort((a, b) => (a.clusterName < b.clusterName ? -1 : 1))
    .map((cluster) => [cluster.clusterName, cluster.summary()]));

/** Per service: for each chosen cluster, its replicas, namespace and load-balancer endpoint. */
export const services = Object.fromEntries([...federatedServices]
    .sort((a, b) => (a.serviceName < b.serviceName ? -1 : 1))
    .map((service) => [service.serviceName, service.summary()]));
