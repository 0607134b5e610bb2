// Every provider contract the offline preview checks, by cloud.
import { awsContracts } from "./aws";
import { awsEksContracts } from "./aws-eks";
import { awsInvokeContracts } from "./aws-invokes";
import type { InvokeContract, ResourceContract } from "./contract";
import { gcpContracts } from "./gcp";
import { gcpGkeContracts } from "./gcp-gke";
import { gcpInvokeContracts } from "./gcp-invokes";
import { awsNodeGroupContracts } from "./aws-node-groups";
import { timeContracts } from "./time";

/** Resource contracts of every provider fedfleet uses. */
export const resourceContracts: readonly ResourceContract[] = [
    ...awsContracts,
    ...awsEksContracts,
    ...awsNodeGroupContracts,
    ...gcpContracts,
    ...gcpGkeContracts,
    ...timeContracts,
];

/** Invoke contracts of every provider fedfleet uses. */
export const invokeContracts: readonly InvokeContract[] = [...awsInvokeContracts, ...gcpInvokeContracts];
