import { assert, assertEquals } from "@std/assert";
import {
  checkModExports,
  diffExports,
  MOD_EXPORTS,
  SUBPATH_EXPORTS,
} from "./tools/check_mod_exports.ts";

Deno.test("diffExports()", () => {
  assertEquals(diffExports(["a", "b"], ["a", "b"]), { extra: [], missing: [] });
  assertEquals(diffExports(["b", "a", "ddExp"], ["a", "b", "c"]), {
    extra: ["ddExp"],
    missing: ["c"],
  });
});

Deno.test("mod.ts and the subpaths export exactly the documented names", async () => {
  assertEquals(await checkModExports(), []);
  // no duplicates, and internals never listed
  assertEquals(new Set(MOD_EXPORTS).size, MOD_EXPORTS.length);
  for (
    const name of [...MOD_EXPORTS, ...Object.values(SUBPATH_EXPORTS).flat()]
  ) {
    assert(!name.startsWith("_"), name);
    assert(
      !/^(describeValue|prepareOutput|checkParam|defineActivation|elementwise|isActivation|setActivationDisplayHook|JUPYTER_DISPLAY|productError|twoSum|mulExp|dd[A-Z]\w*)$/
        .test(name),
      `${name} is internal`,
    );
  }
});
