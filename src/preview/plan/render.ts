// Turns a program run into what people read: the terminal tree, plan.md and plan.json.
// Everything is sorted, so the same stack file always renders byte for byte the same.
import { fallbackChain } from "../../plan/dns/describe-records";
import { canonicalJson } from "../../plan/core/canonical-json";
import { stringLeaves } from "../harness/json-leaves";
import type { ProgramRun } from "../harness/run-program";
import type { RecordedResource } from "../harness/recording-monitor";
import { UNKNOWN_MARK } from "../harness/marks";
import type { ClusterPlacement } from "../../plan/placement/place-service";
import { byKey, compareCodeUnits } from "../../plan/core/order";
import { countLevels, ordered, PolicyResult, shortUrn, verdictInputsOf, verdictMarkdown } from "./verdict";
import { DnsOutput, rolloutOf, serviceBlocks } from "./service-facts";
import { lookupIn, owningClusterOfRecord } from "../harness/ownership";
import { eksAddonBuilds } from "./addon-builds";
import { lossLabel } from "../../plan/resilience/analysis";
import { RESILIENCE_TERMS, RESILIENCE_TITLE, resilienceEntries } from "./resilience-view";
import { FEDFLEET_TYPES } from "../../plan/core/type-tokens";

interface ClusterSummary {
    cloud: string;
    region: string;
    zones: string[];
    labels: Record<string, string>;
    loadBalancerAddress: string;
    /** Out of every DNS record set, its workloads still running. */
    draining?: boolean;
}

/** What a draining cluster is said to be, wherever plan output names it. */
const DRAINING = "draining: in no DNS record set, workloads kept";

/** plan.json: the run and its policy verdict, as canonical JSON. */
export function planJson(run: ProgramRun, policy?: PolicyResult): string {
    return canonicalJson(planFileOf(run, policy));
}

/**
 * What plan.json holds. Each custom resource also carries what the fake cloud gave it and
 * another resource's inputs use: its `id`, and `computed`, those of its outputs (by path)
 * that appear in some resource's inputs. plan:diff follows them to find what a replacement
 * replaces next. Outputs no input uses stay out: the plan records what the program sends.
 */
export function planFileOf(run: ProgramRun, policy?: PolicyResult): Record<string, unknown> {
    const allInputs = JSON.stringify(run.resources.map((resource) => resource.inputs));
    const resources = run.resources.map((resource) => {
        if (!resource.custom) return resource;
        const id = run.resourceIds.get(resource.urn);
        const own = JSON.stringify(resource.inputs);
        const computed = Object.fromEntries(
            stringLeaves(run.resourceOutputs.get(resource.urn) ?? {}).filter(
                // Long enough to be an identifier, not its own input, and used by some input.
                ([, value]) => value.length >= 8 && !own.includes(value) && allInputs.includes(value),
            ),
        );
        return {
            ...resource,
            ...(id ? { id } : {}),
            ...(Object.keys(computed).length > 0 ? { computed } : {}),
        };
    });
    return {
        project: run.project,
        stack: run.stack,
        stackFile: run.stackFile,
        mode: run.mode,
        resources,
        outputs: run.outputs,
        contracts: run.contracts,
        quotas: run.quotas,
        resilience: resilienceEntries(run),
        sharedQuotas: run.sharedQuotas,
        eksAddons: eksAddonBuilds(run.resources),
        ...(policy ? { policy } : {}),
    };
}

interface ServiceOutput {
    clusters: Record<string, { replicas: number; maxReplicas?: number; endpoint: string | null }>;
}

/**
 * A service's clusters: from its stack output, or, where a first preview leaves that unknown (it
 * waits on load-balancer addresses), from the placement its FederatedService component registered.
 */
