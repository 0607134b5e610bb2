// The URN snapshot check on fabricated registrations: which recorded URNs a run keeps,
// which aliases (own or inherited) take them over, and the hints for the ones it loses.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RecordedResource } from "../../../src/preview/harness/recording-monitor";
import {
    checkUrns,
    claimedOldUrns,
    createUrn,
    parseSnapshot,
    parseUrn,
    renderSnapshot,
    UPDATE_COMMAND,
    urnsOf,
} from "../../../tools/urns/snapshot";
import { runProgram } from "../../../src/preview/harness/run-program";
import { planStack, stackFilePath } from "../../support/plan";
import { compareCodeUnits } from "../../../src/plan/core/order";

const urnOf = (type: string, name: string, parent?: RecordedResource) =>
    createUrn(name, type, parent?.urn, "fedfleet", "dev");

/** An alias as the SDK sends it (with alias specs): empty fields mean "this resource's own". */
function spec(
    fields: { name?: string; type?: string; parenturn?: string; noparent?: boolean },
    resourceParent?: RecordedResource,
): unknown {
    const out: Record<string, unknown> = { name: fields.name ?? "", project: "", stack: "", type: fields.type ?? "" };
    if (fields.noparent) out.noparent = true;
    else if (fields.parenturn !== undefined) out.parenturn = fields.parenturn;
    // An alias without `parent` carries the resource's own parent.
    else if (resourceParent) out.parenturn = resourceParent.urn;
    return { spec: out };
}

function res(type: string, name: string, parent?: RecordedResource, aliases: unknown[] = []): RecordedResource {
    return {
        urn: urnOf(type, name, parent),
        type,
        name,
        custom: !type.startsWith("fedfleet:"),
        parent: parent?.urn,
        dependencies: [],
        protect: false,
        aliases,
        ignoreChanges: [],
        inputs: {},
    };
}

const EKS = "fedfleet:cluster:EksCluster";
const NETWORK = "fedfleet:aws:Network";
const VPC = "aws:ec2/vpc:Vpc";
const ROLE = "aws:iam/role:Role";
const NAMESPACE = "kubernetes:core/v1:Namespace";

/** A cluster component with a role, a nested network component and its VPC, named the project's way. */
function cluster(name: string, aliases: unknown[] = []): RecordedResource[] {
    const component = res(EKS, name, undefined, aliases);
    const network = res(NETWORK, `${name}-net`, component);
    return [component, res(ROLE, `${name}-node`, component), network, res(VPC, `${name}-net-vpc`, network)];
}

