// Contracts of EKS managed node groups that follow upgrades and replace create-first: the
// version they may carry, the prefix they are named from, and the AMI their instances boot.
import { nodeGroupAmiType } from "../../plan/clusters/aws/ami-types";
import { MAX_NODE_GROUP_NAME, UNIQUE_SUFFIX_LENGTH } from "../../plan/clusters/aws/node-groups";
import { FleetConfigError } from "../../plan/core/config-error";
import type { LooseInputs as Inputs, RecordedResource } from "../harness/recording-monitor";
import { AWS_TYPES as T } from "./aws";
import { ContractContext, ResourceContract, shown } from "./contract";

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

/** The EKS cluster a node group names, among the run's registrations. */
function clusterOf(group: RecordedResource, context: ContractContext): RecordedResource | undefined {
    const name = inputsOf(group).clusterName;
    return context.resources.find((r) => r.type === T.eksCluster && inputsOf(r).name === name);
}

/** Every node-group contract about upgrades, naming and AMIs. */
export const awsNodeGroupContracts: ResourceContract[] = [
    {
        id: "aws.eks.node-group.version",
        types: [T.nodeGroup],
        rule: "the Kubernetes version of its cluster's control plane (a node group is created only at it, and never upgraded past it)",
        source: "EKS API CreateNodegroup (version: the cluster's current version is the only accepted value); EKS User Guide, update-managed-node-group (the version can't be greater than the control plane's)",
        check: (r, context) => {
            const version = inputsOf(r).version;
            const cluster = clusterOf(r, context);
            if (version === undefined || !cluster) return [];
            const clusterVersion = inputsOf(cluster).version;
            return version === clusterVersion
                ? []
                : [{ field: "version", found: `${shown(version)} on a ${shown(clusterVersion)} control plane` }];
        },
    },
    {
        id: "aws.eks.node-group.name-prefix",
        types: [T.nodeGroup],
        rule: `a name prefix of at most ${MAX_NODE_GROUP_NAME - UNIQUE_SUFFIX_LENGTH} letters, digits, '-' or '_', starting with a letter or digit (the provider adds ${UNIQUE_SUFFIX_LENGTH} digits)`,
        source: "terraform-provider-aws internal/service/eks/node_group.go (node_group_name_prefix: StringLenBetween(0, 63-id.UniqueIDSuffixLength)); terraform-plugin-sdk helper/id (26-digit suffix)",
        check: (r) => {
            const prefix = inputsOf(r).nodeGroupNamePrefix;
            if (prefix === undefined) return [];
            const ok =
                typeof prefix === "string" &&
                /^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(prefix) &&
                prefix.length <= MAX_NODE_GROUP_NAME - UNIQUE_SUFFIX_LENGTH;
            return ok ? [] : [{ field: "nodeGroupNamePrefix", found: shown(prefix) }];
        },
    },
    {
        id: "aws.eks.node-group.ami-architecture",
        types: [T.nodeGroup],
        rule: "the AL2023 AMI type its instance types boot: ARM for Graviton, NVIDIA or Neuron for the families the accelerated AMIs list, x86 standard otherwise",
        source: "EKS User Guide, ml-eks-optimized-ami (AL2023 accelerated AMI rows); aws/aws-graviton-getting-started README.md (Graviton families); EKS API AMITypes",
        check: (r) => {
            const inputs = inputsOf(r);
            const types = inputs.instanceTypes;
            if (!Array.isArray(types) || types.some((t) => typeof t !== "string")) return [];
            let needed: string;
            try {
                needed = nodeGroupAmiType(types as string[]);
            } catch (error) {
                if (error instanceof FleetConfigError) return [{ field: "instanceTypes", found: error.found }];
                throw error;
            }
            return inputs.amiType === needed
                ? []
                : [
                      {
                          field: "amiType",
                          found: `${shown(inputs.amiType)} for ${types.join(", ")}, which need ${needed}`,
                      },
                  ];
        },
    },
];
