// Federation v1's DNS names for federated services, and the checks every name must pass. Pure.
//   global: <svc>.<ns>.<federation>.svc.<domain>
//   region: <svc>.<ns>.<federation>.svc.<region>.<domain>
//   local:  <svc>.<ns>.<federation>.svc.<cluster>.<region>.<domain>   (local first, per cluster)
// Why the names cannot collide: the service names (global, region, local) all start
// `<svc>.<ns>.<federation>.svc.` and then have 0, 1 or 2 labels before the domain, so they
// differ from each other by their count of labels (regions and clusters are single DNS labels,
// validate.ts and schema.ts), and within a kind by their service, namespace, cluster and region
// labels. The helper names (Route53's `members.<region name>`, Cloud DNS's
// `<cluster>.<region name>`) put one label in front, so their fourth label is the federation's
// name, not `svc`; the two never share a zone (one provider per stack); and Route53's cluster
// member names, `<cluster>.members.<region name>`, are deeper than any other name. Only a
// federation named `svc` could line a helper name up with a service name of the same length,
// which planFleet's fleet-wide check (checkDistinctDnsNames) refuses like any duplicate.

/** What a federated service's DNS names are built from. */
export interface ServiceNameParts {
    service: string;
    namespace: string;
    federation: string;
    domain: string;
}

/** The service's global name, `<svc>.<ns>.<federation>.svc.<domain>`: answered by every cluster it runs in. */
export function globalName(parts: ServiceNameParts): string {
    return `${parts.service}.${parts.namespace}.${parts.federation}.svc.${parts.domain}`;
}

/** The service's name in one region, `<svc>.<ns>.<federation>.svc.<region>.<domain>`. */
export function regionName(parts: ServiceNameParts, region: string): string {
    return `${parts.service}.${parts.namespace}.${parts.federation}.svc.${region}.${parts.domain}`;
}

/**
 * Where a region's endpoints are listed for its failover pair (Route53): the region
 * name itself holds the PRIMARY and SECONDARY records, so the endpoints live one level down.
 */
export function regionMembersName(parts: ServiceNameParts, region: string): string {
    return `members.${regionName(parts, region)}`;
}

/**
 * The service's local-first name in one cluster, `<svc>.<ns>.<federation>.svc.<cluster>.<region>.<domain>`:
 * Federation v1's zone level, with the cluster in place of the zone. It answers with this
 * cluster's own load balancer while that is healthy, else as the region name does.
 */
export function localName(parts: ServiceNameParts, cluster: string, region: string): string {
    return `${parts.service}.${parts.namespace}.${parts.federation}.svc.${cluster}.${region}.${parts.domain}`;
}

/**
 * One cluster's own endpoint among its region's members (Route53), which the local-first name's
 * PRIMARY CNAME points at: below the members name, deeper than any other name, so it collides
 * with none (not even for a cluster named `members`).
 */
export function clusterMemberName(parts: ServiceNameParts, cluster: string, region: string): string {
    return `${cluster}.${regionMembersName(parts, region)}`;
}

/** A cluster's own name, for IP endpoints that a CNAME record set must point at (Cloud DNS). */
export function clusterEndpointName(parts: ServiceNameParts, cluster: string, region: string): string {
    return `${cluster}.${regionName(parts, region)}`;
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why a name is not a legal DNS name (RFC 1035 lengths, hostname characters), or undefined. */
export function dnsNameProblem(name: string): string | undefined {
    if (name.length > 253) return `${name.length} characters, more than DNS's 253`;
    for (const label of name.split(".")) {
        if (label.length === 0) return "an empty label";
        if (label.length > 63)
            return `the label "${label.slice(0, 20)}..." of ${label.length} characters, more than 63`;
        if (!LABEL.test(label)) return `the label "${label}", not letters, digits and inner hyphens`;
    }
    return undefined;
}

/** Whether `name` is the zone's apex or lies under it. */
export function isWithinZone(name: string, zone: string): boolean {
    const normalized = zone.replace(/\.$/, "");
    return name === normalized || name.endsWith(`.${normalized}`);
}
