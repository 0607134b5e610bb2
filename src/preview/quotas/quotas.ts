// The default service quotas of a fresh account that a stack would meet first, counted from
// what the program registers. Each quota cites where its default comes from. A stack that
// shares an account or region with others needs the sum of theirs: the counts here are one
// stack's own.
import { compareCodeUnits } from "../../plan/core/order";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { contractContext, ContractContext } from "../contracts/contract";
import { AWS_TYPES as T } from "../contracts/aws";

/** A default quota and how to count what a stack needs of it, per scope (account, region, ...). */
export interface Quota {
    id: string;
    /** As the Service Quotas console names it. */
    name: string;
    /** The default in a fresh account. */
    limit: number;
    /** What one unit of quota covers: "account", "region", "zone", "cluster", "hosted zone". */
    per: string;
    /** The Service Quotas code, where AWS's own pages give it. */
    code?: string;
    source: string;
    /** Per scope (a region, a zone, a cluster...), how many the stack needs. */
    count(context: ContractContext): Map<string, number>;
}

/** What one stack needs of one quota in one scope. */
export interface QuotaUsage {
    quota: string;
    name: string;
    per: string;
    scope: string;
    needed: number;
    limit: number;
    code?: string;
    source: string;
}

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

/** Counts resources of a type by a key of each (dropping those without one). */
function countBy(
    context: ContractContext,
    type: string,
    key: (resource: RecordedResource) => string | undefined,
): Map<string, number> {
    const counts = new Map<string, number>();
    for (const resource of context.resources.filter((r) => r.type === type)) {
        const scope = key(resource);
        if (scope !== undefined) counts.set(scope, (counts.get(scope) ?? 0) + 1);
    }
    return counts;
}

/** The region of an AWS resource: its provider's. */
const regionOf = (context: ContractContext) => (resource: RecordedResource) => {
    const region = context.providerInputs(resource).region;
    return typeof region === "string" ? region : undefined;
};

const EKS_QUOTAS_SOURCE = "EKS User Guide, Amazon EKS service quotas";
const EKS_BPG_QUOTAS = "EKS Best Practices Guide, known limits and service quotas";

/** The AWS quotas fedfleet's stacks meet first. */
export const awsQuotas: Quota[] = [
    {
        id: "aws.route53.health-checks",
        name: "Route 53: active health checks per account",
        limit: 200,
        per: "account",
        source: "Route 53 Developer Guide, Quotas (DNSLimitations)",
        count: (context) => new Map([["account", context.resources.filter((r) => r.type === T.healthCheck).length]]),
    },
    {
        id: "aws.route53.records-per-zone",
        name: "Route 53: records per hosted zone",
        limit: 10_000,
        per: "hosted zone",
        source: "Route 53 Developer Guide, Quotas (DNSLimitations)",
        count: (context) => countBy(context, T.record, (r) => String(inputsOf(r).zoneId)),
    },
    {
        id: "aws.ec2.eips",
        name: "EC2-VPC Elastic IPs per region",
        limit: 5,
        per: "region",
        code: "L-0263D0A3",
        source: EKS_BPG_QUOTAS,
        count: (context) => countBy(context, T.eip, regionOf(context)),
    },
    {
        id: "aws.vpc.vpcs",
        name: "VPCs per region",
        limit: 5,
        per: "region",
        code: "L-F678F1CE",
        source: EKS_BPG_QUOTAS,
        count: (context) => countBy(context, T.vpc, regionOf(context)),
    },
    {
        id: "aws.vpc.internet-gateways",
        name: "Internet gateways per region",
        limit: 5,
        per: "region",
        code: "L-A4707A72",
        source: EKS_BPG_QUOTAS,
        count: (context) => countBy(context, T.internetGateway, regionOf(context)),
    },
    {
        id: "aws.vpc.nat-gateways",
        name: "NAT gateways per Availability Zone",
        limit: 5,
        per: "zone",
        source: "Amazon VPC User Guide, Amazon VPC quotas",
        count: (context) =>
            countBy(context, T.natGateway, (nat) => {
                const subnet = nat.dependencies.map((urn) => context.byUrn.get(urn)).find((r) => r?.type === T.subnet);
                return subnet && (inputsOf(subnet).availabilityZone ?? inputsOf(subnet).availabilityZoneId);
            }),
    },
    {
        id: "aws.elb.network-load-balancers",
        name: "Network Load Balancers per region",
        limit: 50,
        per: "region",
        code: "L-69A177A2",
        source: EKS_BPG_QUOTAS,
        // Each LoadBalancer Service in an EKS cluster becomes one NLB in the cluster's region.
        count: (context) =>
            countBy(context, "kubernetes:core/v1:Service", (service) => {
                if (inputsOf(service).spec?.type !== "LoadBalancer") return undefined;
                const provider = service.provider ? context.byUrn.get(service.provider) : undefined;
                const cluster = provider?.parent ? context.byUrn.get(provider.parent) : undefined;
                if (cluster?.type !== "fedfleet:cluster:EksCluster") return undefined;
                const aws = context.resources.find((r) => r.type === T.provider && r.parent === cluster.urn);
                return aws && String(inputsOf(aws).region);
            }),
    },
    {
        id: "aws.eks.clusters",
        name: "EKS: clusters per region",
        limit: 100,
        per: "region",
        source: EKS_QUOTAS_SOURCE,
        count: (context) => countBy(context, T.eksCluster, regionOf(context)),
    },
    {
        id: "aws.eks.node-groups",
        name: "EKS: managed node groups per cluster",
        limit: 30,
        per: "cluster",
        source: EKS_QUOTAS_SOURCE,
        count: (context) => countBy(context, T.nodeGroup, (group) => String(inputsOf(group).clusterName)),
    },
    {
        id: "aws.iam.roles",
        name: "IAM roles per account",
        limit: 1000,
        per: "account",
        code: "L-FE177D64",
        source: EKS_BPG_QUOTAS,
        count: (context) => new Map([["account", context.resources.filter((r) => r.type === T.role).length]]),
    },
    {
        id: "aws.iam.oidc-providers",
        name: "IAM OIDC providers per account",
        limit: 100,
        per: "account",
        code: "L-858F3967",
        source: EKS_BPG_QUOTAS,
        count: (context) => new Map([["account", context.resources.filter((r) => r.type === T.oidcProvider).length]]),
    },
];

/** What a run needs of each quota, per scope, in a stable order; scopes needing nothing are left out. */
export function quotaUsage(resources: readonly RecordedResource[], quotas: readonly Quota[]): QuotaUsage[] {
    const context = contractContext(resources);
    const usages: QuotaUsage[] = [];
    for (const quota of quotas) {
        for (const [scope, needed] of quota.count(context)) {
            if (needed === 0) continue;
            usages.push({
                quota: quota.id,
                name: quota.name,
                per: quota.per,
                scope,
                needed,
                limit: quota.limit,
                ...(quota.code ? { code: quota.code } : {}),
                source: quota.source,
            });
        }
    }
    return usages.sort((a, b) => compareCodeUnits(a.quota, b.quota) || compareCodeUnits(a.scope, b.scope));
}

/** `quota <name> in <scope>: needs <n>, default <limit>; raise <code or name> [<source>]`. */
export function formatQuotaWarning(usage: QuotaUsage): string {
    const where = usage.per === "account" ? "" : ` in ${usage.per} ${usage.scope}`;
    const raise = usage.code ? `Service Quotas code ${usage.code}` : `"${usage.name}"`;
    return `quota ${usage.name}${where}: this stack needs ${usage.needed}, a fresh account has ${usage.limit}; raise ${raise} [${usage.source}]`;
}
