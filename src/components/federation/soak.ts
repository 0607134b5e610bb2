// The wait between two rollout waves of a service: a `time.Sleep` that depends on the
// Deployments of one wave and that the next wave's Deployments depend on. Its create waits
// `createDuration` (terraform-provider-time resource_time_sleep.go), after the earlier wave's
// rollouts completed; a change of its `triggers` replaces it, and so waits again
// (triggers: RequiresReplace). src/plan/rollout/waves.ts decides what the triggers hold.
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import { sleepDuration } from "../../plan/core/sleep-duration";

/** The soak after a wave: how long, what replaces it, and the Deployments it follows. */
export interface SoakArgs {
    /** 1 for the soak between the first and the second wave. */
    afterWave: number;
    seconds: number;
    triggers: Record<string, string>;
    /** The wave's Deployments: the soak starts once every one of them has rolled out. */
    after: pulumi.Resource[];
}

/** A soak named `<name>/soak-after-wave-<n>`, a child of `parent`. */
export function soakAfterWave(parent: pulumi.Resource, name: string, args: SoakArgs): time.Sleep {
    return new time.Sleep(
        `${name}/soak-after-wave-${args.afterWave}`,
        { createDuration: sleepDuration(args.seconds), triggers: args.triggers },
        { parent, dependsOn: args.after },
    );
}
