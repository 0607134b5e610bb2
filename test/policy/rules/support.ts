// Shared helpers for the policy pack tests: run one rule (or the pack) over recorded
// resources, copy and mutate real runs safely, and build minimal resources by hand.
import assert from "node:assert/strict";
import * as path from "node:path";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../../policy/rules";
import { PackConfig, readPackConfig, runPolicies, Violation } from "../../../src/preview/policy/run-pack";
import type { RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { planStack, PROJECT_ROOT } from "../../support/plan";

export type { RecordedResource, Violation, PackConfig };

/** Every rule of the pack, by name: the tests below cover each with a pass and a violation. */
export const RULE_NAMES = [
    "cluster-secrets-encryption",
    "cluster-endpoint-restricted",
    "kubernetes-version-supported",
    "eks-control-plane-logging",
    "cluster-workload-identity",
    "node-pools-multi-zone",
    "protect-stateful-resources",
    "image-pinned",
    "allowed-registries",
    "container-resources",
    "pod-security",
    "read-only-root-filesystem",
    "container-probes",
    "zone-spread",
    "pdb-for-replicated",
    "dns-health-checked",
    "dns-ttl-bounds",
    "route53-alias-for-aws",
    "federation-spread",
    "placed-clusters-exist",
    "no-stray-load-balancers",
    "namespace-pod-security",
    "namespace-default-deny",
    "eks-no-creator-admin",
    "eks-node-image",
    "network-policy-enforced",
    "no-nodeport-or-external-ips",
    "no-system-namespaces",
    "no-service-account-token",
    "survives-cluster-loss",
] as const;

/** The pack's one rule named `name`, as a list to run alone; fails the test when there is none. */
export function rule(name: string): Policies {
    const found = policies.filter((policy) => policy.name === name);
    assert.equal(found.length, 1, `no rule named ${name}`);
    return found;
}

/** Violations of one rule over the resources, with the given pack config. */
export function check(
    resources: readonly RecordedResource[],
    name: string,
    config: PackConfig = {},
): Promise<Violation[]> {
    return runPolicies(resources, rule(name), config);
}

/** The pack config checked in for a stack: `policy/config/<stack>.json`. */
export function packConfigFile(stack: string): string {
    return path.join(PROJECT_ROOT, "policy", "config", `${stack}.json`);
}

/** The pack config checked in for a stack, read and checked against the pack's rules. */
export function packConfig(stack: string): PackConfig {
    return readPackConfig(packConfigFile(stack), policies);
}

/** A deep copy of a checked-in stack's resources: the runs themselves are shared and cached. */
export async function stackResources(stack: string): Promise<RecordedResource[]> {
    return structuredClone((await planStack(stack)).resources);
}

/** The one resource of a type (and name) in a list. */
export function find(resources: readonly RecordedResource[], type: string, name?: string): RecordedResource {
    const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.equal(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}

/** Asserts exactly `count` violations (one by default), all of the rule and level, each naming every fragment. */
export function assertViolations(
    violations: readonly Violation[],
    expected: {
        policy: string;
        level: "advisory" | "mandatory";
        names: (string | RegExp)[];
        urn?: string;
        count?: number;
    },
): void {
    assert.equal(violations.length, expected.count ?? 1, JSON.stringify(violations, null, 1));
    for (const violation of violations) {
        assert.equal(violation.policy, expected.policy);
        assert.equal(violation.level, expected.level);
        for (const name of expected.names) {
            if (typeof name === "string")
                assert.ok(violation.message.includes(name), `"${violation.message}" should name ${name}`);
            else assert.match(violation.message, name);
        }
        if (expected.urn) assert.equal(violation.urn, expected.urn);
    }
}

/** Asserts no violations at all, showing any there are. */
export function assertClean(violations: readonly Violation[]): void {
    assert.deepEqual(violations, []);
}

/** A minimal hand-built registration. */
export function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<RecordedResource> = {},
): RecordedResource {
    const parentType = extra.parent ? extra.parent.split("::")[2] + "$" : "";
    return {
        urn: `urn:pulumi:test::fedfleet::${parentType}${type}::${name}`,
        type,
        name,
        custom: !type.startsWith("fedfleet:"),
        dependencies: [],
        protect: false,
        aliases: [],
        ignoreChanges: [],
        inputs,
        ...extra,
    };
}

/** A container that meets every workload rule and the Pod Security Standards "restricted" profile, with `extra` on top. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests spread and edit it freely
export function restrictedContainer(name = "app", extra: Record<string, unknown> = {}): Record<string, any> {
    return {
        name,
        image: "ghcr.io/acme/web:1.0.0",
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
        securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        livenessProbe: { httpGet: { path: "/livez", port: 8080 } },
        readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
        ...extra,
    };
}

/** A Deployment's inputs with one container that passes every workload rule unless overridden. */
export function deploymentInputs(
    container: Record<string, unknown> = {},
    options: { name?: string; replicas?: number; kind?: string; podSpec?: Record<string, unknown> } = {},
): Record<string, unknown> {
    const labels = { "fedfleet.io/service": options.name ?? "web" };
    return {
        apiVersion: "apps/v1",
        kind: options.kind ?? "Deployment",
        metadata: { name: options.name ?? "web", namespace: "shop", labels },
        spec: {
            replicas: options.replicas ?? 2,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    topologySpreadConstraints: [
                        {
                            topologyKey: "topology.kubernetes.io/zone",
                            maxSkew: 1,
                            whenUnsatisfiable: "ScheduleAnyway",
                            labelSelector: { matchLabels: { "fedfleet.io/service": options.name ?? "web" } },
                        },
                    ],
                    containers: [restrictedContainer("app", container)],
                    ...options.podSpec,
                },
            },
        },
    };
}

/** The first container of a Deployment's inputs, for mutation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function firstContainer(deployment: RecordedResource): Record<string, any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (deployment.inputs as any).spec.template.spec.containers[0];
}
