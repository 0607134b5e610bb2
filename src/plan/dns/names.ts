// Federation v1's DNS names for federated services, and the checks every name must pass. Pure.
//   global: <svc>.<ns>.<federation>.svc.<domain>
//   region: <svc>.<ns>.<federation>.svc.<region>.<domain>

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
