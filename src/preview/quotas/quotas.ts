// The default service quotas of a fresh account that a stack would meet first, counted from
// what the program registers. Each quota cites where its default comes from. A stack that
// shares an account or region with others needs the sum of theirs: the counts here are one
// stack's own.
import { compareCodeUnits } from "../../plan/core/order";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { contractContext, ContractContext } from "../contracts/contract";
import { AWS_TYPES as T } from "../contracts/aws";
import {
    EC2_ON_DEMAND_VCPU_QUOTAS,
    EC2_VCPU_SOURCE,
    ec2VcpuQuotaOf,
    ec2Vcpus as vcpusOf,
    Ec2VcpuQuota,
} from "./instance-vcpus";

/** A default quota and how to count what a stack needs of it, per scope (account, region, ...). */
export interface Quota {
    id: string;
    /** As the Service Quotas console names it. */
    name: string;
    /**
     * The default in a fresh account, where the provider publishes one. Undefined when it does
     * not (the default differs per account): the preview then prints the need and `liveCheck`.
     */
    limit?: number;
    /** For a quota without a published default: the command that reads the live value in a scope. */
    liveCheck?(scope: string): string;
    /** What one unit of quota covers: "account", "region", "zone", "cluster", "hosted zone", "project". */
    per: string;
    /** The Service Quotas code, where AWS's own pages give it. */
    code?: string;
    source: string;
    /** Per scope (a region, a zone, a cluster...), how many the stack needs. */
    count(context: ContractContext): Map<string, number>;
    /** Per scope, how many with every node pool at its maximum, where that differs from `count`. */
    countAtMax?(context: ContractContext): Map<string, number>;
    /** Per scope, what the preview could not count (instance types its tables do not list). */
    uncounted?(context: ContractContext): Map<string, string[]>;
}

/** What one stack needs of one quota in one scope. */
export interface QuotaUsage {
    quota: string;
    name: string;
    per: string;
    scope: string;
    needed: number;
    /** With every node pool at its maximum. */
    neededAtMax?: number;
    /** Undefined: no published default (see `check`). */
    limit?: number;
    /** How to read the live value, for a quota without a published default. */
    check?: string;
    /** What the count leaves out, because the preview cannot count it. */
    uncounted?: string[];
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

/** The region and size of each EKS node group, and its instance type. */
function nodeGroupsOf(context: ContractContext) {
    return context.resources
        .filter((r) => r.type === T.nodeGroup)
        .map((group) => {
            const inputs = inputsOf(group);
            return {
                region: regionOf(context)(group),
                instanceType: String((inputs.instanceTypes ?? [])[0] ?? ""),
                desired: Number(inputs.scalingConfig?.desiredSize ?? 0),
                max: Number(inputs.scalingConfig?.maxSize ?? 0),
            };
        });
}

/** Sums a node count times vCPUs per region, over the node groups that draw on `quota`. */
function ec2Vcpus(context: ContractContext, quota: Ec2VcpuQuota, size: "desired" | "max"): Map<string, number> {
    const counts = new Map<string, number>();
    for (const group of nodeGroupsOf(context)) {
        const vcpus = vcpusOf(group.instanceType);
        if (!group.region || vcpus === undefined || ec2VcpuQuotaOf(group.instanceType) !== quota) continue;
        counts.set(group.region, (counts.get(group.region) ?? 0) + vcpus * group[size]);
    }
    return counts;
}

const EC2_VCPU_QUOTAS_SOURCE = `EC2 User Guide, On-Demand Instance quotas (counted in vCPUs; no default the preview could confirm: read the account's); vCPUs: ${EC2_VCPU_SOURCE}`;

/**
 * The EC2 On-Demand vCPU quotas, per region, for EKS node groups at their desired and their
 * maximum size. AWS publishes no default for them, so the preview prints the need and the
 * command that reads the account's value. Types the vCPU table lacks are listed as not counted.
 */
export const ec2VcpuQuotas: Quota[] = EC2_ON_DEMAND_VCPU_QUOTAS.map((quota, index) => ({
    id: `aws.ec2.on-demand-vcpus.${quota.code}`,
    name: `EC2 ${quota.name} (vCPUs)`,
    per: "region",
    code: quota.code,
    source: EC2_VCPU_QUOTAS_SOURCE,
    liveCheck: (region) =>
        `aws service-quotas get-service-quota --service-code ec2 --quota-code ${quota.code} --region ${region}`,
    count: (context) => ec2Vcpus(context, quota, "desired"),
    countAtMax: (context) => ec2Vcpus(context, quota, "max"),
    // Types with no known vCPUs or quota are reported once, with the Standard quota.
    ...(index === 0
        ? {
              uncounted: (context: ContractContext) => {
                  const left = new Map<string, string[]>();
                  for (const group of nodeGroupsOf(context)) {
                      if (!group.region) continue;
                      if (vcpusOf(group.instanceType) !== undefined && ec2VcpuQuotaOf(group.instanceType)) continue;
                      const list = left.get(group.region) ?? [];
                      if (!list.includes(group.instanceType)) list.push(group.instanceType);
                      left.set(group.region, list);
                  }
                  return left;
              },
          }
        : {}),
}));

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
    ...ec2VcpuQuotas,
];

