import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import {
    Quantity,
    QUANTITY_SYNTAX,
    compareQuantities,
    isNegative,
    parseQuantity,
} from "../../../src/plan/workloads/quantity";

// Vectors are the input strings and expected values of kubernetes/apimachinery's
// pkg/api/resource/quantity_test.go at commit eed236ceee2c19c2753a3d93ac0631dc20750454 (tables of
// TestQuantityParse, TestParseQuantity, TestQuantityCmp), copied as facts. The expected values are the
// values ParseQuantity stores: magnitudes rounded up to 1n, binary-suffixed values capped at 2^63-1.
// The quirks below the tables were checked by running that commit's ParseQuantity.

// FC_NUM_RUNS=2000 for a longer local run; fast-check's default (100) otherwise.
const numRuns = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : undefined;
const params = numRuns ? { numRuns } : {};

const MAX_INT64 = 2n ** 63n - 1n;

/** coefficient × 10^exponent, as the Go tests' decQuantity(i, exponent, format) builds it. */
const dec = (coefficient: bigint, exponent: number): Quantity => ({ coefficient, exponent });

/** A decimal string (inf.Dec's SetString form, as TestParseQuantity's ptrDec takes) as a Quantity. */
function decimal(text: string): Quantity {
    const [whole, fraction = ""] = text.split(".");
    return dec(BigInt(whole + fraction), -fraction.length);
}

function parsed(text: string): Quantity {
    const quantity = parseQuantity(text);
    assert.ok(quantity !== undefined, `${JSON.stringify(text)} should parse`);
    return quantity;
}

function assertValue(text: string, expected: Quantity): void {
    const got = parsed(text);
    assert.equal(
        compareQuantities(got, expected),
        0,
        `${text}: got ${got.coefficient}e${got.exponent}, want ${expected.coefficient}e${expected.exponent}`,
    );
}

const negated = (q: Quantity): Quantity => dec(-q.coefficient, q.exponent);