describe("URN snapshot", () => {
    describe("snapshot files", () => {
        it("lists URNs once each, in code-unit order (upper case first), one a line with a trailing newline", () => {
            const text = renderSnapshot([
                "urn:pulumi:dev::p::t::b",
                "urn:pulumi:dev::p::t::B",
                "urn:pulumi:dev::p::t::a",
                "urn:pulumi:dev::p::t::b",
            ]);
            assert.equal(text, "urn:pulumi:dev::p::t::B\nurn:pulumi:dev::p::t::a\nurn:pulumi:dev::p::t::b\n");
            assert.deepEqual(parseSnapshot(text), [
                "urn:pulumi:dev::p::t::B",
                "urn:pulumi:dev::p::t::a",
                "urn:pulumi:dev::p::t::b",
            ]);
            assert.deepEqual(urnsOf([res(ROLE, "z"), res(ROLE, "a"), res(ROLE, "a")]), [
                urnOf(ROLE, "a"),
                urnOf(ROLE, "z"),
            ]);
        });

        it("parses URNs with the parent's type chain and names holding '::'", () => {
            assert.deepEqual(parseUrn("urn:pulumi:dev::fedfleet::a:b:C$d:e:F$g:h:I::x::y"), {
                stack: "dev",
                project: "fedfleet",
                qualifiedType: "a:b:C$d:e:F$g:h:I",
                type: "g:h:I",
                parentType: "a:b:C$d:e:F",
                name: "x::y",
            });
        });
    });

    describe("checkUrns", () => {
        it("finds nothing when the run registers exactly the recorded URNs", () => {
            const run = cluster("aws-use1");
            assert.deepEqual(checkUrns(urnsOf(run), run), { missing: [], added: [] });
        });

        it("reports a renamed resource without an alias as missing, naming the new resource and the alias to add", () => {
            const before = cluster("aws-use1");
            const after = [...before.filter((r) => r.name !== "aws-use1-node"), res(ROLE, "aws-use1-nodes", before[0])];
            const { missing, added } = checkUrns(urnsOf(before), after);
            assert.deepEqual(
                missing.map((m) => m.urn),
                [urnOf(ROLE, "aws-use1-node", before[0])],
            );
            assert.deepEqual(added, [urnOf(ROLE, "aws-use1-nodes", before[0])]);
            const hint = missing[0].hint;
            assert.match(
                hint,
                /Likely replaced by aws:iam\/role:Role "aws-use1-nodes" \(fedfleet:cluster:EksCluster\$aws:iam\/role:Role::aws-use1-nodes\): renamed from "aws-use1-node"/,
            );
            assert.ok(hint.includes('aliases: [{ name: "aws-use1-node" }]'), hint);
            assert.ok(hint.includes(`aliases: ["${urnOf(ROLE, "aws-use1-node", before[0])}"]`), hint);
            assert.ok(hint.includes(UPDATE_COMMAND), hint);
        });

        it("keeps a URN a name alias takes over; the new URN is only 'added'", () => {
            const before = cluster("aws-use1");
            const after = [
                ...before.filter((r) => r.name !== "aws-use1-node"),
                res(ROLE, "aws-use1-nodes", before[0], [spec({ name: "aws-use1-node" }, before[0])]),
            ];
            assert.deepEqual(checkUrns(urnsOf(before), after), {
                missing: [],
                added: [urnOf(ROLE, "aws-use1-nodes", before[0])],
            });
        });

        it("keeps the URN of a resource moved under a new parent with a `parent` alias (another parent, or the stack)", () => {
            // Parents of two types: the URN names only the parent's type chain, not its name.
            const [a, b] = [res(EKS, "aws-use1"), res("fedfleet:cluster:GkeCluster", "gke-euw1")];
            const before = [a, b, res(NAMESPACE, "shop", a), res(NAMESPACE, "global")];
            const movedToB = res(NAMESPACE, "shop", b, [spec({ parenturn: a.urn })]);
            const movedUnderA = res(NAMESPACE, "global", a, [spec({ noparent: true })]);
            assert.deepEqual(checkUrns(urnsOf(before), [a, b, movedToB, movedUnderA]).missing, []);
            // Without the aliases both are lost, each with a `parent` alias proposed.
            const { missing } = checkUrns(urnsOf(before), [
                a,
                b,
                res(NAMESPACE, "shop", b),
                res(NAMESPACE, "global", a),
            ]);
            assert.deepEqual(
                missing.map((m) => m.urn),
                [urnOf(NAMESPACE, "global"), urnOf(NAMESPACE, "shop", a)],
            );
            assert.ok(missing[0].hint.includes("aliases: [{ parent: pulumi.rootStackResource }]"), missing[0].hint);
            assert.ok(missing[1].hint.includes(`aliases: [{ parent: "${a.urn}" }]`), missing[1].hint);
            assert.match(
                missing[1].hint,
                /or pass that fedfleet:cluster:EksCluster "aws-use1" resource object itself as `parent`/,
            );
        });

        it("keeps the children of a renamed component that has a name alias: they inherit it, renamed along, at every depth", () => {
            const before = cluster("aws-use1");
            const after = cluster("aws-east", [spec({ name: "aws-use1" })]);
            assert.deepEqual(checkUrns(urnsOf(before), after), { missing: [], added: urnsOf(after) });
            // Every URN of the old component is claimed, as the engine computes them.
            assert.deepEqual(claimedOldUrns(after), urnsOf(before));
            assert.deepEqual(claimedOldUrns(after, urnsOf(before)), urnsOf(before));
        });

        it("keeps a URN named exactly by a full-URN alias", () => {
            const before = cluster("aws-use1");
            const old = urnOf(ROLE, "aws-use1-node", before[0]);
            const after = [...before.filter((r) => r.urn !== old), res(ROLE, "node-role", before[2], [old])];
            assert.deepEqual(checkUrns(urnsOf(before), after).missing, []);
        });

        it("keeps a URN a type alias takes over, and proposes one for a changed type token", () => {
            const before = cluster("aws-use1");
            const old = urnOf(ROLE, "aws-use1-node", before[0]);
            const retyped = (aliases: unknown[]) => [
                ...before.filter((r) => r.urn !== old),
                res("aws:iam/role:RoleV2", "aws-use1-node", before[0], aliases),
            ];
            assert.deepEqual(checkUrns(urnsOf(before), retyped([spec({ type: ROLE }, before[0])])).missing, []);
            const { missing } = checkUrns(urnsOf(before), retyped([]));
            assert.ok(missing[0].hint.includes(`aliases: [{ type: "${ROLE}" }]`), missing[0].hint);
        });

        it("proposes one alias for a renamed component and says its children are carried along by it", () => {
            const before = cluster("aws-use1");
            const { missing } = checkUrns(urnsOf(before), cluster("aws-east"));
            // Listed parents first, so the one alias to add comes first.
            assert.deepEqual(
                missing.map((m) => m.urn),
                [urnOf(EKS, "aws-use1"), before[1].urn, before[2].urn, before[3].urn].sort(
                    (a, b) => a.split("$").length - b.split("$").length || compareCodeUnits(a, b),
                ),
            );
            const [component, ...children] = missing.map((m) => m.urn);
            const hintOf = (urn: string) => missing.find((m) => m.urn === urn)!.hint;
            assert.ok(
                hintOf(component).includes('Likely replaced by fedfleet:cluster:EksCluster "aws-east"'),
                hintOf(component),
            );
            assert.ok(hintOf(component).includes('aliases: [{ name: "aws-use1" }]'), hintOf(component));
            for (const child of children) {
                assert.match(
                    hintOf(child),
                    /^Carried along by the alias proposed for fedfleet:cluster:EksCluster::aws-use1: fedfleet:cluster:EksCluster\$/,
                );
                assert.doesNotMatch(hintOf(child), /aliases: \[\{ name/);
            }
        });

        it("says so when nothing looks like the replacement, and how to record an intended delete", () => {
            const before = cluster("aws-use1");
            const old = urnOf(VPC, "aws-use1-net-vpc", before[2]);
            const { missing } = checkUrns(
                urnsOf(before),
                before.filter((r) => r.urn !== old),
            );
            assert.equal(missing.length, 1);
            assert.match(missing[0].hint, /No candidate replacement found/);
            assert.ok(missing[0].hint.includes(`aliases: ["${old}"]`));
            assert.ok(missing[0].hint.includes(`update the snapshot: \`${UPDATE_COMMAND} --allow-delete\``));
        });
    });

    describe("claimedOldUrns", () => {
        it("collapses specs with the resource's defaults, and multiplies own aliases by the parent's (N + M(1+N))", () => {
            const parent = res(EKS, "new", undefined, [spec({ name: "old" })]);
            const child = res(ROLE, "new-role", parent, [spec({ name: "new-r" }, parent)]);
            assert.deepEqual(
                claimedOldUrns([parent, child]),
                [
                    urnOf(EKS, "old"),
                    `urn:pulumi:dev::fedfleet::${EKS}$${ROLE}::new-r`,
                    `urn:pulumi:dev::fedfleet::${EKS}$${ROLE}::old-r`,
                    `urn:pulumi:dev::fedfleet::${EKS}$${ROLE}::old-role`,
                ].sort(),
            );
        });

        it("with state given, passes on only the alias the parent was matched by, and puts a parent's old URN in a child's parent alias", () => {
            const [EKS2, GKE] = ["fedfleet:cluster:EksClusterV2", "fedfleet:cluster:GkeCluster"];
            const a = res(EKS2, "a", undefined, [
                spec({ type: EKS, name: "a-old" }),
                spec({ type: EKS, name: "a-older" }),
            ]);
            const b = res(GKE, "b");
            const role = res(ROLE, "a-role", a);
            const ns = res(NAMESPACE, "ns", b, [spec({ parenturn: a.urn })]);
            const state = [
                urnOf(EKS, "a-older"),
                `urn:pulumi:dev::fedfleet::${EKS}$${ROLE}::a-old-role`,
                `urn:pulumi:dev::fedfleet::${EKS}$${ROLE}::a-older-role`,
                `urn:pulumi:dev::fedfleet::${EKS}$${NAMESPACE}::ns`,
                urnOf(GKE, "b"),
            ];
            // a takes over a-older (a-old is not in state): its role inherits that one only, and
            // the namespace's `parent: a` alias stands for a's old URN, type and all.
            assert.deepEqual(claimedOldUrns([a, b, role, ns], state), [state[0], state[2], state[3]].sort());
            assert.deepEqual(
                checkUrns(state, [a, b, role, ns]).missing.map((m) => m.urn),
                [state[1]],
            );
            // Without state, every alias a run could claim.
            assert.ok(claimedOldUrns([a, b, role, ns]).includes(state[1]));
        });
    });

    describe("through the SDK: aliases as a program really sends them", () => {
        // Before: a component with a child and a nested component named after it, a top-level
        // namespace, and two leaves.
        const BEFORE = `
const app = new Comp("acme:x:App", "app");
const net = new Comp("acme:x:Net", "app-net", { parent: app });
new Comp("acme:x:Vpc", "app-net-vpc", { parent: net });
new Comp("acme:x:Ns", "global");
new Comp("acme:x:Role", "app-role", { parent: app });
new Comp("acme:x:Key", "key", { parent: app });
`;
        // After: the component renamed, the namespace moved into it, a leaf renamed, a leaf moved.
        const after = (aliases: boolean) => `
const alias = (a) => (${aliases} ? { aliases: a } : {});
const app = new Comp("acme:x:App", "shop", alias([{ name: "app" }]));
const net = new Comp("acme:x:Net", "shop-net", { parent: app });
new Comp("acme:x:Vpc", "shop-net-vpc", { parent: net });
new Comp("acme:x:Ns", "global", { parent: app, ...alias([{ parent: pulumi.rootStackResource }]) });
new Comp("acme:x:Role", "shop-roles", { parent: app, ...alias([{ name: "shop-role" }]) });
new Comp("acme:x:Key", "key", { parent: net, ...alias(["urn:pulumi:dev::fedfleet::acme:x:App$acme:x:Key::key"]) });
`;

        it("keeps every URN when the change carries its aliases, and loses each one without them", async () => {
            const snapshot = urnsOf(await runSmallProgram(BEFORE));
            assert.equal(snapshot.length, 6);
            const kept = await runSmallProgram(after(true));
            // Only what the program wrote travels on the wire; the engine derives the children's.
            assert.deepEqual(
                kept
                    .filter((r) => r.aliases.length > 0)
                    .map((r) => r.name)
                    .sort(),
                ["global", "key", "shop", "shop-roles"],
            );
            assert.deepEqual(checkUrns(snapshot, kept).missing, []);
            assert.deepEqual(claimedOldUrns(kept, snapshot), snapshot);

            const { missing } = checkUrns(snapshot, await runSmallProgram(after(false)));
            assert.deepEqual(missing.map((m) => m.urn).sort(), snapshot);
            const hintOf = (name: string) => missing.find((m) => parseUrn(m.urn).name === name)!.hint;
            assert.ok(hintOf("app").includes('aliases: [{ name: "app" }]'), hintOf("app"));
            assert.match(hintOf("app-net-vpc"), /^Carried along by the alias proposed for acme:x:App::app/);
            assert.ok(hintOf("global").includes("aliases: [{ parent: pulumi.rootStackResource }]"), hintOf("global"));
            assert.ok(
                hintOf("key").includes('aliases: [{ parent: "urn:pulumi:dev::fedfleet::acme:x:App::app" }]'),
                hintOf("key"),
            );
        });
    });

    describe("on the real dev stack", () => {
        it("names a resource whose URN a change would lose, and keeps a renamed cluster's whole tree by one alias", async () => {
            const run = await planStack("dev");
            const snapshot = urnsOf(run.resources);
            assert.deepEqual(checkUrns(snapshot, run.resources), { missing: [], added: [] });

            // A Deployment renamed: the check names the old URN and the renamed one.
            const deployment = run.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
            const renamed = {
                ...deployment,
                name: `${deployment.name}-v2`,
                urn: createUrn(`${deployment.name}-v2`, deployment.type, deployment.parent, "fedfleet", "dev"),
            };
            const result = checkUrns(
                snapshot,
                run.resources.map((r) => (r === deployment ? renamed : r)),
            );
            assert.deepEqual(
                result.missing.map((m) => m.urn),
                [deployment.urn],
            );
            assert.deepEqual(result.added, [renamed.urn]);
            assert.ok(
                result.missing[0].hint.includes(`"${renamed.name}"`) &&
                    result.missing[0].hint.includes(`aliases: [{ name: "${deployment.name}" }]`),
                result.missing[0].hint,
            );

            // The aws-use1 cluster component renamed, with every descendant named after it.
            const rename = (aliases: unknown[]) => renameTree(run.resources, "aws-use1", "aws-east", aliases);
            const lost = checkUrns(snapshot, rename([]));
            assert.ok(lost.missing.length > 40, `missing: ${lost.missing.length}`);
            assert.ok(
                lost.missing
                    .find((m) => m.urn === urnOf(EKS, "aws-use1"))!
                    .hint.includes('aliases: [{ name: "aws-use1" }]'),
            );
            assert.deepEqual(checkUrns(snapshot, rename([spec({ name: "aws-use1" })])).missing, []);
        });

        it("reads the provider SDKs' type aliases as recorded (Kubernetes API versions in prod)", async () => {
            const run = await planStack("prod");
            const claimed = claimedOldUrns(run.resources);
            assert.ok(
                claimed.some((urn) => /FederatedService\$kubernetes:apps\/v1beta1:Deployment::/.test(urn)),
                claimed.slice(0, 5).join("\n"),
            );
            assert.ok(claimed.some((urn) => /GkeCluster\$gcp:serviceAccount\/account:Account::/.test(urn)));
        });
    });
});

/** Runs a small program (its body given as JavaScript, with `pulumi` and a `Comp` component class) under the harness. */
async function runSmallProgram(body: string): Promise<RecordedResource[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-urns-"));
    const program = path.join(dir, "index.js");
    fs.writeFileSync(
        program,
        `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
class Comp extends pulumi.ComponentResource { constructor(type, name, opts) { super(type, name, {}, opts); } }
${body}
module.exports = {};
`,
    );
    try {
        return (
            await runProgram({
                stackFile: stackFilePath("dev"),
                stackFileLabel: "stacks/Pulumi.dev.yaml",
                programPath: program,
            })
        ).resources;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** A run where the component `from` is named `to`, with names starting with `from` renamed along at every depth. */
function renameTree(
    resources: readonly RecordedResource[],
    from: string,
    to: string,
    aliases: unknown[],
): RecordedResource[] {
    const root = resources.find((r) => r.name === from && !r.parent)!;
    const inTree = new Set([root.urn]);
    for (let grew = true; grew;) {
        grew = false;
        for (const r of resources)
            if (r.parent && inTree.has(r.parent) && !inTree.has(r.urn)) {
                inTree.add(r.urn);
                grew = true;
            }
    }
    const urns = new Map<string, string>();
    const out = new Map<string, RecordedResource>();
    const visit = (r: RecordedResource): RecordedResource => {
        if (out.has(r.urn)) return out.get(r.urn)!;
        if (!inTree.has(r.urn)) return r;
        const parent = r.parent ? visit(resources.find((p) => p.urn === r.parent)!) : undefined;
        const name = r.name.startsWith(from) ? to + r.name.slice(from.length) : r.name;
        const next = {
            ...r,
            name,
            parent: parent?.urn,
            urn: createUrn(name, r.type, parent?.urn, "fedfleet", "dev"),
            aliases: r === root ? aliases : r.aliases,
        };
        urns.set(r.urn, next.urn);
        out.set(r.urn, next);
        return next;
    };
    return resources.map(visit);
}
