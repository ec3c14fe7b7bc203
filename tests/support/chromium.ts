/**
 * Headless Chromium for the render checks, driven through its own CLI
 * (`--dump-dom` after a virtual time budget): no browser download, no
 * driver. Shared by the display and notebook browser tests.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { CHROMIUM } from "./harness.ts";

export { CHROMIUM };

/** The flags every run uses (closed network, fresh profile per run). */
export function chromiumFlags(profile: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    `--user-data-dir=${profile}`,
  ];
}

/**
 * The DOM of `file` after scripts ran, or with scripts blocked. Chromium's
 * `--blink-settings=scriptEnabled=false` also stops `--dump-dom` (it
 * serialises through script), so "JavaScript off" is a copy of the page
 * whose Content-Security-Policy is `script-src 'none'`: no page script
 * runs, exactly what a no-JavaScript viewer sees.
 *
 * @param file Absolute path of an HTML file.
 * @param javascript Whether page scripts may run.
 * @param budgetMs Virtual time Chromium lets the page run before dumping.
 * @returns The serialised DOM.
 */
export async function dumpDom(
  file: string,
  javascript: boolean,
  budgetMs = 15000,
): Promise<string> {
  const profile = await Deno.makeTempDir({ prefix: "actlab-chromium-" });
  let target = file;
  if (!javascript) {
    target = file.replace(/\.html$/, ".nojs.html");
    const html = await Deno.readTextFile(file);
    const csp =
      `<meta http-equiv="Content-Security-Policy" content="script-src 'none'">`;
    await Deno.writeTextFile(
      target,
      /<head>/i.test(html)
        ? html.replace(/<head>/i, `<head>${csp}`)
        : csp + html,
    );
  }
  try {
    const out = await new Deno.Command(CHROMIUM, {
      args: [
        ...chromiumFlags(profile),
        "--window-size=1280,900",
        `--virtual-time-budget=${budgetMs}`,
        "--dump-dom",
        `file://${target}`,
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    const dom = new TextDecoder().decode(out.stdout);
    assert(dom.length > 1000, `Chromium returned no DOM for ${target}`);
    return dom;
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/**
 * How often `re` matches in `html`.
 *
 * @param html Text.
 * @param re A global regular expression.
 * @returns The number of matches.
 */
export function count(html: string, re: RegExp): number {
  return html.match(re)?.length ?? 0;
}

/** A Plotly graph div. */
export const PLOTLY_DIV: RegExp = /<div class="[^"]*\bjs-plotly-plot\b[^"]*"/g;
/** One of our static pictures: an `<img>` with an SVG data URL. */
export const STATIC_SVG: RegExp =
  /<img class="actlab-static" src="data:image\/svg\+xml;base64,/g;
/** One of our chart containers. */
export const FIGURE_DIV: RegExp = /<div class="actlab-figure"/g;

/**
 * Charts drawn by Plotly: graph divs that contain a `.main-svg`.
 *
 * @param dom A serialised DOM.
 * @returns The number of drawn charts.
 */
export function drawnCharts(dom: string): number {
  return dom.split(PLOTLY_DIV).slice(1).filter((part) =>
    /<svg[^>]*class="main-svg"/.test(part.slice(0, 4000))
  ).length;
}

/**
 * With page scripts blocked, no Plotly chart exists and each of the
 * `figures` charts shows its static SVG picture instead.
 *
 * @param file Absolute path of an HTML file.
 * @param figures How many charts the page holds.
 */
export async function assertStaticFallback(
  file: string,
  figures: number,
): Promise<void> {
  const dom = await dumpDom(file, false);
  assertEquals(count(dom, PLOTLY_DIV), 0, "no Plotly chart without JavaScript");
  assertEquals(count(dom, STATIC_SVG), figures, "static SVG pictures shown");
}
