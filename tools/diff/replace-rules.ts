// Input changes that make the provider replace a resource rather than update it in
// place, for the resource types fedfleet registers. Curated from the providers' docs
// (the Terraform-bridged providers mark these "forces new resource"; Kubernetes marks
// these fields immutable). A path matches itself and everything under it.

/** Per resource type, the input fields whose change replaces the resource. */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "aws:eks/cluster:Cluster": [
        "name",
        "roleArn",
        "bootstrapSelfManagedAddons",
        "accessConfig.bootstrapClusterCreatorAdminPermissions",
        "kubernetesNetworkConfig.serviceIpv4Cidr",
        "kubernetesNetworkConfig.ipFamily",
        "outpostConfig",
    ],
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
    ],
    "aws:eks/addon:Addon": ["clusterName", "addonName"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "customKeyStoreId"],
    "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
    "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["url"],
    "aws:route53/zone:Zone": ["name", "delegationSetId"],
    "aws:route53/record:Record": ["zoneId", "name", "type", "setIdentifier"],
    "aws:route53/healthCheck:HealthCheck": ["type", "requestInterval", "measureLatency", "regions"],
    "gcp:container/cluster:Cluster": [
        "name",
        "location",
        "project",
        "network",
        "subnetwork",
        "networkingMode",
        "initialNodeCount",
        "ipAllocationPolicy",
        "privateClusterConfig.masterIpv4CidrBlock",
        "privateClusterConfig.enablePrivateNodes",
        "description",
        // terraform-provider-google resource_container_cluster.go: datapath_provider is ForceNew.
        "datapathProvider",
    ],
    "gcp:container/nodePool:NodePool": [
        "name",
        "namePrefix",
        "location",
        "cluster",
        "project",
        "initialNodeCount",
        // machineType, diskType and diskSizeGb update in place (a blue-green node upgrade) since google provider 5.10.
        "nodeConfig.serviceAccount",
        "nodeConfig.oauthScopes",
    ],
    "gcp:compute/network:Network": ["name", "project", "autoCreateSubnetworks", "routingMode"],
    "gcp:compute/subnetwork:Subnetwork": ["name", "project", "network", "region"],
    "gcp:compute/router:Router": ["name", "network", "region", "project"],
    "gcp:kms/keyRing:KeyRing": ["name", "location", "project"],
    "gcp:kms/cryptoKey:CryptoKey": ["name", "keyRing", "purpose", "importOnly", "skipInitialVersionCreation"],
    "gcp:serviceaccount/account:Account": ["accountId", "project"],
    "gcp:dns/managedZone:ManagedZone": ["name", "dnsName", "project", "visibility"],
    "gcp:dns/recordSet:RecordSet": ["name", "type", "managedZone", "project"],
    "gcp:compute/healthCheck:HealthCheck": ["name", "project"],
    "kubernetes:apps/v1:Deployment": ["metadata.name", "metadata.namespace", "spec.selector"],
    "kubernetes:core/v1:Service": ["metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"],
    "kubernetes:core/v1:Namespace": ["metadata.name"],
    "kubernetes:policy/v1:PodDisruptionBudget": ["metadata.name", "metadata.namespace"],
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": ["metadata.name", "metadata.namespace"],
};

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
    return [...new Set(matched)].sort();
}