function placedClusters(run: ProgramRun, service: string, output: unknown): ServiceOutput["clusters"] {
    if (output !== null && typeof output === "object") return (output as ServiceOutput).clusters;
    const component = run.resources.find(
        (r) => r.type === FEDFLEET_TYPES.federatedService && r.name.split("/").pop() === service,
    );
    const placement = component && run.resourceOutputs.get(component.urn)?.placement;
    return Object.fromEntries(
        (Array.isArray(placement) ? (placement as ClusterPlacement[]) : []).map((placed) => [
            placed.cluster,
            {
                replicas: placed.replicas,
                ...(placed.autoscaling ? { maxReplicas: placed.autoscaling.maxReplicas } : {}),
                endpoint: null,
            },
        ]),
    );
}

/**
 * Services by clusters: each cell the replicas there, "min-max" when autoscaled, "-" where not
 * placed; and per cluster how its load balancers are reached (the kind of address, "hostname" or
 * "ip"), which decides how DNS can point at it.
 */
export function placementTable(run: ProgramRun): {
    clusters: string[];
    endpoints: string[];
    rows: { service: string; total: string; cells: string[] }[];
} {
    const services = (run.outputs.services ?? {}) as Record<string, unknown>;
    const summaries = (run.outputs.clusters ?? {}) as Record<string, Partial<ClusterSummary> | undefined>;
    const clusters = Object.keys(summaries).sort();
    const endpoints = clusters.map((name) => String(summaries[name]?.loadBalancerAddress ?? "?"));
    const rows = Object.keys(services)
        .sort()
        .map((service) => {
            const placed = placedClusters(run, service, services[service]);
            const cell = (name: string) => {
                const entry = placed[name];
                if (!entry) return "-";
                return entry.maxReplicas !== undefined
                    ? `${entry.replicas}-${entry.maxReplicas}`
                    : String(entry.replicas);
            };
            const min = Object.values(placed).reduce((sum, entry) => sum + entry.replicas, 0);
            const max = Object.values(placed).reduce((sum, entry) => sum + (entry.maxReplicas ?? entry.replicas), 0);
            return { service, total: min === max ? String(min) : `${min}-${max}`, cells: clusters.map(cell) };
        });
    return { clusters, endpoints, rows };
}

interface ZoneOutput {
    provider: string;
    name: string;
    delegation?: string;
}

/** The stack's DNS zone, as its stack output says: provider, name and delegation. */
export function zoneOf(run: ProgramRun): ZoneOutput | undefined {
    return run.outputs.dnsZone as ZoneOutput | undefined;
}

/** Who delegates to the zone fedfleet creates; a warning when nobody does yet (no name answers until then). */
export function zoneDelegationLines(run: ProgramRun): string[] {
    const zone = zoneOf(run);
    if (zone?.delegation === "by hand")
        return [
            `! the zone is created here and no parent is configured: delegate it by hand (NS records for ${zone.name} in its parent, from pulumi stack output dnsZone's nameServers) or give fedfleet:dns.zone.parent`,
        ];
    return zone?.delegation ? [`  delegated from ${zone.delegation}`] : [];
}

/** Each cluster's local-first chain (`local -> region -> global` on Route53), with the local name's failover estimate. */
function localChainLines(dns: DnsOutput): string[] {
    return Object.keys(dns.local ?? {})
        .sort(compareCodeUnits)
        .map((cluster) => {
            const chain = fallbackChain(dns.records, dns.local![cluster]);
            const steps = [...chain.names, ...(chain.backups ? [`backups ${chain.backups}`] : [])];
            const seconds = dns.localFailoverSeconds?.[cluster];
            const estimate =
                seconds === null || seconds === undefined
                    ? "no health-checked failover"
                    : `failover estimate ${seconds} s`;
            return `${cluster}: ${steps.join(" -> ")} (${estimate})`;
        });
}

