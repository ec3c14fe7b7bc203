/**
 * Robustness of the display layer (issue 10, display half; issue 9's static
 * picture, jumps and colours): regression tests for each reproduction, and
 * fast-check properties over ranges, strings and option objects. Every call
 * returns or throws a TypeError/RangeError naming an option; SVG is
 * well-formed XML (checked by the small parser below); HTML and Markdown
 * carry no markup from the input.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import fc from "fast-check";
import { defineActivation } from "../lib/activation.ts";
import {
  activations as registry,
  elu,
  leakyRelu,
  prelu,
  relu,
  selu,
  sigmoid,
  step,
  tanh,
} from "../lib/activations/mod.ts";
import { configure } from "../lib/display/config.ts";
import { Figure, page } from "../lib/display/figure.ts";
import { formula } from "../lib/display/formula.ts";
import { gallery } from "../lib/display/gallery.ts";
import {
  compare,
  explore,
  jacobianHeatmap,
  plot,
} from "../lib/display/plot.ts";
import { softmaxDerivation } from "../lib/display/softmax_derivation.ts";
import { show } from "../lib/display/show.ts";
import { niceTicks } from "../lib/display/_svg.ts";
import { colorOf } from "../lib/display/_theme.ts";
import {
  escapeMarkdown,
  html,
  PROCESS_NONCE,
  safeTex,
  trusted,
} from "../lib/display/_text.ts";
import * as display from "../lib/display/mod.ts";
import { textUnit } from "./support/custom_units.ts";

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const BAD_CHAR =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

/**
 * Why `xml` is not well-formed, or `undefined` when it is.
 *
 * @param xml The document.
 * @returns A reason, or undefined.
 */
function xmlError(xml: string): string | undefined {
  if (BAD_CHAR.test(xml)) return "a character XML forbids";
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const text = (s: string): string | undefined => {
    for (let k = s.indexOf("&"); k >= 0; k = s.indexOf("&", k + 1)) {
      if (!ENTITY.test(s.slice(k, k + 12))) return `bad entity at ${k}`;
    }
    return undefined;
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const chunk = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    if (chunk.trim() && stack.length === 0) return "text outside the root";
    const te = text(chunk);
    if (te) return te;
    if (lt < 0) break;
    const close = xml[lt + 1] === "/";
    let j = lt + (close ? 2 : 1);
    const name = xml.slice(j).match(NAME)?.[0];
    if (!name) return `bad tag name at ${lt}`;
    j += name.length;
    if (close) {
      while (/\s/.test(xml[j] ?? "")) j++;
      if (xml[j] !== ">") return `bad end tag at ${lt}`;
      if (stack.pop() !== name) return `mismatched </${name}> at ${lt}`;
      i = j + 1;
      continue;
    }
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j, j + 200))![0].length;
      j += ws;
      if (xml.startsWith("/>", j)) {
        j += 2;
        if (stack.length === 0) roots++;
        break;
      }
      if (xml[j] === ">") {
        j++;
        if (stack.length === 0) roots++;
        stack.push(name);
        break;
      }
      if (ws === 0) return `missing space before an attribute at ${j}`;
      const attr = xml.slice(j).match(NAME)?.[0];
      if (!attr) return `bad attribute at ${j}`;
      if (seen.has(attr)) return `duplicate attribute ${attr}`;
      seen.add(attr);
      j += attr.length;
      if (xml[j] !== "=") return `attribute without value at ${j}`;
      const q = xml[j + 1];
      if (q !== '"' && q !== "'") return `unquoted attribute at ${j}`;
      const end = xml.indexOf(q, j + 2);
      if (end < 0) return "unterminated attribute";
      const value = xml.slice(j + 2, end);
      if (value.includes("<")) return `"<" in an attribute at ${j}`;
      const ve = text(value);
      if (ve) return ve;
      j = end + 1;
    }
    i = j;
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  if (roots !== 1) return `${roots} root elements`;
  return undefined;
}

