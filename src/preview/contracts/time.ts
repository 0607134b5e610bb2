// Contracts of @pulumiverse/time 0.1.1 (a bridge of terraform-provider-time v0.12.1) for the
// resources fedfleet registers: the Sleeps that hold a Service back while its DNS drains.
import { SLEEP_DURATION } from "../../plan/dns/drain";
import type { LooseInputs as Inputs, RecordedResource } from "../harness/recording-monitor";
import { Finding, ResourceContract, shown } from "./contract";

/** The type tokens of the time resources fedfleet registers. */
export const TIME_TYPES = {
    sleep: "time:index/sleep:Sleep",
} as const;

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;
const SLEEP_SOURCE =
    "terraform-provider-time internal/provider/resource_time_sleep.go (create_duration, destroy_duration: RegexMatches, AtLeastOneOf)";

/** Every time resource contract. */
export const timeContracts: ResourceContract[] = [
    {
        id: "time.sleep.durations",
        types: [TIME_TYPES.sleep],
        rule: "a createDuration or a destroyDuration (at least one), each a number and a unit (ms, s, m or h), such as 190s",
        source: SLEEP_SOURCE,
        check: (r) => {
            const inputs = inputsOf(r);
            const findings: Finding[] = [];
            for (const field of ["createDuration", "destroyDuration"] as const) {
                const value = inputs[field];
                if (value !== undefined && (typeof value !== "string" || !SLEEP_DURATION.test(value)))
                    findings.push({ field, found: shown(value) });
            }
            if (inputs.createDuration === undefined && inputs.destroyDuration === undefined)
                findings.push({ field: "destroyDuration", found: "neither duration" });
            return findings;
        },
    },
];
