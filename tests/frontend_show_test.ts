/**
 * `show()` in the real Deno Jupyter kernel: every kind of output a notebook
 * needs arrives as a display message of its own cell — plain strings as
 * `text/plain` exactly as written, numbers and arrays as `Deno.inspect`
 * prints them, charts, cards and activations with their bundles — even
 * when every request is sent at once (as Run All does) and a cell shows
 * many things in a loop. Outside Jupyter, plain values are printed.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { jupyterAvailable, requireTool } from "./support/harness.ts";
import { show } from "../lib/display/show.ts";

const jupyter = requireTool(
  "Jupyter (jupyter-nbconvert with the Deno kernel)",
  await jupyterAvailable(),
  "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel && deno jupyter --install",
);
const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

// Sends every cell at once, like a frontend's Run All, and reports the
// outputs each execute request received (by parent header).
const CLIENT = `
import json, sys, time, collections, jupyter_client
cells = json.loads(sys.stdin.read())
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="deno", cwd=sys.argv[1])
try:
    ids = [kc.execute(c) for c in cells]
    index = {m: i for i, m in enumerate(ids)}
    outs = collections.defaultdict(list)
    idle, deadline = set(), time.time() + 120
    while time.time() < deadline and len(idle) < len(ids):
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except Exception:
            continue
        i = index.get(msg["parent_header"].get("msg_id"))
        t = msg["msg_type"]
        if t == "status" and msg["content"]["execution_state"] == "idle":
            idle.add(msg["parent_header"].get("msg_id"))
        elif t in ("display_data", "execute_result", "stream", "error"):
            c = msg["content"]
            outs[i].append({"type": t, "mimes": sorted(c.get("data", {}).keys()),
                            "text": c.get("data", {}).get("text/plain", c.get("text", c.get("evalue", "")))})
    time.sleep(1.0)  # anything late would land here
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except Exception:
            break
        if msg["msg_type"] in ("display_data", "execute_result", "stream"):
            outs["late"].append(msg["msg_type"])
    print(json.dumps({str(k): v for k, v in outs.items()}))
finally:
    km.shutdown_kernel(now=True)
`;

interface Out {
  type: string;
  mimes: string[];
  text: string;
}

Deno.test({
  name: "show() in the Deno kernel: every output under its own cell",
  ignore: jupyter.ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const cells = [
      `import { formula, plot, show, sigmoid } from "${ROOT}/mod.ts";`,
      `await show("a *b* | c_d");`,
      `await show(42); await show([1, 2.5, -0]); await show({ a: 1 });`,
      `for (let i = 0; i < 25; i++) await show("line " + i);`,
      `await show(plot(sigmoid));`,
      `await show(formula(sigmoid));`,
      `await show(sigmoid);`,
      `await show("last");`,
    ];
    const child = new Deno.Command("/usr/bin/python3", {
      args: ["-c", CLIENT, ROOT],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(JSON.stringify(cells)));
    await w.close();
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout).trim().split("\n").pop()!;
    assert(out.success, new TextDecoder().decode(out.stderr).slice(-2000));
    const got = JSON.parse(text) as Record<string, Out[]>;
    const texts = (i: number) => (got[i] ?? []).map((o) => o.text);
    assertEquals(got["late"], undefined, "output after the last cell");
    assertEquals(got[0], undefined);
    assertEquals(got[1], [{
      type: "display_data",
      mimes: ["text/plain"],
      text: "a *b* | c_d",
    }]);
    assertEquals(texts(2), ["42", "[ 1, 2.5, -0 ]", "{ a: 1 }"]);
    assertEquals(texts(3), Array.from({ length: 25 }, (_, i) => `line ${i}`));
    assertEquals(got[4]!.map((o) => o.mimes), [[
      "application/vnd.plotly.v1+json",
      "text/html",
      "text/plain",
    ]]);
    assertEquals(got[5]!.map((o) => o.mimes), [[
      "text/html",
      "text/markdown",
      "text/plain",
    ]]);
    assertEquals(got[6]!.length, 1, "an activation: card and chart");
    assertEquals(texts(7), ["last"]);
    for (const [cell, outs] of Object.entries(got)) {
      for (const o of outs) {
        assertEquals(o.type, "display_data", `cell ${cell}: ${o.type}`);
      }
    }
  },
});

Deno.test("show() outside Jupyter prints plain values", async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    assertEquals(await show("✓ a claim"), undefined);
    assertEquals(await show([1, 2]), undefined);
  } finally {
    console.log = log;
  }
  assertEquals(lines, ["✓ a claim", "[ 1, 2 ]"]);
});
