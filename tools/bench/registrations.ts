// `npm run bench`: how the offline preview's cost grows with the fleet. Every scenario is
// timed in this same run and reported as a ratio to the dev stack, measured alongside, so
// the numbers compare across machines; no absolute time is asserted anywhere.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProgram } from "../harness/run-program";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const CLUSTERS = [
    ["aws-use1", "aws", "us-east-1"], ["aws-euw1", "aws", "eu-west-1"], ["aws-apne1", "aws", "ap-northeast-1"],
    ["gke-usc1", "gcp", "us-central1"], ["gke-euw4", "gcp", "europe-west4"],
] as const;

/** A fleet of five clusters with `services` federated services on all of them, and Route53 DNS. */
export function syntheticStack(services: number): string {
    const clusters = CLUSTERS.map(([name, cloud, region], i) => cloud === "aws"
        ? `    - { name: ${name}, cloud: aws, region: ${region}, vpcCidr: 10.${i}.0.0/16, publicAccessCidrs: [198.51.100.0/24], nodePools: [{ name: general }] }`
        : `    - { name: ${name}, cloud: gcp, region: ${region}, project: acme-bench-${i}x, authorizedCidrs: [198.51.100.0/24], nodePools: [{ name: general }] }`).join("\n");
    const serviceList = Array.from({ length: services }, (_, i) => `    - name: svc-${i}
      namespace: team-${i % 7}
      replicas: ${5 + (i % 11)}
      containers: [{ name: app, image: "ghcr.io/acme/svc-${i}:1.0.${i}", readinessProbe: { httpGet: { path: /ready, port: 8080 } } }]
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement: { selector: { matchLabels: { env: prod } } }`).join("\n");
    return `config:
  fedfleet:federation: { name: bench, domain: bench.example.com, environment: prod }
  fedfleet:dns: { provider: route53, zone: { name: bench.example.com, id: ZBENCH }, routing: weighted }
  fedfleet:clusters:
${clusters}
  fedfleet:services:
${serviceList}
`;
}

async function timeRun(stackFile: string): Promise<{ ms: number; resources: number }> {
    const samples: number[] = [];
    let resources = 0;
    for (let i = 0; i < REPEATS; i += 1) {
        const start = process.hrtime.bigint();
        const run = await runProgram({ stackFile, stack: "bench" });
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
        resources = run.resources.length;
    }
    samples.sort((a, b) => a - b);
    return { ms: samples[Math.floor(samples.length / 2)], resources };
}

async function main(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-bench-"));
    const scenarios: [string, string][] = [
        ["dev stack (baseline)", path.join(ROOT, "stacks", "Pulumi.dev.yaml")],
        ["prod stack", path.join(ROOT, "stacks", "Pulumi.prod.yaml")],
    ];
    for (const services of [10, 40, 120]) {
        const file = path.join(dir, `Pulumi.bench${services}.yaml`);
        fs.writeFileSync(file, syntheticStack(services));
        scenarios.push([`5 clusters x ${services} services`, file]);
    }
    // One warm-up so module loading is not charged to the baseline.
    await runProgram({ stackFile: scenarios[0][1], stack: "bench" });
    const results: { name: string; ms: number; resources: number }[] = [];
    for (const [name, file] of scenarios) results.push({ name, ...(await timeRun(file)) });
    const base = results[0];
    const perResource = (r: { ms: number; resources: number }) => r.ms / r.resources;
    process.stdout.write(`median of ${REPEATS} runs each, node ${process.version}, ratios against the dev stack in this run\n`);
    process.stdout.write("scenario                      resources   time ratio   per-resource ratio\n");
    for (const r of results) {
        process.stdout.write(`${r.name.padEnd(30)}${String(r.resources).padStart(9)}   ${(r.ms / base.ms).toFixed(2).padStart(9)}x   ${(perResource(r) / perResource(base)).toFixed(2).padStart(17)}x\n`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
    main().catch((error) => {
        process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
        process.exit(1);
    });
}
