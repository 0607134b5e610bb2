// The public API for programs that declare fleets and services in TypeScript.
export { EksCluster } from "./clusters/aws/eks-cluster";
export { GkeCluster } from "./clusters/gcp/gke-cluster";
export { ExistingCluster } from "./clusters/existing-cluster";
export { FleetCluster } from "./clusters/fleet-cluster";
export { createCluster } from "./clusters/create-cluster";
export { FederatedService, federatedServiceName } from "./federation/federated-service";
export type { FederatedServiceArgs, ClusterWorkload } from "./federation/federated-service";
export { FleetNamespaces } from "./federation/namespaces";
export { divideReplicas } from "./placement/divide-replicas";
export { placeService } from "./placement/place-service";
export { validateFleetConfig, FleetConfigError } from "./config/validate";
export type * from "./config/schema";
