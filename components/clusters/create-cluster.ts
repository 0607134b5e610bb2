// Picks the component for a cluster's cloud.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, Environment } from "../config/schema";
import { EksCluster } from "./aws/eks-cluster";
import { ExistingCluster } from "./existing-cluster";
import { FleetCluster } from "./fleet-cluster";
import { GkeCluster } from "./gcp/gke-cluster";

/** The component is named after the cluster, so its URN follows the stack file's name for it. */
export function createCluster(
    config: ClusterConfig,
    environment: Environment,
    opts?: pulumi.ComponentResourceOptions,
): FleetCluster {
    switch (config.cloud) {
        case "aws":
            return new EksCluster(config.name, { config, environment }, opts);
        case "gcp":
            return new GkeCluster(config.name, { config, environment }, opts);
        case "existing":
            return new ExistingCluster(config.name, { config, environment }, opts);
    }
}