// TestQuantityParse's table: input and expected value.
const PARSE_TABLE: [string, Quantity][] = [
    ["0", dec(0n, 0)],
    ["0n", dec(0n, 0)],
    ["0u", dec(0n, 0)],
    ["0m", dec(0n, 0)],
    ["0Ki", dec(0n, 0)],
    ["0k", dec(0n, 0)],
    ["0Mi", dec(0n, 0)],
    ["0M", dec(0n, 0)],
    ["0Gi", dec(0n, 0)],
    ["0G", dec(0n, 0)],
    ["0Ti", dec(0n, 0)],
    ["0T", dec(0n, 0)],

    // Quantity-less numbers
    ["1", dec(1n, 0)],

    // Binary suffixes
    ["1Ki", dec(1024n, 0)],
    ["8Ki", dec(8n * 1024n, 0)],
    ["7Mi", dec(7n * 1024n ** 2n, 0)],
    ["6Gi", dec(6n * 1024n ** 3n, 0)],
    ["5Ti", dec(5n * 1024n ** 4n, 0)],
    ["4Pi", dec(4n * 1024n ** 5n, 0)],
    ["3Ei", dec(3n * 1024n ** 6n, 0)],
    ["10Ti", dec(10n * 1024n ** 4n, 0)],
    ["100Ti", dec(100n * 1024n ** 4n, 0)],

    // Decimal suffixes
    ["5n", dec(5n, -9)],
    ["4u", dec(4n, -6)],
    ["3m", dec(3n, -3)],
    ["9", dec(9n, 0)],
    ["8k", dec(8n, 3)],
    ["50k", dec(5n, 4)],
    ["7M", dec(7n, 6)],
    ["6G", dec(6n, 9)],
    ["5T", dec(5n, 12)],
    ["40T", dec(4n, 13)],
    ["300T", dec(3n, 14)],
    ["2P", dec(2n, 15)],
    ["1E", dec(1n, 18)],

    // Decimal exponents
    ["1E-3", dec(1n, -3)],
    ["1e3", dec(1n, 3)],
    ["1E6", dec(1n, 6)],
    ["1e9", dec(1n, 9)],
    ["1E12", dec(1n, 12)],
    ["1e15", dec(1n, 15)],
    ["1E18", dec(1n, 18)],

    // Nonstandard but still parsable
    ["1e14", dec(1n, 14)],
    ["1e13", dec(1n, 13)],
    ["100.035k", dec(100035n, 0)],

    // Things that look like floating point
    ["0.001", dec(1n, -3)],
    ["0.0005k", dec(5n, -1)],
    ["0.005", dec(5n, -3)],
    ["0.05", dec(5n, -2)],
    ["0.5", dec(5n, -1)],
    ["0.00050k", dec(5n, -1)],
    ["0.00500", dec(5n, -3)],
    ["0.05000", dec(5n, -2)],
    ["0.50000", dec(5n, -1)],
    ["0.5e0", dec(5n, -1)],
    ["0.5e-1", dec(5n, -2)],
    ["0.5e-2", dec(5n, -3)],
    ["10.035M", dec(10035n, 3)],
    ["1.2e3", dec(12n, 2)],
    ["1.3E+6", dec(13n, 5)],
    ["1.40e9", dec(14n, 8)],
    ["1.53E12", dec(153n, 10)],
    ["1.6e15", dec(16n, 14)],
    ["1.7E18", dec(17n, 17)],
    ["9.01", dec(901n, -2)],
    ["8.1k", dec(81n, 2)],
    ["7.123456M", dec(7123456n, 0)],
    ["6.987654321G", dec(6987654321n, 0)],
    ["5.444T", dec(5444n, 9)],
    ["40.1T", dec(401n, 11)],
    ["300.2T", dec(3002n, 11)],
    ["2.5P", dec(25n, 14)],
    ["1.01E", dec(101n, 16)],

    // Things that saturate or round
    ["3.001n", dec(4n, -9)],
    ["1.1E-9", dec(2n, -9)],
    ["0.0000000001", dec(1n, -9)],
    ["0.0000000005", dec(1n, -9)],
    ["0.00000000050", dec(1n, -9)],
    ["0.5e-9", dec(1n, -9)],
    ["0.9n", dec(1n, -9)],
    ["0.00000012345", dec(124n, -9)],
    ["0.00000012354", dec(124n, -9)],
    ["9Ei", dec(MAX_INT64, 0)],
    ["9223372036854775807Ki", dec(MAX_INT64, 0)],
    ["12E", dec(12n, 18)],

    // Fractional binary
    ["100.035Ki", dec(10243584n, -2)],
    ["0.5Mi", dec(524288n, 0)],
    ["0.05Gi", dec(536870912n, -1)],
    ["0.025Ti", dec(274877906944n, -1)],

    // "Things written by trolls"
    ["0.000000000001Ki", dec(2n, -9)],
    [".001", dec(1n, -3)],
    [".0001k", dec(100n, -3)],
    ["1.", dec(1n, 0)],
    ["1.G", dec(1n, 9)],
];

