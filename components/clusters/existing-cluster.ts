// A cluster fedfleet does not build (on-premises, another account, kind on a laptop):
// only a Kubernetes provider from a secret kubeconfig, plus the labels config declares.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ExistingClusterConfig } from "../config/schema";
import { FleetCluster, FleetClusterArgs } from "./fleet-cluster";

export type ExistingClusterArgs = FleetClusterArgs<ExistingClusterConfig>;

export class ExistingCluster extends FleetCluster {
    readonly provider: k8s.Provider;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:cluster:ExistingCluster", name, args, opts);
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            {
                // Secret whether or not the stack file encrypted it: it may hold client keys.
                kubeconfig: pulumi.secret(args.config.kubeconfig),
                context: args.config.context,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
