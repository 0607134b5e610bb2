// A stack's plan diff as a reviewer reads it: plain answers first (no changes, or what a
// change does to traffic and to each service), then the warnings, then placement, DNS, new
// policy violations, every change grouped by cluster and by service, and the diagram last,
// so trimming a long comment cuts the picture, not the changes.
import { failureReasons, type DnsChange, type PlanFile, type ResourceChange, type StackDiff } from "./plan-diff";
import { rolloutWaveLines } from "./rollout-waves";
import { serviceSummaries } from "./service-summary";

/** Said at the top of every report: what was compared. */
export const OFFLINE_NOTE =
    "_Offline previews of the base and the head compared, with mocked cloud outputs: not the live state of the stack._";

/** Mermaid refuses a diagram above 500 edges by default (its maxEdges setting); stay well under. */
export const MAX_DIAGRAM_EDGES = 400;

const OP_SIGNS: Record<ResourceChange["op"], string> = { create: "+", update: "~", delete: "-", replace: "+-" };

/** Whether a change changes nothing at all in the stack: no resource, placement, DNS or verdict. */
export function isUnchanged(diff: StackDiff): boolean {
    const { create, update, delete: remove, replace } = diff.counts;
    return (
        !diff.previewError &&
        diff.presence === "both" &&
        create + update + remove + replace === 0 &&
        diff.placement.every((r) => r.before === r.after) &&
        diff.dns.added.length + diff.dns.removed.length + diff.dns.changed.length === 0 &&
        diff.newViolations.length === 0 &&
        diff.summaryWarnings.length === 0
    );
}

/** The report's first line: the operation counts, and new policy violations if there are any. */
export function summaryLine(diff: StackDiff): string {
    if (isUnchanged(diff)) return "**No changes.**";
    if (diff.presence === "removed")
        return `**Stack file removed: nothing is destroyed.** The stack's ${diff.orphaned ?? 0} resources keep running, no longer previewed or updated by CI; \`pulumi destroy\` on the stack removes them, \`pulumi stack rm\` then forgets it.`;
    const { create, update, delete: remove, replace } = diff.counts;
    const violations = diff.newViolations.length;
    const presence = diff.presence === "added" ? " (new stack)" : "";
    return (
        `**${create} to create, ${update} to update, ${remove} to delete, ${replace} to replace**${presence}` +
        (violations > 0
            ? `; ${violations} new policy violation${violations === 1 ? "" : "s"} (${diff.newViolations.filter((v) => v.level === "mandatory").length} mandatory)`
            : "")
    );
}

/** The diff's warnings as a Markdown list. */
export function warningLines(diff: StackDiff): string[] {
    return diff.warnings.map((warning) => `- :warning: ${warning}`);
}

function code(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const shown = text === undefined ? "(none)" : text.length > 200 ? `${text.slice(0, 197)}...` : text;
    return `\`${shown.replace(/`/g, "'")}\``;
}

function placementSection(diff: StackDiff): string[] {
    if (diff.placement.length === 0) return [];
    const services = [...new Set(diff.placement.map((r) => r.service))];
    const clusters = [...new Set(diff.placement.map((r) => r.cluster))].sort();
    const cell = (service: string, cluster: string) => {
        const row = diff.placement.find((r) => r.service === service && r.cluster === cluster);
        if (!row) return "";
        const show = (n: number | null) => (n === null ? "-" : String(n));
        return row.before === row.after ? show(row.after) : `**${show(row.before)} → ${show(row.after)}**`;
    };
    return [
        "",
        "### Placement (replicas, before → after)",
        "",
        `| service | ${clusters.join(" | ")} |`,
        `|---|${clusters.map(() => "---:|").join("")}`,
        ...services.map(
            (service) => `| ${service} | ${clusters.map((cluster) => cell(service, cluster)).join(" | ")} |`,
        ),
    ];
}