// TestParseQuantity's table (18 to 20 digits, around int64's bounds): input and its AsDec value.
const BIG_TABLE: [string, string][] = [
    ["-999999999999999999", "-999999999999999999"],
    ["999999999999999999", "999999999999999999"],
    ["-999999999999999999.0", "-999999999999999999"],
    ["999999999999999999.0", "999999999999999999"],
    ["-999999999999999999.1", "-999999999999999999.1"],
    ["999999999999999999.1", "999999999999999999.1"],
    ["-9999999999999999999", "-9999999999999999999"],
    ["9999999999999999999", "9999999999999999999"],
    ["-1E", "-1000000000000000000"],
    ["1E", "1000000000000000000"],
    ["-1000000000000000000", "-1000000000000000000"],
    ["1000000000000000000", "1000000000000000000"],
    ["-9999999999999999999.0", "-9999999999999999999"],
    ["9999999999999999999.0", "9999999999999999999"],
    ["-1.0E", "-1000000000000000000"],
    ["1.0E", "1000000000000000000"],
    ["-1000000000000000000.0", "-1000000000000000000"],
    ["1000000000000000000.0", "1000000000000000000"],
    ["-9999999999999999999000m", "-9999999999999999999"],
    ["9999999999999999999000m", "9999999999999999999"],
    ["-9999999999999999999.1", "-9999999999999999999.1"],
    ["9999999999999999999.1", "9999999999999999999.1"],
    ["-1.0000000000000000001E", "-1000000000000000000.1"],
    ["1.0000000000000000001E", "1000000000000000000.1"],
    ["-1000000000000000000.1", "-1000000000000000000.1"],
    ["1000000000000000000.1", "1000000000000000000.1"],
    ["-1.000000000000000001E", "-1000000000000000001"],
    ["1.000000000000000001E", "1000000000000000001"],
    ["-1000000000000000001", "-1000000000000000001"],
    ["1000000000000000001", "1000000000000000001"],
    ["-10E", "-10000000000000000000"],
    ["10E", "10000000000000000000"],
    ["-10000000000000000000", "-10000000000000000000"],
    ["10000000000000000000", "10000000000000000000"],
    ["-10.0E", "-10000000000000000000"],
    ["10.0E", "10000000000000000000"],
    ["-10000000000000000000.0", "-10000000000000000000"],
    ["10000000000000000000.0", "10000000000000000000"],
    ["-10000000000000000000000m", "-10000000000000000000"],
    ["10000000000000000000000m", "10000000000000000000"],
    ["-10.0000000000000000001E", "-10000000000000000000.1"],
    ["10.0000000000000000001E", "10000000000000000000.1"],
    ["-10000000000000000000.1", "-10000000000000000000.1"],
    ["10000000000000000000.1", "10000000000000000000.1"],
    ["-10.000000000000000001E", "-10000000000000000001"],
    ["10.000000000000000001E", "10000000000000000001"],
    ["-10000000000000000001", "-10000000000000000001"],
    ["10000000000000000001", "10000000000000000001"],
    ["-9223372036854775809", "-9223372036854775809"],
    ["9223372036854775806", "9223372036854775806"],
    ["-9223372036854775809.0", "-9223372036854775809"],
    ["9223372036854775806.0", "9223372036854775806"],
    ["-9223372036854775809000m", "-9223372036854775809"],
    ["9223372036854775806000m", "9223372036854775806"],
    ["-9223372036854775809.1", "-9223372036854775809.1"],
    ["9223372036854775806.1", "9223372036854775806.1"],
    ["-9223372036854775808", "-9223372036854775808"],
    ["9223372036854775807", "9223372036854775807"],
    ["-9223372036854775808.0", "-9223372036854775808"],
    ["9223372036854775807.0", "9223372036854775807"],
    ["-9223372036854775808000m", "-9223372036854775808"],
    ["9223372036854775807000m", "9223372036854775807"],
    ["-9223372036854775808.1", "-9223372036854775808.1"],
    ["9223372036854775807.1", "9223372036854775807.1"],
    ["-9223372036854775807", "-9223372036854775807"],
    ["9223372036854775808", "9223372036854775808"],
    ["-9223372036854775807.0", "-9223372036854775807"],
    ["9223372036854775808.0", "9223372036854775808"],
    ["-9223372036854775807000m", "-9223372036854775807"],
    ["9223372036854775808000m", "9223372036854775808"],
    ["-9223372036854775807.1", "-9223372036854775807.1"],
    ["9223372036854775808.1", "9223372036854775808.1"],
];

// TestQuantityCmp's table.
const CMP_TABLE: [string, string, -1 | 0 | 1][] = [
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
];

// TestQuantityParse's invalid table, its empty string, and TestQuantityParseNonNumericPanic's input.
const INVALID_TABLE = ["1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 "];
const INVALID_OTHER = ["", "Non-Numeric"];
// More that the server rejects: hexadecimal, unknown units, a bare or unparsable exponent.
const INVALID_EXTRA = [
    "0x10",
    "1h",
    "1da",
    "1e",
    "1E+",
    "1K",
    "1k3",
    "1Ee3",
    "+-1",
    "--1",
    "1\t",
    "\n1",
    "1e9223372036854775808",
];

