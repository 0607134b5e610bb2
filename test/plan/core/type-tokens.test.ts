import * as assert from "node:assert/strict";
// Each SDK module by its own path: the packages' root typings hold every module of the cloud
// (thousands of files) and would multiply what tsc and ESLint read for this one test.
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as awsEks from "@pulumi/aws/eks";
import * as awsIam from "@pulumi/aws/iam";
import * as awsKms from "@pulumi/aws/kms";
import * as awsLb from "@pulumi/aws/lb";
import * as awsRoute53 from "@pulumi/aws/route53";
import * as awsVpc from "@pulumi/aws/vpc";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import * as gcpCompute from "@pulumi/gcp/compute";
import * as gcpContainer from "@pulumi/gcp/container";
import * as gcpDns from "@pulumi/gcp/dns";
import * as gcpKms from "@pulumi/gcp/kms";
import * as gcpOrganizations from "@pulumi/gcp/organizations";
import * as gcpProjects from "@pulumi/gcp/projects";
import * as gcpServiceAccount from "@pulumi/gcp/serviceaccount";
import * as k8sApps from "@pulumi/kubernetes/apps/v1";
import * as k8sAutoscaling from "@pulumi/kubernetes/autoscaling/v2";
import * as k8sBatch from "@pulumi/kubernetes/batch/v1";
import * as k8sCore from "@pulumi/kubernetes/core/v1";
import * as k8sNetworking from "@pulumi/kubernetes/networking/v1";
import * as k8sPolicy from "@pulumi/kubernetes/policy/v1";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import {
    AWS_INVOKES,
    AWS_TYPES,
    GCP_INVOKES,
    GCP_TYPES,
    KUBERNETES_TYPES,
    RANDOM_TYPES,
    TIME_TYPES,
} from "../../../src/plan/core/type-tokens";

/** The token a generated SDK class registers with: its static `__pulumiType` (internal, so not in the typings). */
const tokenOf = (sdkClass: unknown): string => (sdkClass as { __pulumiType: string }).__pulumiType;
/** A provider class's `__pulumiType` is its package; the engine registers it as `pulumi:providers:<package>`. */
const providerTokenOf = (sdkClass: unknown): string => `pulumi:providers:${tokenOf(sdkClass)}`;

// Each constant against the class the installed SDK registers, named here by hand: a typo or an
// SDK that renames a module fails here rather than silently matching nothing in a policy rule.
const CLASSES: Record<string, [Record<string, string>, Record<string, string>]> = {
    aws: [
        AWS_TYPES,
        {
            provider: providerTokenOf(AwsProvider),
            vpc: tokenOf(awsEc2.Vpc),
            subnet: tokenOf(awsEc2.Subnet),
            internetGateway: tokenOf(awsEc2.InternetGateway),
            routeTable: tokenOf(awsEc2.RouteTable),
            routeTableAssociation: tokenOf(awsEc2.RouteTableAssociation),
            eip: tokenOf(awsEc2.Eip),
            natGateway: tokenOf(awsEc2.NatGateway),
            securityGroupIngressRule: tokenOf(awsVpc.SecurityGroupIngressRule),
            role: tokenOf(awsIam.Role),
            policy: tokenOf(awsIam.Policy),
            rolePolicyAttachment: tokenOf(awsIam.RolePolicyAttachment),
            oidcProvider: tokenOf(awsIam.OpenIdConnectProvider),
            kmsKey: tokenOf(awsKms.Key),
            kmsAlias: tokenOf(awsKms.Alias),
            eksCluster: tokenOf(awsEks.Cluster),
            nodeGroup: tokenOf(awsEks.NodeGroup),
            addon: tokenOf(awsEks.Addon),
            accessEntry: tokenOf(awsEks.AccessEntry),
            accessPolicyAssociation: tokenOf(awsEks.AccessPolicyAssociation),
            zone: tokenOf(awsRoute53.Zone),
            healthCheck: tokenOf(awsRoute53.HealthCheck),
            record: tokenOf(awsRoute53.Record),
        },
    ],
    gcp: [
        GCP_TYPES,
        {
            provider: providerTokenOf(GcpProvider),
            service: tokenOf(gcpProjects.Service),
            serviceIdentity: tokenOf(gcpProjects.ServiceIdentity),
            network: tokenOf(gcpCompute.Network),
            subnetwork: tokenOf(gcpCompute.Subnetwork),
            router: tokenOf(gcpCompute.Router),
            routerNat: tokenOf(gcpCompute.RouterNat),
            healthCheck: tokenOf(gcpCompute.HealthCheck),
            account: tokenOf(gcpServiceAccount.Account),
            projectMember: tokenOf(gcpProjects.IAMMember),
            keyRing: tokenOf(gcpKms.KeyRing),
            cryptoKey: tokenOf(gcpKms.CryptoKey),
            cryptoKeyMember: tokenOf(gcpKms.CryptoKeyIAMMember),
            cluster: tokenOf(gcpContainer.Cluster),
            nodePool: tokenOf(gcpContainer.NodePool),
            managedZone: tokenOf(gcpDns.ManagedZone),
            recordSet: tokenOf(gcpDns.RecordSet),
        },
    ],
    kubernetes: [
        KUBERNETES_TYPES,
        {
            provider: providerTokenOf(K8sProvider),
            namespace: tokenOf(k8sCore.Namespace),
            namespacePatch: tokenOf(k8sCore.NamespacePatch),
            serviceAccount: tokenOf(k8sCore.ServiceAccount),
            pod: tokenOf(k8sCore.Pod),
            replicationController: tokenOf(k8sCore.ReplicationController),
            deployment: tokenOf(k8sApps.Deployment),
            replicaSet: tokenOf(k8sApps.ReplicaSet),
            statefulSet: tokenOf(k8sApps.StatefulSet),
            daemonSet: tokenOf(k8sApps.DaemonSet),
            job: tokenOf(k8sBatch.Job),
            cronJob: tokenOf(k8sBatch.CronJob),
            service: tokenOf(k8sCore.Service),
            servicePatch: tokenOf(k8sCore.ServicePatch),
            networkPolicy: tokenOf(k8sNetworking.NetworkPolicy),
            networkPolicyPatch: tokenOf(k8sNetworking.NetworkPolicyPatch),
            pdb: tokenOf(k8sPolicy.PodDisruptionBudget),
            pdbPatch: tokenOf(k8sPolicy.PodDisruptionBudgetPatch),
            hpa: tokenOf(k8sAutoscaling.HorizontalPodAutoscaler),
        },
    ],
    time: [TIME_TYPES, { sleep: tokenOf(time.Sleep) }],
    random: [RANDOM_TYPES, { randomId: tokenOf(random.RandomId) }],
};

describe("type tokens: each is the installed SDK's own", () => {
    for (const [provider, [constants, fromSdk]] of Object.entries(CLASSES)) {
        it(`${provider}: every constant is the token its SDK class registers with`, () => {
            assert.deepEqual(constants, fromSdk);
        });
    }

    it("invokes: every constant is a token the SDK's function calls", () => {
        // Generated functions name their token only in their body: read it there.
        const calls = (fn: unknown, token: string) => String(fn).includes(`"${token}"`);
        assert.ok(calls(awsLb.getHostedZoneId, AWS_INVOKES.getHostedZoneId));
        assert.ok(calls(awsRoute53.getZone, AWS_INVOKES.getZone));
        assert.ok(calls(gcpOrganizations.getProject, GCP_INVOKES.getProject));
        assert.ok(calls(gcpDns.getManagedZones, GCP_INVOKES.getManagedZones));
    });
});
