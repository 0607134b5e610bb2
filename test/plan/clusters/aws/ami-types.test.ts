// The AMI type an EKS node group runs follows its instance types' architecture and
// accelerators (ami-types.ts, one table); a pool that needs two AMI types, or an accelerated
// family no AL2023 AMI supports, is refused in one line.
import assert from "node:assert/strict";
import {
    ACCELERATED_FAMILIES,
    amiTypeOf,
    GRAVITON_FAMILIES,
    nodeGroupAmiType,
} from "../../../../src/plan/clusters/aws/ami-types";
import { planNodeGroup } from "../../../../src/plan/clusters/aws/node-groups";
import { FleetConfigError } from "../../../../src/plan/core/config-error";
import { AWS_CLUSTER, stackYaml } from "../../../support/plan";
import { refusal } from "../../../support/plan-cli";

const pool = (instanceType: string | string[], name = "general") => ({
    name,
    instanceType,
    minSize: 1,
    maxSize: 3,
    diskSizeGb: 50,
    labels: {},
});

describe("AMI type by instance family", () => {
    it("boots every Graviton family of the Graviton guide on the ARM AMI, and newer ones by the naming convention", () => {
        for (const family of GRAVITON_FAMILIES) {
            const need = amiTypeOf(`${family}.xlarge`);
            // g5g carries NVIDIA T4G GPUs: the ARM NVIDIA AMI.
            const expected = family === "g5g" ? "AL2023_ARM_64_NVIDIA" : "AL2023_ARM_64_STANDARD";
            assert.deepEqual(need, { architecture: "arm64", amiType: expected }, family);
        }
        for (const family of ["m8gd", "c8gn", "r8gd"])
            assert.equal((amiTypeOf(`${family}.large`) as { amiType: string }).amiType, "AL2023_ARM_64_STANDARD");
    });

    it("gives each accelerated family its AL2023 accelerated AMI, of the right architecture", () => {
        for (const [amiType, families] of Object.entries(ACCELERATED_FAMILIES))
            for (const family of families)
                assert.deepEqual(
                    amiTypeOf(`${family}.2xlarge`),
                    { architecture: amiType.includes("ARM") ? "arm64" : "x86_64", amiType },
                    family,
                );
    });

    it("keeps x86 families on the standard AMI, as before", () => {
        for (const type of ["m6i.large", "m7i.xlarge", "r6i.xlarge", "c7a.large", "t3.large"])
            assert.deepEqual(amiTypeOf(type), { architecture: "x86_64", amiType: "AL2023_x86_64_STANDARD" }, type);
    });

    it("refuses a G or P family the accelerated AMIs do not list (no AL2023 driver for it)", () => {
        for (const type of ["p2.xlarge", "g3.4xlarge", "g4ad.xlarge"]) assert.ok("refused" in amiTypeOf(type), type);
    });

    it("refuses a pool whose instance types need two AMI types, naming each", () => {
        assert.equal(nodeGroupAmiType(["m7g.large", "c7g.large"]), "AL2023_ARM_64_STANDARD");
        for (const mixed of [
            ["m7g.xlarge", "m7i.xlarge"],
            ["g5.xlarge", "m6i.xlarge"],
            ["g5g.xlarge", "g5.xlarge"],
        ]) {
            assert.throws(
                () => nodeGroupAmiType(mixed),
                (error: unknown) =>
                    error instanceof FleetConfigError &&
                    error.path.join(".") === "instanceType" &&
                    mixed.every((type) => error.found.includes(type)),
                mixed.join(),
            );
        }
    });

    it("names node groups from a prefix that leaves the provider room for its 26-digit suffix", () => {
        assert.equal(planNodeGroup(pool("m6i.large")).namePrefix, "general-");
        assert.equal(planNodeGroup(pool("m6i.large", "p".repeat(36))).namePrefix.length, 37);
        assert.throws(() => planNodeGroup(pool("m6i.large", "p".repeat(37))), /at most 36 characters on aws/);
    });
});

describe("AMI type refusals, as a user meets them", () => {
    const withPool = (instanceType: string) =>
        stackYaml(AWS_CLUSTER.replace("instanceType: m6i.large", `instanceType: ${instanceType}`));

    it("a pool mixing architectures: exit 2, one line naming the pool's instanceType (process)", async () => {
        const line = await refusal("Pulumi.dev.yaml", withPool("[m7g.large, m7i.large]"), "process");
        assert.match(
            line,
            /fedfleet:clusters\[0\]\.nodePools\[0\]\.instanceType: expected instance types of one architecture and accelerator .*found m7g\.large \(AL2023_ARM_64_STANDARD\), m7i\.large \(AL2023_x86_64_STANDARD\)$/,
        );
    });

    it("an accelerated family no AL2023 AMI supports: exit 2, one line citing the EKS page (in-process)", async () => {
        const line = await refusal("Pulumi.dev.yaml", withPool("p2.xlarge"), "in-process");
        assert.match(line, /nodePools\[0\]\.instanceType: expected .*found "p2\.xlarge": .*ml-eks-optimized-ami/);
    });
});
