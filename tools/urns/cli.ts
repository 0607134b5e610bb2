// `npm run urns [-- --update]`: runs every checked-in stack (stacks/Pulumi.*.yaml) under the
// mock engine and checks its URNs against test/urns/<stack>.urns.txt, or rewrites those.
// Exit codes: 0 fine (or snapshots written); 1 a URN would be lost or is not recorded, or a
// run failed; 2 bad arguments.
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram } from "../harness/run-program";
import { checkedInStacks } from "../harness/stack-file";
import {
    checkUrns,
    describeAdded,
    describeMissing,
    parseSnapshot,
    renderSnapshot,
    UPDATE_COMMAND,
    urnsOf,
} from "./snapshot";

const USAGE = "usage: npm run urns [-- --update]";
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");
export const SNAPSHOT_DIR = path.join("test", "urns");

/** Where a stack's snapshot lives, relative to the project root. */
export function snapshotFile(stack: string): string {
    return path.join(SNAPSHOT_DIR, `${stack}.urns.txt`);
}

export async function main(argv: readonly string[], projectRoot = PROJECT_ROOT): Promise<number> {
    const unknown = argv.filter((arg) => arg !== "--update");
    if (unknown.length > 0) {
        process.stderr.write(`error: unexpected "${unknown[0]}"; ${USAGE}\n`);
        return 2;
    }
    const update = argv.includes("--update");
    const stacks = checkedInStacks(projectRoot);
    const problems: string[] = [];
    for (const { stack, file } of stacks) {
        const run = await runProgram({ stackFile: path.join(projectRoot, file), stackFileLabel: file, stack });
        const relative = snapshotFile(stack);
        const absolute = path.join(projectRoot, relative);
        const urns = urnsOf(run.resources);
        const recorded = fs.existsSync(absolute) ? parseSnapshot(fs.readFileSync(absolute, "utf8")) : undefined;
        if (update) {
            const before = new Set(recorded ?? []);
            const now = new Set(urns);
            fs.mkdirSync(path.dirname(absolute), { recursive: true });
            fs.writeFileSync(absolute, renderSnapshot(urns));
            const [plus, minus] = [
                urns.filter((u) => !before.has(u)).length,
                [...before].filter((u) => !now.has(u)).length,
            ];
            process.stdout.write(`wrote ${relative}: ${urns.length} URNs (+${plus} -${minus})\n`);
            continue;
        }
        if (!recorded) {
            problems.push(`stack ${stack} has no URN snapshot (${relative}). Run \`${UPDATE_COMMAND}\` and commit it.`);
            continue;
        }
        const { missing, added } = checkUrns(recorded, run.resources);
        if (missing.length > 0) problems.push(describeMissing(stack, missing));
        if (added.length > 0) problems.push(describeAdded(stack, added, relative));
        if (missing.length === 0 && added.length === 0)
            process.stdout.write(`${stack}: ${urns.length} URNs as recorded in ${relative}\n`);
    }
    // Snapshots of stacks that are gone.
    const dir = path.join(projectRoot, SNAPSHOT_DIR);
    const known = new Set(stacks.map((s) => `${s.stack}.urns.txt`));
    for (const stale of fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".urns.txt") && !known.has(f))
              .sort()
        : []) {
        if (update) {
            fs.rmSync(path.join(dir, stale));
            process.stdout.write(`removed ${path.join(SNAPSHOT_DIR, stale)}: its stack file is gone\n`);
        } else {
            problems.push(
                `${path.join(SNAPSHOT_DIR, stale)} records a stack with no stacks/Pulumi.<stack>.yaml. Run \`${UPDATE_COMMAND}\` to remove it.`,
            );
        }
    }
    if (problems.length === 0) return 0;
    process.stderr.write(`${problems.join("\n\n")}\n`);
    return 1;
}

if (require.main === module) {
    process.on("unhandledRejection", (reason) => {
        process.stderr.write(`urns failed: ${(reason as Error)?.stack ?? String(reason)}\n`);
        process.exit(1);
    });
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            process.stderr.write(`urns failed: ${(error as Error)?.stack ?? String(error)}\n`);
            process.exit(1);
        },
    );
}
