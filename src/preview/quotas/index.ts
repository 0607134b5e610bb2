// Every default quota the offline preview counts, by cloud.
import { gcpQuotas } from "./gcp-quotas";
import { awsQuotas, Quota } from "./quotas";

/** The quotas of every cloud fedfleet builds in. */
export const allQuotas: readonly Quota[] = [...awsQuotas, ...gcpQuotas];
