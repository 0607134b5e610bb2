// Input changes that make the provider replace a resource rather than update it in
// place, for every resource type fedfleet registers. Checked against the providers' own
// source: terraform-provider-aws internal/service/<svc>/*.go (ForceNew keys, AWS provider v6),
// terraform-provider-google-beta v7.45.0 google-beta/services/<svc>/resource_*.go (which
// pulumi-gcp 9.x is built on), pulumi-kubernetes provider/pkg/provider/diff.go
// (forceNewProperties; metadata.name and .namespace always) and terraform-provider-random
// internal/provider/resource_id.go. A path matches itself and everything under it.
// Fields that replace only on some changes (a subnet range that grows, a VPC's tenancy) are
// in CONDITIONAL_REPLACE; a provider replaced replaces every resource it manages.

/** Per resource type, the input fields whose change replaces the resource. */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    // eks/cluster.go: vpc_config.subnet_ids, security_group_ids and endpoint_* update in place
    // since v5.25 (#34209); only the fields below force a new cluster.
    "aws:eks/cluster:Cluster": [
        "name",
        "roleArn",
        "bootstrapSelfManagedAddons",
        "accessConfig.bootstrapClusterCreatorAdminPermissions",
        "kubernetesNetworkConfig.serviceIpv4Cidr",
        "kubernetesNetworkConfig.ipFamily",
        "outpostConfig.controlPlaneInstanceType",
        "outpostConfig.controlPlanePlacement.groupName",
        "remoteNetworkConfig",
    ],
    // eks/node_group.go
    "aws:eks/nodeGroup:NodeGroup": [
        "clusterName",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "nodeRoleArn",
        "subnetIds",
        "instanceTypes",
        "amiType",
        "diskSize",
        "capacityType",
        "remoteAccess",
        "launchTemplate.id",
        "launchTemplate.name",
    ],
    // eks/addon.go: addonVersion and configurationValues update in place.
    "aws:eks/addon:Addon": ["clusterName", "addonName"],
    // eks/access_entry.go, eks/access_policy_association.go (no update: every input).
    "aws:eks/accessEntry:AccessEntry": ["clusterName", "principalArn", "type"],
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": [
        "clusterName",
        "principalArn",
        "policyArn",
        "accessScope",
    ],
    // kms/key.go, kms/alias.go (targetKeyId updates in place).
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "customKeyStoreId"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    // ec2/vpc_security_group_ingress_rule.go: securityGroupId RequiresReplace; the range, ports and
    // protocol update in place (ModifySecurityGroupRules), a change of source kind replaces.
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
    // ec2/vpc_.go, vpc_subnet.go, vpc_route_table.go, vpc_route_table_association.go,
    // ec2_eip.go, vpc_nat_gateway.go; an internet gateway's vpcId updates in place.
    "aws:ec2/vpc:Vpc": ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
    "aws:ec2/subnet:Subnet": [
        "vpcId",
        "cidrBlock",
        "availabilityZone",
        "availabilityZoneId",
        "ipv4IpamPoolId",
        "ipv4NetmaskLength",
        "outpostArn",
    ],
    "aws:ec2/routeTable:RouteTable": ["vpcId"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
    "aws:ec2/eip:Eip": ["address", "domain", "ipamPoolId", "networkBorderGroup", "publicIpv4Pool"],
    "aws:ec2/natGateway:NatGateway": [
        "allocationId",
        "subnetId",
        "connectivityType",
        "privateIp",
        "secondaryPrivateIpAddressCount",
    ],
    // iam/role.go (assumeRolePolicy updates in place), role_policy_attachment.go (no update),
    // openid_connect_provider.go (clientIdLists updates in place in v6).
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["url"],
    // route53/zone.go, record.go (type and setIdentifier change by a DELETE+CREATE batch inside
    // the update), health_check.go (regions updates in place).
    "aws:route53/zone:Zone": ["name", "delegationSetId"],
    "aws:route53/record:Record": ["zoneId", "name"],
    "aws:route53/healthCheck:HealthCheck": [
        "type",
        "requestInterval",
        "measureLatency",
        "referenceName",
        "routingControlArn",
    ],
    // container/resource_container_cluster.go: enablePrivateNodes updates in place since v7.13;
    // of ipAllocationPolicy only these leaves replace.
    "gcp:container/cluster:Cluster": [
        "name",
        "location",
        "project",
        "network",
        "subnetwork",
        "networkingMode",
        "initialNodeCount",
        "description",
        "datapathProvider",
        "ipAllocationPolicy.clusterSecondaryRangeName",
        "ipAllocationPolicy.servicesSecondaryRangeName",
        "ipAllocationPolicy.clusterIpv4CidrBlock",
        "ipAllocationPolicy.servicesIpv4CidrBlock",
        "privateClusterConfig.masterIpv4CidrBlock",
        "privateClusterConfig.privateEndpointSubnetwork",
        // The default node pool's config, set at creation only.
        "nodeConfig.serviceAccount",
        "nodeConfig.oauthScopes",
        "nodeConfig.shieldedInstanceConfig",
    ],
    // container/resource_container_node_pool.go (machineType, diskType and diskSizeGb update in
    // place since v5.10).
    "gcp:container/nodePool:NodePool": [
        "name",
        "namePrefix",
        "location",
        "cluster",
        "project",
        "initialNodeCount",
        "maxPodsPerNode",
        "placementPolicy",
        "nodeConfig.serviceAccount",
        "nodeConfig.oauthScopes",
        "nodeConfig.shieldedInstanceConfig",
    ],
    // compute/resource_compute_network.go (routingMode updates in place), _subnetwork.go,
    // _router.go, _router_nat.go, _health_check.go.
    "gcp:compute/network:Network": ["name", "project", "autoCreateSubnetworks", "description"],
    "gcp:compute/subnetwork:Subnetwork": ["name", "project", "network", "region", "description"],
    "gcp:compute/router:Router": ["name", "network", "region", "project"],
    "gcp:compute/routerNat:RouterNat": [
        "name",
        "router",
        "region",
        "project",
        "type",
        "endpointTypes",
        "initialNatIps",
    ],
    "gcp:compute/healthCheck:HealthCheck": ["name", "project"],
    // kms/resource_kms_key_ring.go, _crypto_key.go (skipInitialVersionCreation is not ForceNew
    // since v7.0), iam_kms_crypto_key.go + tpgiamresource/resource_iam_member.go.
    "gcp:kms/keyRing:KeyRing": ["name", "location", "project"],
    "gcp:kms/cryptoKey:CryptoKey": [
        "name",
        "keyRing",
        "purpose",
        "importOnly",
        "cryptoKeyBackend",
        "destroyScheduledDuration",
        "versionTemplate.protectionLevel",
    ],
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": ["cryptoKeyId", "role", "member", "condition"],
    // resourcemanager/iam_project.go, resource_google_project_service.go, resource_google_service_account.go.
    "gcp:projects/iAMMember:IAMMember": ["project", "role", "member", "condition"],
    "gcp:projects/service:Service": ["service", "project"],
    // google-beta resourcemanager/resource_project_service_identity.go: both ForceNew, no update.
    "gcp:projects/serviceIdentity:ServiceIdentity": ["project", "service"],
    "gcp:serviceaccount/account:Account": ["accountId", "project"],
    // dns/resource_dns_managed_zone.go, _record_set.go (type is not ForceNew).
    "gcp:dns/managedZone:ManagedZone": ["name", "dnsName", "project", "visibility"],
    "gcp:dns/recordSet:RecordSet": ["name", "managedZone", "project", "routingPolicy.healthCheck"],
    // pulumi-kubernetes diff.go: only a Service's clusterIP and a Deployment's selector beyond metadata.
    "kubernetes:apps/v1:Deployment": ["metadata.name", "metadata.namespace", "spec.selector"],
    "kubernetes:core/v1:Service": ["metadata.name", "metadata.namespace", "spec.clusterIP"],
    "kubernetes:core/v1:Namespace": ["metadata.name"],
    "kubernetes:core/v1:ServiceAccount": ["metadata.name", "metadata.namespace"],
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": ["metadata.name", "metadata.namespace"],
    "kubernetes:policy/v1:PodDisruptionBudget": ["metadata.name", "metadata.namespace"],
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": ["metadata.name", "metadata.namespace"],
    // terraform-provider-random resource_id.go.
    "random:index/randomId:RandomId": ["byteLength", "prefix", "keepers"],
    // terraform-provider-time resource_time_sleep.go: triggers RequiresReplace; the durations update in place.
    "time:index/sleep:Sleep": ["triggers"],
};

