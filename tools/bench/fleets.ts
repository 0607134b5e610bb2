// Synthetic fleets for the benchmark: valid stack files of any size, shaped like a large
// platform's. Clusters cycle through EKS, GKE and existing clusters, over ten regions per cloud;
// they are grouped in tiers of four, and each service is placed by selector on one tier,
// so a service runs in four clusters whatever the size of the fleet.
const AWS_REGIONS = [
    "us-east-1",
    "eu-west-1",
    "ap-northeast-1",
    "us-west-2",
    "eu-central-1",
    "ap-southeast-2",
    "ca-central-1",
    "sa-east-1",
    "eu-north-1",
    "ap-south-1",
];
const GCP_REGIONS = [
    "us-central1",
    "europe-west4",
    "asia-east1",
    "us-east4",
    "europe-west1",
    "australia-southeast1",
    "northamerica-northeast1",
    "southamerica-east1",
    "europe-north1",
    "asia-south1",
];
const CLOUD_CYCLE = ["aws", "gcp", "aws", "gcp", "existing", "gcp"] as const;
const CLUSTERS_PER_TIER = 4;

/** How many clusters and federated services a synthetic stack has. */
export interface FleetSize {
    clusters: number;
    services: number;
}

function clusterYaml(index: number, tiers: number): string {
    const cloud = CLOUD_CYCLE[index % CLOUD_CYCLE.length];
    const labels = `labels: { tier: t${index % tiers} }`;
    const pool = "nodePools: [{ name: general }]";
    const suffix = String(index).padStart(2, "0");
    if (cloud === "aws") {
        const region = AWS_REGIONS[Math.floor(index / 2) % AWS_REGIONS.length];
        return `    - { name: aws-${suffix}, cloud: aws, region: ${region}, ${labels}, vpcCidr: 10.${index}.0.0/16, publicAccessCidrs: [198.51.100.0/24], adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin], ${pool} }`;
    }
    if (cloud === "gcp") {
        const region = GCP_REGIONS[Math.floor(index / 2) % GCP_REGIONS.length];
        return `    - { name: gke-${suffix}, cloud: gcp, region: ${region}, ${labels}, project: acme-bench-${suffix}, authorizedCidrs: [198.51.100.0/24], ${pool} }`;
    }
    return `    - { name: lab-${suffix}, cloud: existing, region: lab-${suffix}, zones: [rack-a, rack-b], ${labels}, context: lab-${suffix}-admin, loadBalancerAddress: ip, kubeconfig: { secure: "v1:bench:${suffix}" } }`;
}

function serviceYaml(index: number, tiers: number): string {
    return `    - name: svc-${index}
      namespace: team-${index % 7}
      replicas: ${5 + (index % 11)}
      containers: [{ name: app, image: "ghcr.io/acme/svc-${index}:1.0.${index}", readinessProbe: { httpGet: { path: /ready, port: 8080 } } }]
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement: { selector: { matchLabels: { tier: t${index % tiers} } } }`;
}

/** A stack file: `clusters` clusters and `services` federated services, with weighted Route53 DNS. */
export function syntheticStack(size: FleetSize): string {
    const tiers = Math.max(1, Math.floor(size.clusters / CLUSTERS_PER_TIER));
    const clusters = Array.from({ length: size.clusters }, (_, i) => clusterYaml(i, tiers)).join("\n");
    const services = Array.from({ length: size.services }, (_, i) => serviceYaml(i, tiers)).join("\n");
    return `config:
  fedfleet:federation: { name: bench, domain: bench.example.com, environment: prod }
  fedfleet:dns: { provider: route53, zone: { name: bench.example.com, id: ZBENCH }, routing: weighted }
  fedfleet:clusters:
${clusters}
  fedfleet:services:
${services}
`;
}
