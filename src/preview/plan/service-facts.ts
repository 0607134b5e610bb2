// What a person asks first about each service, as (label, value) lines: its names, how DNS
// routes to it and how long a failed cluster keeps getting traffic. A feature that adds to
// that answer (waves, local-first names, survival) adds one labelled line here, and the
// terminal opening and plan.md both show it.
import type { DnsRecordSummary } from "../../plan/dns/describe-records";
import type { ProgramRun } from "../harness/run-program";
import { UNKNOWN_MARK } from "../harness/marks";
import { resilienceSummaries } from "./resilience-view";
import { fleetServiceName } from "../../plan/workloads/fleet-name";
import type { ServiceRollout } from "../../plan/rollout/waves";

/** A service's `dns` stack output (index.ts): its names and settings, or why it has none. */
export interface DnsOutput {
    skipped?: string;
    global: string;
    regions: Record<string, string>;
    /** Local-first name per cluster (docs/local-first.md); absent in plans written before it existed. */
    local?: Record<string, string>;
    localFailoverSeconds?: Record<string, number | null>;
    /** How long a removal waits between a cluster's records and its Service (docs/day-2.md). */
    drainSeconds?: number;
    /** Draining clusters the service runs on, out of its records; absent when none. */
    draining?: string[];
    /** What draining changes in its routing, a sentence each. */
    notes?: string[];
    routing: string;
    ttl: number;
    failoverSeconds: number | null;
    records: DnsRecordSummary[];
}

/** A service's `rollout` stack output (FederatedService.summary): its waves, soak and held clusters. */
export type RolloutOutput = Pick<ServiceRollout, "waves" | "soakSeconds" | "awaitSeconds"> & { held?: string[] };

/**
 * The waves in one line, in the order `pulumi up` rolls them out: `aws-use1 → soak 300 s →
 * aws-euw1, gke-usc1`, or the clusters `at once` when there is one wave; then what is held.
 */
export function wavesText(rollout: RolloutOutput): string {
    const soak = rollout.soakSeconds > 0 ? ` → soak ${rollout.soakSeconds} s → ` : " → ";
    const waves =
        rollout.waves.length === 0
            ? "no cluster rolls out"
            : rollout.waves.length === 1
              ? `${rollout.waves[0].join(", ")} at once (no waves)`
              : rollout.waves.map((wave) => wave.join(", ")).join(soak);
    const held = rollout.held?.length ? `; held, left as they run: ${rollout.held.join(", ")}` : "";
    return `${waves}${held}`;
}

/**
 * A service's rollout: from its stack output, or, where a first preview leaves that unknown,
 * from what its FederatedService component registered.
 */
export function rolloutOf(run: ProgramRun, service: string): RolloutOutput | undefined {
    const output = (run.outputs.services as Record<string, { rollout?: RolloutOutput } | string> | undefined)?.[
        service
    ];
    if (output !== null && typeof output === "object" && output.rollout) return output.rollout;
    const component = run.resources.find(
        (r) => r.type === "fedfleet:service:FederatedService" && r.name.split("/").pop() === service,
    );
    const registered = component && run.resourceOutputs.get(component.urn)?.rollout;
    return registered !== null && typeof registered === "object" ? (registered as RolloutOutput) : undefined;
}

/** One line of a service's block: what it tells (label) and the answer (value). */
export interface ServiceFact {
    label: string;
    value: string;
}

/** A service and its facts, in the order they are shown. */
export interface ServiceBlock {
    service: string;
    facts: ServiceFact[];
}

/**
 * The region names in one line: `a.{r1,r2}.b` when each is the same name with only the region
 * changed (as Federation v1 names them), otherwise the names themselves, comma-separated.
 */