/**
 * Fields that replace on some changes only, with the rule that says which: a subnetwork
 * whose range grows keeps it (google-beta resource_compute_subnetwork.go: replaced unless the
 * new range contains the old one); a VPC going from dedicated to default tenancy keeps it
 * (ec2/vpc_.go resourceVPCCustomizeDiff).
 */
export const CONDITIONAL_REPLACE: Readonly<
    Record<string, readonly { path: string; replaces(before: unknown, after: unknown): boolean }[]>
> = {
    "gcp:compute/subnetwork:Subnetwork": [
        {
            path: "ipCidrRange",
            replaces: (before, after) => !rangeContains(String(after), String(before)),
        },
    ],
    "aws:ec2/vpc:Vpc": [
        {
            path: "instanceTenancy",
            replaces: (before, after) => !(before === "dedicated" && after === "default"),
        },
    ],
};

/** Whether IPv4 range `outer` contains range `inner` (both `a.b.c.d/n`); false for anything unreadable. */
function rangeContains(outer: string, inner: string): boolean {
    const parse = (cidr: string) => {
        const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
        if (!match) return undefined;
        const address = match.slice(1, 5).reduce((value, octet) => value * 256 + Number(octet), 0);
        return { address, bits: Number(match[5]) };
    };
    const [o, i] = [parse(outer), parse(inner)];
    if (!o || !i || i.bits < o.bits) return false;
    const block = 2 ** (32 - o.bits);
    return Math.floor(o.address / block) === Math.floor(i.address / block);
}

