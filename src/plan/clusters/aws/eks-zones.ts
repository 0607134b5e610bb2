// Which Availability Zones an EKS cluster may use, and which it gets by default. Pure.
import { regionInfo } from "../../regions/catalog";

/**
 * AZ IDs that cannot hold an EKS control plane's subnets: EKS User Guide, "VPC and subnet
 * requirements" (network-reqs); CreateCluster fails with UnsupportedAvailabilityZoneException.
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** Where the EKS zone rule comes from. */
export const EKS_ZONE_SOURCE = "EKS User Guide, VPC and subnet requirements (network-reqs.html)";

/** Whether a zone is given by AZ ID (`use1-az1`) rather than by name (`us-east-1a`). */
export function isZoneId(zone: string): boolean {
    return /^[a-z]+\d+-az\d+$/.test(zone);
}

/**
 * The zones an EKS cluster gets when its config names none: three. In regions where a zone
 * name can map (per account) to an AZ ID EKS refuses, they are AZ IDs EKS accepts; elsewhere
 * the region's first three zone names.
 */
export function defaultEksZones(region: string): string[] {
    const info = regionInfo("aws", region);
    if (!info) return [];
    const refusesSome = (info.zoneIds ?? []).some((id) => EKS_UNSUPPORTED_ZONE_IDS.includes(id));
    if (refusesSome) return (info.zoneIds ?? []).filter((id) => !EKS_UNSUPPORTED_ZONE_IDS.includes(id)).slice(0, 3);
    return info.zones.slice(0, 3);
}
