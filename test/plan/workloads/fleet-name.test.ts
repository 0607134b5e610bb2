// The in-cluster name of a federated service (issue 29), pure: which clusters get the
// ExternalName Service, what it points at, the manifest against the Kubernetes schema, and
// the names the plan refuses.
import assert from "node:assert/strict";
import { parseFleetConfig } from "../../../src/plan/config/validate";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import { planFleet } from "../../../src/plan/fleet-plan";
import { fleetNameManifest, fleetServiceName, planFleetNames } from "../../../src/plan/workloads/fleet-name";
import { goodConfig, Raw } from "../config/fixtures";

// kubernetes-models is ESM-only; a Function-wrapped import() stays a real dynamic import in CommonJS.
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;
type ModelClass = new (data: unknown) => { validate(): void };

/** A fleet of aws-use1, gke-euw1 and lab with Route53 DNS, and the services given. */
function fleet(services: Raw[], dns = true): Raw {
    const raw = goodConfig();
    raw.clusters[2].internalServiceAnnotations = { "metallb.io/address-pool": "private" };
    if (dns) raw.dns = { provider: "route53", zone: { name: raw.federation.domain } };
    raw.services = services;
    return raw;
}

function service(name: string, namespace: string, clusters: string[], extra: Raw = {}): Raw {
    return {
        name,
        namespace,
        replicas: 3,
        containers: [{ name: "app", image: "nginx:1.27" }],
        ports: [{ name: "http", port: 80 }],
        placement: { clusters },
        ...extra,
    };
}

const plan = (raw: Raw) => planFleet(parseFleetConfig(raw), "test");
const targets = (raw: Raw, name: string) =>
    plan(raw)
        .services.find((s) => s.config.name === name)!
        .fleetNames?.map((t) => [t.cluster, t.answers, t.externalName]);

describe("in-cluster names (<svc>-fleet)", () => {
    it("planFleetNames: local where the cluster has a local name, global where it only has the namespace, none elsewhere", () => {
        assert.deepEqual(
            planFleetNames({
                clusters: ["a", "b", "c"],
                hasNamespace: (cluster) => cluster !== "c",
                global: "g.example.com",
                local: { a: "a.example.com" },
                resolvesThrough: (name) => [name, `then.${name}`],
            }),
            [
                {
                    cluster: "a",
                    answers: "local",
                    externalName: "a.example.com",
                    resolvesThrough: ["a.example.com", "then.a.example.com"],
                },
                {
                    cluster: "b",
                    answers: "global",
                    externalName: "g.example.com",
                    resolvesThrough: ["g.example.com", "then.g.example.com"],
                },
            ],
        );
    });

    it("a cluster running the service points at its local name; one that has the namespace through another service at the global name", () => {
        const raw = fleet([service("web", "shop", ["aws-use1"]), service("api", "shop", ["gke-euw1"])]);
        const domain = raw.federation.domain;
        assert.deepEqual(targets(raw, "web"), [
            ["aws-use1", "local", `web.shop.acme.svc.aws-use1.us-east-1.${domain}`],
            ["gke-euw1", "global", `web.shop.acme.svc.${domain}`],
        ]);
        // lab has no shop namespace: nothing is made there.
    });

    it("waits for the names its target resolves through: the local pair and this cluster's member name, or the global name", () => {
        const raw = fleet([service("web", "shop", ["aws-use1"]), service("api", "shop", ["gke-euw1"])]);
        const domain = raw.federation.domain;
        const web = plan(raw).services.find((s) => s.config.name === "web")!;
        assert.deepEqual(
            web.fleetNames!.map((t) => t.resolvesThrough),
            [
                [
                    `web.shop.acme.svc.aws-use1.us-east-1.${domain}`,
                    `aws-use1.members.web.shop.acme.svc.us-east-1.${domain}`,
                ],
                [`web.shop.acme.svc.${domain}`],
            ],
        );
    });

    it("a service in a namespace the clusters own (default) gets its name in every cluster of the fleet", () => {
        const raw = fleet([service("web", "default", ["gke-euw1"])]);
        assert.deepEqual(
            targets(raw, "web")!.map(([cluster, answers]) => `${cluster}:${answers}`),
            ["aws-use1:global", "gke-euw1:local", "lab:global"],
        );
    });

    it("none for an internal service (its in-cluster name is its own Service), nor without DNS", () => {
        assert.equal(
            targets(fleet([service("web", "shop", ["aws-use1"], { exposure: "internal" })]), "web"),
            undefined,
        );
        assert.equal(targets(fleet([service("web", "shop", ["aws-use1"])], false), "web"), undefined);
    });

    it("refuses a service name too long for <svc>-fleet to be a Kubernetes Service name (63)", () => {
        const name = `w${"x".repeat(57)}`;
        assert.equal(fleetServiceName(name).length, 64);
        assert.throws(
            () => plan(fleet([service("web", "shop", ["aws-use1"]), service(name, "shop", ["aws-use1"])])),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.message ===
                    "fedfleet:services[1].name: expected a name of at most 57 characters: its in-cluster name wxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-fleet is a Kubernetes Service name (a DNS-1035 label of at most 63), found 58 characters",
        );
        // 57 characters fit.
        assert.doesNotThrow(() => plan(fleet([service(name.slice(1), "shop", ["aws-use1"])])));
    });

    it("refuses another service named <svc>-fleet in the same namespace, whose Service would be the same object", () => {
        const raw = fleet([service("web", "shop", ["aws-use1"]), service("web-fleet", "shop", ["gke-euw1"])]);
        assert.throws(
            () => plan(raw),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.path.join(".") === "services.1.name" &&
                error.expected.includes('the in-cluster name of service "web" in namespace shop'),
        );
        // In another namespace there is no clash.
        const apart = fleet([service("web", "shop", ["aws-use1"]), service("web-fleet", "other", ["gke-euw1"])]);
        assert.doesNotThrow(() => plan(apart));
    });

    it("the manifest is a valid ExternalName Service (Kubernetes schema), labelled as fedfleet's", async () => {
        const model = ((await importEsm("kubernetes-models/v1/Service")) as Record<string, ModelClass>).Service;
        const manifest = fleetNameManifest(
            "acme",
            { name: "web", namespace: "shop" },
            {
                cluster: "aws-use1",
                answers: "local",
                externalName: "web.shop.acme.svc.aws-use1.us-east-1.example.com",
                resolvesThrough: [],
            },
        );
        new model(manifest).validate();
        assert.deepEqual(manifest.spec, {
            type: "ExternalName",
            externalName: "web.shop.acme.svc.aws-use1.us-east-1.example.com",
        });
        assert.equal(manifest.metadata.name, "web-fleet");
        assert.equal(manifest.metadata.labels?.["app.kubernetes.io/managed-by"], "fedfleet");
        assert.equal(manifest.metadata.labels?.["fedfleet.io/cluster"], "aws-use1");
    });
});
