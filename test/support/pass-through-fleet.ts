// A fleet declared in TypeScript whose pass-through values come from other resources' outputs:
// the image, an env value and a pod annotation from a build step, the kubeconfig from another resource (as a
// StackReference's output would be). Run as a program by test/components/federation/input-args.test.ts.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ExistingCluster, FederatedService } from "../../src/components";

/** The program. */
export = () => {
    // Stand-ins for a build and a StackReference: resources whose outputs are known only once they exist.
    const build = new random.RandomId("web-build", { byteLength: 32 });
    const credentials = new random.RandomId("lab-credentials", { byteLength: 8 });
    const lab = new ExistingCluster("lab-fra", {
        config: {
            name: "lab-fra",
            cloud: "existing",
            region: "eu-central",
            zones: ["rack-a", "rack-b"],
            context: "lab-admin",
            kubeconfig: pulumi.interpolate`{"token":"${credentials.hex}"}`,
        },
        environment: "dev",
    });
    new FederatedService("shop/web", {
        service: {
            name: "web",
            namespace: "shop",
            replicas: 2,
            containers: [
                {
                    name: "web",
                    image: pulumi.interpolate`ghcr.io/acme/web@sha256:${build.hex}`,
                    env: { BUILD_ID: build.b64Url, MODE: "live" },
                    ports: [{ containerPort: 8080 }],
                },
            ],
            ports: [{ name: "http", port: 80, targetPort: 8080 }],
            placement: { clusters: ["lab-fra"] },
            overrides: { "lab-fra": { annotations: { "acme.example/build": build.hex } } },
        },
        clusters: [lab],
        federation: "acme",
    });
    return { build: build.hex, credentials: credentials.hex };
};
