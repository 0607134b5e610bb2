// `npm test`'s type check and lint in one process over one TypeScript program. Both read the
// same 2,000 declaration files (the Pulumi providers' typings are most of them), and ESLint's
// typed rules ask the checker tsc has just run: built once, 24-26 core-seconds against 33 for
// `tsc` and `eslint .` side by side (measured on this project). It reports what they report:
//
// - tsc's diagnostics, as `tsc -p tsconfig.json` prints them, with its incremental state in
//   dist/.cache/tsconfig.tsbuildinfo (as `tsc --incremental` keeps it);
// - ESLint's findings on every file `eslint .` lints, with eslint.config.mjs, the typed rules
//   given this program instead of starting their own project service.
//
// `npm run typecheck` and `npm run lint` stay the plain commands. Exits 1 on a type error or
// a lint error (a lint warning is printed and passes, as with eslint), 2 if it could not run. Plain JavaScript, like tools/test/run.js.
"use strict";
const path = require("node:path");

// The project to check: this one, or the directory given (the test checks a scratch project).
const ROOT = path.resolve(process.argv[2] ?? path.join(__dirname, "..", ".."));
const BUILD_INFO = path.join(ROOT, "dist", ".cache", "tsconfig.tsbuildinfo");

/** Type-checks the project as `tsc --incremental` does; its program, and what it printed. */
function typecheck(ts) {
    const configFile = path.join(ROOT, "tsconfig.json");
    const problems = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        configFile,
        { incremental: true, tsBuildInfoFile: BUILD_INFO },
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic) },
    );
    if (!parsed) return { program: undefined, diagnostics: problems };
    const builder = ts.createIncrementalProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
    });
    // In tsc's order, each kind only when the kinds before it found nothing (as tsc's
    // emitFilesAndReportErrors): a syntax error holds back the semantic diagnostics.
    const diagnostics = [...builder.getConfigFileParsingDiagnostics()];
    const before = diagnostics.length;
    diagnostics.push(...builder.getSyntacticDiagnostics());
    if (diagnostics.length === before) {
        diagnostics.push(...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics());
        if (diagnostics.length === before) diagnostics.push(...builder.getSemanticDiagnostics());
    }
    // With noEmit, emit writes only the incremental state; tsc reports its diagnostics too, and
    // prints all of them sorted and without duplicates.
    diagnostics.push(...builder.emit().diagnostics);
    return { program: builder.getProgram(), diagnostics: ts.sortAndDeduplicateDiagnostics(diagnostics) };
}

async function main() {
    // The project's own TypeScript and ESLint, as `npx tsc` and `npx eslint` would run them.
    const ts = require(require.resolve("typescript", { paths: [ROOT] }));
    const { ESLint } = require(require.resolve("eslint", { paths: [ROOT] }));
    const { program, diagnostics } = typecheck(ts);
    let failed = false;
    if (diagnostics.length > 0) {
        failed = true;
        const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
        process.stdout.write(`--- tsc ---\n${ts.formatDiagnostics(diagnostics, host)}\n`);
    }
    if (!program) return 1;
    const eslint = new ESLint({
        cwd: ROOT,
        overrideConfig: {
            files: ["**/*.ts"],
            languageOptions: { parserOptions: { projectService: false, programs: [program] } },
        },
    });
    const results = await eslint.lintFiles(["."]);
    // Printed as `eslint .` prints them; failing, as it does, on errors only.
    if (results.some((result) => result.errorCount + result.warningCount > 0)) {
        const formatter = await eslint.loadFormatter("stylish");
        process.stdout.write(`--- eslint ---\n${await formatter.format(results)}\n`);
    }
    if (results.some((result) => result.errorCount > 0)) failed = true;
    return failed ? 1 : 0;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        process.stderr.write(`lint-and-typecheck: ${error.stack}\n`);
        process.exitCode = 2;
    },
);
