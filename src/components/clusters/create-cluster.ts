// Picks the component for a cluster's cloud.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../plan/fleet-plan";
import { EksCluster } from "./aws/eks-cluster";
import { ExistingCluster } from "./existing-cluster";
import { FleetCluster } from "./fleet-cluster";
import { GkeCluster } from "./gcp/gke-cluster";
import type { GcpProjectServices } from "./gcp/project-services";

/**
 * The component of a planned cluster, named after it so its URN follows the stack file's name
 * for it. A GKE cluster waits for its project's APIs (`projectServices`, by project).
 */
export function createCluster(
    plan: ClusterPlan,
    projectServices: ReadonlyMap<string, GcpProjectServices> = new Map(),
    opts?: pulumi.ComponentResourceOptions,
): FleetCluster {
    switch (plan.cloud) {
        case "aws":
            return new EksCluster(plan.name, { plan }, opts);
        case "gcp":
            return new GkeCluster(plan.name, { plan, projectServices: projectServices.get(plan.config.project) }, opts);
        case "existing":
            return new ExistingCluster(plan.name, { plan }, opts);
    }
}
