// The VPC an EKS cluster lives in: public and private subnets in every zone, one NAT
// gateway per zone so losing a zone does not cut the others off the internet.
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import { isZoneId } from "../../../plan/clusters/aws/eks-zones";
import { planSubnets } from "../../../plan/clusters/aws/subnets";
import { FEDFLEET_TYPES } from "../../../plan/core/type-tokens";

/** A subnet's zone argument: by AZ ID (the same zone in every account) or by name. */
function zoneOf(zone: string): { availabilityZone: string } | { availabilityZoneId: string } {
    return isZoneId(zone) ? { availabilityZoneId: zone } : { availabilityZone: zone };
}

/** The VPC's CIDR and the zones to put a public and a private subnet in. */
export interface AwsNetworkArgs {
    cidr: string;
    zones: string[];
    /** The EKS cluster name, for the subnet tags the AWS load balancer controller looks for. */
    clusterName: string;
}

/**
 * An EKS cluster's VPC: per zone a public subnet (load balancers, NAT), a private one (nodes and
 * pods) and a NAT gateway routing the private one out.
 */
export class AwsNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    /**
     * The private subnets' route table associations. Each waits for its route table, which
     * waits for the zone's NAT gateway: once they exist, a node launched in a private subnet
     * can reach ECR to pull the CNI and kube-proxy images.
     */
    readonly privateEgress: pulumi.Resource[];

    constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super(FEDFLEET_TYPES.awsNetwork, name, {}, opts);
        const child = { parent: this };
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

        const vpc = new ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidr,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Name: `${name}-vpc` },
            },
            child,
        );
        const gateway = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, child);
        const publicRoutes = new ec2.RouteTable(
            `${name}-public`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }],
                tags: { Name: `${name}-public` },
            },
            child,
        );

        this.publicSubnetIds = [];
        this.privateSubnetIds = [];
        this.privateEgress = [];
        for (const plan of planSubnets(args.cidr, args.zones)) {
            const zoneName = `${name}-${plan.zone}`;
            const publicSubnet = new ec2.Subnet(
                `${zoneName}-public`,
                {
                    vpcId: vpc.id,
                    ...zoneOf(plan.zone),
                    cidrBlock: plan.publicCidr,
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${zoneName}-public`, "kubernetes.io/role/elb": "1", ...clusterTag },
                },
                child,
            );
            new ec2.RouteTableAssociation(
                `${zoneName}-public`,
                { subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
                child,
            );
            const natAddress = new ec2.Eip(
                `${zoneName}-nat`,
                { domain: "vpc", tags: { Name: `${zoneName}-nat` } },
                child,
            );
            const nat = new ec2.NatGateway(
                `${zoneName}-nat`,
                {
                    allocationId: natAddress.id,
                    subnetId: publicSubnet.id,
                    tags: { Name: `${zoneName}-nat` },
                },
                { parent: this, dependsOn: [gateway] },
            );

            const privateSubnet = new ec2.Subnet(
                `${zoneName}-private`,
                {
                    vpcId: vpc.id,
                    ...zoneOf(plan.zone),
                    cidrBlock: plan.privateCidr,
                    tags: { Name: `${zoneName}-private`, "kubernetes.io/role/internal-elb": "1", ...clusterTag },
                },
                child,
            );
            const privateRoutes = new ec2.RouteTable(
                `${zoneName}-private`,
                {
                    vpcId: vpc.id,
                    routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
                    tags: { Name: `${zoneName}-private` },
                },
                child,
            );
            this.privateEgress.push(
                new ec2.RouteTableAssociation(
                    `${zoneName}-private`,
                    { subnetId: privateSubnet.id, routeTableId: privateRoutes.id },
                    child,
                ),
            );

            this.publicSubnetIds.push(publicSubnet.id);
            this.privateSubnetIds.push(privateSubnet.id);
        }
        this.vpcId = vpc.id;
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
        });
    }
}