/** The SVG documents embedded as data URLs in some HTML. */
function staticSvgs(h: string): string[] {
  return [...h.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map(
    (m) =>
      new TextDecoder().decode(
        Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)),
      ),
  );
}

/** The tags our HTML may contain: anything else came from the input. */
const OUR_TAGS = new Set([
  "div",
  "span",
  "code",
  "p",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "ol",
  "li",
  "a",
  "em",
  "img",
  "b",
  "script",
  // KaTeX MathML (no longer produced: formulas are SVG pictures)
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mo",
  "mn",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "mtext",
  "mspace",
  "mstyle",
  "mtable",
  "mtr",
  "mtd",
  "msqrt",
  "mover",
  "munder",
  "munderover",
  "mpadded",
  "menclose",
  "mphantom",
  "mroot",
  "merror",
]);

/** Tag names in HTML outside script bodies. */
function tagsOf(h: string): string[] {
  const noScripts = h.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
  return [...noScripts.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) =>
    m[1]!.toLowerCase()
  );
}

function assertOurMarkup(h: string, what: string) {
  for (const tag of tagsOf(h)) {
    assert(OUR_TAGS.has(tag), `${what}: unexpected <${tag}>`);
  }
  // every <img> is one of our pictures: an SVG data URL (a static chart or a
  // typeset formula), never one from user text
  for (const img of h.match(/<img\b[^>]*>/g) ?? []) {
    assertMatch(
      img,
      /^<img (?:class="actlab-static" )?src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/,
      `${what}: an <img> that is not ours`,
    );
  }
  for (const svg of staticSvgs(h)) {
    const e = xmlError(svg);
    assertEquals(e, undefined, `${what}: static SVG not well-formed: ${e}`);
  }
}

function inMode<T>(mode: "inline" | "cdn" | "static", fn: () => T): T {
  configure({ plotly: mode });
  try {
    return fn();
  } finally {
    configure({ plotly: "inline" });
  }
}

