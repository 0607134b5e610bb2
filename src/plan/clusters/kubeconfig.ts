// Kubeconfig documents for the clusters fedfleet builds. They carry no long-lived
// credential: each names an exec plugin that fetches a short-lived token at use time.
// Pure; callers wrap the result in pulumi.secret because it still names the endpoint and CA.

interface ExecKubeconfigInput {
    /** Name used for the cluster, user and context entries. */
    name: string;
    server: string;
    /** The cluster's own CA; none when the server's certificate is publicly trusted. */
    certificateAuthorityData?: string;
    exec: { command: string; args: string[]; installHint: string };
}

function execKubeconfig(input: ExecKubeconfigInput): string {
    const document = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: input.name,
                cluster:
                    input.certificateAuthorityData === undefined
                        ? { server: input.server }
                        : { server: input.server, "certificate-authority-data": input.certificateAuthorityData },
            },
        ],
        users: [
            {
                name: input.name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: input.exec.command,
                        args: input.exec.args,
                        interactiveMode: "Never",
                        provideClusterInfo: false,
                        installHint: input.exec.installHint,
                    },
                },
            },
        ],
        contexts: [{ name: input.name, context: { cluster: input.name, user: input.name } }],
        "current-context": input.name,
    };
    return JSON.stringify(document, null, 2);
}

/** An EKS kubeconfig that authenticates with `aws eks get-token`. */
export function eksKubeconfig(args: {
    clusterName: string;
    region: string;
    endpoint: string;
    certificateAuthorityData: string;
}): string {
    return execKubeconfig({
        name: args.clusterName,
        server: args.endpoint,
        certificateAuthorityData: args.certificateAuthorityData,
        exec: {
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", args.clusterName, "--region", args.region, "--output", "json"],
            installHint: "Install the AWS CLI v2 and sign in (aws sso login or credentials in the environment).",
        },
    });
}

/**
 * A GKE kubeconfig for the cluster's DNS-based control-plane endpoint (`<uid>.<region>.gke.goog`),
 * authenticated with the gke-gcloud-auth-plugin. That endpoint is reached from any network that
 * reaches Google APIs and authorizes by IAM; it serves a publicly trusted certificate, not one of
 * the cluster's CA, so the document carries no CA (google-github-actions/get-gke-credentials
 * src/client.ts createKubeConfig leaves the CA out for `gke.goog` endpoints).
 */
export function gkeKubeconfig(args: { contextName: string; dnsEndpoint: string }): string {
    return execKubeconfig({
        name: args.contextName,
        server: `https://${args.dnsEndpoint}`,
        exec: {
            command: "gke-gcloud-auth-plugin",
            // Application Default Credentials (what `gcloud auth application-default login` and
            // CI's workload identity set up), not gcloud's own login: kubernetes/cloud-provider-gcp
            // cmd/gke-gcloud-auth-plugin/cred.go (use_application_default_credentials).
            args: ["--use_application_default_credentials"],
            installHint: "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin).",
        },
    });
}
