// Quotas a stack shares with the other checked-in stacks (stacks/Pulumi.*.yaml) that build in
// the same AWS account (the deploy role's) or Google Cloud project: an account's Elastic IPs in
// us-east-1 are the sum of every stack's there. The others are read from their plans (pure and
// fast), not run: `plannedNeeds` counts what the program registers for the shared quotas, and
// a test holds it equal to the count from the registrations for every checked-in stack.
import { nodeGroupDesiredSize } from "../../plan/clusters/aws/node-groups";
import { compareCodeUnits } from "../../plan/core/order";
import type { FleetPlan } from "../../plan/fleet-plan";
import { gceProjectScope, gceRegionScope } from "./gcp-quotas";
import { ec2VcpuQuotaOf, ec2Vcpus, gceSeriesOf, gceVcpus } from "./instance-vcpus";
import { neededText, Quota, quotaWhere } from "./quotas";

/** What a plan needs of one shared quota in one scope of one account (AWS account id or GCP project). */
export interface PlannedNeed {
    quota: string;
    scope: string;
    account: string;
    needed: number;
    neededAtMax?: number;
}

/** The AWS account a stack builds in: its deploy role's (fedfleet's providers take the runner's credentials). */
export function awsAccountOf(plan: FleetPlan): string | undefined {
    const arn = plan.config.deployer?.aws.deployRoleArn;
    return arn ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}

/**
 * What a plan needs of the quotas stacks share, per account and scope: per region the Elastic
 * IPs (one NAT per zone), VPCs, internet gateways and EKS clusters of its EKS clusters, and the
 * vCPUs of their node groups; per project and region the vCPUs of GKE node pools.
 */
export function plannedNeeds(plan: FleetPlan): PlannedNeed[] {
    const needs = new Map<string, PlannedNeed>();
    const add = (quota: string, account: string, scope: string, needed: number, neededAtMax?: number) => {
        const key = JSON.stringify([quota, account, scope]);
        const need = needs.get(key) ?? { quota, scope, account, needed: 0 };
        need.needed += needed;
        if (neededAtMax !== undefined) need.neededAtMax = (need.neededAtMax ?? 0) + neededAtMax;
        needs.set(key, need);
    };
    const account = awsAccountOf(plan);
    for (const cluster of plan.clusters) {
        if (cluster.cloud === "aws" && account) {
            const region = cluster.config.region;
            add("aws.ec2.eips", account, region, cluster.zones.length);
            add("aws.vpc.vpcs", account, region, 1);
            add("aws.vpc.internet-gateways", account, region, 1);
            add("aws.eks.clusters", account, region, 1);
            for (const pool of cluster.config.nodePools) {
                // A list is in order of preference, and On-Demand groups launch the first type
                // while it is available: counted as the registrations are (quotas.ts).
                const instanceType = [pool.instanceType].flat()[0];
                const vcpus = ec2Vcpus(instanceType);
                const quota = ec2VcpuQuotaOf(instanceType);
                if (vcpus === undefined || !quota) continue;
                const id = `aws.ec2.on-demand-vcpus.${quota.code}`;
                add(id, account, region, vcpus * nodeGroupDesiredSize(pool), vcpus * pool.maxSize);
            }
        } else if (cluster.cloud === "gcp") {
            const { project, region } = cluster.config;
            for (const pool of cluster.config.nodePools) {
                const vcpus = gceVcpus(pool.machineType);
                if (vcpus === undefined) continue;
                const zones = cluster.zones.length;
                const [initial, max] = [vcpus * pool.minNodesPerZone * zones, vcpus * pool.maxNodesPerZone * zones];
                add(
                    "gcp.compute.region-cpus",
                    project,
                    gceRegionScope(project, region, gceSeriesOf(pool.machineType)),
                    initial,
                    max,
                );
                add("gcp.compute.cpus-all-regions", project, gceProjectScope(project), initial, max);
            }
        }
    }
    return [...needs.values()].sort(
        (a, b) =>
            compareCodeUnits(a.quota, b.quota) ||
            compareCodeUnits(a.account, b.account) ||
            compareCodeUnits(a.scope, b.scope),
    );
}

/** One stack's share of a shared quota. */
export interface StackShare {
    stack: string;
    needed: number;
    neededAtMax?: number;
}

/** A quota this stack shares with other checked-in stacks, and what they need of it together. */
export interface SharedQuotaUsage {
    quota: string;
    name: string;
    per: string;
    scope: string;
    /** The AWS account or Google Cloud project. */
    account: string;
    /** This stack first, then the others by name. */
    stacks: StackShare[];
    total: number;
    totalAtMax?: number;
    limit?: number;
    check?: string;
    code?: string;
    source: string;
}

/** A stack's plan, or why it could not be read. */
export interface StackPlanOrError {
    stack: string;
    plan?: FleetPlan;
    error?: string;
}

/** What the sharing of quotas says: the shared usages, and the other stacks that could not be counted. */
export interface SharedQuotas {
    usages: SharedQuotaUsage[];
    /** Other checked-in stacks not summed, each with why (its account unknown, its file invalid). */
    notCounted: { stack: string; reason: string }[];
}

