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
// ESLint's own cache (dist/.cache/eslint, by file content and the file's config) replays a
// file's findings only when nothing its typed rules can see has changed: each TypeScript file's
// config carries a digest of the files its imports reach (the builder's dependency closure)
// and of what reaches every file (declarations in the global scope, compiler options, the lock
// files; see typeInputsByFile). A file is linted again when it, its config, or one of those changes.
//
// `npm run typecheck` and `npm run lint` stay the plain commands. Exits 1 on a type error or
// a lint error (a lint warning is printed and passes, as with eslint), 2 if it could not run. Plain JavaScript, like tools/test/run.js.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

// The project to check: this one, or the directory given (the test checks a scratch project).
// Read only when run as a script: the test also requires this file for typeInputsByFile.
const ROOT = path.resolve((require.main === module && process.argv[2]) || path.join(__dirname, "..", ".."));
const BUILD_INFO = path.join(ROOT, "dist", ".cache", "tsconfig.tsbuildinfo");
const ESLINT_CACHE = path.join(ROOT, "dist", ".cache", "eslint");

/** Type-checks the project as `tsc --incremental` does; its program, and what it printed. */
function typecheck(ts) {
    const configFile = path.join(ROOT, "tsconfig.json");
    const problems = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        configFile,
        { incremental: true, tsBuildInfoFile: BUILD_INFO },
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic) },
    );
    if (!parsed) return { builder: undefined, diagnostics: problems };
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
    return { builder, diagnostics: ts.sortAndDeduplicateDiagnostics(diagnostics) };
}

const digest = (...parts) => {
    const hash = crypto.createHash("sha256");
    for (const part of parts) hash.update(part).update("\0");
    return hash.digest("hex");
};

/** A file name ESLint's `files` takes literally: no glob syntax in it. */
const LITERAL_PATH = /^[\w./-]+$/;

/** Whether a file of the program declares into the global scope or into other modules. */
const reachesOtherFiles = (ts, source) =>
    !ts.isExternalModule(source) ||
    // TypeScript's own list (internal, hence the text as well): `declare global`, `declare module "x"`.
    (source.moduleAugmentations?.length ?? 0) > 0 ||
    /\bdeclare\s+(global|module)\b/.test(source.text);

/** Whether a path from the root is outside the project or in a dependency (whose versions the lock files pin). */
const outsideProject = (relative) =>
    relative === ".." ||
    relative.startsWith("../") ||
    path.isAbsolute(relative) ||
    relative.split("/").includes("node_modules");

/**
 * Per TypeScript file of the project (its path from the root, as ESLint's `files` matches it),
 * a digest of everything the typed rules can see when they lint it: the files its types come
 * from (`getAllDependencies`: its imports, their imports, and so on), and what every file
 * sees: each file that declares into the global scope or other modules (lib files,
 * `@types/node`), the compiler options, and the lock files (the dependencies' typings and the
 * rules' own code), the ESLint config and this script. A global declaration can take its type
 * from a file nobody imports, which no closure shows: if a file of the project declares one,
 * every file no lock file pins (the project's, a linked package's) counts for every file.
 */
function typeInputsByFile(ts, builder, root) {
    const program = builder.getProgram();
    const relativeOf = (source) => path.relative(root, source.fileName).split(path.sep).join("/");
    const textDigests = new Map();
    const textDigest = (fileName) => {
        let known = textDigests.get(fileName);
        if (known === undefined) {
            const source = program.getSourceFile(fileName);
            known = source === undefined ? `missing ${fileName}` : digest(fileName, source.text);
            textDigests.set(fileName, known);
        }
        return known;
    };
    const sources = program.getSourceFiles();
    const projectGlobals = sources.some(
        (source) => !outsideProject(relativeOf(source)) && reachesOtherFiles(ts, source),
    );
    // With a global in the project, every file that no lock file pins counts: the project's,
    // and any outside it (a linked package, a sibling folder) that a global's type may come from.
    const inDependency = (source) => relativeOf(source).split("/").includes("node_modules");
    const everywhere = sources
        .filter((source) => (projectGlobals && !inDependency(source)) || reachesOtherFiles(ts, source))
        .map((source) => textDigest(source.fileName))
        .sort();
    // What npm installed (node_modules/.package-lock.json) as well as what the project asks for.
    const locks = [path.join(root, "package-lock.json"), path.join(root, "node_modules", ".package-lock.json")];
    const config = path.join(root, "eslint.config.mjs");
    const shared = digest(
        // How the digest is made, and the ESLint config's text (ESLint hashes what it makes of
        // it, which names a plugin defined in it but not that plugin's code).
        fs.readFileSync(__filename, "utf8"),
        fs.existsSync(config) ? fs.readFileSync(config, "utf8") : "",
        // Without the parsed tsconfig.json itself (a syntax tree): its options are what count.
        JSON.stringify({ ...program.getCompilerOptions(), configFile: undefined }),
        ...locks.map((lock) => (fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : "")),
        ...everywhere,
    );
    const byFile = new Map();
    for (const source of sources) {
        const relative = relativeOf(source);
        if (outsideProject(relative)) continue;
        const dependencies = builder.getAllDependencies(source).map(textDigest).sort();
        byFile.set(relative, digest(shared, textDigest(source.fileName), ...dependencies));
    }
    return byFile;
}

