// A cluster fedfleet does not build (on-premises, another account, kind on a laptop):
// only a Kubernetes provider from a secret kubeconfig, plus the labels config declares.
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { existingClusterSchema } from "../../plan/config/schema";
import { ExistingClusterArgsInput, PassThroughInputs } from "../../plan/config/pass-through";
import type { ExistingClusterPlan } from "../../plan/fleet-plan";
import { clusterPlanOf, FleetCluster, FleetClusterArgs, PlannedClusterArgs } from "./fleet-cluster";
import { FEDFLEET_TYPES } from "../../plan/core/type-tokens";

const TYPE = FEDFLEET_TYPES.existingCluster;

/**
 * An existing cluster's config (as a stack file's entry; its kubeconfig may be an Input, such as
 * a StackReference's output), or its plan from the fleet's.
 */
export type ExistingClusterArgs = FleetClusterArgs<ExistingClusterArgsInput> | PlannedClusterArgs<ExistingClusterPlan>;

/** A cluster fedfleet reaches but does not build, through the kubeconfig its config holds. */
export class ExistingCluster extends FleetCluster<ExistingClusterPlan> {
    readonly provider: K8sProvider;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // The plan never reads the kubeconfig: an Input waits behind a placeholder until the provider gets it.
        const inputs = new PassThroughInputs();
        const planned =
            "plan" in args
                ? args
                : { ...args, config: { ...args.config, kubeconfig: inputs.defer(args.config.kubeconfig) } };
        super(TYPE, name, clusterPlanOf(TYPE, name, planned, existingClusterSchema, "existing"), opts);
        const config = this.plan.config;
        this.provider = new K8sProvider(
            `${name}-k8s`,
            {
                // Secret whether or not the stack file encrypted it: it may hold client keys.
                kubeconfig: pulumi.secret(inputs.restore(config.kubeconfig)),
                context: config.context,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
