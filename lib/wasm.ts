/**
 * Arrays that live in the WebAssembly kernels' memory, and the switch of
 * the WebAssembly path (the `./wasm` subpath).
 *
 * Typed arrays of 1024 elements or more run WebAssembly SIMD kernels; an
 * ordinary array is copied into the kernels' memory and the result copied
 * back, block by block. An array from {@linkcode allocate} already lives
 * there: an activation reads it and writes its result in place, with no
 * copy — for the piecewise-linear functions that copy is most of the time
 * (see the README's benchmark tables). Use it like any Float32Array or
 * Float64Array; give it back with {@linkcode release} when done.
 *
 * ```ts
 * import { allocate, release } from "./wasm.ts";
 * import { relu } from "../mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = allocate(Float32Array, 4096);
 * x.fill(-1).set([1.5, -2, 3]);
 * relu(x, x); // in place, inside wasm memory
 * assertEquals(Array.from(x.subarray(0, 4)), [1.5, 0, 3, 0]);
 * release(x);
 * ```
 *
 * Rules of the road:
 * - Results are the same, bit for bit, whether an array is resident or not.
 * - Views stay valid when the heap grows (the memory is exposed as a
 *   resizable `ArrayBuffer`). Where the host lacks that, or WebAssembly
 *   SIMD, `allocate` returns an ordinary array (and everything still works,
 *   with the copies).
 * - After `release`, the array's memory may be handed out again: like
 *   `free` in C, using the array afterwards reads and writes someone
 *   else's data. The array's `buffer` is the kernels' whole memory: views
 *   of it other than the arrays `allocate` returned (and their
 *   subarrays) are not supported.
 * - Memory is not returned to the system (WebAssembly memory cannot
 *   shrink); it is reused by later allocations. The heap holds at most
 *   about 2 GiB.
 * - Copy an array before sending it elsewhere (`x.slice()`): a structured
 *   clone or `postMessage` of a view copies its whole buffer, which here is
 *   the kernels' whole memory.
 *
 * @module
 */
import { Arena } from "./_wasm/_arena.ts";
import {
  loadInstance,
  setWasmEnabled as setEnabled,
  wasmEnabled,
} from "./_wasm/kernels.ts";
import { checkBoolean, checkNumber, typeError } from "./_validate.ts";

/** A float typed array the kernels compute in. */
export type KernelArray = Float32Array | Float64Array;

/** What {@linkcode wasmStatus} reports. */
export interface WasmStatus {
  /** The kernels compiled here (the host has WebAssembly SIMD). */
  readonly available: boolean;
  /** The WebAssembly path is on (see {@linkcode setWasmEnabled}). */
  readonly enabled: boolean;
  /** `allocate` hands out arrays in the kernels' memory. */
  readonly resident: boolean;
  /** Bytes the heap of resident arrays spans now. */
  readonly heapBytes: number;
  /** Bytes of it in arrays not yet released. */
  readonly liveBytes: number;
}

let arena: Arena | null | undefined;
/** Arrays allocate() returned as ordinary arrays (no resident heap). */
const plain = new WeakSet<object>();
/** The live resident arrays, by byte offset (release takes only these). */
const owners = new Map<number, KernelArray>();

function getArena(): Arena | null {
  if (arena !== undefined) return arena;
  const inst = loadInstance();
  arena = inst !== null && inst.resizable ? new Arena(inst) : null;
  return arena;
}

/**
 * A zero-filled Float32Array or Float64Array of `length` elements in the
 * WebAssembly kernels' memory: activations and their derivatives read and
 * write it there, without copies. An ordinary array where the host has no
 * WebAssembly SIMD or no resizable memory buffers.
 *
 * @param type `Float32Array` or `Float64Array`.
 * @param length Elements (an integer ≥ 0).
 * @returns The array.
 * @throws {TypeError} if `type` is another constructor.
 * @throws {RangeError} if `length` is not an integer ≥ 0 or the heap
 * cannot grow to hold it (about 2 GiB in all).
 *
 * @example Usage
 * ```ts
 * import { allocate, isResident, release } from "./wasm.ts";
 * import { assert, assertEquals } from "@std/assert";
 * const a = allocate(Float64Array, 3);
 * assertEquals(Array.from(a), [0, 0, 0]);
 * assert(isResident(a));
 * release(a);
 * ```
 */
