import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
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
            provider: providerTokenOf(aws.Provider),
            vpc: tokenOf(aws.ec2.Vpc),
            subnet: tokenOf(aws.ec2.Subnet),
            internetGateway: tokenOf(aws.ec2.InternetGateway),
            routeTable: tokenOf(aws.ec2.RouteTable),
            routeTableAssociation: tokenOf(aws.ec2.RouteTableAssociation),
            eip: tokenOf(aws.ec2.Eip),
            natGateway: tokenOf(aws.ec2.NatGateway),
            securityGroupIngressRule: tokenOf(aws.vpc.SecurityGroupIngressRule),
            role: tokenOf(aws.iam.Role),
            policy: tokenOf(aws.iam.Policy),
            rolePolicyAttachment: tokenOf(aws.iam.RolePolicyAttachment),
            oidcProvider: tokenOf(aws.iam.OpenIdConnectProvider),
            kmsKey: tokenOf(aws.kms.Key),
            kmsAlias: tokenOf(aws.kms.Alias),
            eksCluster: tokenOf(aws.eks.Cluster),
            nodeGroup: tokenOf(aws.eks.NodeGroup),
            addon: tokenOf(aws.eks.Addon),
            accessEntry: tokenOf(aws.eks.AccessEntry),
            accessPolicyAssociation: tokenOf(aws.eks.AccessPolicyAssociation),
            zone: tokenOf(aws.route53.Zone),
            healthCheck: tokenOf(aws.route53.HealthCheck),
            record: tokenOf(aws.route53.Record),
        },
    ],
    gcp: [
        GCP_TYPES,
        {
            provider: providerTokenOf(gcp.Provider),
            service: tokenOf(gcp.projects.Service),
            serviceIdentity: tokenOf(gcp.projects.ServiceIdentity),
            network: tokenOf(gcp.compute.Network),
            subnetwork: tokenOf(gcp.compute.Subnetwork),
            router: tokenOf(gcp.compute.Router),
            routerNat: tokenOf(gcp.compute.RouterNat),
            healthCheck: tokenOf(gcp.compute.HealthCheck),
            account: tokenOf(gcp.serviceaccount.Account),
            projectMember: tokenOf(gcp.projects.IAMMember),
            keyRing: tokenOf(gcp.kms.KeyRing),
            cryptoKey: tokenOf(gcp.kms.CryptoKey),
            cryptoKeyMember: tokenOf(gcp.kms.CryptoKeyIAMMember),
            cluster: tokenOf(gcp.container.Cluster),
            nodePool: tokenOf(gcp.container.NodePool),
            managedZone: tokenOf(gcp.dns.ManagedZone),
            recordSet: tokenOf(gcp.dns.RecordSet),
        },
    ],
    kubernetes: [
        KUBERNETES_TYPES,
        {
            provider: providerTokenOf(k8s.Provider),
            namespace: tokenOf(k8s.core.v1.Namespace),
            namespacePatch: tokenOf(k8s.core.v1.NamespacePatch),
            serviceAccount: tokenOf(k8s.core.v1.ServiceAccount),
            pod: tokenOf(k8s.core.v1.Pod),
            replicationController: tokenOf(k8s.core.v1.ReplicationController),
            deployment: tokenOf(k8s.apps.v1.Deployment),
            replicaSet: tokenOf(k8s.apps.v1.ReplicaSet),
            statefulSet: tokenOf(k8s.apps.v1.StatefulSet),
            daemonSet: tokenOf(k8s.apps.v1.DaemonSet),
            job: tokenOf(k8s.batch.v1.Job),
            cronJob: tokenOf(k8s.batch.v1.CronJob),
            service: tokenOf(k8s.core.v1.Service),
            servicePatch: tokenOf(k8s.core.v1.ServicePatch),
            networkPolicy: tokenOf(k8s.networking.v1.NetworkPolicy),
            networkPolicyPatch: tokenOf(k8s.networking.v1.NetworkPolicyPatch),
            pdb: tokenOf(k8s.policy.v1.PodDisruptionBudget),
            pdbPatch: tokenOf(k8s.policy.v1.PodDisruptionBudgetPatch),
            hpa: tokenOf(k8s.autoscaling.v2.HorizontalPodAutoscaler),
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
        assert.ok(calls(aws.lb.getHostedZoneId, AWS_INVOKES.getHostedZoneId));
        assert.ok(calls(aws.route53.getZone, AWS_INVOKES.getZone));
        assert.ok(calls(gcp.organizations.getProject, GCP_INVOKES.getProject));
        assert.ok(calls(gcp.dns.getManagedZones, GCP_INVOKES.getManagedZones));
    });
});
