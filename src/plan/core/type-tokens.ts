// The type tokens of everything fedfleet registers or reads: the one place each is written.
// Pure strings, so the policy pack and the plan diff can match on them without loading a
// provider SDK. Each provider token is the resource class's own `__pulumiType` (checked
// against the installed SDKs by test/plan/core/type-tokens.test.ts); a token is part of every
// URN, so changing one here re-creates the resource unless an alias keeps it.

/** @pulumi/aws resources fedfleet registers, and the AWS provider itself. */
export const AWS_TYPES = {
    provider: "pulumi:providers:aws",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    eip: "aws:ec2/eip:Eip",
    natGateway: "aws:ec2/natGateway:NatGateway",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    role: "aws:iam/role:Role",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    kmsKey: "aws:kms/key:Key",
    kmsAlias: "aws:kms/alias:Alias",
    eksCluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicyAssociation: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    zone: "aws:route53/zone:Zone",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    record: "aws:route53/record:Record",
} as const;

/** @pulumi/aws functions (invokes) fedfleet calls. */
export const AWS_INVOKES = {
    getHostedZoneId: "aws:lb/getHostedZoneId:getHostedZoneId",
    getZone: "aws:route53/getZone:getZone",
} as const;

/** @pulumi/gcp resources fedfleet registers, and the Google Cloud provider itself. */
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

/** @pulumi/gcp functions (invokes) fedfleet calls. */
export const GCP_INVOKES = {
    getProject: "gcp:organizations/getProject:getProject",
    getManagedZones: "gcp:dns/getManagedZones:getManagedZones",
} as const;

/**
 * @pulumi/kubernetes kinds fedfleet registers or the policy pack inspects (every kind that runs
 * pods, and the server-side-apply `*Patch` kinds that change an object fedfleet does not own).
 */
export const KUBERNETES_TYPES = {
    provider: "pulumi:providers:kubernetes",
    namespace: "kubernetes:core/v1:Namespace",
    namespacePatch: "kubernetes:core/v1:NamespacePatch",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    pod: "kubernetes:core/v1:Pod",
    replicationController: "kubernetes:core/v1:ReplicationController",
    deployment: "kubernetes:apps/v1:Deployment",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
    service: "kubernetes:core/v1:Service",
    servicePatch: "kubernetes:core/v1:ServicePatch",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    networkPolicyPatch: "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    pdbPatch: "kubernetes:policy/v1:PodDisruptionBudgetPatch",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
} as const;

/** @pulumiverse/time resources fedfleet registers. */
export const TIME_TYPES = {
    sleep: "time:index/sleep:Sleep",
} as const;

/** @pulumi/random resources fedfleet registers. */
export const RANDOM_TYPES = {
    randomId: "random:index/randomId:RandomId",
} as const;

/** Type tokens of the cluster components start with this: `fedfleet:cluster:EksCluster`, ... */
export const CLUSTER_COMPONENT_PREFIX = "fedfleet:cluster:";

/** fedfleet's own ComponentResources: the type half of their URNs. */
export const FEDFLEET_TYPES = {
    eksCluster: `${CLUSTER_COMPONENT_PREFIX}EksCluster`,
    gkeCluster: `${CLUSTER_COMPONENT_PREFIX}GkeCluster`,
    existingCluster: `${CLUSTER_COMPONENT_PREFIX}ExistingCluster`,
    awsNetwork: "fedfleet:aws:Network",
    gcpNetwork: "fedfleet:gcp:Network",
    gcpProjectServices: "fedfleet:gcp:ProjectServices",
    federatedService: "fedfleet:service:FederatedService",
    fleetServiceNames: "fedfleet:service:FleetServiceNames",
    dnsZone: "fedfleet:dns:Zone",
    route53ServiceDns: "fedfleet:dns:Route53ServiceDns",
    cloudDnsServiceDns: "fedfleet:dns:CloudDnsServiceDns",
} as const;
