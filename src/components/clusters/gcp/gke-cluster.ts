// A regional, private, VPC-native GKE cluster on a release channel, with Workload
// Identity, shielded nodes and application-layer secrets encryption.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import * as container from "@pulumi/gcp/container";
import * as kms from "@pulumi/gcp/kms";
import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import { gcpClusterSchema, GcpClusterInput } from "../../../plan/config/schema";
import { GKE_PROJECT_APIS, GkeClusterPlan } from "../../../plan/fleet-plan";
import { clusterPlanOf, FleetCluster, FleetClusterArgs, PlannedClusterArgs } from "../fleet-cluster";
import { gkeKubeconfig } from "../../../plan/clusters/kubeconfig";
import { GcpNetwork, POD_RANGE, SERVICE_RANGE } from "./network";
import {
    GKE_SERVICE_AGENT_API,
    gkeServiceAgent,
    NODE_SERVICE_ACCOUNT_ROLES,
} from "../../../plan/clusters/gcp/node-service-account";
import { GcpProjectServices } from "./project-services";
import { FEDFLEET_TYPES } from "../../../plan/core/type-tokens";
import { NODE_POOL_LABEL } from "../../../plan/core/labels";

const TYPE = FEDFLEET_TYPES.gkeCluster;

/**
 * A `gcp` cluster's config (as a stack file's entry), or its plan from the fleet's; and the
 * component that enables its project's APIs, shared by the clusters of one project (without
 * it the cluster enables them itself).
 */
export type GkeClusterArgs = (FleetClusterArgs<GcpClusterInput> | PlannedClusterArgs<GkeClusterPlan>) & {
    projectServices?: GcpProjectServices;
};

