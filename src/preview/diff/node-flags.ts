// The Node flags of the offline preview's processes: `npm run plan`, `npm run plan:diff` and the
// preview workers plan:diff starts. Each runs a preview or a few and exits, in a second or two.
//
// `--no-opt` turns off V8's optimizing compiler (TurboFan). In these processes it compiles the
// Pulumi SDK's promise and serialization code on a background thread, mostly to see it
// deoptimized again, and the process ends before optimized code pays for itself. Measured on
// a 2-core machine (`/usr/bin/time`, means of 4 runs): `npm run plan -- --stack prod` 2.08 →
// 1.56 CPU-seconds and 1.46 → 1.32 s wall; dev 1.61 → 1.26; a warm process previewing prod again
// and again 0.49 → 0.42 CPU-seconds a preview; plan:diff's own process 1.2 → 1.0. Long-lived
// processes are another matter: the type check and ESLint take twice as long without it, and
// so does the config fuzz test (YAML parsing), so nothing else gets the flag.
//
// The flag is on the command line, not in NODE_OPTIONS (Node refuses it there) and not set at
// run time (v8.setFlagsFromString: half the gain). package.json's scripts spell it out; a test
// holds them to this list. It lives with plan:diff, which starts the workers with it: a gated
// head (gated-head.ts) takes this folder from its base whole, so no import here can miss.

/** The Node flags every offline-preview process starts with (see above). */
export const PREVIEW_PROCESS_FLAGS: readonly string[] = ["--no-opt"];
