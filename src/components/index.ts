// The public API for programs that declare fleets and services in TypeScript. Components
// take the same documents a stack file holds (defaults may be left out) and validate them
// the same way; a mistake is a pulumi.InputPropertiesError naming the bad input.
export { EksCluster } from "./clusters/aws/eks-cluster";
export type { EksClusterArgs } from "./clusters/aws/eks-cluster";
export { GkeCluster } from "./clusters/gcp/gke-cluster";
export { GcpProjectServices } from "./clusters/gcp/project-services";
export type { GkeClusterArgs } from "./clusters/gcp/gke-cluster";
export { ExistingCluster } from "./clusters/existing-cluster";
export type { ExistingClusterArgs } from "./clusters/existing-cluster";
export { FleetCluster } from "./clusters/fleet-cluster";
export type { FleetClusterArgs, PlannedClusterArgs } from "./clusters/fleet-cluster";
export { createCluster } from "./clusters/create-cluster";
export { FederatedService, federatedServiceName } from "./federation/federated-service";
export type {
    FederatedServiceArgs,
    PlannedFederatedServiceArgs,
    ClusterWorkload,
} from "./federation/federated-service";
export { FleetNamespaces } from "./federation/namespaces";
export { divideReplicas } from "../plan/placement/divide-replicas";
export { placeService } from "../plan/placement/place-service";
export { GKE_PROJECT_APIS, planFleet } from "../plan/fleet-plan";
export type { FleetPlan, ClusterPlan, ServicePlan } from "../plan/fleet-plan";
export { validateFleet, validateFleetConfig } from "../plan/config/validate";
export { FleetConfigError } from "../plan/core/config-error";
export type * from "../plan/config/schema";
export type {
    ContainerArgs,
    ExistingClusterArgsInput,
    OverrideArgs,
    PassThrough,
    ServiceArgsInput,
} from "../plan/config/pass-through";
