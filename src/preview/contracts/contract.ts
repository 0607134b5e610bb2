// Provider contracts: the checks a real provider or cloud API makes on what fedfleet
// registers, at preview or at create time, written down so the offline preview refuses what
// they would refuse. Each contract cites where the rule comes from. Resource contracts read
// the recorded registrations (inputs, options and the dependency graph); invoke contracts
// judge an invoke's arguments before the fake clouds answer it.
import { compareCodeUnits } from "../../plan/core/order";
import type { RecordedResource } from "../harness/recording-monitor";

/** A value the contract found wrong, and where in the resource it is. */
export interface Finding {
    /** The input's path, as `vpcConfig.subnetIds[0]` or `tags["kubernetes.io/cluster/x"]`. */
    field: string;
    /** What was found there, short. */
    found: string;
}

/** What contracts may look at besides the resource itself. */
export interface ContractContext {
    resources: readonly RecordedResource[];
    byUrn: ReadonlyMap<string, RecordedResource>;
    /** The resources that list `urn` among their dependencies. */
    dependentsOf(urn: string): RecordedResource[];
    /** The inputs of a resource's explicit provider (its region or project, for example). */
    providerInputs(resource: RecordedResource): Record<string, unknown>;
}

/** A rule the provider applies to resources of some types. */
export interface ResourceContract {
    /** A short stable id, `<cloud>.<resource>.<rule>`. */
    id: string;
    /** The type tokens it applies to. */
    types: readonly string[];
    /** The rule, as an expectation: "a name of 1 to 100 letters, digits, '-' or '_', starting with a letter or digit". */
    rule: string;
    /** Where the rule comes from: provider source path or API/doc page. */
    source: string;
    check(resource: RecordedResource, context: ContractContext): Finding[];
}

/** A rule the provider applies to an invoke's arguments; breaking it fails the invoke. */
export interface InvokeContract {
    id: string;
    /** The invoke's token, `aws:lb/getHostedZoneId:getHostedZoneId`. */
    token: string;
    rule: string;
    source: string;
    check(args: Record<string, unknown>): Finding[];
}

/** One broken contract, ready to print on one line. */
export interface ContractViolation {
    contract: string;
    /** The resource (`<type>::<name>`) or invoke (`invoke <token>`) that broke it. */
    subject: string;
    field: string;
    rule: string;
    found: string;
    source: string;
}

/** `contract <id>: <subject>: <field>: expected <rule>, found <found> [<source>]`. */
export function formatViolation(violation: ContractViolation): string {
    return `contract ${violation.contract}: ${violation.subject}: ${violation.field}: expected ${violation.rule}, found ${violation.found} [${violation.source}]`;
}

/** How a resource is named in a violation: its type and logical name. */
export function subjectOf(resource: RecordedResource): string {
    return `${resource.type}::${resource.name}`;
}

/** Violations in a stable order: by subject, contract, field. */
export function sortViolations(violations: readonly ContractViolation[]): ContractViolation[] {
    return [...violations].sort(
        (a, b) =>
            compareCodeUnits(a.subject, b.subject) ||
            compareCodeUnits(a.contract, b.contract) ||
            compareCodeUnits(a.field, b.field) ||
            compareCodeUnits(a.found, b.found),
    );
}

/** The context contracts see over a run's registrations. */
export function contractContext(resources: readonly RecordedResource[]): ContractContext {
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const dependents = new Map<string, RecordedResource[]>();
    for (const resource of resources) {
        for (const dependency of resource.dependencies) {
            dependents.set(dependency, [...(dependents.get(dependency) ?? []), resource]);
        }
    }
    return {
        resources,
        byUrn,
        dependentsOf: (urn) => dependents.get(urn) ?? [],
        providerInputs: (resource) => (resource.provider ? (byUrn.get(resource.provider)?.inputs ?? {}) : {}),
    };
}

/** Every resource contract broken by a run's registrations. */
export function checkResourceContracts(
    resources: readonly RecordedResource[],
    contracts: readonly ResourceContract[],
): ContractViolation[] {
    const context = contractContext(resources);
    const violations: ContractViolation[] = [];
    for (const contract of contracts) {
        for (const resource of resources.filter((r) => contract.types.includes(r.type))) {
            for (const finding of contract.check(resource, context)) {
                violations.push({
                    contract: contract.id,
                    subject: subjectOf(resource),
                    rule: contract.rule,
                    source: contract.source,
                    ...finding,
                });
            }
        }
    }
    return sortViolations(violations);
}

/** The violations of an invoke's arguments (empty when the provider would answer it). */
export function checkInvoke(
    token: string,
    args: Record<string, unknown>,
    contracts: readonly InvokeContract[],
): ContractViolation[] {
    return contracts
        .filter((contract) => contract.token === token)
        .flatMap((contract) =>
            contract.check(args).map((finding) => ({
                contract: contract.id,
                subject: `invoke ${token}`,
                rule: contract.rule,
                source: contract.source,
                ...finding,
            })),
        );
}

/** Short, one-line rendering of a found value. */
export function shown(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
