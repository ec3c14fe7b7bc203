/**
 * The display layer: figures, mime bundles per mode, escaping, ids, plotly.js
 * delivery and sizes. Chromium rendering is in browser_test.ts.
 */
import {
  assert,
  assertEquals,
  assertFalse,
  assertMatch,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { elu } from "../lib/activations/elu.ts";
import { relu } from "../lib/activations/relu.ts";
import { sigmoid } from "../lib/activations/sigmoid.ts";
import { tanh } from "../lib/activations/tanh.ts";
import { step } from "../lib/activations/step.ts";
import { softsign } from "../lib/activations/softsign.ts";
import { configure, getConfig } from "../lib/display/config.ts";
import { Figure, figureBundle, page } from "../lib/display/figure.ts";
import {
  elementId,
  escapeHtml,
  resetElementIds,
  scriptJson,
} from "../lib/display/_text.ts";
import {
  compare,
  explore,
  jacobianHeatmap,
  plot,
  roundSig,
} from "../lib/display/plot.ts";
import {
  PLOTLY_CDN_URL,
  PLOTLY_VERSION,
  plotlySource,
} from "../lib/display/_plotly_source.ts";
import { CARRIER_TYPE, resetCarriers } from "../lib/display/_plotly_loader.ts";
import { figureToSVG, niceTicks } from "../lib/display/_svg.ts";
import { activations as registry } from "../lib/activations/mod.ts";
import { gallery } from "../lib/display/gallery.ts";
import { PALETTE } from "../lib/display/_theme.ts";
import { show } from "../lib/display/show.ts";
import { textUnit } from "./support/custom_units.ts";

const DISPLAY = Symbol.for("Jupyter.display");
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const HOSTILE = `</script><img src=x onerror=alert(1)>`;

/** The SVG documents embedded as data URLs in some HTML. */
function staticSvgs(html: string): string[] {
  return [...html.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map(
    (m) =>
      new TextDecoder().decode(
        Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)),
      ),
  );
}

type Trace = {
  type?: string;
  mode?: string;
  name?: string;
  y?: unknown[];
  visible?: boolean;
  line?: { dash?: string; color?: string };
};

function bundleOf(x: unknown): Record<string, unknown> {
  return (x as { [DISPLAY](): Record<string, unknown> })[DISPLAY]();
}

/** Run `fn` in a mode, with a fresh plotly.js session, restoring inline. */
function inMode<T>(
  mode: "inline" | "cdn" | "mimetype" | "static",
  fn: () => T,
): T {
  const before = getConfig().plotly;
  configure({ plotly: mode });
  resetCarriers();
  try {
    return fn();
  } finally {
    configure({ plotly: before });
  }
}

/** The HTML with every plotly.js copy (raw or compressed) cut out. */
function withoutPlotly(html: string): string {
  return html.replace(
    /<script data-actlab-plotly[^>]*>[\s\S]*?<\/script>/g,
    "<!--plotly-->",
  ).replace(
    /<script type="application\/x-actlab-plotly-gzip"[^>]*>[^<]*<\/script>/g,
    "<!--plotly.gz-->",
  );
}

Deno.test("escapeHtml() and scriptJson()", async (t) => {
  await t.step("basic", () => {
    assertEquals(
      escapeHtml(HOSTILE),
      "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
    );
    assertEquals(escapeHtml(`"'&`), "&quot;&#39;&amp;");
  });
  await t.step("scriptJson escapes <, U+2028, U+2029 and round-trips", () => {
    const value = { a: HOSTILE, b: "x\u2028y\u2029z", c: "<!-- -->" };
    const json = scriptJson(value);
    assertFalse(/[<\u2028\u2029]/.test(json));
    assert(json.includes("\\u003c/script>"));
    assert(json.includes("\\u2028") && json.includes("\\u2029"));
    assertEquals(JSON.parse(json), value);
  });
  await t.step("errors", () => {
    assertThrows(() => scriptJson(undefined), TypeError, "`value`");
  });
});

Deno.test("elementId()", async (t) => {
  await t.step("deterministic across runs and distinct per repeat", () => {
    resetElementIds();
    const a = [
      elementId("fig", "one"),
      elementId("fig", "one"),
      elementId("fig", "two"),
    ];
    resetElementIds();
    const b = [
      elementId("fig", "one"),
      elementId("fig", "one"),
      elementId("fig", "two"),
    ];
    assertEquals(a, b);
    assertEquals(new Set(a).size, 3);
    assertMatch(a[0]!, /^fig-[0-9a-f]{6}-[0-9a-f]{8}$/);
  });
  await t.step("prefix is sanitised", () => {
    assertMatch(elementId(`"><x`, "c"), /^x-[0-9a-f]{6}-[0-9a-f]{8}$/);
  });
  await t.step("a chart's HTML is identical across runs", () => {
    const run = () =>
      inMode("static", () => {
        resetElementIds();
        return bundleOf(plot(sigmoid))["text/html"];
      });
    assertEquals(run(), run());
  });
});

