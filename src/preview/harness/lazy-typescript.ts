// The Pulumi SDK loads the TypeScript compiler (about 9 MB of JavaScript, a quarter of a second
// of every preview process's start) when @pulumi/pulumi is first required: its closure
// serializer (runtime/closure/parseFunction.js) takes `require("../../typescript-shim")` at
// the top of the file but uses it only inside the functions that serialize a JavaScript
// function into a resource (aws.lambda.CallbackFunction and the like), which fedfleet never
// does. Before the SDK loads, this module puts a stand-in for that shim in Node's module cache
// that loads the real shim on first use, so a preview that never serializes a function never
// loads the compiler, and one that does gets the same module as before.
//
// Imported first by the harness (run-program.ts). If the SDK is already loaded, or a future SDK
// has no such shim, it does nothing.
import Module from "node:module";

/** The SDK's shim module, as Node's cache names it; undefined when this SDK has none. */
function shimPath(): string | undefined {
    try {
        return require.resolve("@pulumi/pulumi/typescript-shim");
    } catch {
        return undefined;
    }
}

/** Whether the stand-in is in place (for the test that proves a preview does not load the compiler). */
export function typescriptDeferred(): boolean {
    const shim = shimPath();
    return shim !== undefined && require.cache[shim]?.id === "fedfleet:lazy-typescript";
}

function deferTypescript(): void {
    const shim = shimPath();
    if (shim === undefined || require.cache[shim]) return;
    let real: object | undefined;
    const load = (): object => {
        if (real === undefined) {
            // The real shim, in the stand-in's place: later requires get it directly.
            delete require.cache[shim];
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is the SDK's own
            real = require(shim) as object;
        }
        return real;
    };
    const standIn = new Module("fedfleet:lazy-typescript");
    standIn.filename = shim;
    standIn.loaded = true;
    // TypeScript's functions do not use `this`; reading any member loads the compiler. `__esModule`
    // is read by interop helpers when the shim is imported, and answered without loading it.
    standIn.exports = new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" ? undefined : Reflect.get(load(), key)),
            has: (_, key) => Reflect.has(load(), key),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                return descriptor && { ...descriptor, configurable: true };
            },
        },
    );
    require.cache[shim] = standIn;
}

deferTypescript();
