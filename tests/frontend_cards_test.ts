/// <reference lib="dom" />
/**
 * Formula cards as the frontends meet them: every formula typeset in Deno
 * into an `<img>` of self-contained SVG with its LaTeX as `alt` (no MathML,
 * no fonts), `text/markdown` kept, every picture decodes in Chromium, the
 * layout stays readable with every style stripped, hostile TeX never
 * becomes markup, and importing the library does not load MathJax.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertGreater,
  assertStringIncludes,
} from "@std/assert";
import type { Browser } from "playwright-core";
import { chromiumAvailable, requireTool } from "./support/harness.ts";
import { launchChromium } from "./support/browser.ts";
import {
  activations,
  formula,
  logSoftmax,
  softmax,
  softmaxDerivation,
} from "../mod.ts";
import { escapeHtml } from "../lib/display/_text.ts";

const gate = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);

function cards(): { name: string; bundle: Record<string, unknown> }[] {
  return [
    ...activations.map((a) => ({
      name: a.id,
      bundle: formula(a).toBundle(),
    })),
    { name: "softmax", bundle: formula(softmax).toBundle() },
    { name: "logSoftmax", bundle: formula(logSoftmax).toBundle() },
    {
      name: "softmaxDerivation",
      bundle: softmaxDerivation([1, 2, 0.5]).toBundle(),
    },
  ];
}

Deno.test("importing the library does not load MathJax", async () => {
  const code = `
    import "./mod.ts";
    import { mathjaxLoaded } from "./lib/display/_tex_svg.ts";
    import { formula, sigmoid } from "./mod.ts";
    const before = mathjaxLoaded();
    formula(sigmoid).toHTML();
    console.log(JSON.stringify([before, mathjaxLoaded()]));
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", code],
    cwd: new URL("../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(out.success, new TextDecoder().decode(out.stderr));
  assertEquals(
    JSON.parse(new TextDecoder().decode(out.stdout).trim()),
    [false, true],
  );
});

Deno.test("formula cards: every formula an <img> of SVG with its LaTeX as alt", () => {
  for (const { name, bundle } of cards()) {
    const html = String(bundle["text/html"]);
    assert(!html.includes("<math"), `${name}: MathML left`);
    assert(!/<svg/.test(html), `${name}: inline <svg> (sanitizers drop it)`);
    assert(!html.includes("<script"), `${name}: a script in a card`);
    assert(!html.includes("actlab-tex-error"), `${name}: TeX not typeset`);
    const imgs = html.match(/<img [^>]*>/g) ?? [];
    assertGreater(imgs.length, 1, name);
    for (const img of imgs) {
      assert(
        /src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/.test(img),
        `${name}: ${img.slice(0, 60)}`,
      );
      assert(/ alt="[^"]+"/.test(img), `${name}: an <img> without alt`);
    }
    assertStringIncludes(String(bundle["text/markdown"]), "$$", name);
    assertEquals(typeof bundle["text/plain"], "string");
  }
  // the LaTeX of f and f' is the alt text of their pictures
  for (const a of activations) {
    const html = formula(a).toHTML();
    assertStringIncludes(html, `alt="${escapeHtml(a.formula.f)}"`, a.id);
    assertStringIncludes(html, `alt="${escapeHtml(a.formula.df)}"`, a.id);
  }
});

Deno.test("formula cards: hostile text and TeX never become markup", () => {
  const evil = "<img src=x onerror=alert(1)>";
  const card = formula({
    id: evil,
    label: evil,
    formula: { f: `\\text{${evil}}`, df: "\\frac{" + evil },
    description: evil,
  });
  const html = card.toHTML();
  assert(!html.includes("<img src=x"), "markup from user text");
  assert(!/onerror=alert\(1\)>/.test(html.replace(/alt="[^"]*"/g, "")));
  // bad TeX shows its escaped source
  assertStringIncludes(html, "\\frac{&lt;img src=x");
});

Deno.test({
  name:
    "formula cards in Chromium: pictures decode; readable with styles stripped",
  ...gate,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const all = cards();
    const body = all.map((c) => String(c.bundle["text/html"])).join("\n");
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({
        viewport: { width: 760, height: 900 },
      });
      await page.setContent(
        `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`,
      );
      await page.waitForLoadState("load");
      const images = await page.evaluate(() =>
        [...document.querySelectorAll("img")].map((im) => ({
          w: im.naturalWidth,
          shown: im.getBoundingClientRect().width,
        }))
      );
      assertGreater(images.length, all.length * 2);
      assert(images.every((i) => i.w > 0), "an SVG picture did not decode");
      assert(images.every((i) => i.shown > 0), "a picture is not shown");
      // no card wider than a 760 px window
      const widest = await page.evaluate(() =>
        Math.max(
          ...[...document.querySelectorAll(".actlab-card")].map((c) =>
            c.getBoundingClientRect().right
          ),
        )
      );
      assert(widest <= 760, `a card reaches ${widest}px in a 760px window`);
      // strip every style: headings and tables still structure the card
      const stripped = await page.evaluate(() => {
        document.querySelectorAll("[style]").forEach((e) =>
          e.removeAttribute("style")
        );
        document.querySelectorAll("style").forEach((e) => e.remove());
        return [...document.querySelectorAll(".actlab-card")].map((c) => ({
          headings: c.querySelectorAll("h1,h2,h3,h4,h5,h6,b,strong").length,
          tables: c.querySelectorAll("table").length,
          text: (c as HTMLElement).innerText,
        }));
      });
      stripped.forEach((c, i) => {
        assertGreater(c.headings, 0, `${all[i]!.name}: no heading left`);
        // the derivation is a sequence of titled steps, the cards tables
        if (all[i]!.name !== "softmaxDerivation") {
          assertGreater(c.tables, 0, `${all[i]!.name}: no table left`);
        }
      });
    } finally {
      await browser?.close();
    }
  },
});

Deno.test("formula cards: cost", () => {
  const start = performance.now();
  let bytes = 0;
  for (const c of cards()) bytes += String(c.bundle["text/html"]).length;
  const ms = performance.now() - start;
  console.log(
    `  ${cards().length} cards: ${
      ms.toFixed(0)
    } ms (first, MathJax load included), ${
      Math.round(bytes / cards().length / 1000)
    } kB of HTML each`,
  );
  assert(bytes / cards().length < 250_000, "a card under 250 kB");
});