/** The quotas `current` shares with `others`, with each stack's share and the total. */
export function sharedQuotas(
    current: StackPlanOrError & { plan: FleetPlan },
    others: readonly StackPlanOrError[],
    quotas: readonly Quota[],
): SharedQuotas {
    const notCounted: SharedQuotas["notCounted"] = [];
    const theirs = others.flatMap((other) => {
        if (!other.plan) {
            notCounted.push({ stack: other.stack, reason: other.error ?? "it does not plan" });
            return [];
        }
        if (other.plan.clusters.some((c) => c.cloud === "aws") && !awsAccountOf(other.plan))
            notCounted.push({
                stack: other.stack,
                reason: "no fedfleet:deployer.aws.deployRoleArn, so its AWS account is unknown",
            });
        return plannedNeeds(other.plan).map((need) => ({ stack: other.stack, need }));
    });
    if (current.plan.clusters.some((c) => c.cloud === "aws") && !awsAccountOf(current.plan))
        notCounted.push({
            stack: current.stack,
            reason: "this stack has no fedfleet:deployer.aws.deployRoleArn, so its AWS account, and which stacks share it, is unknown",
        });
    const byId = new Map(quotas.map((quota) => [quota.id, quota]));
    const usages: SharedQuotaUsage[] = [];
    for (const mine of plannedNeeds(current.plan)) {
        const quota = byId.get(mine.quota);
        if (!quota) continue;
        const shares = theirs
            .filter(
                ({ need }) => need.quota === mine.quota && need.account === mine.account && need.scope === mine.scope,
            )
            .map(({ stack, need }): StackShare => ({
                stack,
                needed: need.needed,
                ...(need.neededAtMax !== undefined ? { neededAtMax: need.neededAtMax } : {}),
            }))
            .sort((a, b) => compareCodeUnits(a.stack, b.stack));
        if (shares.length === 0) continue;
        const stacks: StackShare[] = [
            {
                stack: current.stack,
                needed: mine.needed,
                ...(mine.neededAtMax !== undefined ? { neededAtMax: mine.neededAtMax } : {}),
            },
            ...shares,
        ];
        const atMax = stacks.some((s) => s.neededAtMax !== undefined);
        usages.push({
            quota: quota.id,
            name: quota.name,
            per: quota.per,
            scope: mine.scope,
            account: mine.account,
            stacks,
            total: stacks.reduce((sum, s) => sum + s.needed, 0),
            ...(atMax ? { totalAtMax: stacks.reduce((sum, s) => sum + (s.neededAtMax ?? s.needed), 0) } : {}),
            ...(quota.limit !== undefined ? { limit: quota.limit } : {}),
            ...(quota.liveCheck ? { check: quota.liveCheck(mine.scope) } : {}),
            ...(quota.code ? { code: quota.code } : {}),
            source: quota.source,
        });
    }
    return { usages, notCounted: notCounted.sort((a, b) => compareCodeUnits(a.stack, b.stack)) };
}

/** `quota <name> in region r of account a: prod 3 + dev 3 = 6, a fresh account has 5; raise ...`. */
export function formatSharedQuota(usage: SharedQuotaUsage): string {
    const owner = /^\d{12}$/.test(usage.account) ? `account ${usage.account}` : `project ${usage.account}`;
    const where = usage.per === "project" ? quotaWhere(usage) : `${quotaWhere(usage)} of ${owner}`;
    const parts = usage.stacks.map((s) => `${s.stack} ${neededText(s.needed, s.neededAtMax)}`).join(" + ");
    const head = `quota ${usage.name}${where}: ${parts} = ${neededText(usage.total, usage.totalAtMax)} together`;
    if (usage.limit === undefined)
        return `${head}; no published default, compare with \`${usage.check}\` [${usage.source}]`;
    const verdict =
        usage.total > usage.limit
            ? "; raise " + (usage.code ? `Service Quotas code ${usage.code}` : `"${usage.name}"`)
            : "";
    return `${head}, a fresh account has ${usage.limit}${verdict} [${usage.source}]`;
}

/**
 * The terminal's section on shared quotas: every sum that exceeds a default or has none
 * published, and the other stacks that could not be counted. Empty when nothing is shared.
 */
export function renderSharedQuotas(shared: SharedQuotas): string {
    const shown = shared.usages.filter((u) => u.limit === undefined || u.total > u.limit);
    if (shown.length === 0 && shared.notCounted.length === 0) return "";
    const exceeded = shown.filter((u) => u.limit !== undefined).length;
    const lines = [
        "",
        `Quotas shared with the other checked-in stacks in the same account or project: ${exceeded} default(s) exceeded together`,
    ];
    for (const usage of shown) lines.push(`  ${formatSharedQuota(usage)}`);
    for (const { stack, reason } of shared.notCounted) lines.push(`  not counted: stack ${stack}: ${reason}`);
    return `${lines.join("\n")}\n`;
}
