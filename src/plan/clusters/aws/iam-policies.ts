// IAM documents for an EKS cluster, kept apart from the wiring so tests can read them. Pure.

/** The EKS cluster role's managed policies: the least the control plane needs. */
export const CLUSTER_ROLE_POLICIES = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"] as const;
/**
 * The node role's managed policies: join the cluster and pull images from ECR. Not the CNI
 * policy: that goes to the aws-node service account through IRSA, as AWS recommends.
 */
export const NODE_ROLE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
] as const;
/** The VPC CNI's managed policy, for the aws-node service account's own role (IRSA). */
export const VPC_CNI_ROLE_POLICIES = ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"] as const;

/**
 * A role trust policy that lets an AWS service (`eks.amazonaws.com`, `ec2.amazonaws.com`) assume the
 * role; EKS also gets `sts:TagSession`, as in AWS's own cluster role trust policy.
 */
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
