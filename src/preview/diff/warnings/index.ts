// The summary's warnings: every class of danger a pull request can carry that the operation
// counts alone do not show, each from its own pure function of the base and head plans, in
// one fixed order. The one place they are gathered (diffPlans puts them in StackDiff.summaryWarnings).
import type { PlanFile } from "../plan-diff";
import { controlPlaneWarnings } from "./control-plane";
import { deployerAccessWarnings } from "./deployer-access";
import { dnsZoneWarnings } from "./dns-zone";
import { failoverWarnings } from "./failover-roles";
import { healthCheckWarnings } from "./health-checks";
import { loadBalancerExposureWarnings } from "./load-balancer-exposure";
import { localNameWarnings } from "./local-names";
import { quotaWarnings } from "./quotas";
import { servicePortWarnings } from "./service-ports";
import { verdictChangeWarnings } from "./verdict-changes";

/** One summary-warning class: a pure function of the base and head plans. */
export type WarningClass = (base: PlanFile | undefined, head: PlanFile | undefined) => string[];

/** The classes in the order the summary lists them: access and verdict first, then traffic, limits, upgrades. */
export const WARNING_CLASSES: readonly WarningClass[] = [
    deployerAccessWarnings,
    verdictChangeWarnings,
    servicePortWarnings,
    failoverWarnings,
    healthCheckWarnings,
    loadBalancerExposureWarnings,
    dnsZoneWarnings,
    localNameWarnings,
    quotaWarnings,
    controlPlaneWarnings,
];

/** Every summary warning of a change, class by class. */
export function summaryWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    return WARNING_CLASSES.flatMap((warnings) => warnings(base, head));
}