/** Types whose loss loses data or service: their deletion or replacement is warned about first. */
export const STATEFUL_TYPES: readonly string[] = [
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:kms/key:Key",
    "aws:route53/zone:Zone",
    "gcp:container/cluster:Cluster",
    "gcp:container/nodePool:NodePool",
    "gcp:kms/keyRing:KeyRing",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:dns/managedZone:ManagedZone",
];

function valueAt(root: unknown, path: string): unknown {
    let node = root;
    for (const key of path.split(".")) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[key];
    }
    return node;
}

/**
 * The replace-forcing rules a change falls under, for a resource type: a changed path at
 * or below a rule's field, or a whole object added or removed above it whose value at the
 * rule's field differs between the inputs before and after.
 */
export function replacingFields(
    type: string,
    before: unknown,
    after: unknown,
    changedPaths: readonly string[],
): string[] {
    const rules = REPLACE_ON_CHANGE[type] ?? [];
    const conditional = (CONDITIONAL_REPLACE[type] ?? [])
        .filter((rule) => changedPaths.includes(rule.path))
        .filter((rule) => rule.replaces(valueAt(before, rule.path), valueAt(after, rule.path)))
        .map((rule) => rule.path);
    const matched = rules.filter((rule) =>
        changedPaths.some(
            (path) =>
                path === rule ||
                path.startsWith(`${rule}.`) ||
                path.startsWith(`${rule}[`) ||
                (rule.startsWith(`${path}.`) &&
                    JSON.stringify(valueAt(before, rule)) !== JSON.stringify(valueAt(after, rule))),
        ),
    );
    return [...new Set([...matched, ...conditional])].sort();
}

/**
 * Per type, the input a Terraform-bridged provider auto-names (pulumi-aws, pulumi-gcp
 * provider/resources.go: AutoName / SetAutonaming). Set by the program, it makes every
 * replacement delete first (pulumi-terraform-bridge schema.go, nameRequiresDeleteBeforeReplace).
 */
export const AUTONAMED_FIELDS: Readonly<Record<string, string>> = {
    "aws:eks/nodeGroup:NodeGroup": "nodeGroupName",
    "gcp:container/cluster:Cluster": "name",
    "gcp:container/nodePool:NodePool": "name",
};

/** What deletesFirst reads of a registration: its type, inputs and delete-before-replace option. */
interface Registration {
    type: string;
    inputs: Record<string, unknown>;
    deleteBeforeReplace?: boolean;
}

/**
 * Whether replacing `before` with `after` deletes the old resource before creating the new one.
 * The program's `deleteBeforeReplace` wins (pulumi/pulumi step_generator.go: the user overrides
 * the provider); else the provider's choice: a bridged resource whose auto-named field the
 * program sets, or a Kubernetes object keeping its name and namespace (pulumi-kubernetes
 * provider.go Diff: a named object must be deleted before its successor can exist).
 */
export function deletesFirst(before: Registration, after: Registration): boolean {
    if (after.deleteBeforeReplace !== undefined) return after.deleteBeforeReplace;
    if (after.type.startsWith("kubernetes:")) {
        const meta = (inputs: Record<string, unknown>) => (inputs.metadata ?? {}) as Record<string, unknown>;
        const [old, now] = [meta(before.inputs), meta(after.inputs)];
        return typeof now.name === "string" && now.name === old.name && now.namespace === old.namespace;
    }
    const field = AUTONAMED_FIELDS[after.type];
    return field !== undefined && after.inputs[field] !== undefined;
}
