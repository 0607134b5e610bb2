// Each AWS contract, broken on purpose in a copy of what prod registers: the contract (and no
// other) reports it. And the checked-in stacks break none.
import assert from "node:assert/strict";
import { awsContracts, AWS_TYPES as T } from "../../../src/preview/contracts/aws";
import { formatViolation } from "../../../src/preview/contracts/contract";
import type { RecordedResource, LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";
import { itBreaksEachContract } from "./support";
import { planStack, type RegistrationsEdit } from "../../support/plan";

const inputs = (resource: RecordedResource) => resource.inputs as Inputs;

/** Per contract: an edit that breaks it, as the defect it guards against would. */
const BREAKS: Record<string, RegistrationsEdit> = {
    "aws.provider.region": (_, find) => (inputs(find(T.provider, "dns-aws")).region = "us-east-1a"),
    "aws.tags.limits": (_, find) => (inputs(find(T.vpc)).tags["aws:owner"] = "me"),
    "aws.ec2.vpc.cidr": (_, find) => (inputs(find(T.vpc, "aws-use1-net-vpc")).cidrBlock = "10.60.0.0/12"),
    // The subnet of main before the fix to its cluster tag keeps the rest of this file honest.
    "aws.ec2.subnet.cidr": (resources) => {
        const [a, b] = resources.filter((r) => r.type === T.subnet && r.name.startsWith("aws-use1-net-"));
        inputs(b).cidrBlock = inputs(a).cidrBlock;
    },
    "aws.ec2.subnet.zone": (resources) => {
        const subnet = resources.find((r) => r.type === T.subnet && r.name.startsWith("aws-use1-net-"))!;
        inputs(subnet).availabilityZone = "eu-west-1a";
        delete inputs(subnet).availabilityZoneId;
    },
    "aws.eks.subnet.supported-zone": (resources) => {
        const subnet = resources.find(
            (r) => r.type === T.subnet && r.name.startsWith("aws-use1-net-") && r.name.endsWith("-private"),
        )!;
        delete inputs(subnet).availabilityZone;
        inputs(subnet).availabilityZoneId = "use1-az3";
    },
    // What main registered: subnets tagged for the stack file's cluster name, not the EKS one.
    "aws.k8s.subnet.cluster-tag": (resources) => {
        for (const subnet of resources.filter((r) => r.type === T.subnet && r.name.startsWith("aws-use1-net-"))) {
            const tags = inputs(subnet).tags as Record<string, string>;
            for (const key of Object.keys(tags)) if (key.startsWith("kubernetes.io/cluster/")) delete tags[key];
            tags["kubernetes.io/cluster/aws-use1"] = "shared";
        }
    },
    "aws.ec2.eip.domain": (_, find) => (inputs(find(T.eip)).domain = "classic"),
    "aws.ec2.nat.allocation": (_, find) => delete inputs(find(T.natGateway)).allocationId,
    "aws.ec2.route-table.routes": (_, find) =>
        (inputs(find(T.routeTable, "aws-use1-net-public")).routes[0].natGatewayId = "nat-1"),
    "aws.ec2.route-table-association.target": (_, find) => (inputs(find(T.routeTableAssociation)).gatewayId = "igw-1"),
    "aws.iam.role.name": (_, find) => (inputs(find(T.role)).name = "r".repeat(65)),
    "aws.iam.role.trust-policy": (_, find) =>
        (inputs(find(T.role)).assumeRolePolicy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "x".repeat(2100) }],
        })),
    "aws.iam.role-policy-attachment.arn": (_, find) =>
        (inputs(find(T.rolePolicyAttachment)).policyArn = "AmazonEKSClusterPolicy"),
    "aws.iam.oidc.url": (_, find) => (inputs(find(T.oidcProvider)).url = "http://oidc.example.com"),
    "aws.kms.key.deletion-window": (_, find) => (inputs(find(T.kmsKey)).deletionWindowInDays = 45),
    "aws.kms.alias.name": (_, find) => (inputs(find(T.kmsAlias)).name = "alias/aws/prod"),
    "aws.eks.cluster.name": (resources, find) => {
        inputs(find(T.eksCluster, "aws-use1-eks")).name = "prod.aws-use1";
        // Its subnets name it, as they should, so only the name rule breaks.
        for (const subnet of resources.filter((r) => r.type === T.subnet && r.name.startsWith("aws-use1-net-"))) {
            delete inputs(subnet).tags["kubernetes.io/cluster/prod-aws-use1"];
            inputs(subnet).tags["kubernetes.io/cluster/prod.aws-use1"] = "shared";
        }
    },
    "aws.eks.cluster.subnets": (resources, find) => {
        const cluster = find(T.eksCluster, "aws-use1-eks");
        const subnets = resources.filter((r) => r.type === T.subnet && cluster.dependencies.includes(r.urn));
        for (const subnet of subnets) inputs(subnet).availabilityZoneId = "use1-az1";
    },
    "aws.eks.cluster.public-access": (_, find) =>
        (inputs(find(T.eksCluster)).vpcConfig.publicAccessCidrs = ["198.51.100.7/24"]),
    "aws.eks.cluster.settings": (_, find) => (inputs(find(T.eksCluster)).enabledClusterLogTypes = ["api", "audits"]),
    "aws.eks.node-group.name": (_, find) => (inputs(find(T.nodeGroup)).nodeGroupName = "-general"),
    "aws.eks.node-group.scaling": (_, find) => (inputs(find(T.nodeGroup)).scalingConfig.minSize = 99),
    "aws.eks.node-group.update": (_, find) => (inputs(find(T.nodeGroup)).updateConfig.maxUnavailablePercentage = 0),
    // What main registered: node groups that wait for nothing but their role.
    "aws.eks.node-group.after-cni": (resources, find) => {
        const group = find(T.nodeGroup, "aws-use1-general");
        const addons = new Set(resources.filter((r) => r.type === T.addon).map((r) => r.urn));
        group.dependencies = group.dependencies.filter((urn) => !addons.has(urn));
    },
    // What main registered: node groups that waited for their subnets but not for the NAT route.
    "aws.eks.node-group.after-egress": (resources, find) => {
        const group = find(T.nodeGroup, "aws-use1-general");
        const associations = new Set(resources.filter((r) => r.type === T.routeTableAssociation).map((r) => r.urn));
        group.dependencies = group.dependencies.filter((urn) => !associations.has(urn));
    },
    // What main registered: a Kubernetes provider waiting for node groups only.
    "aws.eks.k8s-provider.after-access": (resources, find) => {
        const provider = find("pulumi:providers:kubernetes", "aws-use1-k8s");
        const access = new Set(resources.filter((r) => r.type === T.accessPolicyAssociation).map((r) => r.urn));
        provider.dependencies = provider.dependencies.filter((urn) => !access.has(urn));
    },
    "aws.eks.addon.version": (resources) =>
        (inputs(resources.find((r) => r.type === T.addon)!).addonVersion = "1.20.4"),
    "aws.eks.addon.kube-proxy-version": (resources) => {
        const proxy = resources.find((r) => r.type === T.addon && inputs(r).addonName === "kube-proxy")!;
        inputs(proxy).addonVersion = "v1.29.3-eksbuild.2";
    },
    "aws.eks.access-entry.principal": (resources) => {
        const [first, second] = resources.filter(
            (r) => r.type === T.accessEntry && inputs(r).clusterName === "prod-aws-use1",
        );
        inputs(second).principalArn = inputs(first).principalArn;
    },
    "aws.eks.access-policy.scope": (_, find) =>
        (inputs(find(T.accessPolicyAssociation)).accessScope = { type: "Cluster" }),
    "aws.route53.zone.name": (_, find) => (inputs(find(T.zone)).name = ""),
    "aws.route53.health-check.fields": (resources) => {
        const check = resources.find((r) => r.type === T.healthCheck && inputs(r).type !== "CALCULATED")!;
        inputs(check).requestInterval = 15;
    },
    "aws.route53.record.shape": (resources) => {
        const alias = resources.find((r) => r.type === T.record && inputs(r).aliases?.length)!;
        inputs(alias).ttl = 60;
    },
    "aws.route53.record.alias-zone": (resources) => {
        const alias = resources.find(
            (r) => r.type === T.record && /\.elb\.us-east-1\.amazonaws\.com$/.test(inputs(r).aliases?.[0]?.name ?? ""),
        )!;
        inputs(alias).aliases[0].zoneId = "Z2IFOLAFXWLO4F"; // eu-west-1's, on a us-east-1 load balancer
    },
    // Two PRIMARY records at one local-first name.
    "aws.route53.record.routing-set": (resources) => {
        const secondary = resources.find(
            (r) => r.type === T.record && inputs(r).failoverRoutingPolicies?.[0]?.type === "SECONDARY",
        )!;
        inputs(secondary).failoverRoutingPolicies = [{ type: "PRIMARY" }];
    },
    "aws.route53.record.cname-alone": (resources) => {
        const cname = resources.find((r) => r.type === T.record && inputs(r).type === "CNAME")!;
        const twin = JSON.parse(JSON.stringify(cname)) as RecordedResource;
        twin.urn = `${twin.urn}-twin`;
        twin.name = `${twin.name}-twin`;
        inputs(twin).type = "TXT";
        resources.push(twin);
    },
};

describe("AWS provider contracts", () => {
    itBreaksEachContract(awsContracts, "prod", BREAKS);

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack} breaks no provider contract`, async () => {
            const run = await planStack(stack);
            assert.deepEqual(run.contracts.map(formatViolation), []);
        });
    }
});
