import {
  assert,
  assertEquals,
  assertFalse,
  assertStringIncludes,
} from "@std/assert";
import { activations } from "../lib/activations/mod.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("deno task demo (lib/cli.ts)", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "actlab-demo-" });
  const out = `${dir}/gallery.html`;
  try {
    // The permissions of the demo task in deno.json, with out/ moved to a temp dir.
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        `--allow-write=${dir}`,
        "--allow-env",
        "lib/cli.ts",
        "--out",
        out,
        "--no-color",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(stdout);
    assertEquals(code, 0, new TextDecoder().decode(stderr));

    await t.step("the table lists every activation, aligned", () => {
      const lines = text.split("\n");
      const header = lines.find((l) => l.startsWith("activation"))!;
      assert(header !== undefined, text);
      for (const a of activations) {
        const row = lines.find((l) => l.startsWith(a.id + " "));
        assert(row !== undefined, `no row for ${a.id}`);
        // the f(0) column ends where its header ends
        const end = header.indexOf("f(0)") + "f(0)".length;
        assert(
          /\d/.test(row[end - 1]!) && row[end] === " ",
          `misaligned row ${row}`,
        );
      }
      assertEquals(activations.length, 20); // 13 + the 7 of issue 12
    });

    await t.step("traits in the card's words: sides, mean, brackets", () => {
      const lines = text.split("\n");
      const header = lines.find((l) => l.startsWith("activation"))!;
      for (const h of ["saturates", "E f(Z)", "zero-centred", "range"]) {
        assertStringIncludes(header, h);
      }
      assertFalse(text.includes("non-saturating"));
      const row = (id: string) => lines.find((l) => l.startsWith(id + " "))!;
      assertStringIncludes(row("sigmoid"), "left and right");
      assertStringIncludes(row("sigmoid"), "(0, 1)");
      assertStringIncludes(row("relu"), " left ");
      assertStringIncludes(row("relu"), "0.3989");
      assertStringIncludes(row("leakyRelu"), "neither side");
      assertStringIncludes(row("logSigmoid"), " right ");
      assertStringIncludes(row("relu6"), "[0, 6]");
      assertStringIncludes(row("step"), "{0, 0.5, 1}");
      assertStringIncludes(row("sign"), "{−1, 0, 1}");
      assertStringIncludes(row("elu"), "(−1, ∞)");
    });

    await t.step(
      "gallery.html is written, offline, with every chart",
      async () => {
        assertStringIncludes(text, "gallery.html");
        const html = await Deno.readTextFile(out);
        assert(
          !/<script[^>]*\ssrc=["']?https?:/i.test(html),
          "a script from the network",
        );
        assert(
          !/<link[^>]*\shref=["']?https?:/i.test(html),
          "a stylesheet from the network",
        );
        const charts = html.match(/class="actlab-figure"/g) ?? [];
        assert(charts.length >= 20 + 3, `only ${charts.length} charts`);
        const cards = html.match(/class="actlab-card"/g) ?? [];
        assert(cards.length >= 21, `only ${cards.length} cards`);
        assertStringIncludes(html, "data:image/svg+xml;base64,");
        assertStringIncludes(html, "check passed");
        assertStringIncludes(html, "window.Plotly");
        // every activation's chart draws f″ (issue 12)
        for (const act of activations) {
          assertStringIncludes(html, `${act.label}″`, act.id);
        }
        assertFalse(html.includes("Monotonic, non-saturating"));
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
