// Whether `pulumi up` may run from this runner: every EKS API endpoint fedfleet builds is open
// only to the deployer's declared egress (`fedfleet:deployer.egressCidrs`), or, with
// `insideNetworks`, reached privately from `insideCidrs` (docs/config-reference.md). A runner
// outside both would reach the cloud APIs but not the clusters, and fail halfway through an
// up with some resources applied, so the deploy refuses to start there. Pure.
import type { DeployerConfig } from "../config/schema";
import { contains, parseCidr } from "./cidr";

/** What the runner looks like from the outside and from its own interfaces. */
export interface RunnerAddresses {
    /** Its public egress, as an echo service on the internet saw it (one entry per look). */
    publicAddresses: readonly string[];
    /** Its own interfaces' addresses (for runners inside the fleet's networks). */
    localAddresses: readonly string[];
}

/** A single address as a range of one. */
function asRange(address: string) {
    return parseCidr(address.includes(":") ? `${address}/128` : `${address}/32`);
}

/** Whether any of `ranges` (CIDR text) holds `address`. */
function declared(ranges: readonly string[], address: string): boolean {
    const single = asRange(address);
    return (
        single !== undefined &&
        ranges.some((range) => {
            const outer = parseCidr(range);
            return outer !== undefined && contains(outer, single);
        })
    );
}

/**
 * Why `up` must not run from a runner with these addresses, or undefined when it may. `stackFile`
 * names where the ranges are declared. Fails closed: no address seen, or none declared, refuses.
 */
export function egressRefusal(
    deployer: Pick<DeployerConfig, "egressCidrs" | "insideNetworks" | "insideCidrs">,
    runner: RunnerAddresses,
    stackFile: string,
): string | undefined {
    if (deployer.insideNetworks) {
        if (runner.localAddresses.some((address) => declared(deployer.insideCidrs, address))) return undefined;
        return (
            `${stackFile}: fedfleet:deployer.insideCidrs [${deployer.insideCidrs.join(", ")}] holds none of this ` +
            `runner's addresses (${runner.localAddresses.join(", ") || "none"}): it is not inside the fleet's networks`
        );
    }
    if (deployer.egressCidrs.length === 0)
        return `${stackFile}: fedfleet:deployer.egressCidrs is empty, so no runner's egress is declared to reach the EKS APIs`;
    if (runner.publicAddresses.length === 0) return `${stackFile}: this runner's public egress could not be told`;
    const outside = [...new Set(runner.publicAddresses.filter((address) => !declared(deployer.egressCidrs, address)))];
    if (outside.length === 0) return undefined;
    return (
        `${stackFile}: this runner's egress ${outside.join(", ")} is outside fedfleet:deployer.egressCidrs ` +
        `[${deployer.egressCidrs.join(", ")}]: the EKS APIs would refuse it halfway through the up`
    );
}