function dnsSection(dns: DnsChange): string[] {
    if (dns.added.length + dns.removed.length + dns.changed.length === 0) return [];
    const ttl = (r: DnsChange["added"][number]) => (r.ttl === undefined ? "" : `, TTL ${r.ttl} s`);
    const describe = (r: DnsChange["added"][number]) =>
        `\`${r.name}\` ${r.type} ${r.policy}${r.detail ? ` ${r.detail}` : ""} → ${r.targets.join(", ")}${r.healthChecked ? "" : " (not health-checked)"}${ttl(r)}`;
    return [
        "",
        "### DNS records",
        "",
        ...dns.added.map((r) => `- added ${describe(r)}`),
        ...dns.removed.map((r) => `- removed ${describe(r)}`),
        ...dns.changed.map(
            (c) =>
                `- changed ${describe(c.before)} ⇒ ${c.after.policy}${c.after.detail ? ` ${c.after.detail}` : ""}${c.after.healthChecked ? "" : " (not health-checked)"}${ttl(c.after)}`,
        ),
    ];
}

function violationsSection(diff: StackDiff): string[] {
    if (diff.newViolations.length === 0) return [];
    return [
        "",
        "### New policy violations",
        "",
        "| level | policy | resource | message |",
        "|---|---|---|---|",
        ...diff.newViolations.map(
            (v) =>
                `| ${v.level} | ${v.policy} | \`${(v.urn ?? "stack").split("::").pop()}\` | ${v.message.replace(/\|/g, "\\|")} |`,
        ),
    ];
}

const mermaidId = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;

/** The fleet by cloud, and where each changed service runs, as a Mermaid flowchart; none above MAX_DIAGRAM_EDGES. */
export function fleetDiagram(diff: StackDiff, base?: PlanFile, head?: PlanFile): string[] {
    type Cluster = { cloud: string; region: string };
    const clustersOf = (plan?: PlanFile) => (plan?.outputs.clusters ?? {}) as Record<string, Cluster>;
    const [before, after] = [clustersOf(base), clustersOf(head)];
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    if (names.length === 0) return [];
    const lines = ["```mermaid", "flowchart LR"];
    const clouds = [...new Set(names.map((n) => (after[n] ?? before[n]).cloud))].sort();
    for (const cloud of clouds) {
        lines.push(`  subgraph ${mermaidId("cloud", cloud)}["${cloud}"]`);
        for (const name of names.filter((n) => (after[n] ?? before[n]).cloud === cloud)) {
            const cluster = after[name] ?? before[name];
            const state = !before[name] ? " (new)" : !after[name] ? " (removed)" : "";
            lines.push(`    ${mermaidId("c", name)}["${name}<br/>${cluster.region}${state}"]`);
        }
        lines.push("  end");
    }
    const changedServices = [...new Set(diff.placement.filter((r) => r.before !== r.after).map((r) => r.service))];
    let edges = 0;
    for (const service of changedServices) {
        lines.push(`  ${mermaidId("s", service)}(["${service}"])`);
        for (const row of diff.placement.filter(
            (r) => r.service === service && ((r.before ?? 0) > 0 || (r.after ?? 0) > 0),
        )) {
            const label = row.before === row.after ? `${row.after}` : `${row.before ?? 0} → ${row.after ?? 0}`;
            lines.push(`  ${mermaidId("s", service)} -->|"${label}"| ${mermaidId("c", row.cluster)}`);
            edges += 1;
        }
    }
    if (edges > MAX_DIAGRAM_EDGES)
        return ["", "### Fleet", "", `_The diagram is left out: ${edges} edges, above Mermaid's limit._`];
    lines.push(
        "  classDef removed stroke-dasharray: 5 5",
        "  classDef added stroke-width:3px",
        "  classDef changed stroke-width:3px",
    );
    const removed = names.filter((n) => !after[n]).map((n) => mermaidId("c", n));
    const added = names.filter((n) => !before[n]).map((n) => mermaidId("c", n));
    if (removed.length) lines.push(`  class ${removed.join(",")} removed`);
    if (added.length) lines.push(`  class ${added.join(",")} added`);
    if (changedServices.length)
        lines.push(`  class ${changedServices.map((s) => mermaidId("s", s)).join(",")} changed`);
    lines.push("```");
    return ["", "### Fleet", "", ...lines];
}

