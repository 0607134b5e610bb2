// Compiles the TypeScript sources to dist/ with esbuild: one CommonJS file per source, in
// the sources' layout (dist/index.js, dist/components/..., dist/test/...). It only strips
// types, in about 0.2 s; `npm run typecheck` (tsc) is where types are checked.
//
// Plain JavaScript because it is what turns the TypeScript into JavaScript. Used by
// `npm run build` (and every script that needs dist/) and by pulumi-main.js; both build
// only when the sources changed since the last build (isCurrent), so `pulumi up` never runs
// a stale dist/ and an unchanged tree costs a few milliseconds.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const OUT_DIR = path.join(ROOT, "dist");
const STAMP = path.join(OUT_DIR, ".build-stamp");
const SOURCE_ROOTS = ["index.ts", "src", "tools", "policy", "test"];

/** Every .ts source (not .d.ts), relative to the project root, in code-unit order. */
function sourceFiles() {
    const found = [];
    // A stat that follows links, or undefined where there is none to follow (a broken link, a
    // loop of links, a target it may not read): skipped, as existsSync skipped them.
    const statOf = (relative) => {
        try {
            return fs.statSync(path.join(ROOT, relative));
        } catch {
            return undefined;
        }
    };
    // Directory entries carry their own type: only a symbolic link costs a stat (it is
    // followed). The walk runs before every preview, so its system calls count.
    const visit = (relative, isDirectory) => {
        if (!isDirectory) {
            if (relative.endsWith(".ts") && !relative.endsWith(".d.ts")) found.push(relative);
            return;
        }
        for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
            if (entry.name === "node_modules") continue;
            const child = path.join(relative, entry.name);
            const target = entry.isSymbolicLink() ? statOf(child) : entry;
            if (target) visit(child, target.isDirectory());
        }
    };
    for (const root of SOURCE_ROOTS) {
        const stat = statOf(root);
        if (stat) visit(root, stat.isDirectory());
    }
    return found.sort();
}

/**
 * Files besides the sources whose content changes the output: esbuild reads some of
 * tsconfig.json's compiler options (useDefineForClassFields, for one).
 */
const BUILD_SETTINGS = ["tsconfig.json"];

/**
 * What the output depends on, two ways: the sources' and build settings' paths with their
 * dates (size, mtime) or with their content; each with this file and esbuild's version.
 */
function fingerprints(sources, esbuildVersion) {
    const files = [...sources, ...BUILD_SETTINGS.filter((file) => fs.existsSync(path.join(ROOT, file)))];
    const byDate = crypto.createHash("sha256").update(esbuildVersion).update(fs.readFileSync(__filename));
    for (const file of files) {
        const stat = fs.statSync(path.join(ROOT, file));
        byDate.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
    let content;
    const byContent = () => {
        if (content === undefined) {
            const hash = crypto.createHash("sha256").update(esbuildVersion).update(fs.readFileSync(__filename));
            for (const file of files) {
                const text = fs.readFileSync(path.join(ROOT, file));
                hash.update(`${file}\0${text.length}\0`).update(text);
            }
            content = hash.digest("hex");
        }
        return content;
    };
    return { byDate: byDate.digest("hex"), byContent };
}

/**
 * Whether dist/ was built from these sources, as its stamp records them. By their dates first:
 * a stat each, no source read (a preview reads no file it does not need). When the dates
 * differ, by content: a copy of the tree with its dist/ (the base plan:diff checks out beside
 * a head built from the same files) is current as it is, and the stamp takes the copy's dates.
 */
function isCurrent(now) {
    let stamp;
    try {
        stamp = JSON.parse(fs.readFileSync(STAMP, "utf8"));
    } catch {
        return false;
    }
    if (stamp === null || typeof stamp !== "object") return false;
    if (stamp.byDate === now.byDate) return true;
    if (typeof stamp.byContent !== "string" || stamp.byContent !== now.byContent()) return false;
    fs.writeFileSync(STAMP, JSON.stringify({ byDate: now.byDate, byContent: stamp.byContent }));
    return true;
}

/** Removes outputs whose source is gone, so mocha never runs a deleted test from dist/. */
function removeOrphans(files) {
    const expected = new Set(files.map((file) => file.replace(/\.ts$/, ".js")));
    const visit = (relative) => {
        const absolute = path.join(OUT_DIR, relative);
        for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
            const child = path.join(relative, entry.name);
            if (entry.isDirectory()) visit(child);
            else if (child.endsWith(".js") && !expected.has(child)) fs.rmSync(path.join(OUT_DIR, child));
        }
    };
    if (fs.existsSync(OUT_DIR)) visit("");
}

/**
 * Builds dist/. With `ifStale`, does nothing when the sources are those of the last build.
 * Returns whether it built.
 */
function build({ ifStale = false } = {}) {
    const esbuild = require("esbuild");
    const files = sourceFiles();
    const now = fingerprints(files, esbuild.version);
    if (ifStale && isCurrent(now)) return false;
    // Taken before compiling: a source saved while esbuild runs is newer than the stamp, so
    // the next build compiles it rather than taking dist/ for current.
    const stamp = JSON.stringify({ byDate: now.byDate, byContent: now.byContent() });
    esbuild.buildSync({
        entryPoints: files.map((file) => path.join(ROOT, file)),
        outdir: OUT_DIR,
        outbase: ROOT,
        format: "cjs",
        platform: "node",
        target: "node22",
        // `await import("./x")` becomes a require, as tsc's `module: commonjs` emits it: the
        // modules are CommonJS files without extensions, which Node's ESM loader refuses.
        supported: { "dynamic-import": false },
        logLevel: "error",
    });
    removeOrphans(files);
    fs.writeFileSync(STAMP, stamp);
    return true;
}

module.exports = { build, sourceFiles };

if (require.main === module) {
    // This process builds once and exits, so esbuild's Go heap is never worth collecting: its
    // service (what buildSync runs) keeps Go's collector on, as a long-lived process should.
    // GOGC=off turns it off (https://pkg.go.dev/runtime, "GOGC=off disables the garbage
    // collector entirely"): a full build takes about 1.0 CPU-second instead of 1.2, at about
    // 135 MB. Not in build() itself: pulumi-main.js builds inside `pulumi up`, which lives on
    // (plan:diff's one-off build of the gated head sets it the same way, gated-head.ts).
    process.env.GOGC ??= "off";
    try {
        // `--force` rebuilds even when the fingerprint says dist/ is current.
        build({ ifStale: !process.argv.includes("--force") });
    } catch (error) {
        // esbuild has already printed the syntax errors, with file and line.
        process.stderr.write(`build failed: ${error.message.split("\n")[0]}\n`);
        process.exit(1);
    }
}
