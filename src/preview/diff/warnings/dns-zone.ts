// A DNS provider or zone switch: every record leaves the old zone, which stays delegated (the
// parent's NS records are outside the stack) and answers with nothing for the services' names,
// and the names move under another delegation. Read from the stack output `dnsZone`. Pure.
import { AWS_TYPES, GCP_TYPES } from "../../../plan/core/type-tokens";
import type { PlanFile } from "../plan-diff";
import { servicesOf } from "../traffic";

/** The stack output `dnsZone`, as the DNS component describes it. */
interface ZoneOutput {
    provider?: string;
    name?: string;
    id?: string;
    nameServers?: string[];
}

const RECORD_TYPES: readonly string[] = [AWS_TYPES.record, GCP_TYPES.recordSet];
const PROVIDER_NAMES: Record<string, string> = { route53: "Route53", clouddns: "Cloud DNS" };

const zoneOf = (plan?: PlanFile) => plan?.outputs.dnsZone as ZoneOutput | undefined;
/** A zone as the warning names it; with its id where the names alone do not tell the two apart. */
const describe = (zone: ZoneOutput, withId: boolean) =>
    `${PROVIDER_NAMES[zone.provider ?? ""] ?? zone.provider} zone ${zone.name}${zone.id && (withId || zone.provider === "clouddns") ? ` (${zone.id})` : ""}`;

/** The warning of a change that moves the stack's records to another provider, zone or domain; none otherwise. */
export function dnsZoneWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const [was, now] = [zoneOf(base), zoneOf(head)];
    if (!was || !now) return [];
    const same = was.provider === now.provider && was.name === now.name && (was.id ?? "") === (now.id ?? "");
    if (same) return [];
    const sameName = was.provider === now.provider && was.name === now.name;
    const records = (base?.resources ?? []).filter((r) => RECORD_TYPES.includes(r.type)).length;
    const [before, after] = [servicesOf(base), servicesOf(head)];
    const moved = Object.keys(before)
        .sort()
        .filter(
            (s) => before[s].dns?.global && after[s]?.dns?.global && before[s].dns?.global !== after[s]?.dns?.global,
        )
        .map((s) => `${before[s].dns!.global} → ${after[s].dns!.global}`);
    const lines = [
        `DNS moves from ${describe(was, sameName)} to ${describe(now, sameName)}: the ${records} record(s) of the old zone are deleted, and whatever delegates ${was.name} (the parent zone's NS records, outside this stack) still sends resolvers to ${was.nameServers?.length ? was.nameServers.join(", ") : "the old zone's name servers"}, which then have nothing for the services' names. Delegate ${now.name} to the new zone's name servers before the old records go, or clients lose every name.`,
    ];
    if (moved.length > 0)
        lines.push(
            `Service names move under another delegation: ${moved.slice(0, 3).join("; ")}${moved.length > 3 ? `; and ${moved.length - 3} more` : ""}: clients and certificates that use the old names must change with them.`,
        );
    return lines;
}