Deno.test("configure()", async (t) => {
  await t.step("basic", () => {
    assertEquals(configure({ plotly: "static" }).plotly, "static");
    assertEquals(configure({}).plotly, "static");
    assertEquals(configure({ plotly: "inline" }).plotly, "inline");
  });
  await t.step("errors", () => {
    assertThrows(
      () => configure({ plotly: "svg" as never }),
      RangeError,
      "`plotly` must be one of",
    );
    assertThrows(
      () => configure({ plotly: "svg" as never }),
      RangeError,
      '"svg"',
    );
    assertThrows(() => configure(null as never), TypeError, "`options`");
    assertEquals(getConfig().plotly, "inline");
  });
});

Deno.test("plot()", async (t) => {
  await t.step(
    "f solid, f′ dashed, one colour per activation, names with parameters",
    () => {
      const fig = plot([sigmoid, elu.with({ alpha: 2 })]);
      const lines = fig.data.filter((d) =>
        (d as Trace).mode === "lines"
      ) as Trace[];
      assertEquals(lines.map((d) => d.name), [
        "Sigmoid",
        "Sigmoid′",
        "ELU (α=2)",
        "ELU′ (α=2)",
      ]);
      assertEquals(lines.map((d) => d.line?.dash), [
        "solid",
        "dash",
        "solid",
        "dash",
      ]);
      assertEquals(lines[0]!.line!.color, lines[1]!.line!.color);
      assert(lines[0]!.line!.color !== lines[2]!.line!.color);
      assertEquals(lines[0]!.y!.length, 401);
    },
  );
  await t.step("values and the convention at 0", () => {
    const fig = plot(sigmoid, { range: [-1, 1], points: 3 });
    // Lines, then the open f′(0) marker, then the filled f(0) marker on top.
    const [f, df, df0, f0] = fig.data as Trace[];
    assertEquals(f!.y, [0.268941, 0.5, 0.731059]);
    assertEquals(df!.y, [0.196612, 0.25, 0.196612]);
    assertEquals(f0!.y, [0.5]);
    assertEquals(df0!.y, [0.25]);
  });
  await t.step("a jump leaves a gap at 0 and the marker shows f(0)", () => {
    const [f, , , f0] = plot(step, { range: [-1, 1], points: 3 })
      .data as Trace[];
    assertEquals(f!.y, [0, null, 1]);
    assertEquals(f0!.y, [0.5]);
  });
  await t.step("derivative: false puts f′ in the hover only", () => {
    const fig = plot(relu, { derivative: false });
    const lines = fig.data.filter((d) => (d as Trace).mode === "lines");
    assertEquals(lines.length, 1);
    assert("customdata" in lines[0]!);
  });
  await t.step("errors", () => {
    assertThrows(
      () => plot(sigmoid, { range: [1, -1] }),
      RangeError,
      "`range`",
    );
    assertThrows(() => plot(sigmoid, { range: [0, NaN] }), RangeError, "NaN");
    assertThrows(() => plot(sigmoid, { points: 1 }), RangeError, "`points`");
    assertThrows(() => plot(sigmoid, { points: 2.5 }), RangeError, "2.5");
    assertThrows(
      () => plot(sigmoid, { derivative: "yes" as never }),
      TypeError,
      "`derivative`",
    );
    assertThrows(
      () => plot(sigmoid, { title: 3 as never }),
      TypeError,
      "`title`",
    );
    assertThrows(() => plot(Math.sin as never), TypeError, "`activation`");
    assertThrows(() => plot([]), RangeError, "`activation`");
  });
});