/** Returns, or throws a TypeError/RangeError whose message names an option in backticks. */
function returnsOrNames(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    assert(
      e instanceof TypeError || e instanceof RangeError,
      `threw ${e instanceof Error ? e.constructor.name : typeof e}: ${e}`,
    );
    assertMatch(e.message, /^`[^`]+`/);
  }
}

const NARROW: Array<[number, number]> = [
  [1e10, 1e10 + 1e-5],
  [1, 1 + 4.4e-16],
  [1, 1 + Number.EPSILON],
  [-1e300, 1e300],
  [1e300, 1.0000000000000002e300],
  [0, Number.MIN_VALUE],
  [-5e-324, 5e-324],
];

Deno.test("display: no hang for narrow or far-off ranges", async (t) => {
  await t.step("plot, explore and Figure.toSVG finish or name `range`", () => {
    for (const range of NARROW) {
      returnsOrNames(() => plot(sigmoid, { range }).toSVG());
      returnsOrNames(() => explore(elu, "alpha", range));
      const svg = new Figure({ data: [{ y: range }] }).toSVG();
      assertEquals(xmlError(svg), undefined);
      const f = new Figure({
        data: [{ x: range, y: range }],
        layout: { xaxis: { range }, yaxis: { range } },
      });
      assertEquals(xmlError(f.toSVG()), undefined);
    }
  });
  await t.step("issue 10's reproductions", () => {
    const svg = plot(sigmoid, { range: [1e10, 1e10 + 1e-5] }).toSVG();
    assertEquals(xmlError(svg), undefined);
    plot(sigmoid, { range: [1, 1 + 4.4e-16] }).toSVG();
    new Figure({ data: [{ y: [1e10, 1e10 + 1e-5] }] }).toSVG();
    const steps = explore(elu, "alpha", [1e10, 1e10 + 1e-5]).layout
      .sliders![0]!.steps!;
    assert(steps.length >= 2 && steps.length <= 40);
    const labels = steps.map((s) => s.label);
    assertEquals(new Set(labels).size, labels.length, "distinct labels");
  });
  await t.step("niceTicks: bounded, sorted, inside the interval", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: -5, max: 100 }),
        (a, b, target) => {
          const lo = Math.min(a, b), hi = Math.max(a, b);
          const { ticks } = niceTicks(lo, hi, target);
          assert(ticks.length <= 61);
          for (let i = 1; i < ticks.length; i++) {
            assert(ticks[i]! > ticks[i - 1]!, `not increasing: ${ticks}`);
          }
          if (hi > lo) {
            const slack = (hi / 2 - lo / 2) * 1e-6;
            for (const v of ticks) {
              assert(v >= lo - slack && v <= hi + slack, `${v} outside`);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  await t.step("property: any finite range, width down to one ulp", () => {
    const ulpRange = fc.tuple(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: 1, max: 1e6 }),
    ).map(([lo, k]) => {
      let hi = lo;
      for (let i = 0; i < Math.min(k, 3); i++) {
        hi = hi + Math.max(Math.abs(hi) * Number.EPSILON, Number.MIN_VALUE);
      }
      return [lo, k > 3 ? lo + Math.abs(lo || 1) * 1e-10 * k : hi] as [
        number,
        number,
      ];
    });
    const anyRange = fc.oneof(
      ulpRange,
      fc.tuple(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
    );
    fc.assert(
      fc.property(
        anyRange,
        fc.integer({ min: 2, max: 60 }),
        (range, points) => {
          returnsOrNames(() => {
            const fig = plot([sigmoid, relu], { range, points });
            assertEquals(xmlError(fig.toSVG()), undefined);
            for (const d of fig.data as Array<{ y: unknown[] }>) {
              assert(Array.isArray(d.y));
            }
          });
          returnsOrNames(() =>
            explore(elu, "alpha", [Math.abs(range[0]), Math.abs(range[1])], {
              points,
            }).toSVG()
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

Deno.test("display: huge ranges give numbers, never null data", () => {
  assertThrows(
    () => plot(sigmoid, { range: [-1e308, 1e308] }),
    RangeError,
    "`range`",
  );
  const fig = plot(sigmoid, { range: [-1e300, 1e300] });
  const f = fig.data[0] as { y: Array<number | null> };
  assert(f.y.every((v) => typeof v === "number"), "no null in f");
});

const HOSTILE_MD = "x$$ <img src=x onerror=alert(1)> $$y";

Deno.test("display: no markup from the input in Markdown", async (t) => {
  await t.step("issue 10's reproductions", () => {
    const cases = [
      formula({ id: "x", label: "x", formula: { f: HOSTILE_MD } }),
      formula({
        id: "x",
        label: "x",
        formula: { f: "x" },
        params: { a: 1 },
        paramSpecs: {
          a: {
            default: 1,
            symbol: "a$ <img src=x onerror=alert(1)> $",
            description: "d",
            explore: [0, 1],
          },
        },
      }),
      formula({
        id: "x\n\n<img src=x onerror=alert(1)>",
        label: "x",
        formula: { f: "x" },
        params: { "p\n\n<img src=x onerror=alert(1)>": 1 },
      }),
    ];
    for (const card of cases) {
      const md = card.toMarkdown();
      assert(!md.includes("<"), md);
      assertOurMarkup(card.toHTML(), "card");
    }
  });
  await t.step("TeX that cannot be made safe is escaped text", () => {
    assertEquals(safeTex("a$b"), undefined);
    assertEquals(safeTex("a\n\nb"), undefined);
    assertEquals(safeTex("{".repeat(100)), undefined);
    assertEquals(safeTex("a<b>c"), "a\\lt b\\gt c");
    const md = formula({ id: "x", label: "x", formula: { f: HOSTILE_MD } })
      .toMarkdown();
    assertStringIncludes(md, "x\\$\\$ &lt;img");
  });
  await t.step("property: arbitrary strings in every text field", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constantFrom(
        "\n\n<img src=x onerror=alert(1)>",
        "$$<script>alert(1)</script>$$",
        "`code`\n\n<b>",
        "\u0000\u0001\uFFFE\uFFFF\uD800",
        "data-actlab-plotly=",
        "</script><!--",
      ),
    ).map((s) => "a" + s); // non-empty: an empty field is left out
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        text,
        text,
        (id, label, tex, pname, sym, desc) => {
          const card = formula({
            id,
            label,
            description: desc,
            formula: { f: tex, df: sym },
            params: { [pname]: 1 },
            paramSpecs: {
              [pname]: {
                default: 1,
                symbol: sym,
                description: desc,
                explore: [0, 1],
              },
            },
            references: [{ authors: label, title: desc, url: id }],
          });
          const md = card.toMarkdown();
          assert(!md.includes("<"), `raw < in Markdown: ${JSON.stringify(md)}`);
          // User text adds no lines: same line count as a plain source.
          const plain = formula({
            id: "i",
            label: "l",
            description: "d",
            formula: { f: "f", df: "g" },
            params: { p: 1 },
            paramSpecs: {
              p: { default: 1, symbol: "s", description: "d", explore: [0, 1] },
            },
            references: [{ authors: "a", title: "t", url: "u" }],
          }).toMarkdown();
          assertEquals(md.split("\n").length, plain.split("\n").length);
          assertOurMarkup(card.toHTML(), "card");
        },
      ),
      { numRuns: 200 },
    );
  });
  await t.step("escapeMarkdown leaves no line break and no <", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const md = escapeMarkdown(s);
        assert(!/[<\n\r]/.test(md));
      }),
    );
  });
});

Deno.test("display: no markup from the input in charts", async (t) => {
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.constantFrom(
      "<img src=x onerror=alert(1)>",
      "\u0001\u001f\uFFFE\uFFFF\uDC00x\uD800",
      `<script data-actlab-plotly="4.1.1">`,
      "]]><!--",
    ),
  );
  await t.step("property: titles, names, labels, parameter names", () => {
    fc.assert(
      fc.property(text, text, text, (title, label, pname) => {
        const act = textUnit({
          name: label,
          param: pname,
          description: title,
          f: title,
          df: label,
        });
        const figs = [
          plot(act, { title }),
          compare([act, sigmoid], { title }),
          explore(act, pname, [0, 2], { steps: 3, title }),
          jacobianHeatmap([1, 2], { title }),
          new Figure({
            data: [{ type: "scatter", x: [0, 1], y: [0, 1], name: label }],
            layout: {
              title: { text: title },
              xaxis: { title: { text: pname } },
            },
          }),
        ];
        for (const fig of figs) {
          assertEquals(xmlError(fig.toSVG()), undefined);
          for (const mode of ["inline", "cdn", "static"] as const) {
            const h = inMode(
              mode,
              () => fig.toHTMLFragment({ mode, includePlotly: false }),
            );
            assertOurMarkup(h, mode);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
  await t.step(
    "C0 controls and lone surrogates keep the SVG well-formed",
    () => {
      const title = "a\u0001b\u000bc\uFFFEd\uFFFFe\uD800f";
      const svg = plot(sigmoid, { title }).toSVG();
      assertEquals(xmlError(svg), undefined);
      assertStringIncludes(svg, "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf");
    },
  );
});

Deno.test("display: plotly.js delivery is not changed by user text", () => {
  for (
    const text of ["data-actlab-plotly=", `<script data-actlab-plotly="4">`]
  ) {
    const pageHtml = plot(sigmoid, { title: text }).toHTML({ title: text });
    assertEquals(
      pageHtml.match(/<script data-actlab-plotly="[^"]+">/g)?.length,
      1,
      "plotly.js inlined once",
    );
    const body = html`<p>${text}</p>`.value;
    assertMatch(page("t", body), /<script data-actlab-plotly="[^"]+">/);
  }
  // A body that carries our element gets no second copy.
  const carrier = `<script data-actlab-plotly="4.1.1">/**/</script>`;
  assertEquals(
    page("t", carrier).match(/<script data-actlab-plotly=/g)?.length,
    1,
  );
});

Deno.test("display: unknown options are rejected, naming them", () => {
  const fig = plot(sigmoid);
  const cases: Array<[() => unknown, string]> = [
    [() => plot(sigmoid, { titel: "x" } as never), '"titel"'],
    [() => compare([sigmoid], { colour: 1 } as never), '"colour"'],
    [() => explore(elu, "alpha", [0, 1], { step: 3 } as never), '"step"'],
    [() => jacobianHeatmap([1, 2], { temp: 2 } as never), '"temp"'],
    [() => fig.toHTMLFragment({ mode: "bogus" } as never), "`mode`"],
    [() => fig.toHTMLFragment({ modes: "inline" } as never), '"modes"'],
    [() => fig.toHTML({ titel: "x" } as never), '"titel"'],
    [() => fig.toSVG({ widht: 3 } as never), '"widht"'],
    [() => configure({ plotly: "inline", extra: 1 } as never), '"extra"'],
    [() => gallery({ activation: [] } as never), '"activation"'],
    [() => page("t", "", { plotly: "inline", x: 1 } as never), '"x"'],
    [() => new Figure({ data: [], layot: {} } as never), '"layot"'],
    [() => new Figure({ data: {} } as never), "`init.data`"],
  ];
  for (const [fn, name] of cases) {
    const e = assertThrows(fn);
    assert(e instanceof TypeError || e instanceof RangeError, String(e));
    assertStringIncludes((e as Error).message, name);
  }
});

Deno.test("display: show() rejects unknown options before writing", async () => {
  let threw = false;
  try {
    await show(plot(sigmoid), { dri: "/tmp" } as never);
  } catch (e) {
    threw = e instanceof TypeError && e.message.includes('"dri"');
  }
  assert(threw);
});

Deno.test("display: property: arbitrary option objects", () => {
  const value = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer({ min: -10, max: 10000 }),
    fc.string({ maxLength: 8 }),
    fc.constantFrom("inline", "cdn", "static", "mimetype"),
    fc.tuple(fc.double(), fc.double()),
    fc.array(fc.double(), { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );
  const key = fc.constantFrom(
    "range",
    "points",
    "derivative",
    "title",
    "width",
    "height",
    "steps",
    "temperature",
    "mode",
    "includePlotly",
    "plotly",
    "toString",
    "constructor",
    "__proto__",
    "bogus",
  );
  const opts = fc.dictionary(key, value, { maxKeys: 4 });
  fc.assert(
    fc.property(opts, (o) => {
      returnsOrNames(() => plot(sigmoid, o as never));
      returnsOrNames(() => compare([sigmoid, tanh], o as never));
      returnsOrNames(() => explore(elu, "alpha", undefined, o as never));
      returnsOrNames(() => jacobianHeatmap([1, 2, 3], o as never));
      returnsOrNames(() => plot(relu).toHTMLFragment(o as never));
      returnsOrNames(() => plot(relu).toSVG(o as never));
      try {
        returnsOrNames(() => configure(o as never));
      } finally {
        configure({ plotly: "inline" });
      }
    }),
    { numRuns: 200 },
  );
});

Deno.test("display: ids never collide", async (t) => {
  await t.step("clip-path ids differ for charts of different heights", () => {
    const a = plot(sigmoid, { height: 300 }).toSVG();
    const b = plot(sigmoid, { height: 500 }).toSVG();
    const id = (s: string) => s.match(/<clipPath id="([^"]+)"/)![1]!;
    assertNotEquals(id(a), id(b));
  });
  await t.step(
    "gradient ids differ for heat maps with different scales",
    () => {
      const id = (s: string) => s.match(/<linearGradient id="([^"]+)"/)![1]!;
      const a = jacobianHeatmap([1, 2]).toSVG();
      const b = new Figure({
        data: [{
          type: "heatmap",
          z: [[0, 1], [1, 0]],
          zmin: -0.1875,
          zmax: 0.1875,
          colorscale: [[0, "#000000"], [1, "#ffffff"]],
        } as never],
      }).toSVG();
      assertNotEquals(id(a), id(b));
    },
  );
  await t.step("element ids carry a per-process nonce", () => {
    const h = plot(sigmoid).toHTMLFragment({ mode: "static" });
    assertMatch(PROCESS_NONCE, /^[0-9a-f]{6}$/);
    assertStringIncludes(h, `id="actlab-fig-${PROCESS_NONCE}-`);
  });
  await t.step('gallery anchors for "a b" and "a_b" differ', () => {
    const mk = (id: string) =>
      defineActivation<Record<string, never>>({
        id,
        label: id,
        params: {},
        kernels: () => ({ f: (x) => x, df: () => 1 }),
        formula: () => ({ f: "x", df: "1" }),
        traits: () => sigmoid.traits,
        description: "",
        references: [],
      });
    const g = gallery({ activations: [mk("a b"), mk("a_b")], plotly: "cdn" });
    const anchors = [...g.matchAll(/<section class="actlab-act" id="([^"]+)"/g)]
      .map((m) => m[1]);
    assertEquals(anchors.length, 2);
    assertNotEquals(anchors[0], anchors[1]);
  });
});