/** The DNS tree: per service, its names and what each answers with, global name first. */
export function dnsTreeLines(run: ProgramRun): string[] {
    const services = (run.outputs.services ?? {}) as Record<string, { dns?: DnsOutput } | string>;
    const zone = zoneOf(run);
    const withDns = Object.keys(services)
        .sort()
        .filter((name) => typeof services[name] === "object" && (services[name] as { dns?: DnsOutput }).dns);
    // A first preview leaves the services' outputs unknown: their records follow load-balancer addresses.
    const unknown = Object.keys(services)
        .sort()
        .filter((name) => services[name] === UNKNOWN_MARK);
    if (!zone || withDns.length + unknown.length === 0) return [];
    const lines = [`DNS (${zone.provider}, zone ${zone.name})`, ...zoneDelegationLines(run)];
    if (unknown.length > 0)
        lines.push(`  records of ${unknown.join(", ")}: unknown until their load balancers exist (first preview)`);
    withDns.forEach((service, serviceIndex) => {
        const dns = (services[service] as { dns?: DnsOutput }).dns!;
        const lastService = serviceIndex === withDns.length - 1;
        if (dns.skipped) {
            lines.push(`${lastService ? "└── " : "├── "}${service}: no global DNS (${dns.skipped})`);
            return;
        }
        const failover =
            dns.failoverSeconds === null ? "no health-checked failover" : `failover estimate ${dns.failoverSeconds} s`;
        const drain = dns.drainSeconds === undefined ? "" : `, drain wait ${dns.drainSeconds} s`;
        lines.push(`${lastService ? "└── " : "├── "}${service}: ${dns.routing}, TTL ${dns.ttl} s, ${failover}${drain}`);
        const stem = lastService ? "    " : "│   ";
        if (dns.draining) lines.push(`${stem}! ${dns.draining.join(", ")} ${DRAINING}`);
        for (const note of dns.notes ?? []) lines.push(`${stem}! ${note}`);
        const names = [...new Set(dns.records.map((r) => r.name))].sort((a, b) =>
            a === dns.global ? -1 : b === dns.global ? 1 : compareCodeUnits(a, b),
        );
        const chains = localChainLines(dns);
        names.forEach((name, nameIndex) => {
            const lastName = nameIndex === names.length - 1 && chains.length === 0;
            lines.push(`${stem}${lastName ? "└── " : "├── "}${name}`);
            for (const record of dns.records.filter((r) => r.name === name)) {
                const detail = record.detail ? ` ${record.detail}` : "";
                const checked = record.healthChecked ? "health-checked" : "not health-checked";
                // An alias answers with its load balancer's TTL, not the service's: say so.
                const ttl = record.ttl !== undefined && record.ttl !== dns.ttl ? `, TTL ${record.ttl} s` : "";
                lines.push(
                    `${stem}${lastName ? "    " : "│   "}  ${record.type} ${record.policy}${detail} -> ${record.targets.join(", ")} (${checked}${ttl})`,
                );
            }
        });
        if (chains.length > 0) {
            lines.push(`${stem}└── local first, per cluster: the local name, then what it falls back to`);
            for (const chain of chains) lines.push(`${stem}      ${chain}`);
        }
    });
    return lines;
}

/** Rows of cells in aligned columns: the first left-aligned, the others right-aligned. */
export function padTable(header: string[], body: string[][]): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(header), ...body.map(line)];
}

