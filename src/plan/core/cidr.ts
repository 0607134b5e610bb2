// IP ranges, read by ipaddr.js (a small, widely used parser) rather than by regular
// expressions: whether a CIDR is canonical, whether two ranges overlap, whether one holds
// another. Pure; IPv4 and IPv6.
import * as ipaddr from "ipaddr.js";

/** A parsed CIDR: its address, prefix length and family. */
export interface Cidr {
    text: string;
    address: ipaddr.IPv4 | ipaddr.IPv6;
    prefix: number;
    family: "ipv4" | "ipv6";
}

/** The CIDR in `text`, or undefined when it is not one (`10.0.0.0/16`, `2001:db8::/32`). */
export function parseCidr(text: string): Cidr | undefined {
    // The family first, by the checks ipaddr.isValidCIDR makes (IPv6's answers no at once for
    // text without a colon): ipaddr.parseCIDR tries IPv6 first and throws an Error, with its
    // stack trace, for every IPv4 range, and the offline preview reads hundreds of them.
    if (ipaddr.IPv6.isValidCIDR(text)) {
        const [address, prefix] = ipaddr.IPv6.parseCIDR(text);
        return { text, address, prefix, family: "ipv6" };
    }
    if (ipaddr.IPv4.isValidCIDR(text)) {
        const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
        return { text, address, prefix, family: "ipv4" };
    }
    return undefined;
}

/** The network a CIDR names, in canonical form: `10.54.0.0/14` is `10.52.0.0/14`. */
export function networkOf(cidr: Cidr): string {
    const network =
        cidr.family === "ipv4"
            ? ipaddr.IPv4.networkAddressFromCIDR(cidr.text)
            : ipaddr.IPv6.networkAddressFromCIDR(cidr.text);
    return `${network.toString()}/${cidr.prefix}`;
}

/** Whether a CIDR has no host bits set (its address is its network's). */
export function isCanonical(cidr: Cidr): boolean {
    return networkOf(cidr) === `${cidr.address.toString()}/${cidr.prefix}`;
}

/** Whether `outer` holds all of `inner`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return (
        outer.family === inner.family &&
        outer.prefix <= inner.prefix &&
        inner.address.match(outer.address, outer.prefix)
    );
}

/** Whether two ranges share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return contains(a, b) || contains(b, a);
}

/** The number of addresses in an IPv4 range. */
export function ipv4Size(cidr: Cidr): number {
    return 2 ** (32 - cidr.prefix);
}

/**
 * Whether an address is one the internet routes to: ipaddr.js's `unicast` range, i.e. none of
 * the IANA special-purpose blocks (RFC 6890: private RFC 1918 space, shared CGNAT space,
 * loopback, link-local, documentation and other reserved ranges).
 */
export function isInternetAddress(text: string): boolean {
    if (!ipaddr.isValid(text)) return false;
    const address = ipaddr.process(text);
    return address.range() === "unicast";
}
