// Preloaded into a process (`node --require`) to write down, as it exits, every file it read:
// the files it opened or read through node:fs, and every module it loaded. The list goes, as
// JSON, to the file FEDFLEET_READ_TRACE names. For tests that check what a preview reads.
import * as path from "node:path";

// The module object itself, not an import's copy of it: a reader replaced here is the one every caller gets.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require("node:fs") as typeof import("node:fs");

const traceFile = process.env.FEDFLEET_READ_TRACE;
const read = new Set<string>();
const note = (file: unknown) => {
    if (typeof file === "string" || Buffer.isBuffer(file)) read.add(path.resolve(String(file)));
    else if (file instanceof URL && file.protocol === "file:") read.add(path.resolve(file.pathname));
};

type Reader = (file: unknown, ...rest: unknown[]) => unknown;
function trace<T extends object>(host: T, names: (keyof T)[]): void {
    for (const name of names) {
        const original = host[name] as unknown as Reader;
        (host as Record<keyof T, unknown>)[name] = function (this: unknown, file: unknown, ...rest: unknown[]) {
            note(file);
            return original.call(this, file, ...rest);
        };
    }
}

if (traceFile) {
    trace(fs, ["readFileSync", "openSync", "readFile", "open", "createReadStream"]);
    trace(fs.promises, ["readFile", "open"]);
    process.on("exit", () => {
        for (const loaded of Object.keys(require.cache)) read.add(loaded);
        fs.writeFileSync(traceFile, JSON.stringify([...read].sort()));
    });
}