function countByType(resources: readonly RecordedResource[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    return [...counts.entries()].sort(byKey(([type]) => type));
}

/** A cluster and what the program registers in it (the cluster's own component apart), with how many are protected. */
export interface ClusterGroup {
    name: string;
    summary?: ClusterSummary;
    members: RecordedResource[];
    protectedCount: number;
}

/** The run's resources by the cluster that owns them, in cluster name order; `outside` owned by none. */
export function groupByCluster(run: ProgramRun): { groups: ClusterGroup[]; outside: RecordedResource[] } {
    const byUrn = new Map(run.resources.map((resource) => [resource.urn, resource]));
    const summaries = (run.outputs.clusters ?? {}) as Record<string, ClusterSummary>;
    const groups = new Map<string, ClusterGroup>();
    const outside: RecordedResource[] = [];
    for (const resource of run.resources) {
        const cluster = owningClusterOfRecord(resource, lookupIn(byUrn));
        if (!cluster) {
            outside.push(resource);
            continue;
        }
        const group = groups.get(cluster.name) ?? {
            name: cluster.name,
            summary: summaries[cluster.name],
            members: [],
            protectedCount: 0,
        };
        if (resource !== cluster) group.members.push(resource);
        if (resource.protect) group.protectedCount += 1;
        groups.set(cluster.name, group);
    }
    return { groups: [...groups.values()].sort(byKey((group) => group.name)), outside };
}

function describeCluster(group: ClusterGroup): string {
    const s = group.summary;
    if (!s) return group.name;
    const draining = s.draining ? `  (${DRAINING})` : "";
    return `${group.name}  ${s.cloud} ${s.region}  zones ${s.zones.join(" ")}  LB ${s.loadBalancerAddress}${draining}`;
}

function labelText(summary: ClusterSummary | undefined): string {
    return Object.entries(summary?.labels ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join(" ");
}

/** Said only in first-preview mode, so the default output reads as it always has. */
function modeNote(run: ProgramRun, markdown = false): string {
    if (run.mode !== "first-preview") return "";
    return markdown
        ? " Run as a first preview: outputs of resources not yet created are unknown."
        : ", as a first preview sees it (outputs of resources not yet created unknown)";
}

/** The preview's first lines: the stack, its file, the mode and the federation. */
export function headerLines(run: ProgramRun): string[] {
    const federation = run.outputs.federation as { name?: string; domain?: string; environment?: string } | undefined;
    const lines = [`fedfleet offline preview: stack ${run.stack} (${run.stackFile})${modeNote(run)}`];
    if (federation)
        lines.push(`federation ${federation.name}, domain ${federation.domain}, environment ${federation.environment}`);
    return lines;
}

/**
 * The placement table: a row per service, a column per cluster, and last the row of each
 * cluster's load-balancer address kind. Empty when the stack has no services.
 */
export function placementLines(run: ProgramRun): string[] {
    const placement = placementTable(run);
    if (placement.rows.length === 0) return [];
    // "LB address" holds a space, which no service name (a DNS-1035 label) can: the row cannot pass for a service.
    const table = padTable(
        ["service", "total", ...placement.clusters],
        [...placement.rows.map((r) => [r.service, r.total, ...r.cells]), ["LB address", "", ...placement.endpoints]],
    );
    return ["Placement (replicas per cluster; min-max where autoscaled)", ...table.map((row) => `  ${row}`)];
}

/** Every cluster as a tree: where it runs, its labels, and what it holds, counted by type. */
export function clusterTreeLines(run: ProgramRun): string[] {
    const { groups } = groupByCluster(run);
    const lines = [`Clusters (${groups.length})`];
    groups.forEach((group, index) => {
        const last = index === groups.length - 1;
        const stem = last ? "    " : "│   ";
        lines.push(`${last ? "└── " : "├── "}${describeCluster(group)}`);
        lines.push(`${stem}labels: ${labelText(group.summary)}`);
        const protectedNote = group.protectedCount > 0 ? `, ${group.protectedCount} protected` : "";
        lines.push(`${stem}${group.members.length} resources${protectedNote}:`);
        for (const [type, count] of countByType(group.members))
            lines.push(`${stem}  ${String(count).padStart(3)} × ${type}`);
    });
    return lines;
}

/** One line per cluster (cloud, region, resources, protected), then what lies outside any cluster. */
export function clusterSummaryLines(run: ProgramRun): string[] {
    const { groups, outside } = groupByCluster(run);
    const where = groups.map((group) => (group.summary ? `${group.summary.cloud} ${group.summary.region}` : ""));
    const nameWidth = Math.max(...groups.map((group) => group.name.length));
    const whereWidth = Math.max(...where.map((text) => text.length));
    const countWidth = Math.max(...groups.map((group) => String(group.members.length).length));
    return [
        `Clusters (${groups.length})`,
        ...groups.map(
            (group, index) =>
                `  ${group.name.padEnd(nameWidth)}  ${where[index].padEnd(whereWidth)}  ${String(group.members.length).padStart(countWidth)} resources, ${group.protectedCount} protected`,
        ),
        `  outside any cluster: ${outside.length} resources; ${run.resources.length} in all`,
    ];
}

/** Resources owned by no cluster (DNS, project services, providers), counted by type. */
export function outsideLines(run: ProgramRun): string[] {
    const { outside } = groupByCluster(run);
    if (outside.length === 0) return [];
    return [
        `Outside any cluster (${outside.length})`,
        ...countByType(outside).map(([type, count]) => `  ${String(count).padStart(3)} × ${type}`),
    ];
}

/** Every resource type the run registers, with how many. */
export function typeTotalLines(run: ProgramRun): string[] {
    return [
        `Resources by type (${run.resources.length} in all)`,
        ...countByType(run.resources).map(([type, count]) => `  ${String(count).padStart(4)}  ${type}`),
    ];
}

/** plan.md's services section: per service, its facts as a list (service-facts.ts). */
function servicesMarkdown(run: ProgramRun): string[] {
    const blocks = serviceBlocks(run);
    if (blocks.length === 0) return [];
    const lines = ["", "## Services"];
    for (const block of blocks) {
        lines.push("", `**${block.service}**`, "");
        for (const fact of block.facts) lines.push(`- ${fact.label}: ${fact.value}`);
    }
    return lines;
}

/**
 * plan.md: everything the terminal shows with --details, as Markdown: the verdict, policy,
 * placement, services, clusters, DNS, and resources by type.
 */
export function renderMarkdown(run: ProgramRun, policy?: PolicyResult): string {
    const lines: string[] = [];
    const federation = run.outputs.federation as { name?: string; domain?: string; environment?: string } | undefined;
    lines.push(`# fedfleet plan: stack \`${run.stack}\``, "");
    lines.push(`Stack file \`${run.stackFile}\`. ${run.resources.length} resources.${modeNote(run, true)}`);
    if (federation)
        lines.push(
            `Federation \`${federation.name}\`, domain \`${federation.domain}\`, environment \`${federation.environment}\`.`,
        );
    if (policy) {
        lines.push("", ...verdictMarkdown(verdictInputsOf(run, policy)));
        lines.push("", "## Policy", "", `Pack config \`${policy.config}\`: ${countLevels(policy.violations)}.`);
        if (policy.violations.length > 0) {
            lines.push("", "| level | policy | resource | message |", "|---|---|---|---|");
            for (const v of ordered(policy.violations))
                lines.push(
                    `| ${v.level} | ${v.policy} | \`${shortUrn(v.urn)}\` | ${v.message.replace(/\|/g, "\\|")} |`,
                );
        }
    }
    const placement = placementTable(run);
    if (placement.rows.length > 0) {
        lines.push(
            "",
            "## Placement",
            "",
            "Replicas per cluster; `min-max` where autoscaled; `-` where not placed. LB address: how each cluster's load balancers are reached.",
            "",
        );
        lines.push(
            `| service | total | ${placement.clusters.join(" | ")} |`,
            `|---|---:|${placement.clusters.map(() => "---:|").join("")}`,
        );
        for (const row of placement.rows) lines.push(`| ${row.service} | ${row.total} | ${row.cells.join(" | ")} |`);
        lines.push(`| LB address | | ${placement.endpoints.join(" | ")} |`);
    }
    lines.push(...servicesMarkdown(run), ...rolloutMarkdown(run));
    const { groups, outside } = groupByCluster(run);
    lines.push(
        "",
        "## Clusters",
        "",
        "| cluster | cloud | region | zones | LB address | labels | resources | protected |",
        "|---|---|---|---|---|---|---|---|",
    );
    for (const group of groups) {
        const s = group.summary;
        lines.push(
            `| ${group.name}${s?.draining ? ` (${DRAINING})` : ""} | ${s?.cloud ?? ""} | ${s?.region ?? ""} | ${s?.zones.join(", ") ?? ""} | ${s?.loadBalancerAddress ?? ""} | ${labelText(s)} | ${group.members.length} | ${group.protectedCount} |`,
        );
    }
    const dnsLines = dnsTreeLines(run);
    if (dnsLines.length > 0) lines.push("", "## DNS", "", "```", ...dnsLines, "```");
    lines.push(...resilienceMarkdown(run));
    for (const group of groups) {
        lines.push("", `### ${group.name}`, "", "| count | type |", "|---:|---|");
        for (const [type, count] of countByType(group.members)) lines.push(`| ${count} | \`${type}\` |`);
    }
    if (outside.length > 0) {
        lines.push("", "## Outside any cluster", "", "| count | type |", "|---:|---|");
        for (const [type, count] of countByType(outside)) lines.push(`| ${count} | \`${type}\` |`);
    }
    lines.push("", "## Resources by type", "", "| count | type |", "|---:|---|");
    for (const [type, count] of countByType(run.resources)) lines.push(`| ${count} | \`${type}\` |`);
    return `${lines.join("\n")}\n`;
}

/** plan.md's rollout table: per service each wave's clusters in order, what follows it, and what is held. */
function rolloutMarkdown(run: ProgramRun): string[] {
    const services = Object.keys((run.outputs.services ?? {}) as Record<string, unknown>).sort();
    const awaits = new Set<number>();
    const rows = services.flatMap((service) => {
        const rollout = rolloutOf(run, service);
        if (!rollout) return [];
        if (rollout.awaitSeconds !== undefined) awaits.add(rollout.awaitSeconds);
        const waves = rollout.waves.map((wave, index) => {
            const last = index === rollout.waves.length - 1;
            const then = last ? "" : rollout.soakSeconds > 0 ? `soak ${rollout.soakSeconds} s` : "next wave at once";
            return `| ${service} | ${index + 1} | ${wave.join(", ")} | ${then} |`;
        });
        const held = (rollout.held ?? []).map((cluster) => `| ${service} | held | ${cluster} | left as it runs |`);
        return [...waves, ...held];
    });
    if (rows.length === 0) return [];
    return [
        "",
        "## Rollout waves",
        "",
        `Each wave's Deployments update together; the next wave starts once every one of them rolled out (its \`pulumi up\` await${awaits.size > 0 ? `, at most ${[...awaits].join(" or ")} s` : ""}) and the soak passed. A held cluster's objects are left as they run, and no wave waits for it (docs/rollouts.md).`,
        "",
        "| service | wave | clusters | then |",
        "|---|---|---|---|",
        ...rows,
    ];
}

/** plan.md's resilience table: every service under every loss. */
function resilienceMarkdown(run: ProgramRun): string[] {
    const entries = resilienceEntries(run);
    if (entries.length === 0) return [];
    const cell = (text: string) => text.replace(/\|/g, "\\|");
    return [
        "",
        `## ${RESILIENCE_TITLE}`,
        "",
        `For each loss, the clusters the service's global name sends traffic to afterwards (docs/resilience.md); ${RESILIENCE_TERMS}.`,
        "",
        "| service | loss | served by | demand | capacity | ok | why |",
        "|---|---|---|---:|---:|---|---|",
        ...entries.map(
            (e) =>
                `| ${e.service} | ${lossLabel(e.loss)} | ${e.servedBy.join(", ") || "nobody"} | ${e.demand} | ${e.capacity} | ${e.ok ? "yes" : "**no**"} | ${cell(e.why)} |`,
        ),
    ];
}
