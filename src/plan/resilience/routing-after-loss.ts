// Where a service's global name sends clients once some of its clusters are gone, by the
// routing policy's own rule as the provider documents it. Pure: it reads the DNS plan,
// never a live health check, and treats a lost cluster as one whose health checks fail.
import type {
    CloudDnsRecordSetPlan,
    CloudDnsServiceDnsPlan,
    Route53RecordPlan,
    Route53ServiceDnsPlan,
    ServiceDnsPlan,
} from "../dns/dns-plan";
import { compareCodeUnits } from "../core/order";

/** Which of a service's clusters are out of reach, and why. */
export interface Unavailable {
    /** The clusters the loss takes down. */
    lost: ReadonlySet<string>;
    /** Clusters being drained: out of every DNS answer already, whatever the records of an older plan say. */
    draining: ReadonlySet<string>;
}

/** What the global name answers with after a loss. */
export interface RoutingAfterLoss {
    /**
     * The clusters still running that the name can send a client to, in name order. Under
     * latency, geoproximity and geo routing that is every surviving cluster some client is
     * nearest to: each client is sent to one of them, and together they take all traffic.
     */
    servedBy: string[];
    /** Lost clusters the name still answers with: records no health check guards, or a fail-open. */
    deadAnswers: string[];
    /** The rule that decided, as a clause a reviewer reads: `failover: the secondary takes all traffic`. */
    rule: string;
}

const sorted = (clusters: Iterable<string>) => [...new Set(clusters)].sort(compareCodeUnits);

/** The answers split into the clusters that serve and the lost ones a client would be sent to. */
function answer(clusters: readonly string[], gone: Unavailable, rule: string): RoutingAfterLoss {
    return {
        servedBy: sorted(clusters.filter((c) => !gone.lost.has(c))),
        deadAnswers: sorted(clusters.filter((c) => gone.lost.has(c))),
        rule,
    };
}

const clusterOf = (record: Route53RecordPlan) => ("cluster" in record.target ? record.target.cluster : undefined);

/**
 * Route53, after the Route 53 Developer Guide, "How Amazon Route 53 chooses records when health
 * checking is configured": a record is chosen by its routing policy and, if unhealthy, another
 * is chosen by the same criteria until a healthy one is found (the next-nearest latency region
 * or geoproximity record, another weighted record); a record without a health check is always
 * healthy; weight-0 records are considered only when every record of nonzero weight is
 * unhealthy; and when no record of the group is healthy, Route 53 considers all of them
 * healthy and answers by the routing policy alone (fail-open). Failover routing ("Active-active
 * and active-passive failover"): only the primary while it is healthy, then the secondary.
 */
function route53AfterLoss(plan: Route53ServiceDnsPlan, gone: Unavailable): RoutingAfterLoss {
    const records = plan.route53.records.filter((record) => {
        const cluster = clusterOf(record);
        return record.name === plan.global && cluster !== undefined && !gone.draining.has(cluster);
    });
    const healthy = records.filter((r) => r.healthCheck === undefined || !gone.lost.has(clusterOf(r)!));
    const failOpen = healthy.length === 0 && records.length > 0;
    const candidates = failOpen ? records : healthy;
    const clusters = (chosen: readonly Route53RecordPlan[]) => chosen.map((r) => clusterOf(r)!);
    const openNote = failOpen ? " (no record is healthy: Route53 fails open, answering as if all were)" : "";
    switch (plan.routing) {
        case "failover": {
            const role = (wanted: "PRIMARY" | "SECONDARY") =>
                candidates.find((r) => r.routing.policy === "failover" && r.routing.role === wanted);
            const primary = role("PRIMARY");
            const chosen = primary ?? role("SECONDARY");
            const which = primary ? "the primary keeps" : "the secondary takes";
            return answer(clusters(chosen ? [chosen] : []), gone, `failover: ${which} all traffic${openNote}`);
        }
        case "weighted": {
            const weight = (r: Route53RecordPlan) => (r.routing.policy === "weighted" ? r.routing.weight : 0);
            const nonzero = candidates.filter((r) => weight(r) > 0);
            const chosen = nonzero.length > 0 ? nonzero : candidates;
            const how =
                nonzero.length > 0 || chosen.length === 0
                    ? "the healthy records share it by weight"
                    : "only weight-0 records are left, and Route53 answers with them";
            return answer(clusters(chosen), gone, `weighted: ${how}${openNote}`);
        }
        case "latency":
            return answer(
                clusters(candidates),
                gone,
                `latency: each client goes to its nearest healthy region${openNote}`,
            );
        case "geoproximity":
            return answer(
                clusters(candidates),
                gone,
                `geoproximity: each client goes to its nearest healthy record${openNote}`,
            );
    }
}

