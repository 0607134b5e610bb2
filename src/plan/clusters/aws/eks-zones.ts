// Which Availability Zones an EKS cluster may use, and which it gets by default. Pure.
import { regionInfo } from "../../regions/catalog";

/**
 * Per region, the AZ IDs that cannot hold an EKS control plane's subnets: EKS User Guide,
 * "VPC and subnet requirements" (network-reqs), whose table lists exactly these three;
 * CreateCluster fails with UnsupportedAvailabilityZoneException.
 */
export const EKS_UNSUPPORTED_ZONE_IDS_BY_REGION: Readonly<Record<string, readonly string[]>> = {
    "us-east-1": ["use1-az3"],
    "us-west-1": ["usw1-az2"],
    "ca-central-1": ["cac1-az3"],
};

/** Every AZ ID EKS refuses, whatever its region. */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = Object.values(EKS_UNSUPPORTED_ZONE_IDS_BY_REGION).flat();

/**
 * The fewest zones an EKS cluster's subnets may span: "at least two subnets that are in
 * different Availability Zones" (EKS User Guide, network-reqs; CreateCluster).
 */
export const EKS_MIN_ZONES = 2;

/** Where the EKS zone rules come from. */
export const EKS_ZONE_SOURCE = "EKS User Guide, VPC and subnet requirements (network-reqs.html)";

/** Whether a zone is given by AZ ID (`use1-az1`) rather than by name (`us-east-1a`). */
export function isZoneId(zone: string): boolean {
    return /^[a-z]+\d+-az\d+$/.test(zone);
}

/**
 * The zones an EKS cluster gets when its config names none: up to three. In a region where
 * EKS refuses an AZ ID, a zone name can map (per account) to that ID, so there they are the
 * region's AZ IDs EKS accepts (two in us-west-1, EKS's minimum); elsewhere its first three
 * zone names.
 */
export function defaultEksZones(region: string): string[] {
    const info = regionInfo("aws", region);
    if (!info) return [];
    const refused = EKS_UNSUPPORTED_ZONE_IDS_BY_REGION[region];
    if (refused) return (info.zoneIds ?? []).filter((id) => !refused.includes(id)).slice(0, 3);
    return info.zones.slice(0, 3);
}
