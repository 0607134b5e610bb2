// The Node flags plan:diff's preview processes (a side's workers, or its CLI per stack) start
// with: those of plan:diff's own command line that choose V8's compiler tiers or its heap
// limit. They change how fast the same previews run and how big a fleet fits, never what a
// preview prints: a user who gives plan:diff a bigger heap for a big fleet gives it to the
// previews, where the heap is used, and the tests' `--no-opt` (test/support/node-process.ts)
// reaches the workers that do most of their previews. Not the young generation's size or the
// collector's threads (tools/test/run.js gives mocha those; a one-preview process is slower
// with them), nor `--stack-size` (a worker past its real stack dies of a signal instead of a
// RangeError); and never a flag that chooses what runs (`-e`, `--require`, `--import`) or
// attaches a tool (`--inspect`, which would fight over plan:diff's own port). Only the dashed
// spellings (`--max-old-space-size`, not `--max_old_space_size`). `npm run plan:diff` gives
// none; flags in NODE_OPTIONS reach every child through the environment anyway.

/** A flag that says how V8 runs the code, not which code: `--no-opt`, or `--max-old-space-size=<MiB>`. */
const ENGINE_FLAG = /^--(no-opt|max-old-space-size=\d+)$/;

/** Of a process's Node flags (`process.execArgv`), those its preview processes start with too. */
export function engineFlags(execArgv: readonly string[]): string[] {
    return execArgv.filter((flag) => ENGINE_FLAG.test(flag));
}
