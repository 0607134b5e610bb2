// Compute Engine vCPU quotas GKE node pools draw on, per project and region, for the pools'
// first size and their maximum. Google publishes no default for them ("Not all projects have
// the same quotas": Compute Engine docs, Allocation quotas), so the preview prints the need
// and the command that reads the project's values, and says nothing is exceeded.
import { compareCodeUnits } from "../../plan/core/order";
import type { LooseInputs as Inputs, RecordedResource } from "../harness/recording-monitor";
import type { ContractContext } from "../contracts/contract";
import { GCP_TYPES as G } from "../contracts/gcp";
import { GCE_VCPU_SOURCE, gceSeriesOf, gceVcpus } from "./instance-vcpus";
import type { Quota } from "./quotas";

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

const GCE_QUOTAS_SOURCE = `Compute Engine docs, Allocation quotas ("not all projects have the same quotas"; metrics CPUS, N2_CPUS..., CPUS_ALL_REGIONS: Compute API Quota.metric); vCPUs: ${GCE_VCPU_SOURCE}`;

/** A GKE node pool's project, region, series, vCPUs per node and node counts (all zones). */
function nodePoolsOf(context: ContractContext) {
    return context.resources
        .filter((r) => r.type === G.nodePool)
        .map((pool) => {
            const inputs = inputsOf(pool);
            const provider = context.providerInputs(pool);
            const zones = ((inputs.nodeLocations ?? []) as unknown[]).length || 1;
            const machineType = String(inputs.nodeConfig?.machineType ?? "");
            return {
                project: String(provider.project ?? ""),
                region: String(inputs.location ?? provider.region ?? ""),
                machineType,
                series: gceSeriesOf(machineType),
                vcpus: gceVcpus(machineType),
                initial: Number(inputs.initialNodeCount ?? inputs.autoscaling?.minNodeCount ?? 0) * zones,
                max: Number(inputs.autoscaling?.maxNodeCount ?? inputs.initialNodeCount ?? 0) * zones,
            };
        });
}

/** The scope of a regional series quota: `us-central1 in project p, N2 machines`. */
export function gceRegionScope(project: string, region: string, series: string): string {
    return `${region} of project ${project}, ${series} machines`;
}

/** The scope of a project-wide quota: the project. */
export function gceProjectScope(project: string): string {
    return project;
}

function sum(
    context: ContractContext,
    scopeOf: (pool: ReturnType<typeof nodePoolsOf>[number]) => string,
    size: "initial" | "max",
): Map<string, number> {
    const counts = new Map<string, number>();
    for (const pool of nodePoolsOf(context)) {
        if (pool.vcpus === undefined) continue;
        const scope = scopeOf(pool);
        counts.set(scope, (counts.get(scope) ?? 0) + pool.vcpus * pool[size]);
    }
    return counts;
}

function uncounted(
    context: ContractContext,
    scopeOf: (pool: ReturnType<typeof nodePoolsOf>[number]) => string,
): Map<string, string[]> {
    const left = new Map<string, string[]>();
    for (const pool of nodePoolsOf(context)) {
        if (pool.vcpus !== undefined) continue;
        const list = left.get(scopeOf(pool)) ?? [];
        if (!list.includes(pool.machineType)) list.push(pool.machineType);
        left.set(scopeOf(pool), list.sort(compareCodeUnits));
    }
    return left;
}

const regionScope = (pool: ReturnType<typeof nodePoolsOf>[number]) =>
    gceRegionScope(pool.project, pool.region, pool.series);
const projectScope = (pool: ReturnType<typeof nodePoolsOf>[number]) => gceProjectScope(pool.project);

/** The Compute Engine vCPU quotas of GKE node pools. */
export const gcpQuotas: Quota[] = [
    {
        id: "gcp.compute.region-cpus",
        name: "Compute Engine vCPUs of a machine series per region (CPUS, or the series' own quota such as N2_CPUS)",
        per: "region",
        source: GCE_QUOTAS_SOURCE,
        liveCheck: (scope) => {
            const [, region, project, series] = /^(\S+) of project (\S+), (\S+) machines$/.exec(scope) ?? [];
            return `gcloud compute regions describe ${region} --project ${project} (quotas CPUS and ${series}_CPUS)`;
        },
        count: (context) => sum(context, regionScope, "initial"),
        countAtMax: (context) => sum(context, regionScope, "max"),
        uncounted: (context) => uncounted(context, regionScope),
    },
    {
        id: "gcp.compute.cpus-all-regions",
        name: "Compute Engine vCPUs in all regions (CPUS_ALL_REGIONS)",
        per: "project",
        source: GCE_QUOTAS_SOURCE,
        liveCheck: (project) => `gcloud compute project-info describe --project ${project} (quota CPUS_ALL_REGIONS)`,
        count: (context) => sum(context, projectScope, "initial"),
        countAtMax: (context) => sum(context, projectScope, "max"),
        uncounted: (context) => uncounted(context, projectScope),
    },
];
