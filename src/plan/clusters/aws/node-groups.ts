// How an EKS managed node group is sized, named and booted. Pure.
import type { AwsNodePoolConfig } from "../../config/schema";
import { FleetConfigError } from "../../core/config-error";
import { Al2023AmiType, nodeGroupAmiType } from "./ami-types";

/**
 * The node count Pulumi keeps: the pool's desiredSize, else its minimum (and at least one).
 * fedfleet installs no node autoscaler on EKS, so Pulumi owns this number outright: a
 * raised minimum raises it in the same update, where EKS would refuse a minimum above a
 * live desired size that Pulumi had been told to ignore (UpdateNodegroupConfig:
 * "Minimum capacity ... can't be greater than desired size").
 */
export function nodeGroupDesiredSize(pool: Pick<AwsNodePoolConfig, "minSize" | "desiredSize">): number {
    return pool.desiredSize ?? Math.max(pool.minSize, 1);
}

/** A pool's instance types as the node group takes them: a list, in order of preference. */
export function poolInstanceTypes(pool: Pick<AwsNodePoolConfig, "instanceType">): string[] {
    return typeof pool.instanceType === "string" ? [pool.instanceType] : [...pool.instanceType];
}

/**
 * How long the unique suffix terraform-provider-aws adds to a name prefix is: 26 digits
 * (terraform-plugin-sdk helper/id, UniqueIDSuffixLength), which is why node_group_name_prefix
 * takes at most 63 - 26 characters (internal/service/eks/node_group.go).
 */
export const UNIQUE_SUFFIX_LENGTH = 26;
/** The longest node group name EKS takes (node_group_name: StringLenBetween(0, 63)). */
export const MAX_NODE_GROUP_NAME = 63;

/**
 * The prefix a pool's node groups are named from: `<pool>-` and a suffix the provider makes
 * unique. A fixed name would make every replacement delete the old group first (the bridge
 * replaces delete-first when an auto-named field is set: pulumi-terraform-bridge
 * nameRequiresDeleteBeforeReplace); with a prefix the new group is created, and its nodes
 * join, before the old one is drained and deleted.
 */
export function nodeGroupNamePrefix(pool: Pick<AwsNodePoolConfig, "name">): string {
    return `${pool.name}-`;
}

/** What fedfleet decides for one EKS managed node group, from its pool's entry. */
export interface NodeGroupPlan {
    pool: AwsNodePoolConfig;
    instanceTypes: string[];
    amiType: Al2023AmiType;
    namePrefix: string;
    desiredSize: number;
}

/** Plans a pool's node group. Throws FleetConfigError located relative to the pool's entry. */
export function planNodeGroup(pool: AwsNodePoolConfig): NodeGroupPlan {
    const namePrefix = nodeGroupNamePrefix(pool);
    const longest = MAX_NODE_GROUP_NAME - UNIQUE_SUFFIX_LENGTH;
    if (namePrefix.length > longest)
        throw new FleetConfigError(
            ["name"],
            `a node pool name of at most ${longest - 1} characters on aws (its node groups are named <name>- and a ${UNIQUE_SUFFIX_LENGTH}-digit suffix, ${MAX_NODE_GROUP_NAME} in all)`,
            `"${pool.name}" (${pool.name.length} characters)`,
        );
    const instanceTypes = poolInstanceTypes(pool);
    return {
        pool,
        instanceTypes,
        amiType: nodeGroupAmiType(instanceTypes),
        namePrefix,
        desiredSize: nodeGroupDesiredSize(pool),
    };
}
