// The exported components take a stack file's documents as TypeScript input, defaults left
// out, and read them the same way: a fleet declared in TypeScript registers exactly what the
// same fleet in a stack file does, and a mistake names the bad input.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster, FederatedService } from "../../src/components";
import { runProgram } from "../../src/preview/harness/run-program";
import { planYaml } from "../support/plan";

/** The fleet of test/support/typescript-fleet.ts, as a stack file. */
const FLEET_YAML = `config:
  fedfleet:federation: { name: acme, domain: test.fleet.example.com, environment: dev }
  fedfleet:clusters:
    - name: aws-use1
      cloud: aws
      region: us-east-1
      adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin]
      nodePools: [{ name: general }]
    - name: gke-euw1
      cloud: gcp
      region: europe-west1
      project: acme-fleet-test
      nodePools: [{ name: general }]
    - { name: lab-fra, cloud: existing, region: eu-central, zones: [rack-a], kubeconfig: "{}" }
  fedfleet:services:
    - name: web
      namespace: shop
      replicas: 5
      containers: [{ name: web, image: "ghcr.io/acme/web:1.0.0", ports: [{ containerPort: 8080 }] }]
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement: { selector: { matchLabels: { env: dev } } }
  fedfleet:deployer:
    insideNetworks: true
    insideCidrs: [10.200.0.0/24]
    aws: { deployRoleArn: arn:aws:iam::123456789012:role/fedfleet-deploy }
`;

describe("a fleet declared in TypeScript", () => {
    it("registers exactly what the same fleet in a stack file does, defaults left out", async () => {
        const fromYaml = await planYaml(FLEET_YAML);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-ts-"));
        const stackFile = path.join(dir, "Pulumi.test.yaml");
        fs.writeFileSync(stackFile, FLEET_YAML);
        try {
            const fromTypeScript = await runProgram({
                stackFile,
                stackFileLabel: "stacks/Pulumi.test.yaml",
                programPath: path.join(__dirname, "..", "support", "typescript-fleet.js"),
            });
            const shape = (run: typeof fromYaml) =>
                run.resources.map((r) => ({
                    urn: r.urn,
                    parent: r.parent,
                    provider: r.provider,
                    protect: r.protect,
                    inputs: r.inputs,
                }));
            assert.ok(fromYaml.resources.length > 50, `${fromYaml.resources.length} resources`);
            assert.deepEqual(shape(fromTypeScript), shape(fromYaml));
            // And the same resilience outputs, which the policy pack reads.
            const resilience = (run: typeof fromYaml) =>
                run.resources
                    .filter((r) => r.type === "fedfleet:service:FederatedService")
                    .map((r) => run.resourceOutputs.get(r.urn)?.resilience);
            assert.ok(JSON.stringify(resilience(fromYaml)).includes("no global name"));
            assert.deepEqual(resilience(fromTypeScript), resilience(fromYaml));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reports a cluster mistake as an InputPropertiesError naming the input", () => {
        assert.throws(
            () =>
                new EksCluster("aws-use1", {
                    config: {
                        name: "aws-use1",
                        cloud: "aws",
                        region: "us-east-1",
                        adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
                        publicAccessCidrs: ["198.51.100.0/24"],
                        nodePools: [{ name: "general", minSize: 4, maxSize: 2 }],
                    },
                    environment: "dev",
                }),
            (error: unknown) => {
                assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
                assert.deepEqual(error.errors, [
                    {
                        propertyPath: "config.nodePools[0].minSize",
                        reason: "expected a minimum no larger than the maximum 2, found 4",
                    },
                ]);
                assert.equal(
                    error.message,
                    "fedfleet:cluster:EksCluster aws-use1: config.nodePools[0].minSize: expected a minimum no larger than the maximum 2, found 4",
                );
                return true;
            },
        );
        assert.throws(
            () =>
                new EksCluster("aws-use1", {
                    config: { name: "aws-use1", cloud: "aws", region: "us-east-9", nodePools: [{ name: "general" }] },
                    environment: "dev",
                }),
            (error: unknown) =>
                pulumi.InputPropertiesError.isInstance(error) && error.errors[0].propertyPath === "config.region",
        );
    });

    it("reports a service mistake (placement included) before registering anything", () => {
        assert.throws(
            () =>
                new FederatedService("shop/web", {
                    service: {
                        name: "web",
                        replicas: 2,
                        containers: [{ name: "web", image: "ghcr.io/acme/web:1.0.0" }],
                        ports: [{ name: "http", port: 80 }],
                        placement: { clusters: ["nowhere"] },
                    },
                    clusters: [],
                    federation: "acme",
                }),
            (error: unknown) => {
                assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
                assert.equal(error.errors[0].propertyPath, "service.placement.clusters[0]");
                assert.match(error.errors[0].reason, /^expected a cluster of this stack for service "web"/);
                return true;
            },
        );
    });
});
