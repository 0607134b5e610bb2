// What every preview of a stack file starts from, before the program runs: the file read as
// Pulumi reads it and its fleet validated and planned as the program plans it. Pure (no
// Pulumi SDK), so a config mistake is refused before the SDK is loaded (about a second).
import type { FleetPlan } from "../../plan/fleet-plan";
import { planStackFile } from "../quotas/stack-plans";
import { readStackFile, stackNameOf, StackFileConfig } from "./stack-file";

/** A stack file that reads and plans: its stack name, how errors name it, its config and its plan. */
export interface CheckedStack {
    stack: string;
    stackFileLabel: string;
    file: StackFileConfig;
    plan: FleetPlan;
}

/** Which stack file, how errors name it (the path as given by default), and its stack (`Pulumi.<stack>.yaml` by default). */
export interface StackFileChoice {
    stackFile: string;
    stackFileLabel?: string;
    stack?: string;
}

/** Reads and plans a stack file; throws StackFileError or FleetConfigError naming the file. */
export function checkStackFile({ stackFile, stackFileLabel, stack }: StackFileChoice): CheckedStack {
    const label = stackFileLabel ?? stackFile;
    const name = stack ?? stackNameOf(stackFile);
    const file = readStackFile(stackFile, label);
    return { stack: name, stackFileLabel: label, file, plan: planStackFile(file, label, name) };
}
