// Contracts of the Google Cloud provider (@pulumi/gcp 9.37, a bridge of
// terraform-provider-google v7.45.0) and of the Google APIs behind it, for every Google Cloud
// resource type fedfleet registers. Several of Google's rules are not checked by the provider
// at all and fail only at create time; they are here all the same.
import { contains, isCanonical, overlaps, parseCidr } from "../../plan/core/cidr";
import { CLOUD_DNS_PROJECT_APIS, GKE_PROJECT_APIS } from "../../plan/fleet-plan";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { ContractContext, Finding, ResourceContract, shown } from "./contract";

/** The type tokens of the Google Cloud resources fedfleet registers. */
export const GCP_TYPES = {
    provider: "pulumi:providers:gcp",
    service: "gcp:projects/service:Service",
    serviceIdentity: "gcp:projects/serviceIdentity:ServiceIdentity",
    network: "gcp:compute/network:Network",
    subnetwork: "gcp:compute/subnetwork:Subnetwork",
    router: "gcp:compute/router:Router",
    routerNat: "gcp:compute/routerNat:RouterNat",
    healthCheck: "gcp:compute/healthCheck:HealthCheck",
    account: "gcp:serviceaccount/account:Account",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    keyRing: "gcp:kms/keyRing:KeyRing",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    cryptoKeyMember: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    managedZone: "gcp:dns/managedZone:ManagedZone",
    recordSet: "gcp:dns/recordSet:RecordSet",
} as const;

const G = GCP_TYPES;
const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;
const TPG = "terraform-provider-google";

/** A finding when a string value fails `ok` (absent values pass). */
function stringRule(field: string, value: unknown, ok: (text: string) => boolean): Finding[] {
    if (value === undefined || value === null) return [];
    return typeof value === "string" && ok(value) ? [] : [{ field, found: shown(value) }];
}

/** verify.ValidateGCEName: a lower-case RFC 1035 label of 1 to 63 characters. */
const GCE_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** The APIs each type needs enabled in its project, by the client the provider uses for it. */
const API_OF: Readonly<Record<string, string>> = {
    [G.network]: "compute.googleapis.com",
    [G.subnetwork]: "compute.googleapis.com",
    [G.router]: "compute.googleapis.com",
    [G.routerNat]: "compute.googleapis.com",
    [G.healthCheck]: "compute.googleapis.com",
    [G.account]: "iam.googleapis.com",
    [G.projectMember]: "cloudresourcemanager.googleapis.com",
    [G.keyRing]: "cloudkms.googleapis.com",
    [G.cryptoKey]: "cloudkms.googleapis.com",
    [G.cryptoKeyMember]: "cloudkms.googleapis.com",
    [G.cluster]: "container.googleapis.com",
    [G.nodePool]: "container.googleapis.com",
    [G.managedZone]: "dns.googleapis.com",
    [G.recordSet]: "dns.googleapis.com",
};

/** Every API a resource's provider waits for, by the Service resources among its dependencies. */
function apisBefore(resource: RecordedResource, context: ContractContext): Set<string> {
    const provider = resource.provider ? context.byUrn.get(resource.provider) : undefined;
    const project = String(context.providerInputs(resource).project ?? "");
    return new Set(
        (provider?.dependencies ?? [])
            .map((urn) => context.byUrn.get(urn))
            .filter((r): r is RecordedResource => r?.type === G.service && inputsOf(r).project === project)
            .map((r) => String(inputsOf(r).service)),
    );
}