Deno.test("display: helpful messages", () => {
  assertThrows(
    () => gallery({ activations: [1 as never] }),
    TypeError,
    "`activations[0]` must be an Activation: current value is 1",
  );
  assertThrows(
    () =>
      formula({
        id: "x",
        label: "x",
        formula: { f: "x" },
        params: { a: "1" as never },
      }),
    TypeError,
    "`source.params.a` must be a number",
  );
  assertThrows(
    () => formula({ id: "x", label: "x", formula: { f: 1 as never } }),
    TypeError,
    "`source.formula.f`",
  );
  assertEquals(softmaxDerivation(new Float64Array([1, 2])).a, [1, 2]);
  const e = assertThrows(() => configure([] as never), TypeError);
  assertMatch(
    (e as Error).message,
    /^`options` must be an object: current value is .+/,
  );
  // Thousands of nested braces: no stack overflow, the escaped source shows.
  const deep = "{".repeat(5000) + "x" + "}".repeat(5000);
  const card = formula({ id: "d", label: "d", formula: { f: deep } });
  assertStringIncludes(card.toHTML(), "actlab-tex-error");
  assert(!card.toMarkdown().includes("$$"));
});

Deno.test("display: jumps are breaks over any range, f(0) on top", async (t) => {
  const jumpy = [relu, leakyRelu, prelu, selu, elu.with({ alpha: 2 })];
  for (const range of [[-4, 3], [-4, 4], [-1.7, 2.3], [-3, 5]] as const) {
    await t.step(`f′ over [${range}]`, () => {
      for (const a of jumpy) {
        const fig = plot(a, { range: [range[0], range[1]] });
        type Tr = {
          mode: string;
          x?: number[];
          x0?: number;
          dx?: number;
          y: Array<number | null>;
          marker?: { color: string };
        };
        const df = (fig.data as Tr[])[1]!;
        const xs = df.x ??
          df.y.map((_, i) => df.x0! + i * df.dx!);
        // No segment joins the two sides of 0.
        for (let i = 1; i < df.y.length; i++) {
          const [y0, y1] = [df.y[i - 1], df.y[i]];
          if (
            y0 === null || y0 === undefined || y1 === null || y1 === undefined
          ) continue;
          assert(
            !(xs[i - 1]! < 0 && xs[i]! > 0),
            `${a.id}: a segment crosses 0 at [${xs[i - 1]}, ${xs[i]}]`,
          );
          assert(
            Math.abs(y1 - y0) <
              0.5 * Math.abs(a.derivative(1) - a.derivative(-1)),
          );
        }
      }
    });
  }
  await t.step("step: f jumps, the sample on 0 is left out", () => {
    const f = plot(step, { range: [-4, 3] }).data[0] as { y: unknown[] };
    assert(f.y.includes(null));
  });
  await t.step("smooth functions have no breaks", () => {
    for (const a of [sigmoid, tanh]) {
      for (const d of plot(a, { range: [-40, 30] }).data.slice(0, 2)) {
        assert(!(d as { y: unknown[] }).y.includes(null), a.id);
      }
    }
  });
  await t.step("filled f(0) markers come after open f′(0) markers", () => {
    for (const fig of [plot([relu, elu]), compare([relu, elu, sigmoid])]) {
      type M = { mode: string; marker: { color: string } };
      const markers = (fig.data as M[]).filter((d) => d.mode === "markers");
      const open = markers.map((m) => m.marker.color === "#ffffff");
      const firstFilled = open.indexOf(false);
      assert(open.slice(firstFilled).every((o) => !o), String(open));
    }
  });
});

