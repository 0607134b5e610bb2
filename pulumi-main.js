// What Pulumi runs (Pulumi.yaml `main`), and what the offline preview runs too. It brings
// dist/ up to date with the TypeScript sources (esbuild, about 0.2 s, nothing when they
// are unchanged), then runs the compiled program as plain JavaScript. So `pulumi up`
// never runs a stale build, and registrations avoid the cost that ts-node's source-mapped
// stack traces add to every resource (docs/performance.md, "Start-up path").
"use strict";
const path = require("node:path");
require("./src/build").build({ ifStale: true });

const program = path.join(__dirname, "dist", "index.js");

// Exported as a function, which Pulumi's language host calls and whose result becomes the
// stack outputs: the program then runs outside this module's own loading, one require
// shallower, and the SDK records a shorter stack trace at every registration.
module.exports = () => {
    // The offline preview runs several stacks in one process: each run is a fresh program.
    delete require.cache[program];
    return require(program);
};
