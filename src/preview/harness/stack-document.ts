// A stack file's `fedfleet:` namespace with the document checks only, enough for the fake
// clouds to know the stack's clusters and zone: for the benchmark's SDK floor, which runs no
// fedfleet program (runProgram validates and plans the whole fleet instead).
import { parseFleetConfig } from "../../plan/config/validate";
import type { FleetConfig } from "../../plan/config/schema";
import { FleetConfigError } from "../../plan/core/config-error";

/** The parsed namespace; a mistake is a FleetConfigError naming the stack file. */
export function readStackDocument(raw: Record<string, unknown>, stackFile: string): FleetConfig {
    try {
        return parseFleetConfig(raw);
    } catch (error) {
        if (error instanceof FleetConfigError) throw error.inFile(stackFile);
        throw error;
    }
}
