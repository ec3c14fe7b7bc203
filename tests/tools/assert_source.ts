/**
 * Decides where `@std/assert` comes from for this run: the real package from
 * JSR when JSR answers, otherwise the local stand-in in
 * `tests/support/std_assert/` (same signatures and semantics for what the
 * suite uses). deno.json stays the one source of truth for imports: offline,
 * we write an import map that is deno.json's `imports` with only
 * `@std/assert` redirected, and pass it to deno with `--import-map`.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url);
const STANDIN = new URL("tests/support/std_assert/mod.ts", ROOT);

/** Which `@std/assert` a run uses, and the deno flags that select it. */
export interface AssertSource {
  /** "jsr" (the real package) or "stand-in" (offline). */
  readonly kind: "jsr" | "stand-in";
  /** Extra flags for `deno test` / `deno check`. */
  readonly flags: readonly string[];
  /** One line for the log. */
  readonly message: string;
}

/**
 * Does JSR answer? `ACTLAB_ASSERT=jsr|stand-in` forces one side.
 *
 * @returns True when the JSR registry answered within 5 s.
 */
export async function jsrReachable(): Promise<boolean> {
  const forced = Deno.env.get("ACTLAB_ASSERT");
  if (forced === "jsr") return true;
  if (forced === "stand-in") return false;
  try {
    const res = await fetch("https://jsr.io/@std/assert/meta.json", {
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Pick the source and, offline, write the import map.
 *
 * @returns The source and its flags.
 */
export async function assertSource(): Promise<AssertSource> {
  if (await jsrReachable()) {
    return {
      kind: "jsr",
      flags: [],
      message: "@std/assert: the real package from JSR (jsr:@std/assert@^1)",
    };
  }
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const imports = { ...config.imports, "@std/assert": STANDIN.href };
  // The package's own name resolves to its exports for doc tests.
  for (
    const [sub, target] of Object.entries(
      config.exports as Record<string, string>,
    )
  ) {
    const key = sub === "." ? config.name : `${config.name}/${sub.slice(2)}`;
    imports[key] = new URL(target, ROOT).href;
  }
  const dir = new URL("out/", ROOT);
  await Deno.mkdir(dir, { recursive: true });
  const path = new URL("offline_import_map.json", dir);
  await Deno.writeTextFile(path, JSON.stringify({ imports }, null, 2) + "\n");
  return {
    kind: "stand-in",
    flags: [`--import-map=${path.pathname}`],
    message:
      "@std/assert: JSR is unreachable, using the offline stand-in tests/support/std_assert/mod.ts",
  };
}

if (import.meta.main) {
  // `deno run -A tests/tools/assert_source.ts test tests/x_test.ts` runs
  // `deno test` with the right @std/assert.
  const src = await assertSource();
  console.error(src.message);
  const [cmd = "test", ...rest] = Deno.args;
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [cmd, ...src.flags, ...rest],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(code);
}