Deno.test("plot(): f″ with secondDerivative (issue 12)", async (t) => {
  await t.step("dotted, same colour, named with U+2033, values of f″", () => {
    const fig = plot(sigmoid, {
      range: [-1, 1],
      points: 3,
      secondDerivative: true,
    });
    const lines = (fig.data as Trace[]).filter((d) => d.mode === "lines");
    assertEquals(lines.map((d) => d.name), [
      "Sigmoid",
      "Sigmoid′",
      "Sigmoid″",
    ]);
    assertEquals(lines.map((d) => d.line?.dash), ["solid", "dash", "dot"]);
    assertEquals(lines[2]!.line!.color, lines[0]!.line!.color);
    assertEquals(
      lines[2]!.y,
      [-1, 0, 1].map((x) => roundSig(sigmoid.secondDerivative(x))),
    );
    // the open marker at (0, f″(0)), under the filled f(0) one
    const markers = (fig.data as Trace[]).filter((d) => d.mode === "markers");
    assertEquals(markers.map((d) => d.y), [[0.25], [0], [0.5]]);
    assertEquals(fig.layout.yaxis?.title, {
      text: "f(x), f′(x), f″(x)",
      font: { size: 14 },
    });
  });
  await t.step("default unchanged: no f″", () => {
    const names = (plot(elu).data as Trace[]).map((d) => d.name ?? "");
    assertFalse(names.some((n) => n.includes("″")));
    assertEquals(
      (plot(elu, { secondDerivative: false }).data as Trace[]).length,
      (plot(elu).data as Trace[]).length,
    );
  });
  await t.step("f″ alone, with derivative: false", () => {
    const lines = (plot(elu, { derivative: false, secondDerivative: true })
      .data as Trace[]).filter((d) => d.mode === "lines");
    assertEquals(lines.map((d) => d.name), ["ELU (α=1)", "ELU″ (α=1)"]);
  });
  await t.step("a jump of f″ is a break, as for f′ (softsign″ at 0)", () => {
    const fig = plot(softsign, {
      range: [-1, 1],
      points: 5,
      secondDerivative: true,
    });
    const [f, df, d2f] = (fig.data as Trace[]).filter((d) =>
      d.mode === "lines"
    );
    assertFalse(f!.y!.includes(null));
    assertFalse(df!.y!.includes(null));
    assertEquals(d2f!.y![2], null);
    assertEquals(d2f!.y!.filter((v) => v === null).length, 1);
    // ELU″ jumps from 1 to 0 at 0: the break is there too
    const elu2 =
      (plot(elu, { range: [-1, 1], points: 5, secondDerivative: true })
        .data as Trace[]).filter((d) => d.mode === "lines")[2]!;
    assertEquals(elu2.y![2], null);
  });
  await t.step("legend names: defaults of multi-parameter units hidden", () => {
    const names = (a: Parameters<typeof plot>[0]) =>
      (plot(a, { secondDerivative: true }).data as Trace[])
        .filter((d) => d.mode === "lines").map((d) => d.name);
    assertEquals(names(relu), ["ReLU", "ReLU′", "ReLU″"]);
    assertEquals(names(relu.with({ maxValue: 6 }))[2], "ReLU″ (m=6)");
    const gelu = registry.find((a) => a.id === "gelu")!;
    assertEquals(names(gelu)[0], "GELU");
    assertEquals(
      names(gelu.with({ approximate: 1 }))[2],
      "GELU″ (approximate=tanh)",
    );
    assertEquals(names(elu)[0], "ELU (α=1)"); // one parameter: always shown
  });
  await t.step("bad values are rejected by name", () => {
    assertThrows(
      () => plot(elu, { secondDerivative: "yes" as never }),
      TypeError,
      "`secondDerivative`",
    );
    assertThrows(
      () => plot(elu, { derivatives: ["d2f"] } as never),
      TypeError,
      "derivatives",
    );
    assertThrows(
      () => compare([elu], { secondDerivative: true } as never),
      TypeError,
      "secondDerivative",
    );
  });
  await t.step("the static SVG draws the f″ line and names it", () => {
    const svg = plot(elu, { secondDerivative: true }).toSVG();
    assertStringIncludes(svg, "ELU″ (α=1)");
    assertStringIncludes(svg, "stroke-dasharray");
  });
});

