/**
 * Keeps `mod.ts` and the documented public surface in step (in the spirit
 * of denoland/std's `_tools/check_mod_exports.ts`): imports `mod.ts` and
 * each public subpath, compares their runtime export names with the lists
 * below, and fails naming every extra or missing name.
 *
 * The lists are DESIGN.md's "Exports from mod.ts" — the one place in the
 * repository that says what is public at runtime. Adding a public name
 * means adding it here (and to DESIGN.md), on purpose.
 *
 * Run by `deno task check` and `deno task test` (tests/tools/run_all.ts);
 * alone: `deno run -A tests/tools/check_mod_exports.ts`.
 *
 * @module
 */

/** Runtime names `mod.ts` exports (types are not runtime names). */
export const MOD_EXPORTS: readonly string[] = [
  // elementwise activations (DESIGN.md's table)
  "step",
  "sign",
  "sigmoid",
  "tanh",
  "relu",
  "leakyRelu",
  "prelu",
  "elu",
  "selu",
  "softplus",
  "silu",
  "gelu",
  "mish",
  "relu6",
  "hardSigmoid",
  "hardTanh",
  "hardSwish",
  "softsign",
  "logSigmoid",
  "celu",
  // math beyond the elementwise activations
  "softmax",
  "logSoftmax",
  "logsumexp",
  "PReLU",
  "gradcheck",
  "activations",
  // display
  "plot",
  "compare",
  "explore",
  "formula",
  "jacobianHeatmap",
  "softmaxDerivation",
  "show",
  "configure",
  "Figure",
];

/** Runtime names of each public subpath (deno.json "exports"). */
export const SUBPATH_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  "./special": ["erf", "erfc", "erfcx", "normalCdf", "normalPdf"],
  "./gradcheck": ["gradcheck", "gradcheckVector"],
  "./prelu-layer": ["PReLU"],
  "./wasm": [
    "allocate",
    "release",
    "isResident",
    "setWasmEnabled",
    "wasmStatus",
  ],
};

/** What differs between a module's runtime exports and its list. */
export interface ExportDiff {
  /** Exported but not listed. */
  readonly extra: string[];
  /** Listed but not exported. */
  readonly missing: string[];
}

/**
 * Compare actual export names with the documented ones.
 *
 * @param actual The module namespace's keys.
 * @param expected The documented list.
 * @returns The extra and the missing names, sorted.
 */
export function diffExports(
  actual: readonly string[],
  expected: readonly string[],
): ExportDiff {
  const want = new Set(expected);
  const have = new Set(actual);
  return {
    extra: [...have].filter((n) => !want.has(n)).sort(),
    missing: [...want].filter((n) => !have.has(n)).sort(),
  };
}

/**
 * Check `mod.ts` and the subpaths against the lists.
 *
 * @returns One line per problem; empty when everything matches.
 */
export async function checkModExports(): Promise<string[]> {
  const root = new URL("../../", import.meta.url);
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", root)),
  ) as { exports: Record<string, string> };
  const problems: string[] = [];
  const entries: [string, readonly string[]][] = [
    [".", MOD_EXPORTS],
    ...Object.entries(SUBPATH_EXPORTS),
  ];
  const listed = new Set(entries.map(([sub]) => sub));
  for (const sub of Object.keys(config.exports)) {
    if (!listed.has(sub)) {
      problems.push(
        `deno.json exports "${sub}", which tests/tools/check_mod_exports.ts does not list`,
      );
    }
  }
  for (const [sub, expected] of entries) {
    const target = config.exports[sub];
    if (target === undefined) {
      problems.push(`deno.json has no "${sub}" export`);
      continue;
    }
    const ns = await import(new URL(target, root).href);
    const { extra, missing } = diffExports(Object.keys(ns), expected);
    const where = sub === "." ? "mod.ts" : `"${sub}" (${target})`;
    for (const n of extra) {
      problems.push(
        `${where} exports \`${n}\`, which is not in the documented list: make it internal or list it`,
      );
    }
    for (const n of missing) {
      problems.push(`${where} does not export the documented \`${n}\``);
    }
  }
  return problems;
}

if (import.meta.main) {
  const problems = await checkModExports();
  if (problems.length > 0) {
    for (const p of problems) console.error(`error: ${p}`);
    Deno.exit(1);
  }
  console.log(
    `mod.ts: ${MOD_EXPORTS.length} runtime exports, as documented; subpaths ${
      Object.keys(SUBPATH_EXPORTS).join(", ")
    } as documented`,
  );
}