export function allocate(
  type: Float32ArrayConstructor,
  length: number,
): Float32Array;
/**
 * A zero-filled Float64Array in the kernels' memory (see the Float32Array
 * overload).
 *
 * @param type `Float64Array`.
 * @param length Elements (an integer ≥ 0).
 * @returns The array.
 */
export function allocate(
  type: Float64ArrayConstructor,
  length: number,
): Float64Array;
export function allocate(
  type: Float32ArrayConstructor | Float64ArrayConstructor,
  length: number,
): KernelArray {
  if (type !== Float32Array && type !== Float64Array) {
    throw typeError("type", "Float32Array or Float64Array", type);
  }
  const size = type.BYTES_PER_ELEMENT;
  checkNumber("length", length, {
    integer: true,
    min: 0,
    max: Math.floor(Arena.MAX_BYTES / size),
  });
  const heap = getArena();
  if (heap === null) {
    const a = new type(length);
    plain.add(a);
    return a;
  }
  const offset = heap.allocate(length * size);
  if (offset < 0) {
    throw new RangeError(
      `\`length\` must fit the WebAssembly heap (${heap.heapBytes} bytes, ${heap.liveBytes} in use, at most ${Arena.MAX_BYTES}): current value is ${length}`,
    );
  }
  const a = new type(loadInstance()!.buffer, offset, length);
  a.fill(0); // released memory is reused
  owners.set(offset, a);
  return a;
}

/**
 * Give an array from {@linkcode allocate} back. Its memory may be handed
 * out again, so the array must not be used afterwards.
 *
 * @param array The very array `allocate` returned (not a subarray).
 * @throws {TypeError} if `array` is not a live array from `allocate` (for
 * example, released already).
 *
 * @example Usage
 * ```ts
 * import { allocate, release } from "./wasm.ts";
 * import { assertThrows } from "@std/assert";
 * const a = allocate(Float32Array, 10);
 * release(a);
 * assertThrows(() => release(a), TypeError);
 * ```
 */
export function release(array: KernelArray): void {
  const what = "an array returned by allocate() and not yet released";
  if (!(array instanceof Float32Array || array instanceof Float64Array)) {
    throw typeError("array", what, array);
  }
  if (plain.has(array)) {
    plain.delete(array);
    return;
  }
  const heap = getArena();
  if (heap === null || owners.get(array.byteOffset) !== array) {
    throw typeError("array", what, array);
  }
  owners.delete(array.byteOffset);
  heap.release(array.byteOffset);
}

/**
 * Whether `array` is a view of the WebAssembly kernels' memory (an array
 * from {@linkcode allocate} or a subarray of one).
 *
 * @param array Anything.
 * @returns True if so.
 *
 * @example Usage
 * ```ts
 * import { allocate, isResident } from "./wasm.ts";
 * import { assert } from "@std/assert";
 * assert(isResident(allocate(Float32Array, 8).subarray(2)));
 * assert(!isResident(new Float32Array(8)));
 * ```
 */
export function isResident(array: unknown): boolean {
  const inst = loadInstance();
  return inst !== null && inst.resizable && ArrayBuffer.isView(array) &&
    array.buffer === inst.buffer;
}

/**
 * Turn the WebAssembly path off (every activation then runs its
 * JavaScript loops, resident arrays included) or back on: for comparisons
 * and benchmarks.
 *
 * @param on False to turn it off.
 * @throws {TypeError} if `on` is not a boolean.
 *
 * @example Usage
 * ```ts
 * import { setWasmEnabled, wasmStatus } from "./wasm.ts";
 * import { assertEquals } from "@std/assert";
 * setWasmEnabled(false);
 * assertEquals(wasmStatus().enabled, false);
 * setWasmEnabled(true);
 * ```
 */
export function setWasmEnabled(on: boolean): void {
  setEnabled(checkBoolean("on", on));
}

/**
 * The state of the WebAssembly path and of the heap of resident arrays.
 *
 * @returns The status.
 *
 * @example Usage
 * ```ts
 * import { wasmStatus } from "./wasm.ts";
 * import { assert } from "@std/assert";
 * const s = wasmStatus();
 * assert(s.liveBytes <= s.heapBytes);
 * ```
 */
export function wasmStatus(): WasmStatus {
  const inst = loadInstance();
  const heap = getArena();
  return {
    available: inst !== null,
    enabled: wasmEnabled(),
    resident: heap !== null,
    heapBytes: heap?.heapBytes ?? 0,
    liveBytes: heap?.liveBytes ?? 0,
  };
}
