// The contracts of node groups that follow upgrades and of the drain waits, each broken on
// purpose in a copy of what prod registers: the contract (and no other) reports it.
import { awsNodeGroupContracts } from "../../../src/preview/contracts/aws-node-groups";
import { AWS_TYPES as T } from "../../../src/preview/contracts/aws";
import { timeContracts, TIME_TYPES } from "../../../src/preview/contracts/time";
import type { LooseInputs as Inputs, RecordedResource } from "../../../src/preview/harness/recording-monitor";
import type { RegistrationsEdit } from "../../support/plan";
import { itBreaksEachContract } from "./support";

const inputs = (resource: RecordedResource) => resource.inputs as Inputs;

describe("EKS node group contracts: version, name prefix, AMI", () => {
    itBreaksEachContract(awsNodeGroupContracts, "prod", {
        // A node group one minor ahead of its control plane, as an upgrade in the wrong order would have it.
        "aws.eks.node-group.version": (_, find) => (inputs(find(T.nodeGroup, "aws-use1-general")).version = "1.36"),
        "aws.eks.node-group.name-prefix": (_, find) =>
            (inputs(find(T.nodeGroup, "aws-use1-general")).nodeGroupNamePrefix = `${"g".repeat(40)}-`),
        // What main registered for every pool: the x86 AMI, here on a Graviton type.
        "aws.eks.node-group.ami-architecture": (_, find) =>
            (inputs(find(T.nodeGroup, "aws-use1-general")).instanceTypes = ["m7g.xlarge"]),
    } satisfies Record<string, RegistrationsEdit>);
});

describe("time contracts: the drain waits", () => {
    itBreaksEachContract(timeContracts, "prod", {
        // A duration with a unit the provider does not take.
        "time.sleep.durations": (_, find) => (inputs(find(TIME_TYPES.sleep)).destroyDuration = "2 minutes"),
    } satisfies Record<string, RegistrationsEdit>);
});
