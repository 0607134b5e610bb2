// Every provider contract the offline preview checks, by cloud.
import { awsContracts } from "./aws";
import { awsInvokeContracts } from "./aws-invokes";
import type { InvokeContract, ResourceContract } from "./contract";

/** Resource contracts of every provider fedfleet uses. */
export const resourceContracts: readonly ResourceContract[] = [...awsContracts];

/** Invoke contracts of every provider fedfleet uses. */
export const invokeContracts: readonly InvokeContract[] = [...awsInvokeContracts];
