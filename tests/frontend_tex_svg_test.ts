/**
 * lib/display/_tex_svg.ts: TeX typeset in Deno by MathJax into standalone
 * SVG pictures shown as `<img>` data URLs. Real formulas of the registry,
 * bad and hostile TeX (never throws, never markup, bounded time), and
 * byte-identical output across calls.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  MAX_TEX_DEPTH,
  MAX_TEX_LENGTH,
  texSourceHtml,
  texToImg,
  texToSvg,
} from "../lib/display/_tex_svg.ts";
import { activations } from "../mod.ts";

function svgOf(img: string): string {
  const m = img.match(/src="data:image\/svg\+xml;base64,([^"]+)"/);
  assert(m, `no SVG data URL in ${img.slice(0, 80)}`);
  const bin = atob(m[1]!);
  return new TextDecoder().decode(
    Uint8Array.from(bin, (c) => c.charCodeAt(0)),
  );
}

Deno.test("texToSvg()", async (t) => {
  await t.step("every formula of the registry typesets", () => {
    for (const a of activations) {
      for (const [role, tex] of Object.entries(a.formula)) {
        if (typeof tex !== "string") continue;
        const out = texToSvg(tex, { display: true });
        assert(out !== undefined, `${a.id}.${role} did not typeset: ${tex}`);
        assert(out.widthEm > 1, `${a.id}.${role} is too narrow`);
        // glyphs are paths: no <text> (which would need a font)
        assert(!out.svg.includes("<text"), `${a.id}.${role} needs a font`);
      }
    }
  });

  await t.step("standalone, sized in px, explicit colour, stable ids", () => {
    const out = texToSvg("\\tanh^2(x)", { color: "#123456", emPx: 20 })!;
    assertMatch(
      out.svg,
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" xmlns:xlink="[^"]+" width="[\d.]+px" height="[\d.]+px" viewBox="[^"]+">/,
    );
    assert(!out.svg.includes("currentColor"));
    assertStringIncludes(out.svg, 'fill="#123456"');
    assert(!/MJX-\d/.test(out.svg), "process-dependent ids");
    const w = Number(out.svg.match(/width="([\d.]+)px"/)![1]);
    assert(Math.abs(w - out.widthEm * 20) < 0.01);
  });

  await t.step("the same TeX gives the same bytes", () => {
    const a = texToImg("\\sigma(x)(1-\\sigma(x))", { display: true });
    texToImg("\\alpha + \\beta"); // MathJax's id counter moves on
    const b = texToImg("\\sigma(x)(1-\\sigma(x))", { display: true });
    assertEquals(a, b);
  });

  await t.step("bad TeX gives undefined, not an error box", () => {
    for (const bad of ["\\frac{", "\\foo{x}", "}", "x^^", "\\begin{cases}"]) {
      assertEquals(texToSvg(bad), undefined, bad);
    }
  });

  await t.step("macros that could reach outside are not loaded", () => {
    for (
      const bad of [
        "\\href{javascript:alert(1)}{x}",
        "\\require{html}",
        "\\def\\a{\\a}\\a",
        "\\class{x}{y}",
        "\\style{color:red}{x}",
        "\\color{red}{x}",
        "\\newcommand{\\a}{\\a}\\a",
      ]
    ) {
      assertEquals(texToSvg(bad), undefined, bad);
    }
  });

  await t.step("hostile sizes are bounded", () => {
    const start = performance.now();
    const deep = "{".repeat(100_000) + "x" + "}".repeat(100_000);
    assertEquals(texToSvg(deep), undefined);
    const lefts = "\\left(".repeat(MAX_TEX_DEPTH + 1) + "x" +
      "\\right)".repeat(MAX_TEX_DEPTH + 1);
    assertEquals(texToSvg(lefts), undefined);
    assertEquals(texToSvg("x+".repeat(MAX_TEX_LENGTH)), undefined);
    // just inside the bounds still typesets
    const ok = "{".repeat(MAX_TEX_DEPTH) + "x" + "}".repeat(MAX_TEX_DEPTH);
    assertNotEquals(texToSvg(ok), undefined);
    // escaped braces are not groups
    assertNotEquals(texToSvg("\\{".repeat(200) + "x"), undefined);
    assert(performance.now() - start < 10_000, "bounded time");
  });

  await t.step("errors", () => {
    assertThrows(() => texToSvg(1 as unknown as string), TypeError, "`tex`");
    assertThrows(() => texToSvg("x", { emPx: 0 }), RangeError, "`emPx`");
    assertThrows(() => texToSvg("x", { emPx: NaN }), RangeError, "NaN");
  });
});

Deno.test("texToImg()", async (t) => {
  await t.step("an <img> with the LaTeX as alt text", () => {
    const tex = "f'(x) = \\frac{1}{1+e^{-x}} \\text{ if } x < 0";
    const img = texToImg(tex, { display: true });
    assertMatch(
      img,
      /^<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"<>]*" width="\d+" height="\d+" style="[^"<>]+">$/,
    );
    assertStringIncludes(img, `alt="f&#39;(x) = \\frac{1}{1+e^{-x}}`);
    assertStringIncludes(img, "x &lt; 0");
    const svg = svgOf(img);
    assert(svg.startsWith("<svg xmlns="));
    assert(!svg.includes("<script") && !/\son\w+=/.test(svg));
  });

  await t.step("\\text with markup stays text inside the picture", () => {
    const img = texToImg("\\text{<script>alert(1)</script>}");
    const svg = svgOf(img);
    assert(!svg.includes("<script"), "markup in \\text became markup");
    assert(!img.includes("<script"));
  });

  await t.step("untypesettable TeX shows its escaped source", () => {
    const bad = "\\frac{<img src=x onerror=alert(1)>";
    const html = texToImg(bad);
    assertEquals(html, texSourceHtml(bad));
    assertEquals(
      html,
      '<code class="actlab-tex-error">\\frac{&lt;img src=x onerror=alert(1)&gt;</code>',
    );
  });

  await t.step("cost: a few ms and a few kB per formula", () => {
    // Measured, not a speed target (those live in deno bench): a card's
    // formulas must stay well under a second and under 50 kB each.
    const start = performance.now();
    let bytes = 0;
    let n = 0;
    for (const a of activations) {
      const tex = `${a.formula.f} \\quad ${n}`; // no cache hits
      bytes += texToImg(tex, { display: true }).length;
      n++;
    }
    const ms = (performance.now() - start) / n;
    console.log(
      `  ${n} formulas: ${ms.toFixed(1)} ms and ${
        Math.round(bytes / n / 1000)
      } kB each`,
    );
    assert(bytes / n < 50_000);
  });
});