Deno.test("display: one colour per activation, by id, in every chart", () => {
  type L = { mode: string; name: string; line?: { color: string } };
  const colorIn = (fig: Figure, name: string) =>
    (fig.data as L[]).find((d) =>
      d.mode === "lines" && d.name.startsWith(name)
    )!
      .line!.color;
  for (const a of [relu, elu, sigmoid]) {
    const c = colorOf(a.id);
    assertEquals(colorIn(plot(a), a.label), c);
    assertEquals(colorIn(plot([tanh, a]), a.label), c);
    assertEquals(colorIn(compare([a, tanh, step]), a.label), c);
    assertEquals(colorIn(compare(registry), a.label), c);
  }
  assertEquals(colorIn(explore(elu, "alpha"), "ELU"), colorOf("elu"));
  const all = registry.map((a) => colorOf(a.id));
  assertEquals(new Set(all).size, all.length, "registry colours distinct");
  // The same activation twice gets two colours in one chart.
  const twice = compare([elu, elu.with({ alpha: 2 })]);
  assertNotEquals(colorIn(twice, "ELU (α=1)"), colorIn(twice, "ELU (α=2)"));
});

Deno.test("display: the static picture is an <img> with words, responsive", () => {
  const h = plot(sigmoid).toHTMLFragment({ mode: "static" });
  assertMatch(
    h,
    /^<div class="actlab-figure" id="[^"]+" style="width:100%;max-width:100%;box-sizing:border-box"><img class="actlab-static" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]+" style="display:block;width:100%;max-width:100%;height:auto;margin:0"><\/div>$/,
  );
  const alt = h.match(/alt="([^"]+)"/)![1]!;
  assertStringIncludes(alt, "Chart: Sigmoid.");
  assertStringIncludes(alt, "for x from −5 to 5");
  assertStringIncludes(alt, "Curves: Sigmoid; Sigmoid′.");
  const [svg] = staticSvgs(h);
  assertMatch(svg!, /viewBox="0 0 720 440"/);
  assertEquals(xmlError(svg!), undefined);
  // No fixed width on the live chart: it follows its container.
  for (
    const fig of [
      plot(sigmoid),
      compare(registry),
      explore(elu, "alpha"),
      jacobianHeatmap([1, 2]),
    ]
  ) {
    assertEquals(fig.layout.width, undefined);
  }
  assertEquals(plot(sigmoid, { width: 500 }).layout.width, 500);
});

Deno.test("display: mod.ts publishes the public names only", () => {
  assertEquals(Object.keys(display).sort(), [
    "Figure",
    "compare",
    "configure",
    "explore",
    "formula",
    "jacobianHeatmap",
    "plot",
    "show",
    "softmaxDerivation",
  ]);
});

Deno.test("html`` escapes every interpolation but trusted ones", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (s) => {
      const out = html`<p title="${s}">${s}${[s, s]}</p>`.value;
      assert(!/<(?!\/?p\b)/.test(out), out);
      assertEquals(xmlError(out), undefined);
    }),
  );
  assertEquals(html`${trusted("<b>")}`.value, "<b>");
});
