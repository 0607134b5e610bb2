// Which EKS AMI type a managed node group runs, from its instance types: the one home of
// fedfleet's instance-family tables. Pure.
//
// Sources, read once for this table:
// - Graviton (arm64) families: aws/aws-graviton-getting-started README.md (Graviton2: M6g/M6gd,
//   C6g/C6gd/C6gn, R6g/R6gd, T4g, X2gd, G5g, I4g/Im4gn/Is4gen; Graviton3(E): C7g/C7gd/C7gn,
//   M7g/M7gd, R7g/R7gd, Hpc7g; Graviton4: C8g, M8g, R8g, X8g, I8g); A1, the first Arm
//   generation (AWS CDK, ec2.InstanceClass.A1). Families newer than that list follow the EC2
//   naming convention: the processor letter after the generation, `g`, is AWS Graviton
//   (EC2 Instance Types guide, "Amazon EC2 instance type naming conventions").
// - Accelerated families: EKS User Guide, ml-eks-optimized-ami ("Use EKS-optimized accelerated
//   AMIs for GPU instances"), the AL2023 rows: x86_64 NVIDIA, ARM NVIDIA, x86_64 Neuron. The
//   same page says the accelerated AMIs carry the drivers for the NVIDIA `G` and `P` families.
// - AMI type names: the EKS API's AMITypes enum (CreateNodegroup amiType).
import { FleetConfigError } from "../../core/config-error";

/** The AL2023 AMI types fedfleet gives node groups (EKS API, AMITypes). */
export const AL2023_AMI_TYPES = {
    x86: "AL2023_x86_64_STANDARD",
    arm: "AL2023_ARM_64_STANDARD",
    x86Nvidia: "AL2023_x86_64_NVIDIA",
    armNvidia: "AL2023_ARM_64_NVIDIA",
    x86Neuron: "AL2023_x86_64_NEURON",
} as const;

/** One of AL2023_AMI_TYPES. */
export type Al2023AmiType = (typeof AL2023_AMI_TYPES)[keyof typeof AL2023_AMI_TYPES];

/** A CPU architecture, as the AMI types name them. */
export type Architecture = "x86_64" | "arm64";

/** Graviton families the Graviton guide lists, and A1. */
export const GRAVITON_FAMILIES: readonly string[] = [
    "a1",
    "m6g",
    "m6gd",
    "c6g",
    "c6gd",
    "c6gn",
    "r6g",
    "r6gd",
    "t4g",
    "x2gd",
    "g5g",
    "i4g",
    "im4gn",
    "is4gen",
    "c7g",
    "c7gd",
    "c7gn",
    "m7g",
    "m7gd",
    "r7g",
    "r7gd",
    "hpc7g",
    "c8g",
    "m8g",
    "r8g",
    "x8g",
    "i8g",
];

/** The families each AL2023 accelerated AMI type supports (EKS User Guide, ml-eks-optimized-ami). */
export const ACCELERATED_FAMILIES: Readonly<
    Record<Exclude<Al2023AmiType, "AL2023_x86_64_STANDARD" | "AL2023_ARM_64_STANDARD">, readonly string[]>
> = {
    AL2023_x86_64_NVIDIA: [
        "p6-b300",
        "p6-b200",
        "p5",
        "p5e",
        "p5en",
        "p4d",
        "p4de",
        "p3",
        "p3dn",
        "g7e",
        "gr6",
        "g6",
        "g6e",
        "g6f",
        "gr6f",
        "g5",
        "g4dn",
    ],
    AL2023_ARM_64_NVIDIA: ["p6e-gb200", "p6e-gb300", "g5g"],
    AL2023_x86_64_NEURON: ["inf1", "inf2", "trn1", "trn2"],
};

/** The family of an instance type: everything before the period (`m7g.xlarge` -> `m7g`). */
export function instanceFamily(instanceType: string): string {
    return instanceType.split(".")[0];
}

/** A Graviton family by the naming convention: letters, a generation, then `g` (`m8gd`, `is4gen`). */
const GRAVITON_NAME = /^[a-z]+\d+g[a-z]*$/;

/** What an instance type needs: its architecture and the AMI type that boots it, or why none does. */
export function amiTypeOf(
    instanceType: string,
): { architecture: Architecture; amiType: Al2023AmiType } | { refused: string } {
    const family = instanceFamily(instanceType);
    for (const [amiType, families] of Object.entries(ACCELERATED_FAMILIES) as [Al2023AmiType, readonly string[]][])
        if (families.includes(family)) return { architecture: amiType.includes("ARM") ? "arm64" : "x86_64", amiType };
    // The NVIDIA G and P families the accelerated AMIs do not list have no AL2023 driver.
    if (/^(g|gr|p)\d/.test(family))
        return {
            refused: `${family} is an accelerated family no AL2023 accelerated AMI supports (EKS User Guide, ml-eks-optimized-ami)`,
        };
    if (GRAVITON_FAMILIES.includes(family) || GRAVITON_NAME.test(family))
        return { architecture: "arm64", amiType: AL2023_AMI_TYPES.arm };
    return { architecture: "x86_64", amiType: AL2023_AMI_TYPES.x86 };
}

/**
 * The one AMI type a node group of these instance types runs. Throws FleetConfigError at
 * `instanceType` (relative to the pool) for a family no AL2023 AMI boots with its accelerators,
 * or for types that need different AMI types: a node group has exactly one (CreateNodegroup amiType).
 */
export function nodeGroupAmiType(instanceTypes: readonly string[]): Al2023AmiType {
    const needs = instanceTypes.map((type) => ({ type, need: amiTypeOf(type) }));
    const refused = needs.find(({ need }) => "refused" in need);
    if (refused && "refused" in refused.need)
        throw new FleetConfigError(
            ["instanceType"],
            "an instance type an EKS AL2023 AMI supports (standard, Graviton, or an NVIDIA or Neuron family the accelerated AMIs list)",
            `"${refused.type}": ${refused.need.refused}`,
        );
    const kinds = [...new Set(needs.map(({ need }) => ("amiType" in need ? need.amiType : AL2023_AMI_TYPES.x86)))];
    if (kinds.length > 1) {
        const described = needs
            .map(({ type, need }) => ("amiType" in need ? `${type} (${need.amiType})` : type))
            .join(", ");
        throw new FleetConfigError(
            ["instanceType"],
            "instance types of one architecture and accelerator (a node group runs one AMI type)",
            described,
        );
    }
    return kinds[0];
}
