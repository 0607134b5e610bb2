// Every provider contract the offline preview checks, by cloud.
import { awsContracts } from "./aws";
import { awsInvokeContracts } from "./aws-invokes";
import type { InvokeContract, ResourceContract } from "./contract";
import { gcpContracts } from "./gcp";
import { gcpInvokeContracts } from "./gcp-invokes";
import { awsNodeGroupContracts } from "./aws-node-groups";
import { timeContracts } from "./time";

/** Resource contracts of every provider fedfleet uses. */
export const resourceContracts: readonly ResourceContract[] = [
    ...awsContracts,
    ...awsNodeGroupContracts,
    ...gcpContracts,
    ...timeContracts,
];

/** Invoke contracts of every provider fedfleet uses. */
export const invokeContracts: readonly InvokeContract[] = [...awsInvokeContracts, ...gcpInvokeContracts];
