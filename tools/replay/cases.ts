// The pull requests tools/replay replays: realistic edits a platform team makes to dev, staging and
// prod, dangerous and benign, each as text edits of the checked-in files.

import { PROD_EDITS, stagingNewGkeAsia, swap } from "./edits";

/** One pull request: which stack, what it edits. */
export interface PullRequest {
    stack: "dev" | "staging" | "prod";
    title: string;
    /** The stack file's new text. */
    edit?: (text: string) => string;
    /** The pack config's new text (policy/config/<stack>.json). */
    editPack?: (text: string) => string;
    /** The stack file is deleted. */
    deleteStackFile?: boolean;
}

const all =
    (...edits: ((text: string) => string)[]) =>
    (text: string) =>
        edits.reduce((t, edit) => edit(t), text);
const pack = (change: (config: Record<string, unknown>) => void) => (text: string) => {
    const config = JSON.parse(text) as Record<string, unknown>;
    change(config);
    return `${JSON.stringify(config, null, 2)}\n`;
};

const CHECKOUT_MAX = /(- name: checkout\n[\s\S]*?)autoscaling: \{ maxReplicas: 40 \}/;
/** The cases, in the order the table lists them. */
export const PULL_REQUESTS: PullRequest[] = [
    { stack: "prod", title: "storefront port 80→8443", edit: PROD_EDITS.storefrontPort },
    { stack: "prod", title: "checkout failover primary/secondary swapped", edit: PROD_EDITS.checkoutPrimarySwapped },
    { stack: "prod", title: "checkout health-check path /ready→/healthz", edit: PROD_EDITS.checkoutHealthPath },
    { stack: "prod", title: "fedfleet:deployer removed", edit: PROD_EDITS.deployerRemoved },
    { stack: "prod", title: "40 extra services", edit: PROD_EDITS.fortyServices },
    {
        stack: "prod",
        title: "all five above at once, and federation-spread relaxed in policy/config/prod.json",
        edit: all(
            PROD_EDITS.storefrontPort,
            PROD_EDITS.checkoutPrimarySwapped,
            PROD_EDITS.checkoutHealthPath,
            PROD_EDITS.deployerRemoved,
            PROD_EDITS.fortyServices,
        ),
        editPack: pack((c) => ((c["federation-spread"] as Record<string, unknown>).minRegions = 1)),
    },
    {
        stack: "prod",
        title: "pack config only: survives-cluster-loss mandatory→advisory",
        editPack: pack((c) => ((c["survives-cluster-loss"] as Record<string, unknown>).enforcementLevel = "advisory")),
    },
    {
        stack: "prod",
        title: "checkout replicas 10→14 (benign)",
        edit: swap("      replicas: 10\n", "      replicas: 14\n"),
    },
    {
        stack: "prod",
        title: "checkout image 2.3.0→2.4.0 by digest (benign)",
        edit: swap("checkout:2.3.0@sha256:9a8b", "checkout:2.4.0@sha256:0a8b"),
    },
    {
        stack: "prod",
        title: "checkout's aws-use1 load balancer made internal by annotation",
        edit: swap(
            "additional-resource-tags: team=payments,cost-center=cc-4471",
            'additional-resource-tags: team=payments,cost-center=cc-4471\n            service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
        ),
    },
    { stack: "prod", title: "storefront namespace shop→web", edit: swap("namespace: shop", "namespace: web") },
    {
        stack: "prod",
        title: "storefront renamed shopfront",
        edit: swap("- name: storefront\n      namespace: shop", "- name: shopfront\n      namespace: shop"),
    },
    {
        stack: "prod",
        title: "checkout leaves gke-usc1 (max 40→32)",
        edit: all(
            swap("clusters: [aws-use1, aws-euw1, gke-usc1]", "clusters: [aws-use1, aws-euw1]"),
            swap("          gke-usc1: { weight: 1, minReplicas: 2 }\n", ""),
            swap(CHECKOUT_MAX, "$1autoscaling: { maxReplicas: 32 }"),
        ),
    },
    {
        stack: "prod",
        title: "aws-euw1 draining",
        edit: swap(
            "    - name: aws-euw1\n      cloud: aws\n",
            "    - name: aws-euw1\n      cloud: aws\n      draining: true\n",
        ),
    },
    {
        stack: "prod",
        title: "checkout autoscaling max 40→20",
        edit: swap(CHECKOUT_MAX, "$1autoscaling: { maxReplicas: 20 }"),
    },
    {
        stack: "prod",
        title: "storefront autoscaling max 40→20",
        edit: swap("autoscaling: { maxReplicas: 40 }", "autoscaling: { maxReplicas: 20 }"),
    },
    { stack: "prod", title: "DNS TTL 30→60", edit: swap("    ttl: 30\n", "    ttl: 60\n") },
    {
        stack: "prod",
        title: "deployer egress CIDR moved 192.0.2.0/28→192.0.2.16/28",
        edit: swap("egressCidrs: [192.0.2.0/28]", "egressCidrs: [192.0.2.16/28]"),
    },
    {
        stack: "prod",
        title: "aws-use1 general pool desired 6→8 (benign)",
        edit: swap(
            "          maxSize: 12\n          desiredSize: 6\n        - name: memory",
            "          maxSize: 12\n          desiredSize: 8\n        - name: memory",
        ),
    },
    {
        stack: "prod",
        title: "aws-euw1 VPC CIDR 10.61→10.62",
        edit: swap("vpcCidr: 10.61.0.0/16", "vpcCidr: 10.62.0.0/16"),
    },
    { stack: "prod", title: "stack file deleted", deleteStackFile: true },
    {
        stack: "prod",
        title: "DNS zone no longer created by the stack (adopt an existing one)",
        edit: swap("zone: { name: fleet.acme-corp.com, create: true }", "zone: { name: fleet.acme-corp.com }"),
    },
    {
        stack: "staging",
        title: "Cloud DNS managed zone id changed",
        edit: swap("id: staging-fleet-acme-corp-com }", "id: staging-fleet-v2 }"),
    },
    {
        stack: "staging",
        title: "checkout port 80→8080",
        edit: swap(
            "ports: [{ name: http, port: 80, targetPort: 9090 }]",
            "ports: [{ name: http, port: 8080, targetPort: 9090 }]",
        ),
    },
    {
        stack: "staging",
        title: "checkout primaryBackup primary gke-usc1→gke-euw4",
        edit: swap("failover: { primary: gke-usc1 }", "failover: { primary: gke-euw4 }"),
    },
    {
        stack: "staging",
        title: "storefront health-check path /healthz→/ready",
        edit: swap("dns: { routing: wrr }", "dns: { routing: wrr, healthCheck: { path: /ready } }"),
    },
    {
        stack: "staging",
        title: "deployRoleArn removed (previews keep theirs)",
        edit: swap("      deployRoleArn: arn:aws:iam::123456789012:role/fedfleet-deploy-staging\n", ""),
    },
    { stack: "staging", title: "new GKE cluster in asia-southeast1", edit: stagingNewGkeAsia },
    {
        stack: "staging",
        title: "checkout replicas 7→9 (benign)",
        edit: swap("      replicas: 7\n", "      replicas: 9\n"),
    },
    {
        stack: "staging",
        title: "GKE gke-usc1 pinned to 1.34 (a floor, none before)",
        edit: swap("      nodeCidr: 10.40.0.0/20\n", '      kubernetesVersion: "1.34"\n      nodeCidr: 10.40.0.0/20\n'),
    },
    {
        stack: "dev",
        title: "DNS Route53→Cloud DNS",
        edit: all(
            swap(
                "provider: route53\n    zone: { name: dev.fleet.acme-corp.com }",
                "provider: clouddns\n    project: acme-platform-dns\n    zone: { name: dev.fleet.acme-corp.com, id: dev-fleet-acme-corp-com }",
            ),
            swap("routing: weighted", "routing: wrr"),
            swap("healthCheck: { intervalSeconds: 10,", "healthCheck: { intervalSeconds: 30,"),
        ),
    },
    {
        stack: "dev",
        title: "domain dev.fleet.acme-corp.com→dev.fleet.acme-corp.net",
        edit: (t) => t.replace(/dev\.fleet\.acme-corp\.com/g, "dev.fleet.acme-corp.net"),
    },
    {
        stack: "dev",
        title: "storefront replicas 4→2 (a share to 1 replica)",
        edit: swap(
            "      replicas: 4\n      exposure: internet-facing",
            "      replicas: 2\n      exposure: internet-facing",
        ),
    },
    {
        stack: "dev",
        title: "checkout service removed",
        edit: (t) => t.slice(0, t.indexOf("    - name: checkout\n")),
    },
    {
        stack: "dev",
        title: "EKS aws-use1 1.35→1.34 (a downgrade)",
        edit: swap('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.34"'),
    },
    {
        stack: "dev",
        title: "pack config: image-pinned mandatory→advisory",
        editPack: pack((c) => (c["image-pinned"] = "advisory")),
    },
    { stack: "dev", title: "stack file deleted", deleteStackFile: true },
];
