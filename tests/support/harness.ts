/**
 * Test harness for the parts that need outside tools (Jupyter, Chromium):
 * detect the tool; without it, skip with a visible notice — unless `CI` is
 * set, where a missing tool is a failing test.
 *
 * @module
 */

/** Is the environment variable `CI` set to something truthy? */
export const IN_CI: boolean = (() => {
  const v = Deno.env.get("CI");
  return v !== undefined && v !== "" && v !== "0" &&
    v.toLowerCase() !== "false";
})();

/**
 * Run a command and report whether it exited 0 (false if it is missing).
 *
 * @param cmd The executable.
 * @param args Its arguments.
 * @returns True when it ran and succeeded.
 */
export async function commandWorks(
  cmd: string,
  args: string[],
): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(cmd, {
      args,
      stdout: "null",
      stderr: "null",
    })
      .output();
    return success;
  } catch {
    return false;
  }
}

/**
 * Gate a group of tests on a tool.
 *
 * @param tool What is needed, for the messages (e.g. "Chromium").
 * @param available Whether it was found.
 * @param hint How to install it.
 * @returns `{ ignore }` to spread into `Deno.test` definitions.
 */
export function requireTool(
  tool: string,
  available: boolean,
  hint: string,
): { ignore: boolean } {
  if (available) return { ignore: false };
  if (IN_CI) {
    Deno.test(`${tool} is available (required when CI is set)`, () => {
      throw new Error(
        `${tool} is missing and CI is set, so these tests may not skip: ${hint}`,
      );
    });
    return { ignore: true };
  }
  console.warn(
    `%cSKIPPING the ${tool} tests: ${tool} was not found (${hint}). Under CI=true they fail instead.`,
    "color: #b58900; font-weight: bold",
  );
  return { ignore: true };
}

/** Path of the Chromium executable, if present. */
export const CHROMIUM: string = Deno.env.get("CHROMIUM_PATH") ??
  "/usr/bin/chromium";

/** Is Chromium runnable here? */
export function chromiumAvailable(): Promise<boolean> {
  return commandWorks(CHROMIUM, ["--version"]);
}

/** Can Jupyter execute notebooks with the Deno kernel here? */
export async function jupyterAvailable(): Promise<boolean> {
  if (!(await commandWorks("jupyter-nbconvert", ["--version"]))) return false;
  const home = Deno.env.get("HOME") ?? "/root";
  for (
    const dir of [
      `${home}/.local/share/jupyter/kernels/deno`,
      "/usr/local/share/jupyter/kernels/deno",
      "/usr/share/jupyter/kernels/deno",
    ]
  ) {
    try {
      await Deno.stat(`${dir}/kernel.json`);
      return true;
    } catch { /* try the next */ }
  }
  return false;
}
