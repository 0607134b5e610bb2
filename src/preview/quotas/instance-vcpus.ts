// How many vCPUs a node of an EC2 instance type or a Compute Engine machine type holds, and
// which vCPU quota it draws on. Only the types fedfleet's stacks use and common families, each
// read from a published table: a type not here is reported as not counted, never guessed.

/** Where the EC2 vCPU counts come from. */
export const EC2_VCPU_SOURCE = "EC2 instance type specifications (Default vCPUs; DescribeInstanceTypes VCpuInfo)";

/** vCPUs of the sizes large to 4xlarge: the same in every family listed with it below (EC2_VCPU_SOURCE). */
const LARGE_TO_4XLARGE = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16 } as const;

/** Families whose large to 4xlarge sizes have LARGE_TO_4XLARGE's vCPUs (EC2_VCPU_SOURCE's tables). */
const LADDER_FAMILIES: readonly string[] = [
    "m5",
    "m5a",
    "m6i",
    "m6g",
    "c5a",
    "c6i",
    "c6g",
    "r5",
    "r5a",
    "r6i",
    "r6g",
    "t3",
    "t3a",
    "t4g",
];

/** Types outside the ladder, each as its table lists it (EC2_VCPU_SOURCE). */
const OTHER_EC2_VCPUS: Readonly<Record<string, number>> = {
    "t3.medium": 2,
    "t3a.medium": 2,
    "t4g.medium": 2,
    "g4dn.xlarge": 4,
    "g4dn.2xlarge": 8,
    "g4dn.4xlarge": 16,
    "g4dn.8xlarge": 32,
    "g4dn.12xlarge": 48,
    "g5.xlarge": 4,
    "p3.2xlarge": 8,
    "p3.8xlarge": 32,
    "p4d.24xlarge": 96,
};

/** The vCPUs of an EC2 instance type, or undefined when the table does not list it. */
export function ec2Vcpus(instanceType: string): number | undefined {
    if (Object.hasOwn(OTHER_EC2_VCPUS, instanceType)) return OTHER_EC2_VCPUS[instanceType];
    const [family, size] = instanceType.split(".");
    if (!LADDER_FAMILIES.includes(family) || !Object.hasOwn(LARGE_TO_4XLARGE, size)) return undefined;
    return LARGE_TO_4XLARGE[size as keyof typeof LARGE_TO_4XLARGE];
}

/** An EC2 On-Demand vCPU quota: its Service Quotas code and name. */
export interface Ec2VcpuQuota {
    code: string;
    name: string;
    /** The instance families (letters before the generation) that draw on it. */
    families: readonly string[];
}

/**
 * The On-Demand vCPU quotas, by the family letters their names list (Service Quotas, quota
 * names and codes for Amazon EC2; EC2 User Guide, "On-Demand Instance quotas"). Other families
 * (F, Inf, Trn, DL, X, U, Mac, HPC) have quotas of their own, not counted here.
 */
export const EC2_ON_DEMAND_VCPU_QUOTAS: readonly Ec2VcpuQuota[] = [
    {
        code: "L-1216C47A",
        name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
        families: ["a", "c", "d", "h", "i", "im", "is", "m", "r", "t", "z"],
    },
    { code: "L-DB2E81BA", name: "Running On-Demand G and VT instances", families: ["g", "gr", "vt"] },
    { code: "L-417A185B", name: "Running On-Demand P instances", families: ["p"] },
];

/** The On-Demand vCPU quota an instance type draws on (`m6i.large`: Standard), or undefined. */
export function ec2VcpuQuotaOf(instanceType: string): Ec2VcpuQuota | undefined {
    const letters = /^([a-z]+)\d/.exec(instanceType)?.[1];
    return letters === undefined ? undefined : EC2_ON_DEMAND_VCPU_QUOTAS.find((q) => q.families.includes(letters));
}

/** Where the Compute Engine vCPU counts come from. */
export const GCE_VCPU_SOURCE = "Compute Engine docs, general-purpose machine family (predefined machine types)";

/** Series whose `-standard-<n>` types hold n vCPUs, for the n listed (GCE_VCPU_SOURCE's tables). */
const STANDARD_SERIES: readonly string[] = ["e2", "n2", "n2d", "n1"];
const STANDARD_SIZES: readonly number[] = [2, 4, 8, 16, 32];

/** The vCPUs of a Compute Engine machine type (`n2-standard-4`: 4), or undefined when not listed. */
export function gceVcpus(machineType: string): number | undefined {
    const match = /^([a-z0-9]+)-standard-(\d+)$/.exec(machineType);
    if (!match || !STANDARD_SERIES.includes(match[1])) return undefined;
    const size = Number(match[2]);
    return STANDARD_SIZES.includes(size) ? size : undefined;
}

/** A machine type's series, as Compute Engine's per-series quota metrics name it (`n2-standard-4`: N2). */
export function gceSeriesOf(machineType: string): string {
    return machineType.split("-")[0].toUpperCase();
}