describe("parseQuantity", () => {
    describe("TestQuantityParse's table", () => {
        it("parses each input to the value the server stores", () => {
            for (const [text, expected] of PARSE_TABLE) assertValue(text, expected);
        });
        it("parses each input with a leading - to the negated value", () => {
            for (const [text, expected] of PARSE_TABLE) assertValue(`-${text}`, negated(expected));
        });
        it("parses each input with a leading + to the same value", () => {
            for (const [text, expected] of PARSE_TABLE) assertValue(`+${text}`, expected);
        });
        it("rejects each invalid input, the empty string and a word", () => {
            for (const text of [...INVALID_TABLE, ...INVALID_OTHER]) {
                assert.equal(parseQuantity(text), undefined, JSON.stringify(text));
            }
        });
    });

    it("parses TestParseQuantity's table (around int64's bounds) exactly", () => {
        for (const [text, expected] of BIG_TABLE) assertValue(text, decimal(expected));
    });

    it("rejects whitespace, hexadecimal, unknown units and bare or unparsable exponents", () => {
        for (const text of INVALID_EXTRA) assert.equal(parseQuantity(text), undefined, JSON.stringify(text));
    });

    it("reads E alone as exa and E with digits as an exponent", () => {
        assertValue("1E", dec(1n, 18));
        assertValue("1E3", dec(1n, 3));
        assertValue("1e+5", dec(1n, 5));
        assertValue("1e0005", dec(1n, 5));
    });

    it("keeps digits below a milli unit (the doc comment's 3 places is not what the code does)", () => {
        assertValue("0.1m", dec(1n, -4));
        assertValue("1.5n", dec(2n, -9));
        assertValue("-1.5n", dec(-2n, -9));
    });

    // "." and "m" are not errors: parseQuantityString gives them the number "0" (TestParseQuantityString
    // has "." and "-."), and only the inf.Dec path, taken below 10^-9 and for Pi and Ei, needs a digit.
    it("parses a number without digits as zero, as the server does, except where the server needs a digit", () => {
        for (const text of [".", "-.", "-", "+", "m", "+.m", "Ki", "Ti", "e5", "e-9", "e-2147483649"]) {
            assert.deepEqual(parseQuantity(text), dec(0n, 0), JSON.stringify(text));
        }
        for (const text of ["Pi", "Ei", "e-10", ".e-10"]) {
            assert.equal(parseQuantity(text), undefined, JSON.stringify(text));
        }
    });

    it("truncates the exponent to int32 as the server does", () => {
        assertValue("1e4294967296", dec(1n, 0));
        assertValue("1e9223372036854775807", dec(1n, -1));
        assertValue("1.5e-2147483648", dec(15n, 2147483647));
        // The server would spend unbounded time on 10^(2^31); here it is just an exponent.
        assertValue("1e2147483648", dec(1n, 2147483648));
    });

    it("returns one representation per value: no trailing zero digit, zero as 0e0, nothing below 1n", () => {
        const inputs = [...PARSE_TABLE.map(([text]) => text), ...BIG_TABLE.map(([text]) => text)];
        for (const text of [...inputs, ...inputs.filter((text) => !text.startsWith("-")).map((text) => `-${text}`)]) {
            const { coefficient, exponent } = parsed(text);
            if (coefficient === 0n) assert.equal(exponent, 0, text);
            else assert.notEqual(coefficient % 10n, 0n, text);
            assert.ok(exponent >= -9, text);
        }
        assert.deepEqual(parsed("1"), parsed("1000m"));
        assert.deepEqual(parsed("-0.0m"), dec(0n, 0));
    });

    it("accepts the examples QUANTITY_SYNTAX gives", () => {
        for (const example of ["250m", "0.5", "1e3", "512Mi"]) {
            assert.ok(QUANTITY_SYNTAX.includes(example));
            parsed(example);
        }
    });
});

