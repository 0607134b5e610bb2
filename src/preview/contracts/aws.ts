// Contracts of the AWS provider (@pulumi/aws, a bridge of terraform-provider-aws) and of the
// AWS APIs behind it, for every AWS resource type fedfleet registers. "TF" cites
// terraform-provider-aws source, whose schema checks run at preview; "API" cites the AWS API
// models and guides, whose checks run when the resource is created.
import { contains, isCanonical, overlaps, parseCidr } from "../../plan/core/cidr";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { ContractContext, Finding, ResourceContract, shown } from "./contract";
import { EKS_UNSUPPORTED_ZONE_IDS, EKS_ZONE_SOURCE, NLB_HOSTED_ZONES, NLB_HOSTED_ZONES_SOURCE } from "./aws-tables";

/** The type tokens of the AWS resources fedfleet registers. */
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

const T = AWS_TYPES;
const EC2_TYPES = [T.vpc, T.subnet, T.internetGateway, T.routeTable, T.eip, T.natGateway];
const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

/** The recorded resources of a type that a resource depends on directly. */
function dependenciesOfType(resource: RecordedResource, type: string, context: ContractContext): RecordedResource[] {
    return resource.dependencies
        .map((urn) => context.byUrn.get(urn))
        .filter((r): r is RecordedResource => r?.type === type);
}

/** The routing policy a Route53 record's inputs name (the provider's `*RoutingPolicies` keys), if any. */
function routingPolicyOf(i: Inputs): string | undefined {
    return ROUTE53_POLICY_KEYS.find((key) => {
        const value = i[key];
        return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
    });
}

/** @pulumi/aws route53.Record's routing-policy inputs; a record has at most one. */
const ROUTE53_POLICY_KEYS = [
    "weightedRoutingPolicies",
    "latencyRoutingPolicies",
    "failoverRoutingPolicies",
    "geolocationRoutingPolicies",
    "cidrRoutingPolicy",
    "geoproximityRoutingPolicy",
    "multivalueAnswerRoutingPolicy",
];

/** A finding when `value` is a number outside [min, max] (absent values pass). */
function outside(field: string, value: unknown, min: number, max: number): Finding[] {
    if (value === undefined || value === null) return [];
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
        ? []
        : [{ field, found: shown(value) }];
}

/** A finding when a string value fails `ok` (absent values pass). */
function stringRule(field: string, value: unknown, ok: (text: string) => boolean): Finding[] {
    if (value === undefined || value === null) return [];
    return typeof value === "string" && ok(value) ? [] : [{ field, found: shown(value) }];
}

/** The VPC a subnet (or another VPC child) belongs to. */
function vpcOf(resource: RecordedResource, context: ContractContext): RecordedResource | undefined {
    return dependenciesOfType(resource, T.vpc, context)[0];
}

/** The EKS clusters that use a subnet of `vpc`. */
function eksClustersIn(vpc: RecordedResource, context: ContractContext): RecordedResource[] {
    const subnets = context.dependentsOf(vpc.urn).filter((r) => r.type === T.subnet);
    const clusters = new Set(
        subnets.flatMap((s) => context.dependentsOf(s.urn)).filter((r) => r.type === T.eksCluster),
    );
    return [...clusters];
}

const CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/";

