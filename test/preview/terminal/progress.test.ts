// Progress and colour go only to a terminal that allows them: a pipe or a CI log gets one
// plain line per step, and NO_COLOR (https://no-color.org) or TERM=dumb turn the niceties off.
import assert from "node:assert/strict";
import { nicetiesOn, PLAIN, styleFor, TerminalStream } from "../../../src/preview/terminal/niceties";
import { progressOn } from "../../../src/preview/terminal/progress";

/** A stream that keeps what it is sent. */
function fakeStream(isTTY: boolean, columns = 80): TerminalStream & { written: string } {
    const stream = {
        isTTY,
        columns,
        written: "",
        write(text: string) {
            stream.written += text;
            return true;
        },
    };
    return stream;
}

const ESCAPE = "\x1b";

describe("terminal niceties and progress (src/preview/terminal)", () => {
    it("allows colour and updating lines on a terminal only, and not when NO_COLOR is set non-empty or TERM is dumb", () => {
        assert.equal(nicetiesOn(fakeStream(true), {}), true);
        assert.equal(nicetiesOn(fakeStream(false), {}), false);
        assert.equal(nicetiesOn({ write: () => true }, {}), false, "a stream that says nothing is no terminal");
        assert.equal(nicetiesOn(fakeStream(true), { NO_COLOR: "1" }), false);
        assert.equal(nicetiesOn(fakeStream(true), { NO_COLOR: "0" }), false, "whatever its value");
        assert.equal(nicetiesOn(fakeStream(true), { NO_COLOR: "" }), true, "an empty NO_COLOR asks for nothing");
        assert.equal(nicetiesOn(fakeStream(true), { TERM: "dumb" }), false);
    });

    it("writes a plain line per step where there is no terminal, and clearing writes nothing", () => {
        for (const [stream, env] of [
            [fakeStream(false), {}],
            [fakeStream(true), { NO_COLOR: "1" }],
        ] as const) {
            const progress = progressOn(stream, env);
            progress.step("dev: previewing the base");
            progress.step("dev: previewing the head");
            progress.clear();
            assert.equal(stream.written, "dev: previewing the base\ndev: previewing the head\n");
        }
    });

    it("rewrites one line on a terminal, never ends it, fits it to the width, and erases it on clear", () => {
        const stream = fakeStream(true, 30);
        const progress = progressOn(stream, {});
        progress.step("first step");
        progress.step("a step whose text is much wider than the terminal");
        assert.ok(!stream.written.includes("\n"), "no line is added");
        const shown = stream.written.split("\r\x1b[2K").filter(Boolean);
        assert.deepEqual(shown[0], "first step");
        assert.ok(shown[1].length < 30, `fits the 30 columns: "${shown[1]}"`);
        assert.ok(shown[1].startsWith("a step whose"));
        const before = stream.written.length;
        progress.clear();
        assert.equal(stream.written.slice(before), "\r\x1b[2K");
        progress.clear();
        assert.equal(stream.written.slice(before), "\r\x1b[2K", "nothing more to erase");
    });

    it("takes 80 columns for a terminal that reports no size", () => {
        const stream = fakeStream(true, 0);
        const step = "x".repeat(70);
        progressOn(stream, {}).step(step);
        assert.equal(stream.written, `\r\x1b[2K${step}`);
    });

    it("colours only where niceties are allowed", () => {
        assert.equal(styleFor(fakeStream(false), {}), PLAIN);
        assert.equal(styleFor(fakeStream(true), { NO_COLOR: "yes" }), PLAIN);
        const style = styleFor(fakeStream(true), {});
        for (const paint of [style.ok, style.bad, style.warn]) {
            const painted = paint("x");
            assert.ok(painted.startsWith(ESCAPE) && painted.endsWith(`${ESCAPE}[0m`), JSON.stringify(painted));
            assert.equal(
                painted
                    .split(ESCAPE)
                    .join("")
                    .replace(/\[\d+m/g, ""),
                "x",
            );
        }
        for (const paint of [PLAIN.ok, PLAIN.bad, PLAIN.warn]) assert.equal(paint("x"), "x");
    });
});
