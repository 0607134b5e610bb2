// Config fuzzing: invalid stack configs, generated from the checked-in stacks, run through
// the offline preview. Every one must end in exit 2 with one line that names the stack file
// and the config path, with no stack trace, no plan files and no hang.
// In process (a real process per case costs ~1.5 s; test/support/plan-cli); a few cases also run as a real process.
// FEDFLEET_FUZZ_RUNS sets the cases per category, FEDFLEET_FUZZ_SEED replays a seed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import * as YAML from "yaml";
import { validateFleetConfig } from "../../../src/plan/config/validate";
import { readStackFile } from "../../../src/preview/harness/stack-file";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { CliOutcome, runPlanInProcess } from "../../support/plan-cli";
import {
    Base,
    CATEGORIES,
    Category,
    fleetPath,
    FuzzCase,
    invalidConfigs,
    loadBases,
    stackDocument,
} from "./config-fuzz-mutations";

const RUNS_PER_CATEGORY = Number(process.env.FEDFLEET_FUZZ_RUNS ?? 300);
const SEED = process.env.FEDFLEET_FUZZ_SEED === undefined ? undefined : Number(process.env.FEDFLEET_FUZZ_SEED);
const CASE_TIMEOUT_MS = 10_000;
/** Anything a terminal would start a new line for. */
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;

let root: string;
let caseNumber = 0;
const counts = { inProcess: 0, realProcess: 0 };
let failed = false;

interface Written {
    file: string;
    outDir: string;
    yaml: string;
}

/**
 * Writes the case as `<dir>/Pulumi.fuzz.yaml` (a directory of its own unless given one), with
 * an output directory of its own that must never be made; checks the YAML says exactly what
 * the case means.
 */
function writeCase(c: FuzzCase, dir?: string): Written {
    caseNumber += 1;
    const caseDir = dir ?? path.join(root, String(caseNumber));
    fs.mkdirSync(caseDir, { recursive: true });
    const document = stackDocument(c.fleet);
    const yaml = YAML.stringify(document);
    assert.deepEqual(YAML.parse(yaml), document, "the generated YAML must read back as the generated document");
    const file = path.join(caseDir, "Pulumi.fuzz.yaml");
    fs.writeFileSync(file, yaml);
    return { file, outDir: path.join(caseDir, dir === undefined ? "out" : `out-${caseNumber}`), yaml };
}

/** The assertions every invalid config must pass, whichever way the CLI ran. */
function checkOutcome(c: FuzzCase, written: Written, outcome: CliOutcome): void {
    const context = `${c.category} in ${c.stack}: ${c.what}\n--- stderr:\n${outcome.stderr}--- stack file:\n${written.yaml}`;
    const all = outcome.stdout + outcome.stderr;
    assert.ok(!/^\s+at /m.test(all), `stack trace printed\n${context}`);
    assert.equal(outcome.status, 2, `exit code\n${context}`);
    assert.equal(outcome.stdout, "", `nothing on stdout\n${context}`);
    assert.ok(outcome.stderr.endsWith("\n"), `stderr ends its line\n${context}`);
    const line = outcome.stderr.slice(0, -1);
    assert.ok(!LINE_BREAK.test(line), `one line on stderr\n${context}`);
    const prefix = `error: ${written.file}: `;
    assert.ok(line.startsWith(prefix), `names the stack file\n${context}`);
    const rest = line.slice(prefix.length);
    const paths = c.expected.map(fleetPath);
    const named = paths.find((p) => rest.startsWith(`${p}: expected `));
    assert.ok(named, `names ${paths.join(" or ")}\n${context}`);
    assert.match(rest, /^fedfleet:\S.*: expected .+, found .+$/, `reads "<path>: expected ..., found ..."\n${context}`);
    if (c.detail) assert.match(rest.slice(named.length), c.detail, context);
    assert.ok(
        !fs.existsSync(path.join(written.outDir, "plan.json")) && !fs.existsSync(path.join(written.outDir, "plan.md")),
        `no plan written\n${context}`,
    );
    assert.ok(!fs.existsSync(written.outDir), `no output directory\n${context}`);
}

/**
 * Runs a case in process. The cases run one after another, each over the last one's stack file
 * in one directory (a case reads it before it does anything else), each with an output
 * directory of its own: one a timed-out case might still write cannot fail another.
 */
async function checkInProcess(c: FuzzCase): Promise<void> {
    const written = writeCase(c, path.join(root, "in-process"));
    counts.inProcess += 1;
    const started = Date.now();
    const outcome = await runPlanInProcess(["--config", written.file, "--out", written.outDir], CASE_TIMEOUT_MS);
    const ms = Date.now() - started;
    checkOutcome(c, written, outcome);
    assert.ok(ms < CASE_TIMEOUT_MS, `took ${ms} ms: ${c.what}`);
}

describe("config fuzz: invalid stack configs (src/preview/plan/cli)", function () {
    this.timeout(120_000);
    let bases: Base[];

    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-fuzz-"));
        bases = loadBases(PROJECT_ROOT);
    });

    afterEach(function () {
        if (this.currentTest?.state === "failed") failed = true;
    });

    after(() => {
        fs.rmSync(root, { recursive: true, force: true });
        const total = counts.inProcess + counts.realProcess;
        const how = `${counts.inProcess} in process, ${counts.realProcess} as a real process`;
        console.log(
            failed
                ? `config fuzz: ${total} invalid configs ran (${how}), with failures above`
                : `config fuzz: ${total} invalid configs (${how}), all exit 2`,
        );
    });

    it("starts from valid stacks (the dev stack previews in process with exit 0)", async () => {
        // The generators' premise: every checked-in stack is valid before one thing is broken.
        for (const base of bases) {
            const file = path.join(PROJECT_ROOT, "stacks", `Pulumi.${base.stack}.yaml`);
            validateFleetConfig(readStackFile(file).fleetRaw, file);
        }
        const outDir = path.join(root, "valid-out");
        const outcome = await runPlanInProcess(
            ["--config", path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "--out", outDir],
            CASE_TIMEOUT_MS,
        );
        assert.equal(outcome.status, 0, outcome.stderr);
        assert.ok(fs.existsSync(path.join(outDir, "plan.json")));
    });

    for (const category of CATEGORIES) {
        it(`${category}: every case exits 2 with one line naming the path`, async () => {
            await fc.assert(fc.asyncProperty(invalidConfigs(category, bases), checkInProcess), {
                numRuns: RUNS_PER_CATEGORY,
                seed: SEED,
            });
        });
    }

    it("one case per category, run as a real process: exit 2, the same line, no files", () => {
        for (const [index, category] of CATEGORIES.entries()) {
            const [c] = fc.sample(invalidConfigs(category as Category, bases), { numRuns: 1, seed: 20_250 + index });
            const written = writeCase(c);
            counts.realProcess += 1;
            const result = runPlanCli(["--config", written.file, "--out", written.outDir]);
            assert.ok(result.status !== null, `killed by a signal: ${c.what}`);
            checkOutcome(c, written, result);
        }
    });
});
