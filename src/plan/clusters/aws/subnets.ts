// How an EKS cluster's VPC CIDR is carved into subnets. Pure.
// Private subnets hold nodes and, with the VPC CNI, every pod IP, so they get the large
// blocks; public subnets hold only load balancers and NAT gateways.

function ipToInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIp(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** A zone's two subnets, as carved from the VPC CIDR by planSubnets. */
export interface ZoneSubnets {
    zone: string;
    privateCidr: string;
    publicCidr: string;
}

/**
 * Splits `vpcCidr` in eight: zone i's private subnet is eighth i; the public subnets share
 * the last eighth, split in eight again. Supports up to 7 zones and VPC prefixes /16 to /22.
 */
export function planSubnets(vpcCidr: string, zones: readonly string[]): ZoneSubnets[] {
    const [address, prefixText] = vpcCidr.split("/");
    const prefix = Number(prefixText);
    if (prefix < 16 || prefix > 22) throw new Error(`VPC CIDR ${vpcCidr}: expected a prefix between /16 and /22`);
    if (zones.length > 7) throw new Error(`VPC CIDR ${vpcCidr}: at most 7 zones fit, got ${zones.length}`);
    const size = 2 ** (32 - prefix);
    const base = ipToInt(address) - (ipToInt(address) % size);
    const eighth = size / 8;
    const publicBase = base + 7 * eighth;
    return zones.map((zone, index) => ({
        zone,
        privateCidr: `${intToIp(base + index * eighth)}/${prefix + 3}`,
        publicCidr: `${intToIp(publicBase + index * (eighth / 8))}/${prefix + 6}`,
    }));
}
