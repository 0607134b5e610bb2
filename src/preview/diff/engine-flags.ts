// The Node flags plan:diff's preview processes (a side's workers, or its CLI per stack) start
// with: those of plan:diff's own command line that tune V8's compiler or heap. They change how
// fast the same previews run, never what they print: a user who gives plan:diff a bigger heap
// for a big fleet gives it to the previews, where the heap is used, and the tests' `--no-opt`
// (test/support/node-process.ts) reaches the workers that do most of their previews. Flags
// that choose what runs (`-e`, `--require`, `--import`) or attach a tool (`--inspect`, which
// would fight over plan:diff's own port) stay with plan:diff. `npm run plan:diff` gives none.

/** A flag that says how V8 runs the code, not which code: written `--flag` or `--flag=<number>`. */
const ENGINE_FLAG = /^--(no-opt|single-threaded-gc|max-old-space-size=\d+|max-semi-space-size=\d+|stack-size=\d+)$/;

/** Of a process's Node flags (`process.execArgv`), those its preview processes start with too. */
export function engineFlags(execArgv: readonly string[]): string[] {
    return execArgv.filter((flag) => ENGINE_FLAG.test(flag));
}