/** Every Google Cloud resource contract. */
export const gcpContracts: ResourceContract[] = [
    {
        id: "gcp.provider.project",
        types: [G.provider],
        rule: "a project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter",
        source: "Resource Manager API, Project.projectId",
        check: (r) => stringRule("project", inputsOf(r).project, (v) => /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v)),
    },
    {
        id: "gcp.project.apis-first",
        types: Object.keys(API_OF),
        rule: "its project's API enabled first (its provider waits for the projects.Service of that API)",
        source: "Google Cloud docs, Enabling APIs / service agents (created once the API is enabled); terraform-provider-google clients per resource",
        check: (r, context) => {
            const api = API_OF[r.type];
            return apisBefore(r, context).has(api)
                ? []
                : [{ field: "provider", found: `a provider that does not wait for ${api}` }];
        },
    },
    {
        id: "gcp.project.service",
        types: [G.service],
        rule: `an API of the form <name>.googleapis.com, left enabled on destroy (disableOnDestroy false), among those fedfleet needs (${[...new Set([...GKE_PROJECT_APIS, ...CLOUD_DNS_PROJECT_APIS])].join(", ")})`,
        source: "@pulumi/gcp projects/service.d.ts (service, disableOnDestroy)",
        check: (r) => {
            const { service, disableOnDestroy } = inputsOf(r);
            const findings = stringRule("service", service, (v) => /^[a-z0-9.-]+\.googleapis\.com$/.test(v));
            if (disableOnDestroy !== false)
                findings.push({ field: "disableOnDestroy", found: shown(disableOnDestroy) });
            return findings;
        },
    },
    {
        id: "gcp.compute.names",
        types: [G.network, G.subnetwork, G.router],
        rule: "a name of 1 to 63 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen",
        source: `${TPG} google/verify/validation.go (ValidateGCEName)`,
        check: (r) => stringRule("name", inputsOf(r).name, (v) => GCE_NAME.test(v)),
    },
    {
        id: "gcp.compute.subnetwork.ranges",
        types: [G.subnetwork],
        rule: "canonical primary and secondary IPv4 ranges that overlap nothing else in the subnetwork, secondary range names of 1 to 63 (RFC 1035)",
        source: "Compute API Subnetwork (ipCidrRange, secondaryIpRanges); VPC docs, subnet ranges (valid ranges, no overlap within a VPC network)",
        check: (r) => {
            const inputs = inputsOf(r);
            const ranges: [string, string][] = [
                ["ipCidrRange", inputs.ipCidrRange],
                ...((inputs.secondaryIpRanges ?? []) as Inputs[]).map((range, i): [string, string] => [
                    `secondaryIpRanges[${i}].ipCidrRange`,
                    range.ipCidrRange,
                ]),
            ];
            const findings: Finding[] = [];
            const parsed = ranges.map(([field, text]) => ({ field, text, cidr: parseCidr(String(text)) }));
            for (const { field, text, cidr } of parsed)
                if (!cidr || !isCanonical(cidr)) findings.push({ field, found: shown(text) });
            parsed.forEach((a, i) =>
                parsed.slice(i + 1).forEach((b) => {
                    if (a.cidr && b.cidr && overlaps(a.cidr, b.cidr))
                        findings.push({ field: b.field, found: `${b.text}, overlapping ${a.text}` });
                }),
            );
            ((inputs.secondaryIpRanges ?? []) as Inputs[]).forEach((range, i) =>
                findings.push(
                    ...stringRule(`secondaryIpRanges[${i}].rangeName`, range.rangeName, (v) => GCE_NAME.test(v)),
                ),
            );
            return findings;
        },
    },
    {
        id: "gcp.compute.router-nat",
        types: [G.routerNat],
        rule: "a name of 2 to 63 (RFC 1035), AUTO_ONLY or MANUAL_ONLY addresses, a known source-ranges option",
        source: `${TPG} google/services/compute/resource_compute_router_nat.go (name: ValidateRFC1035Name(2, 63), nat_ip_allocate_option, source_subnetwork_ip_ranges_to_nat)`,
        check: (r) => {
            const i = inputsOf(r);
            const findings = stringRule("name", i.name, (v) => v.length >= 2 && GCE_NAME.test(v));
            if (!["AUTO_ONLY", "MANUAL_ONLY"].includes(i.natIpAllocateOption))
                findings.push({ field: "natIpAllocateOption", found: shown(i.natIpAllocateOption) });
            if (
                ![
                    "ALL_SUBNETWORKS_ALL_IP_RANGES",
                    "ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES",
                    "LIST_OF_SUBNETWORKS",
                ].includes(i.sourceSubnetworkIpRangesToNat)
            ) {
                findings.push({
                    field: "sourceSubnetworkIpRangesToNat",
                    found: shown(i.sourceSubnetworkIpRangesToNat),
                });
            }
            return findings;
        },
    },
    {
        id: "gcp.compute.health-check.source-regions",
        types: [G.healthCheck],
        rule: "a name of 1 to 63 (RFC 1035); with source regions exactly 3 of them, an interval of at least 30 s, an HTTP, HTTPS or TCP check; a timeout no longer than the interval",
        source: "@pulumi/gcp compute/healthCheck.d.ts (sourceRegions: exactly 3 regions, checkIntervalSec at least 30; timeoutSec not greater than checkIntervalSec)",
        check: (r) => {
            const i = inputsOf(r);
            const findings = stringRule("name", i.name, (v) => GCE_NAME.test(v));
            const interval = i.checkIntervalSec ?? 5;
            const timeout = i.timeoutSec ?? 5;
            if (timeout > interval)
                findings.push({ field: "timeoutSec", found: `${timeout} with an interval of ${interval}` });
            const regions = (i.sourceRegions ?? []) as unknown[];
            if (regions.length === 0) return findings;
            if (regions.length !== 3) findings.push({ field: "sourceRegions", found: `${regions.length} regions` });
            if (interval < 30) findings.push({ field: "checkIntervalSec", found: shown(interval) });
            const kinds = [
                "httpHealthCheck",
                "httpsHealthCheck",
                "tcpHealthCheck",
                "http2HealthCheck",
                "sslHealthCheck",
                "grpcHealthCheck",
            ].filter((k) => i[k] !== undefined);
            if (kinds.length !== 1 || !["httpHealthCheck", "httpsHealthCheck", "tcpHealthCheck"].includes(kinds[0])) {
                findings.push({ field: kinds[0] ?? "httpHealthCheck", found: kinds.join("+") || "no check" });
            }
            return findings;
        },
    },
    {
        id: "gcp.iam.service-account.id",
        types: [G.account],
        rule: "an account id of 6 to 30 lower-case letters, digits or hyphens, starting with a letter",
        source: `${TPG} google/services/resourcemanager/resource_google_service_account.go (account_id: ValidateRFC1035Name(6, 30))`,
        check: (r) =>
            stringRule("accountId", inputsOf(r).accountId, (v) => v.length >= 6 && v.length <= 30 && GCE_NAME.test(v)),
    },
    {
        id: "gcp.iam.member",
        types: [G.projectMember, G.cryptoKeyMember],
        rule: "a predefined or custom role (roles/..., projects/.../roles/...) and a member of the form serviceAccount:, user:, group: or domain:",
        source: "IAM API Binding (role, members)",
        check: (r) => {
            const { role, member } = inputsOf(r);
            return [
                ...stringRule("role", role, (v) =>
                    /^(roles\/[\w.]+|(projects|organizations)\/[\w-]+\/roles\/[\w.]+)$/.test(v),
                ),
                ...stringRule("member", member, (v) =>
                    /^(serviceAccount|user|group|domain|principal|principalSet):.+/.test(v),
                ),
            ];
        },
    },
    {
        id: "gcp.kms.names",
        types: [G.keyRing, G.cryptoKey],
        rule: "a name of 1 to 63 letters, digits, '_' or '-'",
        source: "@pulumi/gcp kms/getKMSKeyRing.d.ts and getKMSCryptoKey.d.ts (name: [a-zA-Z0-9_-]{1,63}); not checked by the provider",
        check: (r) => stringRule("name", inputsOf(r).name, (v) => /^[a-zA-Z0-9_-]{1,63}$/.test(v)),
    },
    {
        id: "gcp.kms.rotation",
        types: [G.cryptoKey],
        rule: "a rotation period in seconds ('<n>s'), longer than a day",
        source: "@pulumi/gcp kms/cryptoKey.d.ts (rotationPeriod: greater than a day, 86400)",
        check: (r) => {
            const period = inputsOf(r).rotationPeriod;
            if (period === undefined) return [];
            const seconds = /^(\d+(\.\d{1,9})?)s$/.exec(String(period));
            return seconds && Number(seconds[1]) > 86400 ? [] : [{ field: "rotationPeriod", found: shown(period) }];
        },
    },
    {
        id: "gcp.container.cluster.name",
        types: [G.cluster],
        rule: "a name of at most 40 lower-case letters, digits or hyphens, starting with a letter and ending with a letter or digit",
        source: `${TPG} google/services/container/resource_container_cluster.go (name ValidateFunc)`,
        check: (r) =>
            stringRule("name", inputsOf(r).name, (v) => v.length <= 40 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v)),
    },
    {
        id: "gcp.container.cluster.ranges",
        types: [G.cluster],
        rule: "secondary ranges its subnetwork has, and a canonical /28 control-plane range overlapping none of the subnetwork's",
        source: "GKE docs, VPC-native clusters (secondary range names) and private clusters (master range: a /28 unique in the VPC); Container API PrivateClusterConfig",
        check: (r, context) => {
            const inputs = inputsOf(r);
            const subnet = r.dependencies.map((urn) => context.byUrn.get(urn)).find((d) => d?.type === G.subnetwork);
            const findings: Finding[] = [];
            const names = ((subnet ? inputsOf(subnet).secondaryIpRanges : []) ?? []) as Inputs[];
            for (const key of ["clusterSecondaryRangeName", "servicesSecondaryRangeName"]) {
                const wanted = inputs.ipAllocationPolicy?.[key];
                if (wanted !== undefined && !names.some((range) => range.rangeName === wanted))
                    findings.push({ field: `ipAllocationPolicy.${key}`, found: shown(wanted) });
            }
            const masterText = inputs.privateClusterConfig?.masterIpv4CidrBlock;
            if (masterText !== undefined) {
                const master = parseCidr(String(masterText));
                if (!master || master.prefix !== 28 || !isCanonical(master))
                    return [
                        ...findings,
                        { field: "privateClusterConfig.masterIpv4CidrBlock", found: shown(masterText) },
                    ];
                const theirs = subnet ? [inputsOf(subnet).ipCidrRange, ...names.map((n) => n.ipCidrRange)] : [];
                const clash = theirs.find((text) => {
                    const range = parseCidr(String(text));
                    return range !== undefined && overlaps(range, master);
                });
                if (clash)
                    findings.push({
                        field: "privateClusterConfig.masterIpv4CidrBlock",
                        found: `${masterText}, overlapping ${clash}`,
                    });
            }
            return findings;
        },
    },
    {
        id: "gcp.container.cluster.default-pool",
        types: [G.cluster],
        rule: "with the default node pool removed, an initial node count of at least 1 (it exists while the cluster is created)",
        source: "@pulumi/gcp container/cluster.d.ts (initialNodeCount: at least 1 alongside removeDefaultNodePool)",
        check: (r) => {
            const { removeDefaultNodePool, initialNodeCount } = inputsOf(r);
            return removeDefaultNodePool && !(initialNodeCount >= 1)
                ? [{ field: "initialNodeCount", found: shown(initialNodeCount) }]
                : [];
        },
    },
    {
        id: "gcp.container.node-pool.size",
        types: [G.nodePool],
        rule: "a name of at most 40; with autoscaling, min <= max and an initial count (else the pool starts with 0 nodes); not both initialNodeCount and nodeCount",
        source: `${TPG} google/services/container/resource_container_node_pool.go (name limited to 40; expandNodePool: the count defaults to 0, not the autoscaling minimum; #8270, #11594)`,
        check: (r) => {
            const i = inputsOf(r);
            const findings = stringRule(
                "name",
                i.name,
                (v) => v.length <= 40 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v),
            );
            if (i.initialNodeCount !== undefined && i.nodeCount !== undefined)
                findings.push({ field: "nodeCount", found: "with initialNodeCount" });
            const auto = i.autoscaling;
            if (auto) {
                const min = auto.minNodeCount ?? auto.totalMinNodeCount ?? 0;
                const max = auto.maxNodeCount ?? auto.totalMaxNodeCount;
                if (max !== undefined && min > max)
                    findings.push({ field: "autoscaling", found: `min ${min} above max ${max}` });
                const initial = i.initialNodeCount ?? i.nodeCount;
                if (min > 0 && !(initial >= min))
                    findings.push({ field: "initialNodeCount", found: `${shown(initial)} with a minimum of ${min}` });
            }
            return findings;
        },
    },
    {
        id: "gcp.dns.managed-zone",
        types: [G.managedZone],
        rule: "a name of 1 to 63 lower-case letters, digits or dashes, starting with a letter and ending with a letter or digit, and a DNS name ending with a dot",
        source: "Cloud DNS API ManagedZone (name, dnsName); not checked by the provider",
        check: (r) => [
            ...stringRule("name", inputsOf(r).name, (v) => GCE_NAME.test(v)),
            ...stringRule("dnsName", inputsOf(r).dnsName, (v) => v.endsWith(".")),
        ],
    },
    {
        id: "gcp.dns.record-set",
        types: [G.recordSet],
        rule: "a name ending with a dot; exactly one of rrdatas or a routing policy of exactly one kind (wrr, geo, primaryBackup); health-checked targets only on A or AAAA sets, with the health check they need; weights of at least 0; a primaryBackup with primary targets and at least one backup geo",
        source: `${TPG} google/services/dns/resource_dns_record_set.go (ExactlyOneOf rrdatas/routing_policy; wrr/geo/primary_backup; primary_backup.primary and backup_geo Required); @pulumi/gcp types (healthCheckedTargets: for A and AAAA types only; healthCheck: used with external endpoints)`,
        check: (r) => {
            const i = inputsOf(r);
            const findings = stringRule("name", i.name, (v) => v.endsWith("."));
            const policy = i.routingPolicy as Inputs | undefined;
            if ((i.rrdatas === undefined) === (policy === undefined))
                findings.push({
                    field: "rrdatas",
                    found: policy ? "with a routing policy" : "neither rrdatas nor a routing policy",
                });
            if (!policy) return findings;
            const kinds = ["wrrs", "geos", "primaryBackup"].filter(
                (k) => policy[k] !== undefined && !(Array.isArray(policy[k]) && policy[k].length === 0),
            );
            if (kinds.length !== 1) findings.push({ field: "routingPolicy", found: kinds.join("+") || "no policy" });
            const items: Inputs[] = [
                ...(policy.wrrs ?? []),
                ...(policy.geos ?? []),
                ...(policy.primaryBackup?.backupGeos ?? []),
            ];
            const checked =
                items.some((item) => item.healthCheckedTargets) || policy.primaryBackup?.primary?.externalEndpoints;
            if (checked && !["A", "AAAA"].includes(i.type))
                findings.push({ field: "type", found: `${shown(i.type)} with health-checked targets` });
            if (checked && !policy.healthCheck)
                findings.push({ field: "routingPolicy.healthCheck", found: "nothing, with external endpoints" });
            (policy.wrrs ?? []).forEach((item: Inputs, index: number) => {
                if (!(item.weight >= 0))
                    findings.push({ field: `routingPolicy.wrrs[${index}].weight`, found: shown(item.weight) });
            });
            const primaryBackup = policy.primaryBackup as Inputs | undefined;
            if (primaryBackup) {
                if (!((primaryBackup.backupGeos ?? []) as unknown[]).length)
                    findings.push({ field: "routingPolicy.primaryBackup.backupGeos", found: "no backup" });
                const primary = (primaryBackup.primary ?? {}) as Inputs;
                const targets = [...(primary.externalEndpoints ?? []), ...(primary.internalLoadBalancers ?? [])];
                if (targets.length === 0)
                    findings.push({ field: "routingPolicy.primaryBackup.primary", found: "no target" });
            }
            return findings;
        },
    },
    {
        id: "gcp.network.subnet-in-vpc",
        types: [G.subnetwork],
        rule: "a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (or another range Google allows), its network created without auto subnetworks",
        source: "VPC docs, subnet ranges (valid IPv4 ranges); Compute API Network.autoCreateSubnetworks",
        check: (r, context) => {
            const range = parseCidr(String(inputsOf(r).ipCidrRange));
            const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((t) =>
                parseCidr(t)!,
            );
            const findings: Finding[] =
                range && privateRanges.some((p) => contains(p, range))
                    ? []
                    : [{ field: "ipCidrRange", found: shown(inputsOf(r).ipCidrRange) }];
            const network = r.dependencies.map((urn) => context.byUrn.get(urn)).find((d) => d?.type === G.network);
            if (network && inputsOf(network).autoCreateSubnetworks !== false)
                findings.push({ field: "network", found: "a network with auto-created subnetworks" });
            return findings;
        },
    },
];
