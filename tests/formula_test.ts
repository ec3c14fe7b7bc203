import {
  assert,
  assertEquals,
  assertFalse,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { defineActivation } from "../lib/activation.ts";
import {
  activations,
  elu,
  leakyRelu,
  relu,
  relu6,
  selu,
  sigmoid,
  sign,
  silu,
  step,
} from "../lib/activations/mod.ts";
import { logSoftmax, softmax } from "../lib/softmax.ts";
import { formula, FormulaCard, rangeText } from "../lib/display/formula.ts";
import { texHtml } from "../lib/display/_tex.ts";
import { escapeHtml, safeTex } from "../lib/display/_text.ts";
import { softmaxDerivation } from "../lib/display/softmax_derivation.ts";
import "../lib/display/_activation_display.ts";
import { oddUnboundedTraits } from "./support/custom_units.ts";

const DISPLAY = Symbol.for("Jupyter.display");
const HOSTILE = `</script><img src=x onerror=alert(1)>`;

function bundleOf(x: unknown): Record<string, unknown> {
  return (x as { [DISPLAY](): Record<string, unknown> })[DISPLAY]();
}

const hostile = defineActivation<{ alpha: number }>({
  id: "hostile",
  label: HOSTILE,
  params: {
    alpha: {
      default: 1,
      min: 0,
      symbol: "\\alpha",
      description: HOSTILE,
      explore: [0, 2],
    },
  },
  kernels: ({ alpha }) => ({ f: (x) => alpha * x, df: () => alpha }),
  formula: () => ({
    f: "f(x) = \\alpha x \\href{javascript:alert(1)}{x}",
    df: "f'(x) = \\alpha",
  }),
  traits: () => oddUnboundedTraits(true),
  description: HOSTILE + " & *bold* $x$",
  references: [
    { authors: HOSTILE, title: HOSTILE, url: "javascript:alert(1)" },
    { authors: "A", title: "B", url: 'https://example.org/a"><img src=x>' },
  ],
});

Deno.test("texHtml(): the one typesetting function of the cards", async (t) => {
  const IMG = '<img src="data:image/svg+xml;base64,';
  await t.step("basic: an SVG picture with the LaTeX as alt", () => {
    const html = texHtml("\\frac{1}{2}", true).value;
    assert(html.startsWith(IMG), html.slice(0, 60));
    assertStringIncludes(html, 'alt="\\frac{1}{2}"');
    assertStringIncludes(html, "display:inline-block"); // display style
    assertFalse(texHtml("x").value.includes("display:inline-block"));
  });
  await t.step("primes: the source keeps them, the picture sets them", () => {
    // MathJax sets f' as f with a prime superscript, at the prime's own
    // size (the picture is the same on every machine: no font involved).
    for (
      const tex of ["f'(x)", "\\sigma'(x)", "f''(x)", "\\operatorname{ELU}'(x)"]
    ) {
      const html = texHtml(tex).value;
      assert(html.startsWith(IMG), tex);
      assertStringIncludes(html, `alt="${tex.replaceAll("'", "&#39;")}"`);
    }
    for (const a of [sigmoid, elu]) {
      assertStringIncludes(formula(a).toHTML(), "f&#39;(0)");
    }
  });
  await t.step("errors do not throw and are escaped", () => {
    const html = texHtml("\\frac{<b>}{").value;
    assert(!html.includes("<b>"));
    assertStringIncludes(html, "actlab-tex-error");
  });
});

Deno.test("formula()", async (t) => {
  await t.step("bundle mime keys", () => {
    const b = bundleOf(formula(sigmoid));
    assertEquals(Object.keys(b).sort(), [
      "text/html",
      "text/markdown",
      "text/plain",
    ]);
    assert(formula(sigmoid) instanceof FormulaCard);
  });
  await t.step("html carries SVG pictures with LaTeX alt, markdown $$", () => {
    const card = formula(sigmoid);
    assertStringIncludes(card.toHTML(), '<img src="data:image/svg+xml;base64,');
    assertStringIncludes(
      card.toHTML(),
      `alt="${escapeHtml(sigmoid.formula.f)}"`,
    );
    const md = card.toMarkdown();
    assertStringIncludes(md, `$$${sigmoid.formula.f}$$`);
    assertStringIncludes(md, `$$${sigmoid.formula.df}$$`);
  });
  await t.step(
    "f″ on every activation's card, HTML and Markdown (issue 12)",
    () => {
      for (const act of activations) {
        const card = formula(act);
        const html = card.toHTML();
        assertStringIncludes(html, ">second derivative</th>", act.id);
        // the three formulas in order: f, f′, f″
        const tags = [
          ...html.matchAll(/>(function|derivative|second derivative)<\/th>/g),
        ]
          .map((m) => m[1]);
        assertEquals(
          tags,
          ["function", "derivative", "second derivative"],
          act.id,
        );
        assertStringIncludes(
          card.toMarkdown(),
          `$$${safeTex(act.formula.d2f)}$$`,
          act.id,
        );
        assertEquals(card.atZero?.d2f, act.secondDerivative(0), act.id);
        assertStringIncludes(
          card.toMarkdown(),
          `$f''(0) = `,
          act.id,
        );
      }
      // softmax has no f″: its card is unchanged
      const soft = formula(softmax).toHTML();
      assertFalse(soft.includes("second derivative"));
      assertFalse(formula(softmax).toMarkdown().includes("f''"));
    },
  );
  await t.step("traits table rows", () => {
    const html = formula(sigmoid).toHTML();
    const table = html.slice(html.indexOf('class="actlab-traits"'));
    const rows = table.slice(0, table.indexOf("</table>")).match(/<tr[ >]/g) ??
      [];
    assertEquals(rows.length, 7);
    for (
      const name of [
        "Saturates",
        "Monotonic",
        "Derivative monotonic",
        "Zero-centred",
        "Mean output",
        "Range",
        "Smoothness",
      ]
    ) {
      assertStringIncludes(table, `>${name}</td>`);
      assertStringIncludes(formula(sigmoid).toMarkdown(), `| ${name} |`);
    }
  });
  await t.step("convention at 0 is computed", () => {
    const card = formula(elu.with({ alpha: 2 }));
    assertEquals(card.atZero, { f: 0, df: 2, d2f: 2 });
    assertStringIncludes(card.toMarkdown(), "$f'(0) = 2$");
    assertStringIncludes(card.toMarkdown(), "$f''(0) = 2$");
    assertStringIncludes(card.toPlain(), "alpha=2");
  });
  await t.step("parameters and references", () => {
    const html = formula(elu).toHTML();
    assertStringIncludes(html, "Parameters");
    assertStringIncludes(html, `href="https://arxiv.org/abs/1511.07289"`);
  });
  await t.step("range in interval notation", () => {
    assertEquals(rangeText(sigmoid), "(0, 1)");
    assertEquals(rangeText(relu), "[0, ∞)");
    assertEquals(rangeText(silu).slice(0, 2), "[−");
  });
  await t.step(
    "ranges: brackets from the definition, sets for step and sign (issue 13)",
    () => {
      const expected: Record<string, string> = {
        step: "{0, 0.5, 1}",
        sign: "{−1, 0, 1}",
        sigmoid: "(0, 1)",
        tanh: "(−1, 1)",
        relu: "[0, ∞)",
        leakyRelu: "(−∞, ∞)",
        prelu: "(−∞, ∞)",
        elu: "(−1, ∞)",
        selu: "(−1.7581, ∞)",
        softplus: "(0, ∞)",
        silu: "[−0.278465, ∞)",
        gelu: "[−0.169971, ∞)",
        mish: "[−0.308843, ∞)",
        relu6: "[0, 6]",
        hardSigmoid: "[0, 1]",
        hardTanh: "[−1, 1]",
        hardSwish: "[−0.375, ∞)",
        softsign: "(−1, 1)",
        logSigmoid: "(−∞, 0)",
        celu: "(−1, ∞)",
      };
      assertEquals(
        Object.fromEntries(activations.map((a) => [a.id, rangeText(a)])),
        expected,
      );
      assertEquals(
        rangeText(step.with({ alpha: -2, lambda: 4 })),
        "{−2, 1, 4}",
      );
      assertEquals(rangeText(relu.with({ maxValue: 6 })), "[0, 6]");
      assertEquals(rangeText(elu.with({ alpha: 0 })), "[0, ∞)");
      assertEquals(rangeText(leakyRelu.with({ slope: 0 })), "[0, ∞)");
      // relu6's top was printed "[0, 6)" when attainment was sampled on [−4, 4]
      assertStringIncludes(formula(relu6).toMarkdown(), "$[0, 6]$");
      assertStringIncludes(formula(sign).toMarkdown(), "| Values |");
      assertStringIncludes(formula(sign).toMarkdown(), "$\\{-1, 0, 1\\}$");
    },
  );
  await t.step("a switch shows its label next to its value", () => {
    const gelu = activations.find((a) => a.id === "gelu")!;
    assertStringIncludes(formula(gelu).toMarkdown(), "| 0 (none) |");
    assertStringIncludes(
      formula(gelu.with({ approximate: 1 })).toHTML(),
      ">1 (tanh)</td>",
    );
  });
  await t.step("saturation per side and the mean output (issue 13)", () => {
    const words: Record<string, string> = {
      sigmoid: "left and right",
      relu: "left",
      leakyRelu: "neither side",
      logSigmoid: "right",
      elu: "left",
    };
    for (const [id, w] of Object.entries(words)) {
      const act = activations.find((a) => a.id === id)!;
      assertStringIncludes(formula(act).toMarkdown(), `| Saturates | ${w} |`);
      assertStringIncludes(formula(act).toPlain(), `saturates ${w}`);
    }
    for (const act of activations) {
      const text = formula(act).toMarkdown() + formula(act).toPlain();
      assertFalse(text.includes("tail only"), act.id);
      assertFalse(text.includes("non-saturating"), act.id);
    }
    assertStringIncludes(
      formula(relu).toMarkdown(),
      "\\operatorname{E} f(Z) = 0.3989",
    );
    assertStringIncludes(formula(selu).toPlain(), "mean output 0,");
    assertStringIncludes(formula(elu).toPlain(), "mean output 0.1605");
  });
  await t.step("softmax-like objects", () => {
    const html = formula(softmax).toHTML();
    assertStringIncludes(html, "Jacobian");
    assertStringIncludes(html, '<img src="data:image/svg+xml;base64,');
    assertStringIncludes(formula(logSoftmax).toMarkdown(), "$$");
  });
  await t.step("hostile strings are escaped", () => {
    const card = formula(hostile);
    for (const out of [card.toHTML(), card.toMarkdown()]) {
      // our formula pictures are the only <img>: a data: SVG with an alt
      assert(
        !out.replace(
          /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"<>]*"/g,
          "",
        )
          .includes("<img"),
        "raw <img> tag",
      );
      assert(!out.includes("</script>"), "raw </script>");
      // (the TeX source may mention it as text; no link may point to it)
      assert(
        !/href=["']?javascript:|\]\(javascript:/i.test(out),
        "javascript: link",
      );
    }
    assertStringIncludes(
      card.toHTML(),
      "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
    );
    assert(
      !/<a [^>]*href/.test(
        card.toHTML().split("References")[1]!.split("</li>")[0]!,
      ),
    );
  });
  await t.step("errors", () => {
    assertThrows(() => formula({} as never), TypeError, "`source.id`");
    assertThrows(() => formula(null as never), TypeError, "`source`");
  });
});

Deno.test("activation display hook", async (t) => {
  await t.step("card and chart in one bundle", () => {
    const b = bundleOf(sigmoid);
    assert("application/vnd.plotly.v1+json" in b);
    const html = String(b["text/html"]);
    assertStringIncludes(html, "actlab-card");
    assertStringIncludes(html, '<img src="data:image/svg+xml;base64,');
    assertStringIncludes(html, "actlab-figure");
    assertStringIncludes(
      html,
      '<img class="actlab-static" src="data:image/svg+xml;base64,',
    );
    assert(html.indexOf("actlab-card") < html.indexOf("actlab-figure"));
    assertStringIncludes(String(b["text/markdown"]), "$$");
    assertStringIncludes(String(b["text/plain"]), "Sigmoid");
  });
  await t.step("hostile activation", () => {
    const b = bundleOf(hostile);
    const html = String(b["text/html"]);
    assert(!html.includes("<img src=x"), "raw <img> tag");
    assert(!/<\/script><img/i.test(html));
    assert(!String(b["text/markdown"]).includes("<img"));
  });
  await t.step("softmax shows its card and the Jacobian heatmap", () => {
    for (const f of [softmax, logSoftmax]) {
      const b = bundleOf(f);
      assert("application/vnd.plotly.v1+json" in b);
      const fig = b["application/vnd.plotly.v1+json"] as {
        data: { type?: string }[];
      };
      assertEquals(fig.data[0]!.type, "heatmap");
      assertStringIncludes(String(b["text/html"]), "actlab-card");
      assertStringIncludes(String(b["text/markdown"]), "$$");
    }
  });
});

Deno.test("softmaxDerivation()", async (t) => {
  await t.step("numeric check", () => {
    const d = softmaxDerivation();
    assert(d.maxAbsDiff < 1e-8, `max |J - J_fd| = ${d.maxAbsDiff}`);
    assert(d.passed);
    assertEquals(d.a, [1, 2, 0.5, -1]);
    const sum = d.s.reduce((p, q) => p + q, 0);
    assert(Math.abs(sum - 1) < 1e-15);
    assert(softmaxDerivation([3, -2, 0, 7, 1]).maxAbsDiff < 1e-8);
  });
  await t.step("the cases and the matrix form", () => {
    const d = softmaxDerivation([0, 1, 2]);
    const md = d.toMarkdown();
    assertStringIncludes(md, "Case $i = j$");
    assertStringIncludes(md, "Case $i \\neq j$");
    assertStringIncludes(md, "S_i\\,(1 - S_j)");
    assertStringIncludes(md, "-S_i\\,S_j");
    assertStringIncludes(md, "S_i\\,(\\delta_{ij} - S_j)");
    assertStringIncludes(md, "\\operatorname{diag}(S) - S\\,S^{\\top}");
    assertStringIncludes(md, "quotient");
    const b = bundleOf(d);
    assertEquals(Object.keys(b).sort(), [
      "text/html",
      "text/markdown",
      "text/plain",
    ]);
    assertStringIncludes(
      String(b["text/html"]),
      '<img src="data:image/svg+xml;base64,',
    );
    assertStringIncludes(String(b["text/html"]), "check passed");
    assertStringIncludes(String(b["text/plain"]), "check passed");
  });
  await t.step("matrices are compact: the matrix on its own line", () => {
    for (const n of [4, 5]) {
      const md = softmaxDerivation(
        Array.from({ length: n }, (_, i) => i / 2 - 1),
      ).toMarkdown();
      const blocks = md.match(/\$\$[^$]*\$\$/g)!;
      const fd = blocks.filter((b) => b.includes("J^{\\mathrm{fd}}"));
      assert(
        fd.some((b) => b.startsWith("$$J^{\\mathrm{fd}} = \\begin{bmatrix}")),
      );
      for (const b of blocks) {
        assert(!(b.includes("\\frac") && b.includes("bmatrix")), b);
        if (b.includes("bmatrix")) {
          // 4 decimals, nothing longer than "−0.1234".
          const entries = b.match(/-?\d+\.\d+/g)!;
          assert(entries.every((e) => e.replace("-", "").length <= 6), b);
        }
      }
    }
    const big = softmaxDerivation(Array.from({ length: 10 }, (_, i) => i / 3))
      .toMarkdown();
    assertStringIncludes(big, "{\\small \\begin{bmatrix}");
    assert(!/\d\.\d{4}/.test(big.slice(big.indexOf("bmatrix"))));
  });
  await t.step("errors", () => {
    assertThrows(() => softmaxDerivation([]), RangeError, "`a`");
    assertThrows(() => softmaxDerivation([1, NaN]), RangeError, "`a[1]`");
    assertThrows(
      () => softmaxDerivation(["1"] as never),
      TypeError,
      "`a[0]`",
    );
    // Float arrays are accepted as jacobianHeatmap accepts them.
    assertEquals(softmaxDerivation(new Float64Array([1, 2])).a, [1, 2]);
  });
});
