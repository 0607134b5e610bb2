// Where the project is, for the tools that read its files: they run compiled, from dist/.
import * as path from "node:path";

/** The project root: this file runs compiled, from `dist/src/preview/harness/`. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
