// Picks the component for a cluster's cloud.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../plan/fleet-plan";
import { EksCluster } from "./aws/eks-cluster";
import { ExistingCluster } from "./existing-cluster";
import { FleetCluster } from "./fleet-cluster";
import { GkeCluster } from "./gcp/gke-cluster";

/** The component of a planned cluster, named after it so its URN follows the stack file's name for it. */
export function createCluster(plan: ClusterPlan, opts?: pulumi.ComponentResourceOptions): FleetCluster {
    switch (plan.cloud) {
        case "aws":
            return new EksCluster(plan.name, { plan }, opts);
        case "gcp":
            return new GkeCluster(plan.name, { plan }, opts);
        case "existing":
            return new ExistingCluster(plan.name, { plan }, opts);
    }
}