describe("compareQuantities", () => {
    it("orders TestQuantityCmp's table, both ways", () => {
        for (const [a, b, expected] of CMP_TABLE) {
            assert.equal(compareQuantities(parsed(a), parsed(b)), expected, `${a} vs ${b}`);
            assert.equal(compareQuantities(parsed(b), parsed(a)), -expected || 0, `${b} vs ${a}`);
        }
    });

    it("compares across suffixes exactly", () => {
        const cases: [string, string, -1 | 0 | 1][] = [
            ["1", "1000m", 0],
            ["1Gi", "1G", 1],
            ["1Ki", "1024", 0],
            ["1k", "1e3", 0],
            ["1E", "1e18", 0],
            ["0.5Gi", "512Mi", 0],
            ["1.5", "1500m", 0],
            ["250m", "0.25", 0],
            ["100u", "0.1m", 0],
            ["1n", "0.000000001", 0],
            ["999m", "1", -1],
            ["-1", "-1000m", 0],
            ["-2", "-1", -1],
            ["-1", "0", -1],
            ["0", "-0", 0],
            ["9Ei", "10Ei", 0], // both capped at 2^63-1
            ["9E", "10E", -1], // decimal values are not capped
            ["1.5n", "1.2n", 0], // both rounded up to 2n
            ["1e2147483648", "1e2147483647", 1],
            ["-1e2147483648", "-1e2147483647", -1],
        ];
        for (const [a, b, expected] of cases) {
            assert.equal(compareQuantities(parsed(a), parsed(b)), expected, `${a} vs ${b}`);
            assert.equal(compareQuantities(parsed(b), parsed(a)), -expected || 0, `${b} vs ${a}`);
        }
    });
});

describe("isNegative", () => {
    it("is true only below zero", () => {
        assert.equal(isNegative(parsed("-1m")), true);
        assert.equal(isNegative(parsed("-0")), false);
        assert.equal(isNegative(parsed("0")), false);
        assert.equal(isNegative(parsed("1n")), false);
    });
});

describe("quantity properties", () => {
    const digits = fc.stringMatching(/^[0-9]{0,25}$/);
    const suffix = fc.constantFrom(
        "",
        "n",
        "u",
        "m",
        "k",
        "M",
        "G",
        "T",
        "P",
        "E",
        "Ki",
        "Mi",
        "Gi",
        "Ti",
        "Pi",
        "Ei",
        "e0",
        "e-3",
        "E+6",
        "e-12",
        "e40",
    );
    const quantityText = fc
        .tuple(fc.constantFrom("", "+", "-"), fc.stringMatching(/^[0-9]{1,25}$/), fc.option(digits), suffix)
        .map(([sign, whole, fraction, unit]) => `${sign}${whole}${fraction === null ? "" : `.${fraction}`}${unit}`);
    const quantity = quantityText.map(parsed);

    it("compares every quantity equal to itself", () => {
        fc.assert(
            fc.property(quantity, (q) => compareQuantities(q, q) === 0),
            params,
        );
    });

    it("is antisymmetric", () => {
        fc.assert(
            fc.property(quantity, quantity, (a, b) => compareQuantities(a, b) === (-compareQuantities(b, a) || 0)),
            params,
        );
    });

    it("is transitive", () => {
        fc.assert(
            fc.property(quantity, quantity, quantity, (a, b, c) => {
                const [x, y, z] = [a, b, c].sort(compareQuantities);
                return compareQuantities(x, z) === (compareQuantities(x, y) || compareQuantities(y, z));
            }),
            params,
        );
    });

    it("equates n with n×1000 m, and orders it above n×1000-1 m", () => {
        fc.assert(
            fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (n) => {
                const units = parsed(`${n}`);
                return (
                    compareQuantities(units, parsed(`${n * 1000n}m`)) === 0 &&
                    compareQuantities(units, parsed(`${n * 1000n - 1n}m`)) === 1
                );
            }),
            params,
        );
    });

    it("negates the value with a leading -", () => {
        fc.assert(
            fc.property(quantityText, (text) => {
                const plain = parsed(text.replace(/^[+-]/, ""));
                const minus = parsed(`-${text.replace(/^[+-]/, "")}`);
                return compareQuantities(minus, negated(plain)) === 0;
            }),
            params,
        );
    });
});
