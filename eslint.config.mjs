// Lint rules, as pulumi-eks lints its Node.js code: ESLint's and typescript-eslint's
// recommended rules, and @pulumi/eslint-plugin, which needs type information to tell an
// Output from a string (an Output in a plain template literal prints a warning, not a value).
// Formatting is Prettier's job (.prettierrc); `npm run lint` runs both.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import jsdoc from "eslint-plugin-jsdoc";
import tseslint from "typescript-eslint";

/**
 * A relative import into one of the project's folders. Relative only: a package's own paths
 * (`@pulumi/kubernetes/policy/v1`) are never the project's `policy/`.
 */
const projectFolders = (...folders) => `^\\.\\.?/(.*/)?(${folders.join("|")})(/|$)`;

export default tseslint.config(
    { linterOptions: { reportUnusedDisableDirectives: "error" } },
    { ignores: ["dist/", "node_modules/", ".ci/", "plan-out/", "plan-diff/", "dist-startup-bench/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // `_name` marks a binding kept for its position (destructuring, callbacks).
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
            ],
        },
    },
    // Imports run one way: components -> plan; preview -> components and plan; tools -> all.
    // The planning core loads no Pulumi package at run time (types are fine: they vanish in the build).
    {
        files: ["src/plan/**/*.ts"],
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["@pulumi/*"],
                            allowTypeImports: true,
                            message: "src/plan/ is pure: import Pulumi types only (`import type`).",
                        },
                        {
                            regex: projectFolders("components", "preview", "tools", "policy"),
                            message: "src/plan/ depends on nothing outside it.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["src/components/**/*.ts"],
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: projectFolders("preview", "tools", "policy"),
                            message: "src/components/ wires the plan into resources; it depends on src/plan/ only.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["src/preview/**/*.ts", "policy/**/*.ts"],
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: projectFolders("tools"),
                            message: "tools/ is dev scaffolding; nothing users run may depend on it.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["policy/**/*.ts"],
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: projectFolders("src/components", "src/preview", "tools"),
                            message: "the policy pack reads fedfleet's facts from src/plan/ only.",
                        },
                    ],
                },
            ],
        },
    },
    {
        // Every exported name carries a doc comment (tests' own files excepted: their names are their docs).
        files: ["**/*.ts"],
        ignores: ["**/*.test.ts"],
        plugins: { jsdoc },
        rules: {
            "jsdoc/require-jsdoc": [
                "error",
                {
                    publicOnly: { esm: true, cjs: true },
                    require: { FunctionDeclaration: true, ClassDeclaration: true, MethodDefinition: false },
                    contexts: [
                        "ExportNamedDeclaration > VariableDeclaration",
                        "ExportNamedDeclaration > TSInterfaceDeclaration",
                        "ExportNamedDeclaration > TSTypeAliasDeclaration",
                        "ExportNamedDeclaration > TSEnumDeclaration",
                    ],
                },
            ],
        },
    },
    {
        files: ["**/*.js", "**/*.mjs"],
        languageOptions: {
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                __dirname: "readonly",
                __filename: "readonly",
                console: "readonly",
            },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
