// The VPC-native network a GKE cluster lives in: one subnetwork with secondary ranges
// for pods and services, and Cloud NAT so private nodes can still pull images.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import type { GkeNames } from "../../../plan/physical-names";
import { FEDFLEET_TYPES } from "../../../plan/core/type-tokens";

/** A GKE cluster's network: its ranges, and its names from the cluster's plan. */
export interface GcpNetworkArgs {
    names: Pick<GkeNames, "network" | "subnetwork" | "router" | "nat">;
    region: string;
    nodeCidr: string;
    podCidr: string;
    serviceCidr: string;
}

/** The subnetwork's secondary range pod IPs come from (GKE's clusterSecondaryRangeName). */
export const POD_RANGE = "pods";
/** The subnetwork's secondary range Service IPs come from (GKE's servicesSecondaryRangeName). */
export const SERVICE_RANGE = "services";

/**
 * A GKE cluster's VPC-native network: a custom-mode VPC, the nodes' subnetwork with pod and
 * Service ranges, and a router with Cloud NAT for the private nodes' outbound traffic.
 */
export class GcpNetwork extends pulumi.ComponentResource {
    readonly networkId: pulumi.Output<string>;
    readonly subnetworkId: pulumi.Output<string>;

    constructor(name: string, args: GcpNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super(FEDFLEET_TYPES.gcpNetwork, name, {}, opts);
        const child = { parent: this };
        const network = new compute.Network(
            `${name}-vpc`,
            { name: args.names.network, autoCreateSubnetworks: false },
            child,
        );
        const subnetwork = new compute.Subnetwork(
            `${name}-nodes`,
            {
                name: args.names.subnetwork,
                network: network.id,
                region: args.region,
                ipCidrRange: args.nodeCidr,
                privateIpGoogleAccess: true,
                secondaryIpRanges: [
                    { rangeName: POD_RANGE, ipCidrRange: args.podCidr },
                    { rangeName: SERVICE_RANGE, ipCidrRange: args.serviceCidr },
                ],
            },
            child,
        );
        const router = new compute.Router(
            `${name}-router`,
            { name: args.names.router, network: network.id, region: args.region },
            child,
        );
        new compute.RouterNat(
            `${name}-nat`,
            {
                name: args.names.nat,
                router: router.name,
                region: args.region,
                natIpAllocateOption: "AUTO_ONLY",
                sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
                logConfig: { enable: true, filter: "ERRORS_ONLY" },
            },
            child,
        );
        this.networkId = network.id;
        this.subnetworkId = subnetwork.id;
        this.registerOutputs({ networkId: this.networkId, subnetworkId: this.subnetworkId });
    }
}
