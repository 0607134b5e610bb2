// Shared fixtures for the config tests: fresh, mutable, *raw* (pre-validation) stack
// namespaces, so each test can break exactly one thing in a known-good document.

/** A raw YAML/JSON value as the validator receives it; tests poke at it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into raw documents freely
export type Raw = Record<string, any>;

/** How errors name the fixtures' stack file. */
export const STACK_FILE = "stacks/Pulumi.test.yaml";

/** A kubeconfig body that must never show up in an error message. */
export const KUBECONFIG_TEXT = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user: {token: s3cr3t-t0ken}\n";

/** Minimal AWS cluster: only what it needs (an admin, and a network pulumi up reaches its API from), so every default is exercised. */
export function awsCluster(): Raw {
    return {
        name: "aws-use1",
        cloud: "aws",
        region: "us-east-1",
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
        publicAccessCidrs: ["198.51.100.0/24"],
        nodePools: [{ name: "general" }],
    };
}

/** Minimal GCP cluster: only required keys. */
export function gcpCluster(): Raw {
    return {
        name: "gke-euw1",
        cloud: "gcp",
        region: "europe-west1",
        project: "acme-fleet-dev",
        nodePools: [{ name: "general" }],
    };
}

/** Minimal existing cluster: zones and kubeconfig are required for this cloud. */
export function existingCluster(): Raw {
    return {
        name: "lab",
        cloud: "existing",
        region: "home-lab",
        zones: ["rack-1"],
        kubeconfig: KUBECONFIG_TEXT,
    };
}

/** A valid `fedfleet:federation` for a dev stack. */
export function federation(): Raw {
    return { name: "acme", domain: "dev.fleet.acme-corp.com", environment: "dev" };
}

/** clusters[0] aws, clusters[1] gcp, clusters[2] existing. */
export function goodConfig(): Raw {
    return { federation: federation(), clusters: [awsCluster(), gcpCluster(), existingCluster()] };
}

/** A one-cluster config around `cluster`. */
export function configWith(cluster: Raw): Raw {
    return { federation: federation(), clusters: [cluster] };
}
