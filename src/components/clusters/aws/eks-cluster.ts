// An EKS cluster built from plain @pulumi/aws resources (not the @pulumi/eks remote
// component), so every child is visible to the mock engine, the tests and the policy pack.
import * as pulumi from "@pulumi/pulumi";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as vpc from "@pulumi/aws/vpc";
import { awsClusterSchema, AwsClusterInput } from "../../../plan/config/schema";
import type { EksClusterPlan } from "../../../plan/fleet-plan";
import { clusterPlanOf, FleetCluster, FleetClusterArgs, PlannedClusterArgs } from "../fleet-cluster";
import { eksKubeconfig } from "../../../plan/clusters/kubeconfig";
import { eksRoleNames } from "../../../plan/physical-names";
import {
    CLUSTER_ROLE_POLICIES,
    NODE_ROLE_POLICIES,
    serviceAccountTrustPolicy,
    serviceTrustPolicy,
    VPC_CNI_ROLE_POLICIES,
} from "../../../plan/clusters/aws/iam-policies";
import type { EksAddon } from "../../../plan/clusters/aws/addon-versions";
import { AwsNetwork } from "./network";
import { EKS_API_PORT } from "../../../plan/clusters/aws/eks-access";
import { FEDFLEET_TYPES } from "../../../plan/core/type-tokens";
import { NODE_POOL_LABEL } from "../../../plan/core/labels";

const TYPE = FEDFLEET_TYPES.eksCluster;

/** An `aws` cluster's config (as a stack file's entry), or its plan from the fleet's. */
export type EksClusterArgs = FleetClusterArgs<AwsClusterInput> | PlannedClusterArgs<EksClusterPlan>;