function changeLines(change: ResourceChange): string[] {
    const why = change.op === "replace" ? ` (would replace: ${change.replaceBecause.join(", ")})` : "";
    const lines = [`- \`${OP_SIGNS[change.op]}\` ${change.op} \`${change.type}\` **${change.name}**${why}`];
    for (const property of change.properties)
        lines.push(`  - \`${property.path}\`: ${code(property.before)} → ${code(property.after)}`);
    return lines;
}

function groupedSections(diff: StackDiff): string[] {
    if (diff.changes.length === 0) return ["", "No resource changes."];
    const lines = ["", "### Changes by cluster"];
    const clusters = [...new Set(diff.changes.map((c) => c.cluster ?? ""))].sort();
    for (const cluster of clusters) {
        lines.push("", `#### ${cluster || "Outside any cluster"}`, "");
        for (const change of diff.changes.filter((c) => (c.cluster ?? "") === cluster))
            lines.push(...changeLines(change));
    }
    const services = [...new Set(diff.changes.map((c) => c.service).filter((s): s is string => Boolean(s)))].sort();
    if (services.length > 0) {
        lines.push(
            "",
            "### Changes by federated service",
            "",
            "| service | create | update | delete | replace |",
            "|---|---:|---:|---:|---:|",
        );
        for (const service of services) {
            const of = (op: ResourceChange["op"]) =>
                diff.changes.filter((c) => c.service === service && c.op === op).length;
            lines.push(`| ${service} | ${of("create")} | ${of("update")} | ${of("delete")} | ${of("replace")} |`);
        }
    }
    return lines;
}

/** The whole report for one stack: plain answers and warnings first, the diagram last. */
export function renderReport(diff: StackDiff, base?: PlanFile, head?: PlanFile): { head: string; body: string } {
    const top = [`### fedfleet plan diff: \`${diff.stack}\``, "", OFFLINE_NOTE, ""];
    if (diff.previewError) {
        // Nothing was compared: no counts, no deletions, only what went wrong.
        top.push(
            `**The ${diff.previewError.side} could not be previewed**, so nothing is compared:`,
            "",
            "```",
            diff.previewError.message,
            "```",
        );
        return { head: `${top.join("\n")}\n`, body: "" };
    }
    top.push(summaryLine(diff));
    const failing = failureReasons(diff);
    if (failing.length > 0) top.push("", `**This check fails:** ${failing.join("; ")}.`);
    if (diff.summaryWarnings.length > 0)
        top.push("", "#### Before you merge", "", ...diff.summaryWarnings.map((line) => `- :warning: ${line}`));
    if (diff.traffic.length > 0)
        top.push("", "#### Traffic and availability", "", ...diff.traffic.map((line) => `- :warning: ${line}`));
    const services = serviceSummaries(diff, base, head);
    if (services.length > 0) top.push("", "#### What changes, per service", "", ...services.map((line) => `- ${line}`));
    const waves = rolloutWaveLines(diff, base, head);
    if (waves.length > 0) top.push("", "#### Rollout waves", "", ...waves.map((line) => `- ${line}`));
    const warnings = warningLines(diff);
    if (warnings.length > 0) top.push("", "#### Replacement and data-loss warnings", "", ...warnings);
    const body = isUnchanged(diff)
        ? []
        : [
              ...placementSection(diff),
              ...dnsSection(diff.dns),
              ...violationsSection(diff),
              ...groupedSections(diff),
              ...fleetDiagram(diff, base, head),
          ];
    return { head: `${top.join("\n")}\n`, body: `${body.join("\n").replace(/^\n/, "")}\n` };
}
