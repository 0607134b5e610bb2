// `node dist/tools/egress/check.js --stack <name> [--echo <url>]`: run by up.yml before any cloud
// credential, so `pulumi up` never starts from a runner the stack's EKS endpoints do not admit
// (src/plan/core/egress.ts). The public egress is what an echo service on the internet sees,
// asked three times (a NAT pool may use several addresses); the local addresses are the
// runner's interfaces. Exit 0 may deploy; 1 refused (one line naming the stack file, the
// ranges and the addresses); 2 bad arguments or stack file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { egressRefusal } from "../../src/plan/core/egress";
import { checkStackFile } from "../../src/preview/harness/checked-stack";

/** Where the public egress is asked by default: AWS's address echo, which answers with the caller's address alone. */
const DEFAULT_ECHO = "https://checkip.amazonaws.com";
const LOOKS = 3;

/**
 * The deployer settings of a stack file, read and validated as the preview reads and
 * validates it (checkStackFile); throws its one-line StackFileError or FleetConfigError.
 */
export function deployerOf(stackFile: string, stack: string) {
    const { plan } = checkStackFile({ stackFile, stack });
    return plan.config.deployer ?? { egressCidrs: [], insideNetworks: false, insideCidrs: [] };
}

async function publicAddresses(echo: string): Promise<string[]> {
    const seen: string[] = [];
    for (let look = 0; look < LOOKS; look += 1) {
        try {
            const response = await fetch(echo, { signal: AbortSignal.timeout(10_000) });
            const text = (await response.text()).trim();
            if (response.ok && /^[0-9a-fA-F:.]+$/.test(text)) seen.push(text);
        } catch {
            // An unanswered look adds nothing; none at all refuses.
        }
    }
    return seen;
}

function localAddresses(): string[] {
    return Object.values(os.networkInterfaces())
        .flatMap((entries) => entries ?? [])
        .filter((entry) => !entry.internal)
        .map((entry) => entry.address);
}

async function main(argv: string[]): Promise<number> {
    const args = new Map<string, string>();
    for (let i = 0; i < argv.length; i += 2) args.set(argv[i], argv[i + 1]);
    const stack = args.get("--stack");
    if (
        !stack ||
        !/^[A-Za-z0-9_.-]+$/.test(stack) ||
        [...args.keys()].some((key) => !["--stack", "--echo"].includes(key))
    ) {
        process.stderr.write("usage: node dist/tools/egress/check.js --stack <name> [--echo <url>]\n");
        return 2;
    }
    const stackFile = path.join("stacks", `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        process.stderr.write(`error: ${stackFile}: expected the stack file of stack "${stack}", found none\n`);
        return 2;
    }
    let deployer;
    try {
        deployer = deployerOf(stackFile, stack);
    } catch (error) {
        process.stderr.write(`error: ${(error as Error).message.split("\n")[0]}\n`);
        return 2;
    }
    const runner = {
        publicAddresses: deployer.insideNetworks ? [] : await publicAddresses(args.get("--echo") ?? DEFAULT_ECHO),
        localAddresses: localAddresses(),
    };
    const refusal = egressRefusal(deployer, runner, stackFile);
    if (refusal) {
        process.stderr.write(`refused: ${refusal}\n`);
        return 1;
    }
    process.stdout.write(`${stackFile}: this runner's egress is declared; up may run\n`);
    return 0;
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));