/** An EKS cluster in its own VPC, with managed node groups, IRSA and encrypted secrets. */
export class EksCluster extends FleetCluster<EksClusterPlan> {
    readonly provider: K8sProvider;
    readonly eksClusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE, name, clusterPlanOf(TYPE, name, args, awsClusterSchema, "aws"), opts);
        const plan = this.plan;
        const config = plan.config;
        const protect = plan.protect;
        const tags = { "fedfleet:cluster": config.name, "fedfleet:env": plan.environment };

        // One provider per cluster pins every child to the cluster's region.
        const awsProvider = new AwsProvider(
            `${name}-aws`,
            { region: config.region, defaultTags: { tags } },
            { parent: this },
        );
        const child = { parent: this, provider: awsProvider };

        const network = new AwsNetwork(
            `${name}-net`,
            // The service controller keeps only subnets tagged for the EKS cluster's own name (or
            // for none): the physical name, not the stack file's.
            { cidr: config.vpcCidr, zones: this.zones, clusterName: plan.names.eksCluster },
            { parent: this, providers: [awsProvider] },
        );

        const roleNames = eksRoleNames(name);
        const clusterRole = this.role(
            roleNames.cluster,
            serviceTrustPolicy("eks.amazonaws.com"),
            CLUSTER_ROLE_POLICIES,
            child,
        );
        const nodeRole = this.role(roleNames.node, serviceTrustPolicy("ec2.amazonaws.com"), NODE_ROLE_POLICIES, child);

        const secretsKey = new kms.Key(
            `${name}-secrets`,
            {
                description: `Envelope encryption of Kubernetes secrets in EKS cluster ${name}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            { ...child, protect },
        );
        new kms.Alias(`${name}-secrets`, { name: plan.names.secretsKeyAlias, targetKeyId: secretsKey.keyId }, child);

        // The stack's own CIDRs and the deployer's (fedfleet:deployer), nothing wider; none: the
        // endpoint is private and the deployer runs inside the VPC (eks-access.ts).
        const publicAccessCidrs = plan.endpoint.publicAccessCidrs;
        const publicEndpoint = publicAccessCidrs.length > 0;
        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: plan.names.eksCluster,
                version: config.kubernetesVersion,
                roleArn: clusterRole.role.arn,
                vpcConfig: {
                    subnetIds: [...network.privateSubnetIds, ...network.publicSubnetIds],
                    endpointPrivateAccess: true,
                    endpointPublicAccess: publicEndpoint,
                    // Left empty AWS would open the public endpoint to 0.0.0.0/0; it is off instead.
                    publicAccessCidrs: publicEndpoint ? publicAccessCidrs : undefined,
                },
                encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
                enabledClusterLogTypes: config.logTypes,
                // No implicit admin for whoever creates the cluster: access is exactly the access
                // entries below (AWS EKS Best Practices Guide, IAM: remove the creator's cluster-admin).
                // An implicit one would also make an explicit entry for the same role fail
                // (CreateAccessEntry: ResourceInUseException). Changing this replaces the cluster.
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                bootstrapSelfManagedAddons: false,
            },
            { ...child, protect, dependsOn: clusterRole.attachments },
        );

        const access = plan.endpoint.accessEntries.map(({ key, principalArn, policyArn }) => {
            const entryName = `${name}-${key}`;
            const entry = new eks.AccessEntry(
                entryName,
                { clusterName: cluster.name, principalArn, type: "STANDARD" },
                child,
            );
            return new eks.AccessPolicyAssociation(
                entryName,
                {
                    clusterName: cluster.name,
                    principalArn: entry.principalArn,
                    policyArn,
                    accessScope: { type: "cluster" },
                },
                child,
            );
        });

        // Runners inside the fleet's networks reach the private endpoint only through the control
        // plane's security group (EKS User Guide, cluster endpoint: rules allowing 443 from the
        // connected network); one rule per range, as the provider recommends
        // (@pulumi/aws vpc/securityGroupIngressRule.d.ts).
        const apiIngress = plan.endpoint.privateAccessCidrs.map(
            (cidrIpv4) =>
                new vpc.SecurityGroupIngressRule(
                    `${name}-api-from-${cidrIpv4}`,
                    {
                        securityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
                        ipProtocol: "tcp",
                        fromPort: EKS_API_PORT,
                        toPort: EKS_API_PORT,
                        cidrIpv4,
                        description: "fedfleet deployer runners to the Kubernetes API",
                    },
                    child,
                ),
        );

        const issuerUrl = cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? "");
        const oidcProvider = new iam.OpenIdConnectProvider(
            `${name}-oidc`,
            {
                url: issuerUrl,
                clientIdLists: ["sts.amazonaws.com"],
            },
            child,
        );

        const cniRole = this.role(
            roleNames.vpcCni,
            pulumi.all([oidcProvider.arn, issuerUrl]).apply(([arn, issuer]) =>
                serviceAccountTrustPolicy({
                    oidcProviderArn: arn,
                    issuerUrl: issuer,
                    namespace: "kube-system",
                    serviceAccount: "aws-node",
                }),
            ),
            VPC_CNI_ROLE_POLICIES,
            child,
        );
        const addon = (addonName: EksAddon, extra: Partial<eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
            new eks.Addon(
                `${name}-${addonName}`,
                {
                    clusterName: cluster.name,
                    addonName,
                    addonVersion: plan.addonVersions[addonName],
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "PRESERVE",
                    ...extra,
                },
                { ...child, dependsOn },
            );
        // The VPC CNI's network policy agent enforces NetworkPolicy, off by default (EKS User
        // Guide, Kubernetes network policies: configuration value enableNetworkPolicy "true",
        // vpc-cni v1.14 and later): the namespaces' default-deny and each service's allow policy.
        const vpcCni = addon(
            "vpc-cni",
            {
                serviceAccountRoleArn: cniRole.role.arn,
                configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
            },
            cniRole.attachments,
        );
        const kubeProxy = addon("kube-proxy", {}, []);
        // Upgrades run control plane, then vpc-cni and kube-proxy, then node groups, then CoreDNS
        // and the metrics server: the add-ons name the cluster, so they update after it, and the
        // node groups wait for them as their first create must (docs/day-2.md, upgrade order).
        const nodeGroups = plan.nodeGroups.map(
            (group) =>
                new eks.NodeGroup(
                    `${name}-${group.pool.name}`,
                    {
                        clusterName: cluster.name,
                        // A prefix, not a fixed name: a replacement creates the new group first.
                        nodeGroupNamePrefix: group.namePrefix,
                        nodeRoleArn: nodeRole.role.arn,
                        subnetIds: network.privateSubnetIds,
                        instanceTypes: group.instanceTypes,
                        amiType: group.amiType,
                        // The control plane's minor: nodes follow every upgrade (UpdateNodegroupVersion),
                        // and EKS upgrades the control plane only once they match (UpdateClusterVersion).
                        version: config.kubernetesVersion,
                        diskSize: group.pool.diskSizeGb,
                        labels: { ...group.pool.labels, [NODE_POOL_LABEL]: group.pool.name },
                        scalingConfig: {
                            minSize: group.pool.minSize,
                            maxSize: group.pool.maxSize,
                            desiredSize: group.desiredSize,
                        },
                        updateConfig: { maxUnavailablePercentage: 33 },
                    },
                    {
                        ...child,
                        // Not protected: nodes hold no state of their own, and a protected group
                        // could not be replaced create-before-delete (docs/day-2.md).
                        // Nodes join only once the CNI (and kube-proxy) run on them: with
                        // bootstrapSelfManagedAddons off, EKS installs neither. And they pull
                        // those images through the private subnets' NAT routes.
                        dependsOn: [...nodeRole.attachments, vpcCni, kubeProxy, ...network.privateEgress],
                    },
                ),
        );

        // CoreDNS and the metrics server need nodes to schedule on, or the add-on waits out its
        // timeout as degraded.
        addon("coredns", {}, nodeGroups);
        addon("metrics-server", {}, nodeGroups);

        this.eksClusterName = cluster.name;
        this.endpoint = cluster.endpoint;
        this.oidcProviderArn = oidcProvider.arn;
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
                .apply(([clusterName, endpoint, ca]) =>
                    eksKubeconfig({
                        clusterName,
                        region: config.region,
                        endpoint,
                        certificateAuthorityData: ca.data ?? "",
                    }),
                ),
        );
        this.provider = new K8sProvider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig },
            // Kubernetes calls need the deploying role's access entry and admin policy first:
            // with no implicit creator admin, they are its only way in. And from inside runners,
            // the security group rules that let them connect.
            { parent: this, dependsOn: [...nodeGroups, ...access, ...apiIngress] },
        );

        this.registerOutputs({
            eksClusterName: this.eksClusterName,
            endpoint: this.endpoint,
            oidcProviderArn: this.oidcProviderArn,
            kubeconfig: this.kubeconfig,
        });
    }

    /** An IAM role with its trust policy and managed policy attachments. */
    private role(
        roleName: string,
        assumeRolePolicy: pulumi.Input<string>,
        policies: readonly string[],
        opts: pulumi.CustomResourceOptions,
    ) {
        const role = new iam.Role(roleName, { assumeRolePolicy }, opts);
        const attachments = policies.map(
            (policyArn) =>
                new iam.RolePolicyAttachment(
                    `${roleName}-${policyArn.split("/").pop()}`,
                    {
                        role: role.name,
                        policyArn,
                    },
                    opts,
                ),
        );
        return { role, attachments };
    }
}
