/**
 * `deno task demo`: prints a table of every activation (f and f′ at a few
 * points, and the traits), then writes the offline gallery page
 * (`out/gallery.html` by default) and prints where it is and its size.
 *
 * ```sh
 * deno task demo                       # table + out/gallery.html
 * deno task demo --out out/page.html   # another file (inside out/)
 * deno task demo --no-color
 * ```
 *
 * @module
 */
import type { Activation } from "./activation.ts";
import { activations } from "./activations/mod.ts";
import { rangeText, saturationText } from "./display/formula.ts";
import { gallery } from "./display/gallery.ts";

/** The x values of the table. */
const POINTS: readonly number[] = [-2, 0, 2];

/** Parsed command line. */
interface CliOptions {
  readonly out: string;
  readonly color: boolean;
}

function parseArgs(args: readonly string[]): CliOptions {
  let out = "out/gallery.html";
  let color = Deno.stdout.isTerminal() &&
    Deno.env.get("NO_COLOR") === undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--out" || arg === "-o") {
      const next = args[++i];
      if (next === undefined) throw new TypeError("`--out` needs a path");
      out = next;
    } else if (arg.startsWith("--out=")) {
      out = arg.slice("--out=".length);
    } else if (arg === "--no-color") {
      color = false;
    } else if (arg === "--help" || arg === "-h") {
      console.log(
        "usage: deno task demo [--out out/gallery.html] [--no-color]",
      );
      Deno.exit(0);
    } else {
      throw new TypeError(`Unknown argument: ${JSON.stringify(arg)}`);
    }
  }
  return { out, color };
}

/** A number in a fixed width: 4 decimals, ±∞ and NaN spelled out. */
function cell(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  const s = v.toFixed(4);
  return s === "-0.0000" ? "0.0000" : s;
}

/** Terminal width of a string (every character here is one column wide). */
function width(s: string): number {
  return [...s].length;
}

/**
 * The table as lines of text, columns aligned: numbers right, text left.
 *
 * @param acts The activations.
 * @param color Whether to use ANSI bold/dim.
 * @returns The lines.
 */
function activationTable(
  acts: readonly Activation[],
  color = false,
): string[] {
  const yn = (b: boolean) => (b ? "yes" : "no");
  const header = [
    "activation",
    ...POINTS.map((x) => `f(${x})`),
    ...POINTS.map((x) => `f'(${x})`),
    "saturates",
    "monotonic",
    "f' monotonic",
    "E f(Z)",
    "zero-centred",
    "range",
    "smoothness",
  ];
  const numeric = new Set(
    header.map((_, i) => i).filter((i) =>
      (i >= 1 && i <= 2 * POINTS.length) || header[i] === "E f(Z)"
    ),
  );
  const rows = acts.map((a) => [
    a.id,
    ...POINTS.map((x) => cell(a(x))),
    ...POINTS.map((x) => cell(a.derivative(x))),
    saturationText(a.traits),
    yn(a.traits.monotonic),
    yn(a.traits.derivativeMonotonic),
    a.traits.meanOutput === undefined ? "" : cell(a.traits.meanOutput),
    yn(a.traits.zeroCentered),
    rangeText(a),
    a.traits.smoothness,
  ]);
  const widths = header.map((h, i) =>
    Math.max(width(h), ...rows.map((r) => width(r[i]!)))
  );
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(widths[i]! - width(s));
    return numeric.has(i) ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  return [
    bold(line(header)),
    dim(widths.map((w) => "─".repeat(w)).join("  ")),
    ...rows.map(line),
  ];
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

async function main(args: readonly string[]): Promise<void> {
  const opts = parseArgs(args);
  console.log(
    `Activation Lab: ${activations.length} activations, f and f' at x = ${
      POINTS.join(", ")
    }\n`,
  );
  for (const l of activationTable(activations, opts.color)) console.log(l);
  console.log("");
  const html = gallery();
  const slash = Math.max(opts.out.lastIndexOf("/"), opts.out.lastIndexOf("\\"));
  if (slash > 0) {
    await Deno.mkdir(opts.out.slice(0, slash), { recursive: true });
  }
  await Deno.writeTextFile(opts.out, html);
  const size = (await Deno.stat(opts.out)).size;
  let where = opts.out;
  try {
    where = await Deno.realPath(opts.out);
  } catch {
    // keep the relative path
  }
  console.log(
    `Wrote ${where} (${
      humanSize(size)
    }): open it in a browser, no network needed.`,
  );
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (e) {
    if (
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    ) {
      console.error(
        `${
          (e as Error).message
        }\nThe demo writes only inside out/ (deno task demo grants --allow-write=out).`,
      );
    } else {
      console.error(e instanceof Error ? e.message : String(e));
    }
    Deno.exit(1);
  }
}