/** Nodes reach Google APIs with the cloud-platform scope; IAM roles, not scopes, limit them. */
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** A regional GKE cluster in its own VPC, with node pools, Workload Identity and encrypted secrets. */
export class GkeCluster extends FleetCluster<GkeClusterPlan> {
    readonly provider: K8sProvider;
    readonly gkeClusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE, name, clusterPlanOf(TYPE, name, args, gcpClusterSchema, "gcp"), opts);
        const plan = this.plan;
        const config = plan.config;
        const names = plan.names;
        const protect = plan.protect;

        // Everything in the project waits for its APIs: the GKE service agent, which gets the
        // KMS role below, exists only once container.googleapis.com is on.
        const services =
            args.projectServices ??
            new GcpProjectServices(
                `${name}-apis`,
                { project: config.project, services: GKE_PROJECT_APIS },
                { parent: this },
            );
        const gcpProvider = new GcpProvider(
            `${name}-gcp`,
            {
                project: config.project,
                region: config.region,
                defaultLabels: { "fedfleet-cluster": config.name, "fedfleet-env": plan.environment },
            },
            { parent: this, dependsOn: [services] },
        );
        const child = { parent: this, provider: gcpProvider };

        const network = new GcpNetwork(
            `${name}-net`,
            {
                names,
                region: config.region,
                nodeCidr: config.nodeCidr,
                podCidr: config.podCidr,
                serviceCidr: config.serviceCidr,
            },
            { parent: this, providers: [gcpProvider] },
        );

        const nodeAccount = new serviceaccount.Account(
            `${name}-nodes`,
            {
                accountId: names.nodeServiceAccount,
                displayName: `GKE nodes of ${name}`,
            },
            child,
        );
        const nodeRoles = NODE_SERVICE_ACCOUNT_ROLES.map(
            (role) =>
                new projects.IAMMember(
                    `${name}-nodes-${role.split("/")[1]}`,
                    {
                        project: config.project,
                        role,
                        member: pulumi.interpolate`serviceAccount:${nodeAccount.email}`,
                    },
                    child,
                ),
        );

        // Google never deletes key rings or keys (@pulumi/gcp kms/keyRing.d.ts): a stack
        // created again after a destroy would meet its old names (409 alreadyExists). A random
        // suffix, kept in state, gives each life of the stack its own key ring.
        const keyRingSuffix = new random.RandomId(`${name}-keys-suffix`, { byteLength: 3 }, { parent: this, protect });
        const keyRing = new kms.KeyRing(
            `${name}-keys`,
            { name: pulumi.interpolate`${names.keyRing}-${keyRingSuffix.hex}`, location: config.region },
            { ...child, protect },
        );
        const secretsKey = new kms.CryptoKey(
            `${name}-secrets`,
            {
                name: names.secretsKey,
                keyRing: keyRing.id,
                purpose: "ENCRYPT_DECRYPT",
                rotationPeriod: "7776000s",
            },
            { ...child, protect },
        );
        const project = organizations.getProjectOutput(
            { projectId: config.project },
            { parent: this, provider: gcpProvider },
        );
        const keyAccess = new kms.CryptoKeyIAMMember(
            `${name}-secrets-gke`,
            {
                cryptoKeyId: secretsKey.id,
                role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
                member: project.number.apply(gkeServiceAgent),
            },
            {
                ...child,
                // The agent must exist first, or the grant fails on a fresh project.
                dependsOn: [services.serviceIdentities.get(GKE_SERVICE_AGENT_API)].filter(
                    (r): r is pulumi.Resource => r !== undefined,
                ),
            },
        );

        const publicEndpoint = config.authorizedCidrs.length > 0;
        const cluster = new container.Cluster(
            `${name}-gke`,
            {
                name: names.cluster,
                location: config.region,
                nodeLocations: this.zones,
                network: network.networkId,
                subnetwork: network.subnetworkId,
                networkingMode: "VPC_NATIVE",
                // GKE Dataplane V2, which always enforces NetworkPolicy (GKE docs, Dataplane V2):
                // the namespaces' default-deny and each service's allow policy take effect. Set
                // at creation; changing it replaces the cluster.
                datapathProvider: "ADVANCED_DATAPATH",
                ipAllocationPolicy: { clusterSecondaryRangeName: POD_RANGE, servicesSecondaryRangeName: SERVICE_RANGE },
                releaseChannel: { channel: config.releaseChannel },
                minMasterVersion: config.kubernetesVersion,
                // Node pools are managed below; the default one only exists while the cluster is
                // created, and runs as the fleet's node account, not the Compute Engine default
                // one (which organisations often remove). Set from the first up: the cluster's
                // nodeConfig.serviceAccount forces a new cluster when it changes.
                removeDefaultNodePool: true,
                initialNodeCount: 1,
                nodeConfig: {
                    serviceAccount: nodeAccount.email,
                    oauthScopes: [CLOUD_PLATFORM_SCOPE],
                    workloadMetadataConfig: { mode: "GKE_METADATA" },
                    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                },
                privateClusterConfig: {
                    enablePrivateNodes: true,
                    enablePrivateEndpoint: !publicEndpoint,
                    masterIpv4CidrBlock: config.masterCidr,
                },
                // The DNS-based endpoint, open to user traffic: what pulumi up and the kubeconfig
                // use, from any network that reaches Google APIs, authorized by IAM
                // (container.clusters.connect) instead of an IP allowlist. The IP endpoint stays
                // private unless authorizedCidrs opens it.
                controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
                masterAuthorizedNetworksConfig: {
                    cidrBlocks: config.authorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock })),
                    // Only the listed CIDRs, not every Compute Engine public IP as well.
                    gcpPublicCidrsAccessEnabled: false,
                },
                workloadIdentityConfig: { workloadPool: `${config.project}.svc.id.goog` },
                enableShieldedNodes: true,
                databaseEncryption: { state: "ENCRYPTED", keyName: secretsKey.id },
                deletionProtection: protect,
            },
            { ...child, protect, dependsOn: [keyAccess, ...nodeRoles] },
        );

        const nodePools = config.nodePools.map(
            (pool) =>
                new container.NodePool(
                    `${name}-${pool.name}`,
                    {
                        name: pool.name,
                        cluster: cluster.id,
                        location: config.region,
                        nodeLocations: this.zones,
                        autoscaling: { minNodeCount: pool.minNodesPerZone, maxNodeCount: pool.maxNodesPerZone },
                        // The provider starts a pool at initialNodeCount (else 0) per zone, whatever
                        // the autoscaler's minimum (terraform-provider-google expandNodePool; #8270).
                        initialNodeCount: pool.minNodesPerZone,
                        management: { autoRepair: true, autoUpgrade: true },
                        nodeConfig: {
                            machineType: pool.machineType,
                            diskSizeGb: pool.diskSizeGb,
                            serviceAccount: nodeAccount.email,
                            oauthScopes: [CLOUD_PLATFORM_SCOPE],
                            workloadMetadataConfig: { mode: "GKE_METADATA" },
                            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                            labels: { ...pool.labels, [NODE_POOL_LABEL]: pool.name },
                        },
                    },
                    {
                        ...child,
                        protect,
                        dependsOn: nodeRoles,
                        // Only the first size: it forces a new pool when it changes, and the
                        // autoscaler owns the live size afterwards.
                        ignoreChanges: ["initialNodeCount"],
                    },
                ),
        );

        this.gkeClusterName = cluster.name;
        this.endpoint = cluster.controlPlaneEndpointsConfig.apply(
            (endpoints) => endpoints.dnsEndpointConfig?.endpoint ?? "",
        );
        this.kubeconfig = pulumi.secret(
            this.endpoint.apply((dnsEndpoint) =>
                gkeKubeconfig({ contextName: `gke_${config.project}_${config.region}_${name}`, dnsEndpoint }),
            ),
        );
        this.provider = new K8sProvider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig },
            { parent: this, dependsOn: nodePools },
        );

        this.registerOutputs({
            gkeClusterName: this.gkeClusterName,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
        });
    }
}