/** Every cluster a Cloud DNS routing policy names, draining ones left out. */
function clustersOfSet(set: CloudDnsRecordSetPlan, gone: Unavailable): string[] {
    const routing = set.routing;
    const all =
        routing.policy === "primaryBackup"
            ? [...routing.primary, ...routing.backups.flatMap((item) => item.clusters)]
            : routing.policy === "none"
              ? routing.clusters
              : routing.policy === "cname"
                ? []
                : routing.items.flatMap((item) => item.clusters);
    return all.filter((c) => !gone.draining.has(c));
}

/**
 * Cloud DNS, after the Cloud DNS v1 API's routing policy types. Only health-checked targets
 * are ever left out of an answer (RRSetRoutingPolicyHealthCheckTargets: "Only the healthy
 * endpoints will be included in the response"): a record set without health checks keeps
 * answering with a lost cluster. WRR (WrrPolicyItem.healthCheckedTargets): unhealthy endpoints
 * are omitted, and an item with none healthy gives way to another item chosen by weight. Geo
 * (GeoPolicy.enableFencing, which fedfleet never sets): a location with no healthy target fails
 * over to the next nearest location. primaryBackup (PrimaryBackupPolicy.primaryTargets): the
 * healthy primaries, and once none is healthy an answer from the backup geo targets, which
 * fail over between themselves as geo items do (fedfleet sets no trickle ratio and no fencing).
 */
function cloudDnsAfterLoss(plan: CloudDnsServiceDnsPlan, gone: Unavailable): RoutingAfterLoss {
    const set = plan.clouddns.recordSets.find((candidate) => candidate.key === "global");
    if (!set) return { servedBy: [], deadAnswers: [], rule: "no global record set" };
    const routing = set.routing;
    const policy = routing.policy === "none" ? "simple" : routing.policy;
    if (!set.healthChecked)
        return answer(
            clustersOfSet(set, gone),
            gone,
            `${policy}, not health-checked: Cloud DNS keeps answering with every target, lost or not`,
        );
    const up = (clusters: readonly string[]) => clusters.filter((c) => !gone.draining.has(c) && !gone.lost.has(c));
    switch (routing.policy) {
        case "wrr":
            return answer(
                up(routing.items.flatMap((item) => item.clusters)),
                gone,
                "wrr: the healthy targets share it by weight",
            );
        case "geo":
            return answer(
                up(routing.items.flatMap((item) => item.clusters)),
                gone,
                "geo: each client goes to its nearest location with a healthy target",
            );
        case "primaryBackup": {
            const primaries = up(routing.primary);
            if (primaries.length > 0) return answer(primaries, gone, "primaryBackup: the primary keeps all traffic");
            return answer(
                up(routing.backups.flatMap((item) => item.clusters)),
                gone,
                "primaryBackup: the backups take all traffic, each client the nearest by geo",
            );
        }
        case "none":
            return answer(up(routing.clusters), gone, "simple");
        case "cname":
            // Only a cluster's local-first name is a plain CNAME set (dns-plan.ts); the global name never is.
            return { servedBy: [], deadAnswers: [], rule: `a CNAME to ${routing.name}, not a routing policy` };
    }
}

/**
 * Where the global name sends clients once `gone.lost` is down, or undefined for a service
 * with no global name (internal, skipped, or in a stack without DNS): nothing there moves
 * its traffic.
 */
export function routingAfterLoss(dns: ServiceDnsPlan | undefined, gone: Unavailable): RoutingAfterLoss | undefined {
    if (!dns || dns.skipped) return undefined;
    if (dns.provider === "route53")
        return dns.route53.records.some((r) => r.name === dns.global) ? route53AfterLoss(dns, gone) : undefined;
    return dns.clouddns.recordSets.some((s) => s.key === "global") ? cloudDnsAfterLoss(dns, gone) : undefined;
}
