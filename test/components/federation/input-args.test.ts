// Pass-through args (issue 21): a TypeScript program gives FederatedService an image, env values
// and ExistingCluster a kubeconfig as Outputs of other resources; fedfleet plans without their
// values and registers the Outputs' values where they belong.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FederatedService } from "../../../src/components";
import { runProgram } from "../../../src/preview/harness/run-program";
import { EXISTING_CLUSTER, one, stackYaml } from "../../support/plan";

describe("component args that are Pulumi Inputs", () => {
    it("registers the Deployment with the image, env and pod annotation values another resource's outputs give, the provider with the kubeconfig", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-inputs-"));
        const stackFile = path.join(dir, "Pulumi.test.yaml");
        fs.writeFileSync(stackFile, stackYaml(EXISTING_CLUSTER));
        const secrets: { value: unknown; where: string }[] = [];
        try {
            const run = await runProgram({
                stackFile,
                stackFileLabel: "stacks/Pulumi.test.yaml",
                programPath: path.join(__dirname, "..", "..", "support", "pass-through-fleet.js"),
                onSecret: (value, where) => secrets.push({ value, where }),
            });
            // The digest the mocked RandomId produced, read from its own outputs, not from the program.
            const build = one(run, "random:index/randomId:RandomId", "web-build");
            const built = run.resourceOutputs.get(build.urn)!;
            assert.match(String(built.hex), /^[0-9a-f]{64}$/);

            const deployment = one(run, "kubernetes:apps/v1:Deployment");
            const spec = deployment.inputs.spec as {
                template: {
                    metadata: { annotations: Record<string, string> };
                    spec: { containers: Record<string, unknown>[] };
                };
            };
            const container = spec.template.spec.containers[0];
            assert.equal(container.image, `ghcr.io/acme/web@sha256:${built.hex}`);
            assert.deepEqual(container.env, [
                { name: "BUILD_ID", value: built.b64Url },
                { name: "MODE", value: "live" },
            ]);
            assert.equal(spec.template.metadata.annotations["acme.example/build"], built.hex);
            // The Deployment waits for the build: the engine orders it after the resource its image comes from.
            assert.ok(deployment.dependencies.includes(build.urn), deployment.dependencies.join(", "));
            // No placeholder reaches anything registered.
            assert.doesNotMatch(JSON.stringify(run.resources), /fedfleet-input/);

            const provider = one(run, "pulumi:providers:kubernetes");
            assert.equal(provider.inputs.kubeconfig, "[secret]");
            const credentials = run.resourceOutputs.get(
                one(run, "random:index/randomId:RandomId", "lab-credentials").urn,
            )!;
            const sent = secrets.filter((secret) => secret.where === provider.urn);
            assert.deepEqual(
                sent.map((secret) => secret.value),
                [`{"token":"${credentials.hex}"}`],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses an Input for a pod annotation whose value fedfleet checks, naming the input", () => {
        assert.throws(
            () =>
                new FederatedService("shop/web", {
                    service: {
                        name: "web",
                        replicas: 2,
                        containers: [{ name: "web", image: "ghcr.io/acme/web:1.0.0" }],
                        ports: [{ name: "http", port: 80 }],
                        placement: { clusters: ["lab-fra"] },
                        overrides: {
                            "lab-fra": {
                                annotations: { "controller.kubernetes.io/pod-deletion-cost": pulumi.output("7") },
                            },
                        },
                    },
                    clusters: [],
                    federation: "acme",
                }),
            (error: unknown) => {
                assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
                assert.equal(
                    error.errors[0].propertyPath,
                    "service.overrides.lab-fra.annotations.controller.kubernetes.io/pod-deletion-cost",
                );
                assert.match(error.errors[0].reason, /^expected a plain string/);
                return true;
            },
        );
    });
});