Deno.test("compare()", async (t) => {
  await t.step("buttons for f, f′, f″ and f with f′ (issue 12)", () => {
    const fig = compare([sigmoid, tanh, relu]);
    const menu = fig.layout.updatemenus![0]!;
    // short labels: four buttons and the title fit at 360 px
    assertEquals(menu.buttons!.map((b) => b.label), ["f", "f′", "f″", "f, f′"]);
    const data = fig.data as Trace[];
    const visible = data.map((d) => d.visible);
    // f lines and the filled f(0) markers: 3 + 3
    assertEquals(visible.filter(Boolean).length, 6);
    const show = (k: number) =>
      (menu.buttons![k]!.args![0] as { visible: boolean[] }).visible;
    const names = (k: number) =>
      data.filter((_, i) => show(k)[i] && data[i]!.mode === "lines")
        .map((d) => d.name);
    assertEquals(show(0), visible);
    assertEquals(names(1), ["Sigmoid′", "Tanh′", "ReLU′"]);
    assertEquals(names(2), ["Sigmoid″", "Tanh″", "ReLU″"]);
    assertEquals(names(3), [
      "Sigmoid",
      "Sigmoid′",
      "Tanh",
      "Tanh′",
      "ReLU",
      "ReLU′",
    ]);
    // every trace is in exactly one of the f, f′, f″ views
    data.forEach((_, i) =>
      assertEquals([0, 1, 2].filter((k) => show(k)[i]).length, 1)
    );
    const f2 = data.find((d) => d.name === "Sigmoid″")!;
    assertEquals(f2.line!.dash, "dot");
    assertEquals(
      (menu.buttons![2]!.args![1] as Record<string, string>)[
        "yaxis.title.text"
      ],
      "f″(x)",
    );
  });
  await t.step("all 20 activations: distinct colours, legend below", () => {
    assert(PALETTE.length >= 20);
    assertEquals(
      new Set(PALETTE.map((c) => c.toLowerCase())).size,
      PALETTE.length,
    );
    assertEquals(registry.length, 20);
    const fig = compare(registry);
    type Line = { mode: string; line: { color: string; dash: string } };
    const solid = (fig.data as Line[]).filter((d) =>
      d.mode === "lines" && d.line.dash === "solid"
    );
    assertEquals(solid.length, 20);
    assertEquals(new Set(solid.map((d) => d.line.color)).size, 20);
    // Below the plot in wrapping rows: inside the chart at any width.
    const legend = fig.layout.legend!;
    assertEquals(legend.orientation, "h");
    assert((legend.y as number) < 0);
    assertEquals(fig.layout.width, undefined);
    const svg = fig.toSVG();
    const g = svg.match(/<g class="legend">.*?<\/g>/)![0];
    assertEquals(g.match(/<line /g)?.length, 20);
    const [lx, ly, lw] = [
      ...g.match(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)"/)!.slice(1),
    ].map(Number);
    assert(lx! >= 0 && lx! + lw! <= 720, `legend x ${lx}, width ${lw}`);
    const frameBottom = Number(fig.layout.height) -
      (fig.layout.margin!.b as number);
    assert(ly! > frameBottom, `legend at ${ly}, frame ends at ${frameBottom}`);
    assertThrows(
      () => compare([...registry, ...registry].slice(0, PALETTE.length + 1)),
      RangeError,
      "`activations`",
    );
  });
  await t.step("gallery shows one compare chart of all 20", () => {
    const html = gallery({ plotly: "cdn" });
    const charts = html.match(/"legendgroup"/g)?.length ?? 0;
    assert(charts > 0);
    assertStringIncludes(html, "20 activations");
    const imgs = html.match(/<img [^>]*alt="Chart: 20 activations\./g);
    assertEquals(imgs?.length, 1);
  });
  await t.step("errors", () => {
    assertThrows(() => compare(sigmoid as never), TypeError, "`activations`");
    assertThrows(
      () => compare([sigmoid, 1 as never]),
      TypeError,
      "`activations[1]`",
    );
  });
});

Deno.test("explore()", async (t) => {
  await t.step("precomputed slider steps", () => {
    const fig = explore(elu, "alpha", [0, 2], { steps: 5 });
    const slider = fig.layout.sliders![0]!;
    assertEquals(slider.steps!.length, 5);
    assertEquals(slider.active, 2);
    const args = slider.steps![4]!.args![0] as {
      y: unknown[][];
      name: string[];
    };
    assertEquals(args.y.length, 4); // f, f′, f(0), f′(0)
    assertEquals(args.name[0], "ELU (α=2)");
    assertEquals(args.y[3], [2]); // ELU′(0) = α
  });
  await t.step("round default steps that include the current value", () => {
    const leaky = registry.find((a) => a.id === "leakyRelu")!;
    const slider = explore(leaky, "slope", [0, 0.5]).layout.sliders![0]!;
    const labels = slider.steps!.map((s) => s.label);
    assertEquals(labels.slice(0, 4), ["0", "0.01", "0.05", "0.1"]);
    assertEquals(labels[labels.length - 1], "0.5");
    assertEquals(slider.active, 1); // opens on slope 0.01, not on plain ReLU
    const eluSteps = explore(elu, "alpha", [0, 3]).layout.sliders![0]!.steps!;
    assertEquals(eluSteps.map((s) => s.label).slice(0, 3), [
      "0",
      "0.25",
      "0.5",
    ]);
    assertEquals(eluSteps.length, 13);
  });
  await t.step("errors", () => {
    assertThrows(() => explore(elu, "beta"), TypeError, '"alpha"');
    assertThrows(() => explore(elu, "alpha", [2, 1]), RangeError, "`range`");
    assertThrows(() => explore(elu, "alpha", [-1, 1]), RangeError, "`range`");
    assertThrows(
      () => explore(elu, "alpha", [0, 1], { steps: 1 }),
      RangeError,
      "`steps`",
    );
  });
});

Deno.test("mode bar and title do not overlap", () => {
  for (
    const fig of [
      plot(sigmoid),
      compare([sigmoid, tanh]),
      explore(elu, "alpha"),
      jacobianHeatmap([1, 2]),
    ]
  ) {
    assertEquals(fig.config.displayModeBar, "hover");
    // The mode bar takes the top ~30 px; the title needs ~20 below it.
    assert((fig.layout.margin!.t as number) >= 70);
  }
  const title = plot(sigmoid).layout.title as { yref: string; yanchor: string };
  assertEquals([title.yref, title.yanchor], ["paper", "bottom"]);
});

Deno.test("jacobianHeatmap() axis titles read as words", () => {
  const fig = jacobianHeatmap([1, 2, 3]);
  const text = (a: unknown) => (a as { title: { text: string } }).title.text;
  assertEquals(text(fig.layout.yaxis), "row i");
  assertEquals(text(fig.layout.xaxis), "column j");
  const svg = fig.toSVG();
  assertStringIncludes(svg, ">row i</text>");
  assertStringIncludes(svg, ">column j</text>");
});

Deno.test("jacobianHeatmap()", async (t) => {
  await t.step("diag(S) − SSᵀ", () => {
    const fig = jacobianHeatmap([0, Math.log(3)]);
    const z = (fig.data[0] as { z: number[][] }).z;
    // S = [1/4, 3/4]: J = [[3/16, −3/16], [−3/16, 3/16]]
    assertEquals(z, [[0.1875, -0.1875], [-0.1875, 0.1875]]);
  });
  await t.step("errors", () => {
    assertThrows(() => jacobianHeatmap([]), RangeError, "`a`");
    assertThrows(
      () => jacobianHeatmap([1, Infinity]),
      RangeError,
      "`a[1]`",
    );
    assertThrows(() => jacobianHeatmap("12" as never), TypeError, "`a`");
  });
});

Deno.test("figureBundle() per mode", async (t) => {
  const fig = () => plot(sigmoid);
  await t.step(
    "inline: plotly JSON, HTML with SVG and script, no http URL",
    () => {
      const b = inMode("inline", () => bundleOf(fig()));
      assertEquals(Object.keys(b).sort(), [
        PLOTLY_MIME,
        "text/html",
        "text/plain",
      ]);
      const html = b["text/html"] as string;
      assert(
        html.includes(
          '<img class="actlab-static" src="data:image/svg+xml;base64,',
        ),
      );
      assert(html.includes("newPlot"));
      assert(
        html.includes(
          `<script type="${CARRIER_TYPE}" data-version="${PLOTLY_VERSION}">`,
        ),
      );
      // Outside the plotly.js source (whose strings mention links it never
      // fetches for these charts) the only URL is the SVG namespace.
      assertEquals(
        withoutPlotly(html).replaceAll("http://www.w3.org/2000/svg", "").match(
          /https?:/g,
        ),
        null,
      );
      assertFalse(html.includes("<script src="));
      assertMatch(b["text/plain"] as string, /^Figure "Sigmoid": 4 traces/);
    },
  );
  await t.step(
    "inline: a compressed copy in two of every sixteen charts, a loader in all",
    () => {
      inMode("inline", () => {
        const htmls = [sigmoid, tanh, relu, elu].map((a) =>
          bundleOf(plot(a))["text/html"] as string
        );
        assertEquals(
          htmls.map((h) => h.includes(`<script type="${CARRIER_TYPE}"`)),
          [true, true, false, false],
        );
        assert(htmls.every((h) => h.includes("__actlabPlotly")));
        // the carrier is most of a carrying chart (663 kB of 700–800 kB)
        assert(htmls[0]!.length - htmls[2]!.length > 600_000);
        // re-rendering a chart that carried a copy carries it again
        const again = bundleOf(plot(sigmoid))["text/html"] as string;
        assert(again.includes(`<script type="${CARRIER_TYPE}"`));
      });
    },
  );
  await t.step("cdn: exactly the CDN URL", () => {
    const html = inMode("cdn", () => bundleOf(fig())["text/html"] as string);
    assertEquals(
      PLOTLY_CDN_URL,
      `https://cdn.plot.ly/plotly-cartesian-${PLOTLY_VERSION}.min.js`,
    );
    assertEquals(
      html.replaceAll("http://www.w3.org/2000/svg", "").match(
        /https?:\/\/[^\s"'<>]*/g,
      ),
      [PLOTLY_CDN_URL],
    );
    assertFalse(html.includes("data-actlab-plotly"));
    assertFalse(html.includes(`<script type="${CARRIER_TYPE}"`));
  });
  await t.step("mimetype: no HTML", () => {
    const b = inMode(
      "mimetype",
      () => figureBundle(fig(), { markdown: "$$x$$" }),
    );
    assertEquals(Object.keys(b).sort(), [
      PLOTLY_MIME,
      "text/markdown",
      "text/plain",
    ]);
  });
  await t.step("static: SVG and no script", () => {
    const b = inMode(
      "static",
      () =>
        figureBundle(fig(), { htmlBefore: "<p>A</p>", htmlAfter: "<p>B</p>" }),
    );
    assertEquals(Object.keys(b).sort(), ["text/html", "text/plain"]);
    const html = b["text/html"] as string;
    assert(html.startsWith('<p>A</p><div class="actlab-figure"'));
    assert(html.endsWith("<p>B</p>"));
    assert(html.includes("data:image/svg+xml;base64,"));
    assertFalse(html.includes("<script"));
  });
  await t.step("the plotly JSON is the figure", () => {
    const f = fig();
    const b = inMode("mimetype", () => bundleOf(f));
    assertEquals(b[PLOTLY_MIME], f.toJSON());
    assertEquals(JSON.parse(JSON.stringify(b[PLOTLY_MIME])).data.length, 4);
  });
});

Deno.test("escaping of hostile strings", async (t) => {
  // A user-defined activation with a hostile label, parameter name and symbol.
  const fake = textUnit({
    name: HOSTILE,
    param: HOSTILE,
    description: HOSTILE,
    f: HOSTILE,
    df: HOSTILE,
  });
  const figs: Record<string, Figure> = {
    plot: plot(fake, { title: HOSTILE }),
    compare: compare([fake, sigmoid], { title: HOSTILE }),
    explore: explore(fake, HOSTILE, [0, 2], { steps: 3 }),
    heatmap: jacobianHeatmap([1, 2], { title: HOSTILE }),
    raw: new Figure({
      data: [{ type: "scatter", x: [0, 1], y: [0, 1], name: HOSTILE }],
      layout: { title: { text: HOSTILE }, xaxis: { title: { text: HOSTILE } } },
    }),
  };
  for (const [name, fig] of Object.entries(figs)) {
    await t.step(name, () => {
      for (const mode of ["inline", "cdn", "static"] as const) {
        const html = withoutPlotly(
          inMode(mode, () => bundleOf(fig)["text/html"] as string),
        );
        assertFalse(
          html.includes("<img src=x"),
          `${mode}: raw <img> in HTML`,
        );
        for (const svg of staticSvgs(html)) {
          assertFalse(svg.includes("<img"), `${mode}: raw <img> in the SVG`);
        }
        const scripts = html.match(/<script[\s\S]*?<\/script>/g) ?? [];
        for (const s of scripts) {
          assertFalse(s.slice(8, -9).includes("</script"));
        }
      }
      const svg = fig.toSVG();
      assertFalse(svg.includes("<img"));
      assert(svg.includes("&lt;img src=x onerror=alert(1)&gt;"));
      const pageHtml = withoutPlotly(fig.toHTML({ title: HOSTILE }));
      assertFalse(pageHtml.includes("<img src=x"));
      assert(pageHtml.includes(`<title>${escapeHtml(HOSTILE)}</title>`));
    });
  }
});

Deno.test("Figure", async (t) => {
  await t.step("toJSON, toString, errors", () => {
    const fig = new Figure({ data: [], layout: { title: { text: "T" } } });
    assertEquals(Object.keys(fig.toJSON()).sort(), [
      "config",
      "data",
      "layout",
    ]);
    assertEquals(String(fig), 'Figure "T": 0 traces ()');
    assertThrows(() => new Figure({} as never), TypeError, "`init.data`");
  });
  await t.step("toHTML: standalone, plotly.js once, offline", () => {
    resetCarriers();
    const html = plot(sigmoid).toHTML();
    assert(html.startsWith("<!DOCTYPE html>"));
    assertEquals(html.split("data-actlab-plotly=").length - 1, 1);
    assertEquals(
      withoutPlotly(html).replaceAll("http://www.w3.org/2000/svg", "").match(
        /https?:/g,
      ),
      null,
    );
    assertFalse(html.includes(`<script type="${CARRIER_TYPE}"`)); // the head has it
  });
  await t.step(
    "page() with cdn, and a body that carries plotly.js already",
    () => {
      assert(page("x", "").includes("data-actlab-plotly"));
      assertEquals(page("x", "", { plotly: "cdn" }).match(/https:[^"]*/g), [
        PLOTLY_CDN_URL,
      ]);
      const body = inMode(
        "inline",
        () => bundleOf(plot(relu))["text/html"] as string,
      );
      // a body with compressed copies still gets the raw copy in the head
      // (a standalone page must not depend on DecompressionStream)
      assertEquals(page("x", body).split("data-actlab-plotly=").length - 1, 1);
      assertThrows(
        () => page("x", "", { plotly: "static" as never }),
        RangeError,
        "`plotly`",
      );
    },
  );
});

Deno.test("static SVG", async (t) => {
  await t.step("nice ticks", () => {
    assertEquals(niceTicks(-5, 5).ticks, [-4, -2, 0, 2, 4]);
    assertEquals(niceTicks(0, 1, 5).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  await t.step("lines, dashes, markers, legend", () => {
    const svg = plot([sigmoid, elu]).toSVG();
    assertEquals(
      svg.match(/<path d="M[^"]*" fill="none" stroke="#/g)?.length,
      4,
    );
    assertEquals(svg.match(/stroke-dasharray/g)?.length, 4); // 2 curves + 2 legend samples
    assertEquals(svg.match(/<circle/g)?.length, 4);
    assert(svg.includes(">ELU′ (α=1)</text>"));
    assert(svg.includes("\u22124")); // true minus sign on ticks
  });
  await t.step("heatmap with colour bar and values", () => {
    const svg = jacobianHeatmap([1, 2, 3]).toSVG();
    assertEquals(
      svg.match(
        /<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="rgb/g,
      )?.length,
      9,
    );
    assert(svg.includes("linearGradient"));
  });
  await t.step("log axes: powers of ten, non-positive values dropped", () => {
    const xs = [0.5, 1, 2, 3, 4, 5];
    const svg = figureToSVG({
      data: [
        { type: "scatter", x: xs, y: xs.map((x) => 10 ** -x) },
        {
          type: "scatter",
          mode: "lines+markers",
          x: xs,
          y: [1, 0, -1, 1e-2, 1e-3, 1e-4],
        },
      ],
      layout: { yaxis: { type: "log" }, showlegend: false },
    });
    assert(!svg.includes("NaN"));
    for (
      const label of ["10\u207B\u00B9", "10\u207B\u00B3", "10\u207B\u2075"]
    ) {
      assertStringIncludes(svg, `>${label}</text>`);
    }
    assert(!/>0\.0<\/text>/.test(svg), "no linear ticks on a log axis");
    // The second trace breaks at 0 and −1: two runs, one of one point.
    const paths = svg.match(/<path d="(M[^"]*)" fill="none" stroke="#/g)!;
    assertEquals(paths.length, 2);
    assertEquals(paths[1]!.match(/M/g)?.length, 2);
    assertEquals(svg.match(/<circle/g)?.length, 4); // 6 markers, 2 dropped
    // Plotly gives a log axis's range in log10 units.
    const ranged = figureToSVG({
      data: [{ type: "scatter", x: [1, 1000], y: [1, 2] }],
      layout: { xaxis: { type: "log", range: [0, 3] } },
    });
    for (const label of ["1", "10", "10\u00B2", "10\u00B3"]) {
      assertStringIncludes(ranged, `>${label}</text>`);
    }
  });
  await t.step("legend placement and showlegend", () => {
    const data = [
      { type: "scatter", x: [0, 1], y: [0, 1], name: "a" },
      { type: "scatter", x: [0, 1], y: [1, 0], name: "b" },
    ];
    const legendRect = (layout: unknown) => {
      const svg = figureToSVG({ data, layout });
      const m = svg.match(
        /<g class="legend"><rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/,
      );
      return m ? m.slice(1).map(Number) : undefined;
    };
    // Default: top-left inside the plot (70, 24 margins).
    const [x0, y0] = legendRect({})!;
    assert(x0! < 100 && y0! < 60);
    // Horizontal, below the plot: one row, below the frame's bottom (440 − 58).
    const [, hy, hw, hh] = legendRect({
      legend: {
        orientation: "h",
        x: 0.5,
        xanchor: "center",
        y: -0.15,
        yanchor: "top",
      },
    })!;
    assert(hy! > 440 - 58, `legend top ${hy}`);
    assertEquals(hh, 30); // one row
    assert(hw! > 2 * 40);
    // Bottom-right inside.
    const [bx, by, bw, bh] = legendRect({
      legend: { x: 0.99, y: 0.01, xanchor: "right", yanchor: "bottom" },
    })!;
    assert(Math.abs(bx! + bw! - (720 - 24 - 0.01 * (720 - 24 - 70))) < 1);
    assert(Math.abs(by! + bh! - (440 - 58 - 0.01 * (440 - 58 - 24))) < 1);
    // Auto anchors: x > 2/3 anchors right.
    const [ax, , aw] = legendRect({ legend: { x: 1, y: 1 } })!;
    assert(Math.abs(ax! + aw! - (720 - 24)) < 1);
    assertEquals(legendRect({ showlegend: false }), undefined);
  });
  await t.step("short y titles stay upright", () => {
    const svg = figureToSVG({
      data: [{ type: "scatter", x: [0, 1], y: [0, 1] }],
      layout: { yaxis: { title: { text: "i" } } },
    });
    assertStringIncludes(svg, ">i</text>");
    assert(!svg.includes("rotate("));
  });
  await t.step("explicit size", () => {
    assert(
      figureToSVG({ data: [] }, { width: 300, height: 200 }).includes(
        'viewBox="0 0 300 200"',
      ),
    );
  });
});

Deno.test("sizes", async (t) => {
  await t.step("a typical chart's JSON stays small", () => {
    const one = JSON.stringify(plot(elu).toJSON()).length;
    const two = JSON.stringify(plot([sigmoid, tanh]).toJSON()).length;
    const cmp =
      JSON.stringify(compare([sigmoid, tanh, relu, elu]).toJSON()).length;
    const exp = JSON.stringify(explore(elu, "alpha").toJSON()).length;
    console.log(
      `chart JSON: plot(elu) ${one} B, plot 2 ${two} B, compare 4 ${cmp} B, explore ${exp} B`,
    );
    assert(one < 20_000, String(one));
    assert(two < 60_000, String(two));
    assert(cmp < 60_000, String(cmp));
    assert(exp < 80_000, String(exp));
  });
  await t.step("the plotly.js bundle", async () => {
    const src = await plotlySource();
    console.log(
      `plotly.js ${PLOTLY_VERSION} (cartesian): ${src.length} B inlined`,
    );
    assert(src.length > 500_000 && src.length < 4_000_000);
    assertFalse(src.includes("</script"));
  });
});

Deno.test("show() in a script writes a page", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await show(plot(relu), { dir });
    assert(path !== undefined && path.startsWith(dir));
    const html = await Deno.readTextFile(path);
    assert(html.includes("<svg") && html.includes("Plotly.newPlot"));
    assertEquals(html.split("data-actlab-plotly=").length - 1, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("importing the display module reads no plotly.js and touches no Deno.jupyter", async () => {
  const root = new URL("../", import.meta.url);
  const probe = `
    const reads = [];
    for (const name of ["readTextFile", "readTextFileSync", "readFile", "readFileSync", "open", "openSync"]) {
      const orig = Deno[name];
      Object.defineProperty(Deno, name, { value: (p, ...rest) => { reads.push(String(p)); return orig(p, ...rest); } });
    }
    const mods = Deno.args;
    for (const m of mods) await import(m);
    console.log(JSON.stringify({ reads: reads.filter((r) => r.includes("plotly")) }));
  `;
  const file = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(file, probe);
  try {
    const targets = [
      new URL("lib/display/mod.ts", root).href,
      new URL("mod.ts", root).href,
    ];
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--no-check",
        `--config=${new URL("deno.json", root).pathname}`,
        file,
        ...targets,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    if (!out.success && /Module not found/.test(stderr)) {
      console.warn(
        `skipped: mod.ts is not complete yet (${stderr.split("\n")[0]})`,
      );
      return;
    }
    assert(out.success, stderr);
    const result = JSON.parse(
      new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!,
    );
    // Reading Deno.jupyter outside the kernel throws, so the import above
    // succeeding shows it was not touched unguarded; and the only code that
    // mentions it is show()'s lookup, which runs when show() is called.
    assertEquals(result, { reads: [] });
    for await (const entry of Deno.readDir(new URL("lib/display/", root))) {
      if (!entry.name.endsWith(".ts") || entry.name === "show.ts") continue;
      const code =
        (await Deno.readTextFile(new URL(`lib/display/${entry.name}`, root)))
          .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      assertFalse(
        /Deno\s*\.\s*jupyter|["']jupyter["']\s+in\s+Deno/.test(code),
        entry.name,
      );
    }
  } finally {
    await Deno.remove(file);
  }
});
