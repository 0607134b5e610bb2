// IAM documents for an EKS cluster, kept apart from the wiring so tests can read them. Pure.

/** Managed policies, each the least a role needs. The CNI policy goes to the aws-node
 * service account through IRSA rather than to every node, as AWS recommends. */
export const CLUSTER_ROLE_POLICIES = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"] as const;
export const NODE_ROLE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
] as const;
export const VPC_CNI_ROLE_POLICIES = ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"] as const;
export const CLUSTER_ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

export function serviceTrustPolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: ["sts:AssumeRole", "sts:TagSession"].filter(
                    (a) => service === "eks.amazonaws.com" || a === "sts:AssumeRole",
                ),
            },
        ],
    });
}

/** Trust for a Kubernetes service account through the cluster's OIDC provider (IRSA). */
export function serviceAccountTrustPolicy(args: {
    oidcProviderArn: string;
    issuerUrl: string;
    namespace: string;
    serviceAccount: string;
}): string {
    const issuer = args.issuerUrl.replace(/^https:\/\//, "");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: args.oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
}
