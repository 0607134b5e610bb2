// A fleet declared in TypeScript with the exported components, every default left out: the
// same fleet as typescriptFleetYaml below. Run as a program by the tests (it is loaded the way
// Pulumi loads a program that exports a function).
import {
    EksCluster,
    ExistingCluster,
    FederatedService,
    FleetNamespaces,
    GcpProjectServices,
    GKE_PROJECT_APIS,
    GkeCluster,
} from "../../src/components";

/** The program. */
export = () => {
    const aws = new EksCluster("aws-use1", {
        config: {
            name: "aws-use1",
            cloud: "aws",
            region: "us-east-1",
            adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
            nodePools: [{ name: "general" }],
        },
        environment: "dev",
        deployer: {
            insideNetworks: true,
            insideCidrs: ["10.200.0.0/24"],
            aws: { deployRoleArn: "arn:aws:iam::123456789012:role/fedfleet-deploy" },
        },
    });
    // One per project, before anything in it (a cluster given none enables its project's APIs itself).
    const projectServices = new GcpProjectServices("acme-fleet-test-apis", {
        project: "acme-fleet-test",
        services: [...GKE_PROJECT_APIS],
    });
    const gke = new GkeCluster("gke-euw1", {
        projectServices,
        config: {
            name: "gke-euw1",
            cloud: "gcp",
            region: "europe-west1",
            project: "acme-fleet-test",
            nodePools: [{ name: "general" }],
        },
        environment: "dev",
    });
    const lab = new ExistingCluster("lab-fra", {
        config: { name: "lab-fra", cloud: "existing", region: "eu-central", zones: ["rack-a"], kubeconfig: "{}" },
        environment: "dev",
    });
    const namespaces = new FleetNamespaces();
    new FederatedService("shop/web", {
        service: {
            name: "web",
            namespace: "shop",
            replicas: 5,
            containers: [{ name: "web", image: "ghcr.io/acme/web:1.0.0", ports: [{ containerPort: 8080 }] }],
            ports: [{ name: "http", port: 80, targetPort: 8080 }],
            placement: { selector: { matchLabels: { env: "dev" } } },
        },
        clusters: [aws, gke, lab],
        federation: "acme",
        namespaces,
    });
    return {};
};
