// The layout is the architecture: src/plan/ (pure planning core) <- src/components/ (Pulumi
// wiring) <- src/preview/ (offline preview, plan diff) <- tools/ (dev only). Lint refuses an
// import against that direction, and the compiled core loads no Pulumi package at run time.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ESLint } from "eslint";
import { PROJECT_ROOT } from "./support/plan";

/** The project's own lint config, without the rules that need a TypeScript program for a probe. */
function linter(): ESLint {
    return new ESLint({
        cwd: PROJECT_ROOT,
        overrideConfig: {
            languageOptions: { parserOptions: { projectService: false, project: null } },
            rules: {
                "@pulumi/no-output-in-template-literal": "off",
                "@pulumi/no-output-instance-in-template-literal": "off",
                "jsdoc/require-jsdoc": "off",
            },
        },
    });
}

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
    const [result] = await linter().lintText(code, { filePath: path.join(PROJECT_ROOT, filePath) });
    return result.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("layout: imports run one way", function () {
    this.timeout(60_000);

    const cases: { file: string; code: string; refused: boolean }[] = [
        {
            file: "src/plan/probe.ts",
            code: 'import * as pulumi from "@pulumi/pulumi";\nexport const x = pulumi;\n',
            refused: true,
        },
        {
            file: "src/plan/probe.ts",
            code: 'import { Deployment } from "@pulumi/kubernetes/apps/v1";\nexport const x = Deployment;\n',
            refused: true,
        },
        {
            file: "src/plan/probe.ts",
            code: 'import type * as pulumi from "@pulumi/pulumi";\nexport type X = pulumi.Input<string>;\n',
            refused: false,
        },
        {
            file: "src/plan/dns/probe.ts",
            code: 'import { DnsZone } from "../../components/dns/dns-zone";\nexport const x = DnsZone;\n',
            refused: true,
        },
        {
            file: "src/plan/probe.ts",
            code: 'import { runProgram } from "../preview/harness/run-program";\nexport const x = runProgram;\n',
            refused: true,
        },
        {
            file: "src/plan/probe.ts",
            code: 'import { divideReplicas } from "./placement/divide-replicas";\nexport const x = divideReplicas;\n',
            refused: false,
        },
        {
            file: "src/components/probe.ts",
            code: 'import { runProgram } from "../preview/harness/run-program";\nexport const x = runProgram;\n',
            refused: true,
        },
        {
            file: "src/components/probe.ts",
            code: 'import { planFleet } from "../plan/fleet-plan";\nexport const x = planFleet;\n',
            refused: false,
        },
        {
            // A package's own folder named like one of the project's is not the project's.
            file: "src/components/probe.ts",
            code: 'import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";\nexport const x = PodDisruptionBudget;\n',
            refused: false,
        },
        {
            file: "src/preview/probe.ts",
            code: 'import { main } from "../../tools/urns/cli";\nexport const x = main;\n',
            refused: true,
        },
        {
            file: "src/preview/probe.ts",
            code: 'import { planFleet } from "../plan/fleet-plan";\nexport const x = planFleet;\n',
            refused: false,
        },
        {
            file: "policy/probe.ts",
            code: 'import { FederatedService } from "../src/components/federation/federated-service";\nexport const x = FederatedService;\n',
            refused: true,
        },
        {
            file: "policy/probe.ts",
            code: 'import { owningCluster } from "../src/plan/core/owning-cluster";\nexport const x = owningCluster;\n',
            refused: false,
        },
    ];
    for (const { file, code, refused } of cases) {
        const what = code.split("\n")[0];
        it(`${file}: ${what} is ${refused ? "refused" : "allowed"}`, async () => {
            const messages = await restrictedImports(file, code);
            assert.equal(messages.length > 0, refused, messages.join("; ") || "no restricted import reported");
        });
    }

    it("the compiled planning core requires no Pulumi package at run time", () => {
        const root = path.join(PROJECT_ROOT, "dist", "src", "plan");
        const offenders: string[] = [];
        const visit = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const file = path.join(dir, entry.name);
                if (entry.isDirectory()) visit(file);
                else if (file.endsWith(".js") && /require\("@pulumi\//.test(fs.readFileSync(file, "utf8")))
                    offenders.push(path.relative(PROJECT_ROOT, file));
            }
        };
        visit(root);
        assert.ok(fs.existsSync(path.join(root, "fleet-plan.js")), "dist/src/plan/fleet-plan.js is built");
        assert.deepEqual(offenders, []);
    });

    it("planFleet, placeService and divideReplicas live in src/plan/", () => {
        const text = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, "src", "plan", file), "utf8");
        assert.match(text("fleet-plan.ts"), /export function planFleet\(/);
        assert.match(text("placement/place-service.ts"), /export function placeService\(/);
        assert.match(text("placement/divide-replicas.ts"), /export function divideReplicas\(/);
    });
});