/** Every AWS resource contract. */
export const awsContracts: ResourceContract[] = [
    {
        id: "aws.provider.region",
        types: [T.provider],
        rule: "a region name such as us-east-1",
        source: "terraform-provider-aws internal/provider (region: verify.ValidRegionName)",
        check: (r) => stringRule("region", inputsOf(r).region, (v) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(v)),
    },
    {
        id: "aws.tags.limits",
        types: [
            ...EC2_TYPES,
            T.role,
            T.policy,
            T.oidcProvider,
            T.kmsKey,
            T.eksCluster,
            T.nodeGroup,
            T.zone,
            T.healthCheck,
        ],
        rule: "at most 50 tags (the provider's default tags included), keys of 1 to 128 characters not starting with aws:, values of at most 256",
        source: "EKS, IAM and KMS API models (TagMap, TagKey, TagValue); EC2 User Guide, tag restrictions",
        check: (r, context) => {
            const own = (inputsOf(r).tags ?? {}) as Record<string, string>;
            const defaults = ((context.providerInputs(r).defaultTags as Inputs | undefined)?.tags ?? {}) as Record<
                string,
                string
            >;
            const tags = { ...defaults, ...own };
            const findings: Finding[] = [];
            if (Object.keys(tags).length > 50)
                findings.push({ field: "tags", found: `${Object.keys(tags).length} tags` });
            for (const [key, value] of Object.entries(tags)) {
                if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
                    findings.push({ field: `tags[${JSON.stringify(key)}]`, found: "that key" });
                } else if (typeof value !== "string" || value.length > 256) {
                    findings.push({ field: `tags[${JSON.stringify(key)}]`, found: shown(value) });
                }
            }
            return findings;
        },
    },
    {
        id: "aws.ec2.vpc.cidr",
        types: [T.vpc],
        rule: "an IPv4 network (no host bits) with a prefix from /16 to /28",
        source: "terraform-provider-aws internal/service/ec2/vpc_.go (cidr_block: validation.IsCIDRNetwork(16, 28))",
        check: (r) => {
            const cidr = parseCidr(String(inputsOf(r).cidrBlock));
            const ok = cidr && cidr.family === "ipv4" && isCanonical(cidr) && cidr.prefix >= 16 && cidr.prefix <= 28;
            return ok ? [] : [{ field: "cidrBlock", found: shown(inputsOf(r).cidrBlock) }];
        },
    },
    {
        id: "aws.ec2.subnet.cidr",
        types: [T.subnet],
        rule: "an IPv4 network (no host bits) inside its VPC's range, overlapping no other subnet of the VPC",
        source: "terraform-provider-aws internal/service/ec2/vpc_subnet.go (verify.ValidIPv4CIDRNetworkAddress); Amazon VPC User Guide, subnet CIDR blocks",
        check: (r, context) => {
            const cidr = parseCidr(String(inputsOf(r).cidrBlock));
            if (!cidr || cidr.family !== "ipv4" || !isCanonical(cidr)) {
                return [{ field: "cidrBlock", found: shown(inputsOf(r).cidrBlock) }];
            }
            const vpc = vpcOf(r, context);
            const vpcCidr = vpc && parseCidr(String(inputsOf(vpc).cidrBlock));
            if (vpcCidr && !contains(vpcCidr, cidr)) {
                return [{ field: "cidrBlock", found: `${cidr.text}, outside the VPC's ${vpcCidr.text}` }];
            }
            const clash = vpc
                ? context
                      .dependentsOf(vpc.urn)
                      .filter((other) => other.type === T.subnet && other.urn !== r.urn)
                      .find((other) => {
                          const theirs = parseCidr(String(inputsOf(other).cidrBlock));
                          return theirs !== undefined && overlaps(theirs, cidr);
                      })
                : undefined;
            return clash
                ? [
                      {
                          field: "cidrBlock",
                          found: `${cidr.text}, overlapping ${clash.name}'s ${inputsOf(clash).cidrBlock}`,
                      },
                  ]
                : [];
        },
    },
    {
        id: "aws.ec2.subnet.zone",
        types: [T.subnet],
        rule: "exactly one of availabilityZone (a zone of the provider's region) or availabilityZoneId",
        source: "terraform-provider-aws internal/service/ec2/vpc_subnet.go (availability_zone ConflictsWith availability_zone_id)",
        check: (r, context) => {
            const { availabilityZone: zone, availabilityZoneId: zoneId } = inputsOf(r);
            if ((zone === undefined) === (zoneId === undefined)) {
                return [{ field: "availabilityZone", found: zone === undefined ? "neither" : "both" }];
            }
            const region = context.providerInputs(r).region;
            if (zone !== undefined && typeof region === "string" && !String(zone).startsWith(region)) {
                return [{ field: "availabilityZone", found: `${shown(zone)} in region ${region}` }];
            }
            return [];
        },
    },
    {
        id: "aws.eks.subnet.supported-zone",
        types: [T.subnet],
        rule: `a zone that can hold an EKS control plane (not ${EKS_UNSUPPORTED_ZONE_IDS.join(", ")})`,
        source: EKS_ZONE_SOURCE,
        check: (r, context) => {
            const zoneId = inputsOf(r).availabilityZoneId;
            const usedByEks = context.dependentsOf(r.urn).some((d) => d.type === T.eksCluster);
            return usedByEks && EKS_UNSUPPORTED_ZONE_IDS.includes(zoneId)
                ? [{ field: "availabilityZoneId", found: shown(zoneId) }]
                : [];
        },
    },
    {
        id: "aws.k8s.subnet.cluster-tag",
        types: [T.subnet],
        rule: "no kubernetes.io/cluster/ tag, or one naming the EKS cluster that uses the VPC (the service controller keeps only subnets tagged for its own cluster or untagged)",
        source: "kubernetes/cloud-provider-aws pkg/providers/v1/aws.go (findSubnets), tags.go (hasClusterTag, hasNoClusterPrefixTag)",
        check: (r, context) => {
            const tags = (inputsOf(r).tags ?? {}) as Record<string, string>;
            const clusterTags = Object.keys(tags).filter((key) => key.startsWith(CLUSTER_TAG_PREFIX));
            const vpc = vpcOf(r, context);
            if (clusterTags.length === 0 || !vpc) return [];
            return eksClustersIn(vpc, context)
                .map((cluster) => `${CLUSTER_TAG_PREFIX}${inputsOf(cluster).name}`)
                .filter((wanted) => !clusterTags.includes(wanted))
                .map(() => ({ field: `tags[${JSON.stringify(clusterTags[0])}]`, found: shown(clusterTags[0]) }));
        },
    },
    {
        id: "aws.ec2.eip.domain",
        types: [T.eip],
        rule: 'domain "vpc" or "standard"',
        source: "terraform-provider-aws internal/service/ec2/ec2_eip.go (domain: enum DomainType)",
        check: (r) => stringRule("domain", inputsOf(r).domain, (v) => v === "vpc" || v === "standard"),
    },
    {
        id: "aws.ec2.nat.allocation",
        types: [T.natGateway],
        rule: "a subnet, and an Elastic IP allocation exactly when the gateway is public",
        source: "terraform-provider-aws internal/service/ec2/vpc_nat_gateway.go (resourceNATGatewayCustomizeDiff)",
        check: (r) => {
            const { subnetId, allocationId, connectivityType = "public" } = inputsOf(r);
            if (!subnetId) return [{ field: "subnetId", found: "nothing" }];
            if ((connectivityType === "public") !== Boolean(allocationId)) {
                return [
                    { field: "allocationId", found: `${shown(allocationId)} with connectivity ${connectivityType}` },
                ];
            }
            return [];
        },
    },
    {
        id: "aws.ec2.route-table.routes",
        types: [T.routeTable],
        rule: "routes with one destination (a canonical CIDR) and one target each",
        source: "terraform-provider-aws internal/service/ec2/vpc_route_table.go (route: exactly one destination and one target)",
        check: (r) =>
            ((inputsOf(r).routes ?? []) as Inputs[]).flatMap((route, index) => {
                const destinations = ["cidrBlock", "ipv6CidrBlock", "destinationPrefixListId"].filter(
                    (k) => route[k] !== undefined,
                );
                const targets = [
                    "gatewayId",
                    "natGatewayId",
                    "networkInterfaceId",
                    "transitGatewayId",
                    "vpcPeeringConnectionId",
                    "vpcEndpointId",
                    "egressOnlyGatewayId",
                    "carrierGatewayId",
                    "localGatewayId",
                    "coreNetworkArn",
                ].filter((k) => route[k] !== undefined);
                const cidr = route.cidrBlock !== undefined ? parseCidr(String(route.cidrBlock)) : undefined;
                const badCidr = route.cidrBlock !== undefined && !(cidr && isCanonical(cidr));
                return destinations.length === 1 && targets.length === 1 && !badCidr
                    ? []
                    : [
                          {
                              field: `routes[${index}]`,
                              found: `destinations ${destinations.join("+") || "none"}, targets ${targets.join("+") || "none"}`,
                          },
                      ];
            }),
    },
    {
        id: "aws.ec2.route-table-association.target",
        types: [T.routeTableAssociation],
        rule: "a route table, and exactly one of subnetId or gatewayId",
        source: "terraform-provider-aws internal/service/ec2/vpc_route_table_association.go (subnet_id, gateway_id: ExactlyOneOf)",
        check: (r) => {
            const { routeTableId, subnetId, gatewayId } = inputsOf(r);
            if (!routeTableId) return [{ field: "routeTableId", found: "nothing" }];
            return (subnetId === undefined) === (gatewayId === undefined)
                ? [{ field: "subnetId", found: subnetId === undefined ? "neither" : "both" }]
                : [];
        },
    },
    {
        id: "aws.iam.role.name",
        types: [T.role],
        rule: "a name of at most 64 characters: explicit, or the logical name plus Pulumi's '-' and 7 random characters",
        source: "terraform-provider-aws internal/service/iam/role.go (roleNameMaxLen = 64); pulumi-terraform-bridge autonaming (<name>-<7 hex>)",
        check: (r) => {
            const name = inputsOf(r).name;
            if (name !== undefined) return stringRule("name", name, (v) => v.length <= 64 && /^[\w+=,.@-]+$/.test(v));
            return r.name.length + 8 <= 64
                ? []
                : [{ field: "name (auto-named)", found: `"${r.name}-xxxxxxx", ${r.name.length + 8} characters` }];
        },
    },
    {
        id: "aws.iam.role.trust-policy",
        types: [T.role],
        rule: "a JSON policy document with a Version and Statements, of at most 2,048 characters (the default quota)",
        source: "IAM API CreateRole (AssumeRolePolicyDocument); EKS best practices, known limits and service quotas (role trust policy length, L-C07B4B0D: 2,048)",
        check: (r) => {
            const text = inputsOf(r).assumeRolePolicy;
            if (typeof text !== "string") return [{ field: "assumeRolePolicy", found: shown(text) }];
            try {
                const doc = JSON.parse(text) as Inputs;
                if (!doc.Version || !Array.isArray(doc.Statement) || doc.Statement.length === 0)
                    throw new Error("shape");
            } catch {
                return [{ field: "assumeRolePolicy", found: "not a policy document" }];
            }
            return text.length <= 2048 ? [] : [{ field: "assumeRolePolicy", found: `${text.length} characters` }];
        },
    },
    {
        id: "aws.iam.role-policy-attachment.arn",
        types: [T.rolePolicyAttachment],
        rule: "a role and an IAM policy ARN",
        source: "terraform-provider-aws internal/service/iam/role_policy_attachment.go (policy_arn: verify.ValidARN)",
        check: (r) => {
            const { role, policyArn } = inputsOf(r);
            if (!role) return [{ field: "role", found: "nothing" }];
            return stringRule("policyArn", policyArn, (v) => /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/.test(v));
        },
    },
    {
        id: "aws.iam.oidc.url",
        types: [T.oidcProvider],
        rule: "an https:// issuer URL of at most 255 characters and client ids of 1 to 255",
        source: "IAM API CreateOpenIDConnectProvider (OpenIDConnectProviderUrlType, clientIDType)",
        check: (r) => {
            const { url, clientIdLists = [] } = inputsOf(r);
            const findings = stringRule("url", url, (v) => v.startsWith("https://") && v.length <= 255 && v.length > 8);
            (clientIdLists as unknown[]).forEach((id, i) =>
                findings.push(...stringRule(`clientIdLists[${i}]`, id, (v) => v.length >= 1 && v.length <= 255)),
            );
            return findings;
        },
    },
    {
        id: "aws.kms.key.deletion-window",
        types: [T.kmsKey],
        rule: "a deletion window of 7 to 30 days",
        source: "terraform-provider-aws internal/service/kms/key.go (deletion_window_in_days: IntBetween(7, 30))",
        check: (r) => outside("deletionWindowInDays", inputsOf(r).deletionWindowInDays, 7, 30),
    },
    {
        id: "aws.kms.alias.name",
        types: [T.kmsAlias],
        rule: "alias/ then letters, digits, '/', '_' or '-', not alias/aws/, at most 256 characters",
        source: "terraform-provider-aws internal/service/kms/validate.go (validNameForResource); KMS API AliasNameType",
        check: (r) =>
            stringRule(
                "name",
                inputsOf(r).name,
                (v) => /^alias\/[a-zA-Z0-9/_-]+$/.test(v) && !v.startsWith("alias/aws/") && v.length <= 256,
            ),
    },
    {
        id: "aws.eks.cluster.name",
        types: [T.eksCluster],
        rule: "a name of 1 to 100 letters, digits, '-' or '_', starting with a letter or digit",
        source: "terraform-provider-aws internal/service/eks/validate.go (validClusterName)",
        check: (r) =>
            stringRule("name", inputsOf(r).name, (v) => /^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(v) && v.length <= 100),
    },
    {
        id: "aws.eks.cluster.subnets",
        types: [T.eksCluster],
        rule: "subnets in at least two Availability Zones",
        source: "EKS User Guide, VPC and subnet requirements (network-reqs.html); EKS API CreateCluster",
        check: (r, context) => {
            const zones = new Set(
                dependenciesOfType(r, T.subnet, context).map(
                    (s) => inputsOf(s).availabilityZone ?? inputsOf(s).availabilityZoneId,
                ),
            );
            return zones.size >= 2 ? [] : [{ field: "vpcConfig.subnetIds", found: `subnets in ${zones.size} zone(s)` }];
        },
    },
    {
        id: "aws.eks.cluster.public-access",
        types: [T.eksCluster],
        rule: "at most 40 public access CIDRs, each a network (no host bits)",
        source: "terraform-provider-aws internal/service/eks/cluster.go (public_access_cidrs: verify.ValidCIDRNetworkAddress); EKS User Guide, cluster endpoint access (40 CIDRs)",
        check: (r) => {
            const cidrs = ((inputsOf(r).vpcConfig ?? {}).publicAccessCidrs ?? []) as string[];
            if (cidrs.length > 40) return [{ field: "vpcConfig.publicAccessCidrs", found: `${cidrs.length} CIDRs` }];
            return cidrs.flatMap((text, i) => {
                const cidr = parseCidr(text);
                return cidr && isCanonical(cidr)
                    ? []
                    : [{ field: `vpcConfig.publicAccessCidrs[${i}]`, found: shown(text) }];
            });
        },
    },
    {
        id: "aws.eks.cluster.settings",
        types: [T.eksCluster],
        rule: 'log types among api, audit, authenticator, controllerManager, scheduler; encryption of "secrets" only; an authentication mode of API, API_AND_CONFIG_MAP or CONFIG_MAP',
        source: "terraform-provider-aws internal/service/eks/cluster.go (enabled_cluster_log_types, encryption_config.resources, access_config.authentication_mode)",
        check: (r) => {
            const inputs = inputsOf(r);
            const findings: Finding[] = [];
            const logTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
            ((inputs.enabledClusterLogTypes ?? []) as string[]).forEach((type, i) => {
                if (!logTypes.includes(type))
                    findings.push({ field: `enabledClusterLogTypes[${i}]`, found: shown(type) });
            });
            const resources = inputs.encryptionConfig?.resources as string[] | undefined;
            if (resources && (resources.length !== 1 || resources[0] !== "secrets")) {
                findings.push({ field: "encryptionConfig.resources", found: shown(resources) });
            }
            const mode = inputs.accessConfig?.authenticationMode;
            if (mode !== undefined && !["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"].includes(mode)) {
                findings.push({ field: "accessConfig.authenticationMode", found: shown(mode) });
            }
            return findings;
        },
    },
    {
        id: "aws.eks.node-group.name",
        types: [T.nodeGroup],
        rule: "a name of 1 to 63 letters, digits, '-' or '_', starting with a letter or digit",
        source: "terraform-provider-aws internal/service/eks/node_group.go (node_group_name: StringLenBetween(0, 63)); @pulumi/aws eks/nodeGroup.d.ts (nodeGroupName)",
        check: (r) =>
            stringRule(
                "nodeGroupName",
                inputsOf(r).nodeGroupName,
                (v) => /^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(v) && v.length <= 63,
            ),
    },
    {
        id: "aws.eks.node-group.scaling",
        types: [T.nodeGroup],
        rule: "sizes with min >= 0, max >= 1 and min <= desired <= max",
        source: "terraform-provider-aws internal/service/eks/node_group.go (scaling_config); EKS API UpdateNodegroupConfig (minimum capacity can't be greater than desired size)",
        check: (r) => {
            const { minSize, maxSize, desiredSize } = (inputsOf(r).scalingConfig ?? {}) as Inputs;
            const ok = minSize >= 0 && maxSize >= 1 && minSize <= desiredSize && desiredSize <= maxSize;
            return ok
                ? []
                : [{ field: "scalingConfig", found: `min ${minSize}, desired ${desiredSize}, max ${maxSize}` }];
        },
    },
    {
        id: "aws.eks.node-group.update",
        types: [T.nodeGroup],
        rule: "an update percentage of 1 to 100 and a known AMI type",
        source: "terraform-provider-aws internal/service/eks/node_group.go (update_config.max_unavailable_percentage: IntBetween(1, 100); ami_type: enum AMITypes)",
        check: (r) => {
            const inputs = inputsOf(r);
            const findings = outside(
                "updateConfig.maxUnavailablePercentage",
                inputs.updateConfig?.maxUnavailablePercentage,
                1,
                100,
            );
            const amiTypes = [
                "AL2023_x86_64_STANDARD",
                "AL2023_ARM_64_STANDARD",
                "AL2023_x86_64_NVIDIA",
                "AL2023_ARM_64_NVIDIA",
                "AL2023_x86_64_NEURON",
                "BOTTLEROCKET_x86_64",
                "BOTTLEROCKET_ARM_64",
                "AL2_x86_64",
                "AL2_ARM_64",
                "CUSTOM",
            ];
            if (inputs.amiType !== undefined && !amiTypes.includes(inputs.amiType))
                findings.push({ field: "amiType", found: shown(inputs.amiType) });
            return findings;
        },
    },
    {
        id: "aws.eks.node-group.after-cni",
        types: [T.nodeGroup],
        rule: "to be created after its cluster's vpc-cni and kube-proxy add-ons (with bootstrapSelfManagedAddons off, nodes without a CNI never become Ready)",
        source: "EKS User Guide, create-cluster (bootstrapSelfManagedAddons); terraform-aws-modules/terraform-aws-eks #3446, #3160 (cni plugin not initialized, NodeCreationFailure)",
        check: (r, context) => {
            const cluster = inputsOf(r).clusterName;
            const addons = dependenciesOfType(r, T.addon, context)
                .filter((a) => inputsOf(a).clusterName === cluster)
                .map((a) => inputsOf(a).addonName);
            return ["vpc-cni", "kube-proxy"]
                .filter((name) => !addons.includes(name))
                .map((name) => ({ field: "dependsOn", found: `no dependency on the ${name} add-on` }));
        },
    },
    {
        id: "aws.eks.node-group.after-egress",
        types: [T.nodeGroup],
        rule: "to be created after the route table association of each of its subnets (nodes in a private subnet reach ECR, to pull the vpc-cni and kube-proxy images, only through its NAT route)",
        source: "EKS User Guide, private-clusters (without outbound internet access, images must come from a registry reachable inside the VPC); terraform-aws-modules/terraform-aws-eks #3160 (NodeCreationFailure)",
        check: (r, context) => {
            const subnets = dependenciesOfType(r, T.subnet, context);
            return subnets.flatMap((subnet) =>
                context
                    .dependentsOf(subnet.urn)
                    .filter((a) => a.type === T.routeTableAssociation && !r.dependencies.includes(a.urn))
                    .map((a) => ({ field: "dependsOn", found: `no dependency on ${a.name}` })),
            );
        },
    },
    {
        id: "aws.eks.k8s-provider.after-access",
        types: ["pulumi:providers:kubernetes"],
        rule: "for an EKS cluster, to wait for the cluster's access policy associations (without its entry and policy the deploying role cannot call the Kubernetes API)",
        source: "EKS User Guide, grant IAM users access to Kubernetes with EKS access entries",
        check: (r, context) => {
            const cluster = r.parent ? context.byUrn.get(r.parent) : undefined;
            if (cluster?.type !== "fedfleet:cluster:EksCluster") return [];
            const associations = context.resources.filter(
                (a) => a.type === T.accessPolicyAssociation && a.parent === cluster.urn,
            );
            const missing = associations.filter((a) => !r.dependencies.includes(a.urn));
            return missing.map((a) => ({ field: "dependsOn", found: `no dependency on ${a.name}` }));
        },
    },
    {
        id: "aws.eks.addon.version",
        types: [T.addon],
        rule: "an explicit version such as v1.20.4-eksbuild.1 (a leading v, then semantic version), and conflict resolutions NONE or OVERWRITE (create), NONE, OVERWRITE or PRESERVE (update)",
        source: "terraform-provider-aws internal/service/eks/addon.go (addon_version regex, resolve_conflicts_on_create/on_update)",
        check: (r) => {
            const { addonVersion, resolveConflictsOnCreate, resolveConflictsOnUpdate } = inputsOf(r);
            const findings: Finding[] = [];
            if (
                typeof addonVersion !== "string" ||
                !/^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/.test(addonVersion)
            ) {
                findings.push({ field: "addonVersion", found: shown(addonVersion) });
            }
            if (resolveConflictsOnCreate !== undefined && !["NONE", "OVERWRITE"].includes(resolveConflictsOnCreate))
                findings.push({ field: "resolveConflictsOnCreate", found: shown(resolveConflictsOnCreate) });
            if (
                resolveConflictsOnUpdate !== undefined &&
                !["NONE", "OVERWRITE", "PRESERVE"].includes(resolveConflictsOnUpdate)
            )
                findings.push({ field: "resolveConflictsOnUpdate", found: shown(resolveConflictsOnUpdate) });
            return findings;
        },
    },
    {
        id: "aws.eks.addon.kube-proxy-version",
        types: [T.addon],
        rule: "a kube-proxy of the cluster's Kubernetes minor version",
        source: "EKS User Guide, managing kube-proxy (kube-proxy versions per cluster version)",
        check: (r, context) => {
            const { addonName, addonVersion } = inputsOf(r);
            if (addonName !== "kube-proxy" || typeof addonVersion !== "string") return [];
            const cluster = dependenciesOfType(r, T.eksCluster, context)[0];
            const version = cluster && inputsOf(cluster).version;
            return typeof version === "string" && !addonVersion.startsWith(`v${version}.`)
                ? [{ field: "addonVersion", found: `${addonVersion} on Kubernetes ${version}` }]
                : [];
        },
    },
    {
        id: "aws.eks.access-entry.principal",
        types: [T.accessEntry],
        rule: "an IAM role or user ARN, one entry per principal on a cluster, of type STANDARD, EC2, EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX or HYBRID_LINUX",
        source: "terraform-provider-aws internal/service/eks/access_entry.go (principal_arn, type); EKS API CreateAccessEntry (the same ARN in more than one access entry: ResourceInUseException)",
        check: (r, context) => {
            const { principalArn, clusterName, type = "STANDARD" } = inputsOf(r);
            const findings = stringRule("principalArn", principalArn, (v) =>
                /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(v),
            );
            if (!["STANDARD", "EC2", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX"].includes(type))
                findings.push({ field: "type", found: shown(type) });
            const twin = context.resources.find(
                (o) =>
                    o.type === T.accessEntry &&
                    o.urn < r.urn &&
                    inputsOf(o).clusterName === clusterName &&
                    inputsOf(o).principalArn === principalArn,
            );
            if (twin)
                findings.push({
                    field: "principalArn",
                    found: `${shown(principalArn)}, already given by ${twin.name}`,
                });
            return findings;
        },
    },
    {
        id: "aws.eks.access-policy.scope",
        types: [T.accessPolicyAssociation],
        rule: 'an EKS access policy ARN and an access scope of type "cluster" (no namespaces) or "namespace" (with namespaces)',
        source: "EKS API AssociateAccessPolicy (AccessScope.type: cluster | namespace); EKS User Guide, access policy reference",
        check: (r) => {
            const { policyArn, accessScope = {} } = inputsOf(r);
            const findings = stringRule("policyArn", policyArn, (v) =>
                /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/\w+$/.test(v),
            );
            const namespaces = (accessScope.namespaces ?? []) as string[];
            if (
                !(accessScope.type === "cluster" && namespaces.length === 0) &&
                !(accessScope.type === "namespace" && namespaces.length > 0)
            ) {
                findings.push({ field: "accessScope", found: shown(accessScope) });
            }
            return findings;
        },
    },
    {
        id: "aws.route53.zone.name",
        types: [T.zone],
        rule: "a zone name of 1 to 1024 characters",
        source: "terraform-provider-aws internal/service/route53/zone.go (name: StringLenBetween(1, 1024))",
        check: (r) => stringRule("name", inputsOf(r).name, (v) => v.length >= 1 && v.length <= 1024),
    },
    {
        id: "aws.route53.health-check.fields",
        types: [T.healthCheck],
        rule: "a known type; for endpoint checks an interval of 10 or 30, a threshold of 1 to 10, a port, an fqdn or IP, paths and names of at most 255; for calculated checks no port and 1 to 256 children with a threshold they can meet",
        source: "terraform-provider-aws internal/service/route53/health_check.go; Route 53 API HealthCheckConfig (Port, HealthThreshold)",
        check: (r) => {
            const i = inputsOf(r);
            const findings: Finding[] = [];
            const types = [
                "HTTP",
                "HTTPS",
                "HTTP_STR_MATCH",
                "HTTPS_STR_MATCH",
                "TCP",
                "CALCULATED",
                "CLOUDWATCH_METRIC",
                "RECOVERY_CONTROL",
            ];
            if (!types.includes(i.type)) return [{ field: "type", found: shown(i.type) }];
            if (i.type === "CALCULATED") {
                if (i.port !== undefined) findings.push({ field: "port", found: shown(i.port) });
                const children = (i.childHealthchecks ?? []) as unknown[];
                if (children.length < 1 || children.length > 256)
                    findings.push({ field: "childHealthchecks", found: `${children.length} checks` });
                if (!(
                    Number.isInteger(i.childHealthThreshold) &&
                    i.childHealthThreshold >= 0 &&
                    i.childHealthThreshold <= children.length
                )) {
                    findings.push({
                        field: "childHealthThreshold",
                        found: `${shown(i.childHealthThreshold)} of ${children.length}`,
                    });
                }
                return findings;
            }
            if (i.requestInterval !== undefined && i.requestInterval !== 10 && i.requestInterval !== 30)
                findings.push({ field: "requestInterval", found: shown(i.requestInterval) });
            findings.push(...outside("failureThreshold", i.failureThreshold, 1, 10));
            findings.push(...outside("port", i.port, 1, 65535));
            if (!i.fqdn && !i.ipAddress) findings.push({ field: "fqdn", found: "neither an fqdn nor an ipAddress" });
            findings.push(...stringRule("fqdn", i.fqdn, (v) => v.length <= 255));
            findings.push(...stringRule("resourcePath", i.resourcePath, (v) => v.length <= 255));
            return findings;
        },
    },
    {
        id: "aws.route53.record.shape",
        types: [T.record],
        rule: "exactly one of aliases or records, a TTL with records and [] with aliases, at most one routing policy and a set identifier (1 to 128 characters) exactly when there is one, weights of 0 to 255",
        source: "terraform-provider-aws internal/service/route53/record.go (ExactlyOneOf alias/records, alias ConflictsWith ttl, routing policies RequiredWith set_identifier); Route 53 API ResourceRecordSet (Weight, SetIdentifier)",
        check: (r) => {
            const i = inputsOf(r);
            const findings: Finding[] = [];
            const aliases = (i.aliases ?? []) as Inputs[];
            const records = (i.records ?? []) as unknown[];
            if (aliases.length > 0 === records.length > 0)
                findings.push({
                    field: "aliases",
                    found: aliases.length > 0 ? "both aliases and records" : "neither aliases nor records",
                });
            if (aliases.length > 0 && i.ttl !== undefined)
                findings.push({ field: "ttl", found: `${shown(i.ttl)} on an alias` });
            if (records.length > 0 && i.ttl === undefined) findings.push({ field: "ttl", found: "nothing" });
            const policies = ROUTE53_POLICY_KEYS.filter((key) => {
                const value = i[key];
                return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
            });
            if (policies.length > 1) findings.push({ field: policies[1], found: `with ${policies[0]}` });
            if (policies.length > 0 !== (i.setIdentifier !== undefined))
                findings.push({ field: "setIdentifier", found: shown(i.setIdentifier) });
            findings.push(...stringRule("setIdentifier", i.setIdentifier, (v) => v.length >= 1 && v.length <= 128));
            for (const [index, policy] of ((i.weightedRoutingPolicies ?? []) as Inputs[]).entries()) {
                findings.push(...outside(`weightedRoutingPolicies[${index}].weight`, policy.weight, 0, 255));
            }
            return findings;
        },
    },
    {
        id: "aws.route53.record.alias-zone",
        types: [T.record],
        rule: "an alias to a Network Load Balancer naming the canonical hosted zone of the load balancer's region",
        source: `${NLB_HOSTED_ZONES_SOURCE}; Route 53 API AliasTarget (HostedZoneId)`,
        check: (r) =>
            ((inputsOf(r).aliases ?? []) as Inputs[]).flatMap((alias, index) => {
                const region = /\.elb\.([a-z0-9-]+)\.amazonaws\.com\.?$/.exec(String(alias.name))?.[1];
                if (!region) return [];
                return alias.zoneId === NLB_HOSTED_ZONES[region]
                    ? []
                    : [{ field: `aliases[${index}].zoneId`, found: `${shown(alias.zoneId)} for ${region}` }];
            }),
    },
    {
        id: "aws.route53.record.routing-set",
        types: [T.record],
        rule: "records that share a name and type all routed by one policy (or one record without routing), a failover set with one PRIMARY and at most one SECONDARY",
        source: "Route 53 API ResourceRecordSet (Failover: one PRIMARY and one SECONDARY record, and no non-failover record with their Name and Type; SetIdentifier: among records of one name and type)",
        check: (r, context) => {
            const i = inputsOf(r);
            const same = context.resources.filter(
                (o) =>
                    o.type === T.record &&
                    inputsOf(o).name === i.name &&
                    inputsOf(o).zoneId === i.zoneId &&
                    inputsOf(o).type === i.type,
            );
            const policy = (o: RecordedResource) => routingPolicyOf(inputsOf(o));
            const findings: Finding[] = [];
            const mixed = same.find((o) => policy(o) !== policy(r));
            if (mixed)
                findings.push({
                    field: "setIdentifier",
                    found: `${policy(r) ?? "no routing"} beside ${mixed.name}'s ${policy(mixed) ?? "no routing"} at ${shown(i.name)}`,
                });
            const role = (o: RecordedResource) => inputsOf(o).failoverRoutingPolicies?.[0]?.type;
            const twins = same.filter((o) => role(o) !== undefined && role(o) === role(r));
            if (twins.length > 1)
                findings.push({ field: "failoverRoutingPolicies", found: `${twins.length} ${role(r)} records` });
            return findings;
        },
    },
    {
        id: "aws.route53.record.cname-alone",
        types: [T.record],
        rule: "a CNAME only at a name that holds no other record type",
        source: "RFC 1034 section 3.6.2 (a CNAME node holds no other data); Route 53 Developer Guide, CNAME records",
        check: (r, context) => {
            const i = inputsOf(r);
            if (i.type !== "CNAME") return [];
            const other = context.resources.find(
                (o) =>
                    o.type === T.record &&
                    inputsOf(o).name === i.name &&
                    inputsOf(o).zoneId === i.zoneId &&
                    inputsOf(o).type !== "CNAME",
            );
            return other
                ? [
                      {
                          field: "name",
                          found: `${shown(i.name)}, which ${other.name} gives a ${inputsOf(other).type} record`,
                      },
                  ]
                : [];
        },
    },
];