/**
 * ESLint's config for this run: the typed rules get the type check's program, and each
 * TypeScript file's settings carry its type inputs' digest, so that ESLint's cache (which keys
 * a file on its content and its config) holds its findings only while they hold. If a file's
 * name would read as a pattern in `files`, no TypeScript file is replayed this run: every one
 * gets a digest made for this run alone. Returns the config and what each file must see.
 */
function lintConfig(program, typeInputs) {
    // ESLint hashes each file's config for its cache: the program stands for itself by name,
    // and what it holds for a file is in that file's settings.
    Object.defineProperty(program, "toJSON", { value: () => "the type check's program" });
    const files = [...typeInputs.keys()];
    const literal = files.every((file) => LITERAL_PATH.test(file));
    const thisRunOnly = crypto.randomUUID();
    const expected = new Map(files.map((file) => [file, literal ? typeInputs.get(file) : thisRunOnly]));
    const perFile = literal
        ? files.map((file) => ({ files: [file], settings: { typeInputs: expected.get(file) } }))
        : [{ files: ["**/*.ts"], settings: { typeInputs: thisRunOnly } }];
    const config = [
        { files: ["**/*.ts"], languageOptions: { parserOptions: { projectService: false, programs: [program] } } },
        ...perFile,
    ];
    return { config, expected };
}

async function main() {
    // The project's own TypeScript and ESLint, as `npx tsc` and `npx eslint` would run them.
    const ts = require(require.resolve("typescript", { paths: [ROOT] }));
    const { ESLint } = require(require.resolve("eslint", { paths: [ROOT] }));
    const { builder, diagnostics } = typecheck(ts);
    let failed = false;
    if (diagnostics.length > 0) {
        failed = true;
        const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
        process.stdout.write(`--- tsc ---\n${ts.formatDiagnostics(diagnostics, host)}\n`);
    }
    if (!builder) return 1;
    const program = builder.getProgram();
    const typeInputs = typeInputsByFile(ts, builder, ROOT);
    const { config, expected } = lintConfig(program, typeInputs);
    const options = { cwd: ROOT, overrideConfig: config };
    const cached = new ESLint({ ...options, cache: true, cacheStrategy: "content", cacheLocation: ESLINT_CACHE });
    // `files` patterns match from the directory of the config file that applies (the root's,
    // or a nested one's): a file its per-file object does not reach would be keyed on its
    // content alone. Then everything is linted, without the cache.
    let keyed = true;
    for (const [file, inputs] of expected) {
        const settings = (await cached.calculateConfigForFile(path.join(ROOT, file)))?.settings;
        if (settings?.typeInputs !== inputs) keyed = false;
    }
    const eslint = keyed ? cached : new ESLint(options);
    const started = Date.now();
    const results = await eslint.lintFiles(["."]);
    // ESLint stores each file's findings under the hash of its content when the run ends: a
    // file saved while it ran would be stored with findings about its older text. Then the
    // cache is dropped (TypeScript files are safe anyway: their digest has the text tsc read).
    if (
        keyed &&
        results.some(
            (result) => (fs.statSync(result.filePath, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) >= started,
        )
    )
        fs.rmSync(ESLINT_CACHE, { force: true });
    // Printed as `eslint .` prints them; failing, as it does, on errors only.
    if (results.some((result) => result.errorCount + result.warningCount > 0)) {
        const formatter = await eslint.loadFormatter("stylish");
        process.stdout.write(`--- eslint ---\n${await formatter.format(results)}\n`);
    }
    if (results.some((result) => result.errorCount > 0)) failed = true;
    return failed ? 1 : 0;
}

module.exports = { typeInputsByFile };

if (require.main === module)
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (error) => {
            process.stderr.write(`lint-and-typecheck: ${error.stack}\n`);
            process.exitCode = 2;
        },
    );