/** What a run needs of each quota, per scope, in a stable order; scopes needing nothing are left out. */
export function quotaUsage(resources: readonly RecordedResource[], quotas: readonly Quota[]): QuotaUsage[] {
    const context = contractContext(resources);
    const usages: QuotaUsage[] = [];
    for (const quota of quotas) {
        const needs = quota.count(context);
        const atMax = quota.countAtMax?.(context);
        const uncounted = quota.uncounted?.(context);
        const scopes = new Set([...needs.keys(), ...(atMax?.keys() ?? []), ...(uncounted?.keys() ?? [])]);
        for (const scope of scopes) {
            const needed = needs.get(scope) ?? 0;
            const neededAtMax = atMax?.get(scope);
            const left = uncounted?.get(scope) ?? [];
            if (needed === 0 && !neededAtMax && left.length === 0) continue;
            usages.push({
                quota: quota.id,
                name: quota.name,
                per: quota.per,
                scope,
                needed,
                ...(neededAtMax !== undefined ? { neededAtMax } : {}),
                ...(quota.limit !== undefined ? { limit: quota.limit } : {}),
                ...(quota.liveCheck ? { check: quota.liveCheck(scope) } : {}),
                ...(left.length > 0 ? { uncounted: [...left].sort(compareCodeUnits) } : {}),
                ...(quota.code ? { code: quota.code } : {}),
                source: quota.source,
            });
        }
    }
    return usages.sort((a, b) => compareCodeUnits(a.quota, b.quota) || compareCodeUnits(a.scope, b.scope));
}

/** Where a quota applies, as a phrase: empty for an account-wide quota. */
export function quotaWhere(usage: Pick<QuotaUsage, "per" | "scope">): string {
    return usage.per === "account" ? "" : ` in ${usage.per} ${usage.scope}`;
}

/** `<n>`, or `<n> (<m> with every node pool at its maximum)`. */
export function neededText(needed: number, neededAtMax?: number): string {
    return neededAtMax === undefined || neededAtMax === needed
        ? String(needed)
        : `${needed} (${neededAtMax} with every node pool at its maximum)`;
}

/** `quota <name> in <scope>: needs <n>, default <limit>; raise <code or name> [<source>]`. */
export function formatQuotaWarning(usage: QuotaUsage): string {
    const raise = usage.code ? `Service Quotas code ${usage.code}` : `"${usage.name}"`;
    return `quota ${usage.name}${quotaWhere(usage)}: this stack needs ${neededText(usage.needed, usage.neededAtMax)}, a fresh account has ${usage.limit}; raise ${raise} [${usage.source}]`;
}

/**
 * `quota <name> in <scope>: this stack needs <n>; no published default, compare with <check>`:
 * a quota whose default the provider does not publish, so the preview cannot say it is exceeded.
 */
export function formatQuotaNeed(usage: QuotaUsage): string {
    const left = usage.uncounted?.length
        ? `; not counted (not in the preview's tables): ${usage.uncounted.join(", ")}`
        : "";
    return `quota ${usage.name}${quotaWhere(usage)}: this stack needs ${neededText(usage.needed, usage.neededAtMax)}${left}; no published default, compare with \`${usage.check}\` [${usage.source}]`;
}
