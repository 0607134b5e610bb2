// How big an EKS managed node group is. Pure.
import type { AwsNodePoolConfig } from "../../config/schema";

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
