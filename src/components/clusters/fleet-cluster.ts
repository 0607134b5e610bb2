// What every cluster component offers the rest of the program, whatever cloud it is on.
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { readComponentInput } from "../config/component-input";
import type { z } from "zod";
import { ClusterConfig, ClusterInput, DeployerInput, deployerSchema, Environment } from "../../plan/config/schema";
import { checkClusterConfig, parseWithSchema } from "../../plan/config/validate";
import { ClusterPlan, planCluster } from "../../plan/fleet-plan";
import type { Cloud, LoadBalancerAddressKind } from "../../plan/clusters/facts";

/** A cluster declared in TypeScript: its entry as a stack file holds it, defaults may be left out. */
export interface FleetClusterArgs<C> {
    /** Parsed and checked as a stack file's `fedfleet:clusters[]` entry. */
    config: C;
    environment: Environment;
    /** Where `pulumi up` runs, as a stack file's `fedfleet:deployer` says it. */
    deployer?: DeployerInput;
}

/** A cluster planned with the rest of its fleet (`planFleet`), as the program builds it. */
export interface PlannedClusterArgs<P extends ClusterPlan> {
    plan: P;
}

/**
 * The plan of a cluster component: the fleet's, or one made here from a TypeScript
 * declaration, validated as a stack file's entry is (mistakes become InputPropertiesError).
 */
export function clusterPlanOf<P extends ClusterPlan>(
    type: string,
    name: string,
    args: FleetClusterArgs<ClusterInput> | PlannedClusterArgs<P>,
    schema: z.ZodType<ClusterConfig>,
    cloud: P["cloud"],
): P {
    if ("plan" in args) return args.plan;
    return readComponentInput(`${type} ${name}`, "config", () => {
        const config = parseWithSchema(schema, args.config);
        checkClusterConfig(config);
        const deployer = args.deployer === undefined ? undefined : parseWithSchema(deployerSchema, args.deployer);
        const plan = planCluster(config, { stack: pulumi.getStack(), environment: args.environment, deployer });
        // The schema admits only this cloud's entries, so this holds; it narrows the plan's type.
        if (!isPlanOf(plan, cloud)) throw new Error(`${type} ${name}: planned as a ${plan.cloud} cluster`);
        return plan;
    });
}

/** Whether a cluster plan is of the cloud a component builds. */
function isPlanOf<P extends ClusterPlan>(plan: ClusterPlan, cloud: P["cloud"]): plan is P {
    return plan.cloud === cloud;
}

/**
 * Base of the EKS, GKE and existing-cluster components. The identity fields are plain
 * values known from config, so placement and DNS never wait on a cloud API.
 */
export abstract class FleetCluster<P extends ClusterPlan = ClusterPlan> extends pulumi.ComponentResource {
    /** What the fleet plan decided for this cluster, typed for the component's cloud. */
    readonly plan: P;
    readonly clusterName: string;
    readonly cloud: Cloud;
    readonly region: string;
    readonly zones: string[];
    readonly labels: Record<string, string>;
    readonly loadBalancerAddress: LoadBalancerAddressKind;
    /** Reaches the cluster's API; every Kubernetes object placed on this cluster uses it. */
    abstract readonly provider: K8sProvider;

    protected constructor(type: string, name: string, plan: P, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.plan = plan;
        this.clusterName = plan.name;
        this.cloud = plan.config.cloud;
        this.region = plan.config.region;
        this.zones = plan.zones;
        this.labels = plan.labels;
        this.loadBalancerAddress = plan.loadBalancerAddress;
    }

    /** The summary the stack exports under `clusters.<name>`; `draining` only on a draining cluster. */
    summary(): {
        cloud: Cloud;
        region: string;
        zones: string[];
        labels: Record<string, string>;
        loadBalancerAddress: LoadBalancerAddressKind;
        draining?: true;
    } {
        return {
            cloud: this.cloud,
            region: this.region,
            zones: this.zones,
            labels: this.labels,
            loadBalancerAddress: this.loadBalancerAddress,
            ...(this.plan.draining ? { draining: true as const } : {}),
        };
    }
}
