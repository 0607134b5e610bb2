// What every cluster component offers the rest of the program, whatever cloud it is on.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterConfig, Environment } from "../config/schema";
import { Cloud, clusterLabels, clusterZones, LoadBalancerAddressKind, loadBalancerAddressKind } from "./facts";

export interface FleetClusterArgs<C extends ClusterConfig> {
    config: C;
    environment: Environment;
}

/**
 * Base of the EKS, GKE and existing-cluster components. The identity fields are plain
 * values known from config, so placement and DNS never wait on a cloud API.
 */
export abstract class FleetCluster extends pulumi.ComponentResource {
    readonly clusterName: string;
    readonly cloud: Cloud;
    readonly region: string;
    readonly zones: string[];
    readonly labels: Record<string, string>;
    readonly loadBalancerAddress: LoadBalancerAddressKind;
    /** Reaches the cluster's API; every Kubernetes object placed on this cluster uses it. */
    abstract readonly provider: k8s.Provider;

    protected constructor(
        type: string,
        name: string,
        args: FleetClusterArgs<ClusterConfig>,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, {}, opts);
        this.clusterName = args.config.name;
        this.cloud = args.config.cloud;
        this.region = args.config.region;
        this.zones = clusterZones(args.config);
        this.labels = clusterLabels(args.config, args.environment);
        this.loadBalancerAddress = loadBalancerAddressKind(args.config);
    }

    /** Stateful resources (clusters, node pools, keys) cannot be deleted by accident in prod. */
    protected static protectIn(environment: Environment): boolean {
        return environment === "prod";
    }

    /** The summary the stack exports under `clusters.<name>`. */
    summary(): {
        cloud: Cloud;
        region: string;
        zones: string[];
        labels: Record<string, string>;
        loadBalancerAddress: LoadBalancerAddressKind;
    } {
        return {
            cloud: this.cloud,
            region: this.region,
            zones: this.zones,
            labels: this.labels,
            loadBalancerAddress: this.loadBalancerAddress,
        };
    }
}