export function regionNamesText(regions: Record<string, string>): string {
    const entries = Object.entries(regions);
    if (entries.length === 0) return "none";
    if (entries.length === 1) return entries[0][1];
    // Braces never occur in a DNS name (names.ts dnsNameProblem), so "{}" marks the region's place.
    const patterns = new Set(entries.map(([region, name]) => name.replace(`.${region}.`, ".{}.")));
    const [pattern] = patterns;
    if (patterns.size === 1 && pattern.includes("{}"))
        return pattern.replace("{}", `{${entries.map(([region]) => region).join(",")}}`);
    return entries.map(([, name]) => name).join(", ");
}

/**
 * Names that differ in their middle labels, in one line: the shared leading and trailing labels
 * once, the differing part of each in braces (`a.{x.r1,y.r2}.b`); the names themselves when
 * nothing is shared.
 */
export function bracedNamesText(names: readonly string[]): string {
    if (names.length === 0) return "none";
    if (names.length === 1) return names[0];
    const split = names.map((name) => name.split("."));
    const shortest = Math.min(...split.map((labels) => labels.length));
    let head = 0;
    while (head < shortest - 1 && split.every((labels) => labels[head] === split[0][head])) head += 1;
    let tail = 0;
    while (
        tail < shortest - head - 1 &&
        split.every((labels) => labels[labels.length - 1 - tail] === split[0][split[0].length - 1 - tail])
    )
        tail += 1;
    if (head === 0 && tail === 0) return names.join(", ");
    const middles = split.map((labels) => labels.slice(head, labels.length - tail).join("."));
    const prefix = split[0].slice(0, head).join(".");
    const suffix = split[0].slice(split[0].length - tail).join(".");
    return `${prefix ? `${prefix}.` : ""}{${middles.join(",")}}${suffix ? `.${suffix}` : ""}`;
}

function dnsFacts(service: string, dns: DnsOutput | undefined, stackHasDns: boolean): ServiceFact[] {
    if (!dns) return [{ label: "names", value: stackHasDns ? "none" : "none (the stack configures no DNS)" }];
    if (dns.skipped) return [{ label: "names", value: `no global DNS (${dns.skipped})` }];
    // The global name and its failover first: what a person asks first, and what must fit the opening.
    return [
        { label: "global", value: dns.global },
        {
            label: "failover",
            value:
                dns.failoverSeconds === null
                    ? "no health-checked failover"
                    : `estimate ${dns.failoverSeconds} s until resolvers stop handing out a failed cluster`,
        },
        { label: "routing", value: `${dns.routing}, TTL ${dns.ttl} s` },
        { label: "regional", value: regionNamesText(dns.regions ?? {}) },
        ...(dns.local && Object.keys(dns.local).length > 0
            ? [
                  {
                      label: "local",
                      value: `${bracedNamesText(Object.values(dns.local))} (pods: ${fleetServiceName(service)})`,
                  },
              ]
            : []),
        ...(dns.draining
            ? [{ label: "draining", value: `${dns.draining.join(", ")}: in no record set, workloads kept` }]
            : []),
        ...(dns.notes ?? []).map((note) => ({ label: "note", value: note })),
    ];
}

/** Per service, by name: the facts of its block. A first preview knows no names yet (they follow load balancers). */
export function serviceBlocks(run: ProgramRun): ServiceBlock[] {
    const services = (run.outputs.services ?? {}) as Record<string, { dns?: DnsOutput } | string>;
    const stackHasDns = run.outputs.dnsZone !== undefined;
    const survival = resilienceSummaries(run);
    return Object.keys(services)
        .sort()
        .map((service) => {
            const output = services[service];
            const facts: ServiceFact[] =
                output === UNKNOWN_MARK || typeof output !== "object"
                    ? [{ label: "names", value: "unknown until its load balancers exist (first preview)" }]
                    : dnsFacts(service, output.dns, stackHasDns);
            const rollout = rolloutOf(run, service);
            if (rollout) facts.push({ label: "waves", value: wavesText(rollout) });
            if (survival[service]) facts.push({ label: "resilience", value: survival[service] });
            return { service, facts };
        });
}
