// The terminal preview, answer first: the verdict (exit code and why), where each service
// runs, each service's names and failover, then one line per cluster. `--details` adds what
// the opening leaves out: each cluster's labels and resources by type, every DNS record, and
// resources by type. plan.md and plan.json always hold everything (render.ts).
import type { ProgramRun } from "../harness/run-program";
import { PLAIN, Style } from "../terminal/niceties";
import {
    clusterSummaryLines,
    clusterTreeLines,
    dnsTreeLines,
    headerLines,
    outsideLines,
    placementLines,
    typeTotalLines,
    zoneDelegationLines,
    zoneOf,
} from "./render";
import { eksAddonBuilds, renderAddonBuilds } from "./addon-builds";
import { resilienceLines } from "./resilience-view";
import { serviceBlocks } from "./service-facts";
import { PolicyResult, verdictInputsOf, verdictLines } from "./verdict";

/** How the preview is printed: with or without the details, in colour or plain. */
export interface PreviewOptions {
    details: boolean;
    style?: Style;
}

/**
 * The services section: the zone, then per service a line with its name and under it one
 * labelled line per fact (service-facts.ts), labels aligned across services.
 */
export function serviceLines(run: ProgramRun, style: Style = PLAIN): string[] {
    const blocks = serviceBlocks(run);
    if (blocks.length === 0) return [];
    const zone = zoneOf(run);
    const width = Math.max(...blocks.flatMap((block) => block.facts.map((fact) => fact.label.length)));
    const lines = [zone ? `Services (DNS ${zone.provider}, zone ${zone.name})` : "Services"];
    for (const line of zoneDelegationLines(run)) lines.push(line.startsWith("!") ? style.warn(line) : line);
    for (const block of blocks) {
        lines.push(`  ${block.service}`);
        for (const fact of block.facts) lines.push(`    ${fact.label.padEnd(width)}  ${fact.value}`);
    }
    return lines;
}

/** The terminal preview of a run and its policy verdict, sections apart by a blank line. */
export function renderPreview(run: ProgramRun, policy: PolicyResult, options: PreviewOptions): string {
    const style = options.style ?? PLAIN;
    const verdict = verdictLines(verdictInputsOf(run, policy), options.details, style);
    const sections: string[][] = [headerLines(run), verdict, placementLines(run), serviceLines(run, style)];
    if (options.details) {
        sections.push(
            clusterTreeLines(run),
            renderAddonBuilds(eksAddonBuilds(run.resources)).trim().split("\n").filter(Boolean),
            dnsTreeLines(run),
            resilienceLines(run),
            outsideLines(run),
            typeTotalLines(run),
        );
    } else {
        sections.push(clusterSummaryLines(run), [
            "Each cluster's labels and resources by type, and every DNS record: --details",
        ]);
    }
    return `${sections
        .filter((section) => section.length > 0)
        .map((section) => section.join("\n"))
        .join("\n\n")}\n`;
}
