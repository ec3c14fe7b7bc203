/**
 * The shapes of the softmax family: reading a vector, nested arrays of any
 * depth or a flat array with a `shape`; normalising `axis`; the lanes (the
 * entries along the reduced axes) and where each lane lives; output
 * buffers of the input's form; masks and weights broadcast along leading
 * dimensions; and the overlap test between `out` and the inputs.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */
import {
  checkNumber,
  describeValue,
  rangeError,
  typeError,
} from "./_validate.ts";
import type { Data } from "./_softmax_kernels.ts";

/** A writable lane store: a plain array or a float typed array. */
export type Store = { [index: number]: number; readonly length: number };

type TypedCtor = new (n: number) => Store;

/** Float16Array where the engine has it (Deno 2.9 does), else undefined. */
const F16: TypedCtor | undefined =
  (globalThis as { Float16Array?: TypedCtor }).Float16Array;

const INTEGER_CTORS: readonly unknown[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
];

/**
 * The kind of result an input leaf gets: "array" for a plain array, the
 * constructor for Float64Array / Float32Array / Float16Array, Float64Array
 * for the integer typed arrays, or undefined when `x` is not numeric data
 * (BigInt64Array, DataView, anything else).
 */
export function resultKind(x: unknown): "array" | TypedCtor | undefined {
  if (Array.isArray(x)) return "array";
  if (!ArrayBuffer.isView(x)) return undefined;
  const ctor = (x as object).constructor;
  if (ctor === Float64Array || ctor === Float32Array) {
    return ctor as unknown as TypedCtor;
  }
  if (F16 !== undefined && ctor === F16) return F16;
  if (INTEGER_CTORS.includes(ctor)) {
    return Float64Array as unknown as TypedCtor;
  }
  return undefined;
}

/** A numeric typed array we read (not bigint, not DataView). */
export function isNumericTyped(x: unknown): boolean {
  return ArrayBuffer.isView(x) && resultKind(x) !== undefined;
}

/** Array or numeric typed array: what a row / `out` buffer can be. */
export function isRowLike(x: unknown): boolean {
  return Array.isArray(x) || isNumericTyped(x);
}

/** Name of a kind for messages. */
function kindName(k: "array" | TypedCtor): string {
  return k === "array" ? "an Array" : `a ${k.name}`;
}

/**
 * Data of some shape in row-major order: the concatenation of `blocks`,
 * each of length `blockLen`. A vector or a flat array with `shape` is one
 * block; nested arrays are their leaves (the innermost arrays).
 */
export interface Tensor {
  /** The dimensions. */
  readonly shape: readonly number[];
  /** Product of the dimensions. */
  readonly size: number;
  /** The data, in row-major order. */
  readonly blocks: readonly Data[];
  /** Length of every block. */
  readonly blockLen: number;
  /** True for one flat array (a vector, or flat with `shape`). */
  readonly flat: boolean;
}

const PRODUCT_LIMIT = 2 ** 32;

/**
 * Most dimensions an input may have (NumPy 2's NPY_MAXDIMS is 64); also
 * what stops the shape walk on a self-containing array.
 */
export const MAX_RANK = 64;

function rankError(name: string): RangeError {
  return new RangeError(
    `\`${name}\` must have at most ${MAX_RANK} dimensions: current value is nested deeper`,
  );
}

/** Product of dimensions. */
export function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

function checkNumbers(name: string, a: readonly unknown[]): void {
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number") {
      throw typeError(`${name}[${i}]`, "a number", a[i]);
    }
  }
}

/** Check the `shape` option against a flat array of `length` elements. */
export function checkShape(value: unknown, length: number): number[] {
  if (!Array.isArray(value)) {
    throw typeError("shape", "an array of integers >= 0", value);
  }
  if (value.length === 0 || value.length > MAX_RANK) {
    throw rangeError(
      "shape",
      `an array of 1 to ${MAX_RANK} integers >= 0`,
      value,
    );
  }
  const dims = value.map((d, i) =>
    checkNumber(`shape[${i}]`, d, { integer: true, min: 0, max: PRODUCT_LIMIT })
  );
  const p = product(dims);
  if (p !== length) {
    throw new RangeError(
      `\`shape\` must have a product equal to the length of \`a\` (${length}): current value is [${
        dims.join(", ")
      }] (product ${p})`,
    );
  }
  return dims;
}

/**
 * Read `a`: with `shape`, a flat array (plain numbers or a numeric typed
 * array) of that shape; otherwise a typed array (a vector), an array of
 * numbers (a vector) or nested arrays of any depth whose innermost arrays
 * are plain arrays of numbers or typed arrays, rectangular.
 */
export function parseTensor(
  name: string,
  a: unknown,
  shapeValue?: unknown,
): Tensor {
  if (isNumericTyped(a)) {
    const n = (a as Data).length;
    const dims = shapeValue === undefined ? [n] : checkShape(shapeValue, n);
    return {
      shape: dims,
      size: n,
      blocks: [a as Data],
      blockLen: n,
      flat: true,
    };
  }
  if (!Array.isArray(a)) {
    throw typeError(
      name,
      "an array of numbers, a numeric typed array or nested arrays of them",
      a,
    );
  }
  if (shapeValue !== undefined) {
    checkNumbers(name, a);
    const dims = checkShape(shapeValue, a.length);
    return {
      shape: dims,
      size: a.length,
      blocks: [a as number[]],
      blockLen: a.length,
      flat: true,
    };
  }
  // The shape from the first element at each level.
  const dims = nestedDims(name, a, isNumericTyped);
  if (dims.length === 1) {
    checkNumbers(name, a);
    return {
      shape: dims,
      size: a.length,
      blocks: [a],
      blockLen: a.length,
      flat: true,
    };
  }
  if (product(dims) >= PRODUCT_LIMIT) {
    throw new RangeError(
      `\`${name}\` is too large: shape [${dims.join(", ")}]`,
    );
  }
  const leaves: Data[] = [];
  collectLeaves(name, name, a, dims, 0, leaves, "a number");
  return {
    shape: dims,
    size: product(dims),
    blocks: leaves,
    blockLen: dims[dims.length - 1]!,
    flat: false,
  };
}

/** The path with every index 0, for "like `a[0][0]`". */
function firstPath(name: string, depth: number): string {
  return name + "[0]".repeat(depth);
}

/** `name[i][j]…` down to `depth`. */
function pathAt(name: string, idx: readonly number[], depth: number): string {
  return name + idx.slice(0, depth).map((i) => `[${i}]`).join("");
}

/**
 * What an entry must be "like": the parallel entry of another structure
 * (`g[1]` like `a[1]`), or the first entry of this one (`a[1]` like `a[0]`).
 */
function likePath(
  name: string,
  ref: string,
  idx: readonly number[],
  depth: number,
): string {
  return ref !== name || depth === 0
    ? pathAt(ref, idx, depth)
    : firstPath(ref, depth);
}

/**
 * Walk nested arrays of the given shape, checking every level, and push
 * the leaves. `ref` names the structure the shape came from. Paths for
 * messages are built only when something is wrong (`idx` holds the
 * indices down to the current node).
 */
function collectLeaves(
  name: string,
  ref: string,
  node: unknown,
  dims: readonly number[],
  depth: number,
  leaves: Data[],
  element: "a number" | "a boolean",
  idx: number[] = [],
): void {
  const want = dims[depth]!;
  if (depth === dims.length - 1) {
    const isArray = Array.isArray(node);
    const typedOk = !isArray &&
      (element === "a number"
        ? isNumericTyped(node)
        : node instanceof Uint8Array);
    if (!isArray && !typedOk) {
      throw typeError(
        pathAt(name, idx, depth),
        element === "a number"
          ? `a row (an array of numbers or a numeric typed array) like \`${
            firstPath(ref, depth)
          }\``
          : `a row (an array of booleans or a Uint8Array) like \`${
            firstPath(ref, depth)
          }\``,
        node,
      );
    }
    const len = (node as Data).length;
    if (len !== want) {
      throw new RangeError(
        `\`${pathAt(name, idx, depth)}\` must have the length of \`${
          likePath(name, ref, idx, depth)
        }\` (${want}): current length is ${len}`,
      );
    }
    if (isArray) {
      const arr = node as unknown[];
      const numbers = element === "a number";
      for (let i = 0; i < len; i++) {
        const v = arr[i];
        if (numbers ? typeof v !== "number" : typeof v !== "boolean") {
          throw typeError(`${pathAt(name, idx, depth)}[${i}]`, element, v);
        }
      }
    }
    leaves.push(node as Data);
    return;
  }
  if (!Array.isArray(node)) {
    throw typeError(
      pathAt(name, idx, depth),
      `an array like \`${firstPath(ref, depth)}\``,
      node,
    );
  }
  if (node.length !== want) {
    throw new RangeError(
      `\`${pathAt(name, idx, depth)}\` must have ${want} rows like \`${
        likePath(name, ref, idx, depth)
      }\`: current length is ${node.length}`,
    );
  }
  for (let i = 0; i < want; i++) {
    idx[depth] = i;
    collectLeaves(name, ref, node[i], dims, depth + 1, leaves, element, idx);
  }
}

/**
 * Read `v` (the cotangent `g` or tangent `t`) with the shape of `a`:
 * nested arrays of that shape, or one flat array of `a.size` numbers when
 * `a` is a vector or was given flat with `shape`.
 */
export function parseLike(
  name: string,
  v: unknown,
  a: Tensor,
  ref = "a",
): Tensor {
  const flatOk = a.flat &&
    (isNumericTyped(v) || (Array.isArray(v) && !isRowLike(v[0])));
  if (flatOk) {
    const len = (v as Data).length;
    if (len !== a.size) {
      throw new RangeError(
        `\`${name}\` must have the length of \`${ref}\` (${a.size}): current length is ${len}`,
      );
    }
    if (Array.isArray(v)) checkNumbers(name, v);
    return {
      shape: a.shape,
      size: a.size,
      blocks: [v as Data],
      blockLen: a.size,
      flat: true,
    };
  }
  if (a.shape.length === 1 || !Array.isArray(v)) {
    throw typeError(
      name,
      a.shape.length === 1
        ? `an array of numbers or a numeric typed array like \`${ref}\``
        : `nested arrays of numbers with the shape of \`${ref}\``,
      v,
    );
  }
  const leaves: Data[] = [];
  collectLeaves(name, ref, v, a.shape, 0, leaves, "a number");
  return {
    shape: a.shape,
    size: a.size,
    blocks: leaves,
    blockLen: a.shape[a.shape.length - 1]!,
    flat: false,
  };
}

/**
 * A per-element operand broadcast along leading dimensions (`where` or
 * `b`): its values flattened into one array of period `W` — element f of
 * `a` (row-major) uses entry f mod W. Its shape is a trailing part of
 * `a`'s shape (the whole shape, or fewer leading dimensions, or a scalar).
 */
export interface Broadcast<T> {
  readonly data: T;
  readonly period: number;
}

/** The shapes `a`'s trailing dimensions allow, for a message. */
function suffixes(shape: readonly number[]): string {
  const out: string[] = [];
  for (let k = 0; k <= shape.length; k++) {
    out.push(`[${shape.slice(k).join(", ")}]`);
  }
  return out.join(", ");
}

function matchSuffix(
  name: string,
  dims: readonly number[],
  a: Tensor,
): void {
  const k = a.shape.length - dims.length;
  const ok = k >= 0 && dims.every((d, i) => d === a.shape[k + i]);
  if (!ok) {
    throw new RangeError(
      `\`${name}\` must have the shape of \`a\` or of its trailing dimensions (${
        suffixes(a.shape)
      }): current shape is [${dims.join(", ")}]`,
    );
  }
}

/**
 * Shape of nested arrays by their first elements; a first element that
 * passes `isRow` (a typed array) is the last dimension.
 */
function nestedDims(
  name: string,
  v: readonly unknown[],
  isRow: (x: unknown) => boolean = (x) => ArrayBuffer.isView(x),
): number[] {
  const dims = [v.length];
  let node: unknown = v;
  for (;;) {
    const first: unknown = (node as unknown[])[0];
    if (dims.length >= MAX_RANK) throw rankError(name);
    if (Array.isArray(first)) {
      dims.push(first.length);
      node = first;
    } else if (isRow(first)) {
      dims.push((first as unknown as Data).length);
      break;
    } else break;
  }
  return dims;
}

/** Flat length that matches a trailing part of `a`'s shape, or a message. */
function matchFlat(name: string, len: number, a: Tensor): void {
  for (let k = 0; k <= a.shape.length; k++) {
    if (product(a.shape.slice(k)) === len) return;
  }
  throw new RangeError(
    `\`${name}\` must have the length of \`a\` (${a.size}) or of its trailing dimensions (${
      suffixes(a.shape)
    }): current length is ${len}`,
  );
}

/**
 * Check that a broadcast operand of shape `dims` fits `a`: a flat `a`
 * takes a 1-D operand by length, otherwise the shape must be `a`'s or a
 * trailing part of it.
 */
function matchShape(name: string, dims: readonly number[], a: Tensor): void {
  if (a.flat && dims.length === 1) matchFlat(name, dims[0]!, a);
  else matchSuffix(name, dims, a);
}

/**
 * A nested broadcast operand (`where`, `b`) of `a`'s shape or a trailing
 * part of it: its leaves, row-major, each entry converted by `cell`, as a
 * broadcast of period product(dims).
 *
 * @throws {TypeError} naming `expected` when `value` is not an array.
 * @throws {RangeError} when its shape does not fit `a`.
 */
function parseNested<A extends Uint8Array | Float64Array>(
  name: string,
  value: unknown,
  a: Tensor,
  expected: string,
  element: "a number" | "a boolean",
  Ctor: new (n: number) => A,
  cell: (v: number) => number,
): Broadcast<A> {
  if (!Array.isArray(value)) throw typeError(name, expected, value);
  let dims = nestedDims(name, value);
  matchShape(name, dims, a);
  // an empty 1-D operand: one dimension of length 0
  if (dims.length === 1 && value.length === 0) dims = [0];
  const leaves: Data[] = [];
  collectLeaves(name, name, value, dims, 0, leaves, element);
  const W = product(dims);
  const data = new Ctor(W);
  let f = 0;
  for (const leaf of leaves) {
    for (let i = 0; i < leaf.length; i++) data[f++] = cell(leaf[i]!);
  }
  return { data, period: W };
}

/**
 * Parse `where`: `true`/`false`, an array of booleans, nested arrays of
 * booleans (innermost may be `Uint8Array`s), or a flat `Uint8Array`
 * (nonzero = take part) — of `a`'s shape or a trailing part of it.
 */
export function parseWhere(value: unknown, a: Tensor): Broadcast<Uint8Array> {
  if (typeof value === "boolean") {
    return { data: Uint8Array.of(value ? 1 : 0), period: 1 };
  }
  if (value instanceof Uint8Array) {
    matchShape("where", [value.length], a);
    return { data: value.slice(), period: value.length };
  }
  return parseNested(
    "where",
    value,
    a,
    "a boolean, an array of booleans (nested like `a`) or a Uint8Array",
    "a boolean",
    Uint8Array,
    (v) => v ? 1 : 0,
  );
}

/**
 * Parse the weights `b`: a number, an array of numbers, nested arrays or a
 * typed array — of `a`'s shape or a trailing part of it.
 */
export function parseWeights(
  value: unknown,
  a: Tensor,
): Broadcast<Float64Array> {
  if (typeof value === "number") {
    return { data: Float64Array.of(value), period: 1 };
  }
  const flat = isNumericTyped(value) ||
    (Array.isArray(value) && !isRowLike(value[0]));
  if (flat) {
    const len = (value as Data).length;
    matchShape("b", [len], a);
    if (Array.isArray(value)) checkNumbers("b", value);
    return { data: Float64Array.from(value as Data), period: len };
  }
  return parseNested(
    "b",
    value,
    a,
    "a number, an array of numbers (nested like `a`) or a numeric typed array",
    "a number",
    Float64Array,
    (v) => v,
  );
}

/**
 * Normalise `axis` (an integer or an array of distinct integers, negative
 * counting from the end) for an array of `rank` dimensions: the axes in
 * increasing order.
 */
export function normalizeAxes(value: unknown, rank: number): number[] {
  const one = (v: unknown, label: string): number => {
    const k = checkNumber(label, v, { integer: true });
    if (k < -rank || k >= rank) {
      throw rangeError(
        label,
        `an integer >= ${-rank} and <= ${
          rank - 1
        } (the input has ${rank} dimension${rank === 1 ? "" : "s"})`,
        k,
      );
    }
    return k < 0 ? k + rank : k;
  };
  if (value === undefined) return [rank - 1];
  if (typeof value === "number") return [one(value, "axis")];
  if (!Array.isArray(value)) {
    throw typeError("axis", "an integer or an array of integers", value);
  }
  if (value.length === 0) {
    throw rangeError("axis", "a non-empty array of axes", value);
  }
  const axes = value.map((v, i) => one(v, `axis[${i}]`));
  const sorted = [...axes].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new RangeError(
        `\`axis\` must not name an axis twice: current value is [${
          value.map((v) => describeValue(v)).join(", ")
        }]`,
      );
    }
  }
  return sorted;
}

/**
 * Where the lanes are: n entries each, `lanes` of them. Contiguous when
 * the reduced axes are the trailing ones (lane l is elements
 * [l·n, (l + 1)·n)); otherwise lane l is elements base[l] + rel[i].
 */
export interface Plan {
  readonly n: number;
  readonly lanes: number;
  readonly contiguous: boolean;
  /** Offsets of a lane's entries from its first (row-major). */
  readonly rel: Float64Array;
  /** First element of every lane. */
  readonly base: Float64Array;
  /** The dimensions left after reducing the axes. */
  readonly keptShape: readonly number[];
}

/** Every combination of indices of `axes`, as flat offsets. */
function offsets(
  shape: readonly number[],
  strides: readonly number[],
  axes: readonly number[],
): Float64Array {
  const count = product(axes.map((k) => shape[k]!));
  const out = new Float64Array(count);
  const idx = new Array<number>(axes.length).fill(0);
  for (let c = 0; c < count; c++) {
    let o = 0;
    for (let j = 0; j < axes.length; j++) o += idx[j]! * strides[axes[j]!]!;
    out[c] = o;
    for (let j = axes.length - 1; j >= 0; j--) {
      if (++idx[j]! < shape[axes[j]!]!) break;
      idx[j] = 0;
    }
  }
  return out;
}

const EMPTY = new Float64Array(0);

/** The lanes of `shape` along `axes` (sorted, distinct). */
export function planLanes(
  shape: readonly number[],
  axes: readonly number[],
): Plan {
  const rank = shape.length;
  if (axes.length === 1 && axes[0] === rank - 1) {
    // the default: lanes along the last axis
    const keptShape = shape.slice(0, rank - 1);
    return {
      n: shape[rank - 1]!,
      lanes: product(keptShape),
      contiguous: true,
      rel: EMPTY,
      base: EMPTY,
      keptShape,
    };
  }
  const kept: number[] = [];
  for (let k = 0; k < rank; k++) if (!axes.includes(k)) kept.push(k);
  const keptShape = kept.map((k) => shape[k]!);
  const n = product(axes.map((k) => shape[k]!));
  const lanes = product(keptShape);
  const contiguous = axes.every((k, j) => k === rank - axes.length + j);
  if (contiguous) {
    return { n, lanes, contiguous, rel: EMPTY, base: EMPTY, keptShape };
  }
  const strides = new Array<number>(rank);
  let s = 1;
  for (let k = rank - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k]!;
  }
  return {
    n,
    lanes,
    contiguous,
    rel: offsets(shape, strides, axes),
    base: offsets(shape, strides, kept),
    keptShape,
  };
}

/** Copy a tensor's data into one Float64Array (exact for every input kind). */
export function flatten(t: Tensor): Float64Array {
  const out = new Float64Array(t.size);
  let f = 0;
  for (const b of t.blocks) {
    for (let i = 0; i < t.blockLen; i++) out[f++] = b[i]!;
  }
  return out;
}

/** A snapshot of `t`: one Float64Array block. */
export function snapshot(t: Tensor): Tensor {
  return {
    shape: t.shape,
    size: t.size,
    blocks: [flatten(t)],
    blockLen: t.size,
    flat: true,
  };
}

// ---------------------------------------------------------------------------
// Output buffers

/** The output: its blocks (row-major, like the input's) and what to return. */
export interface Output {
  readonly blocks: readonly Store[];
  readonly blockLen: number;
  readonly result: unknown;
  /** Allocated here (not the caller's `out`): it cannot overlap anything. */
  readonly fresh: boolean;
}

function allocate(kind: "array" | TypedCtor, n: number): Store {
  return kind === "array" ? new Array<number>(n).fill(0) : new kind(n);
}

/** A writable `out` leaf of the expected kind and length. */
/**
 * Immutable ArrayBuffers (a TC39 proposal) silently ignore writes through
 * a typed array; checked only where the engine has them.
 */
const HAS_IMMUTABLE = "immutable" in ArrayBuffer.prototype;

function checkOutLeaf(
  name: string | (() => string),
  kind: "array" | TypedCtor,
  out: unknown,
  n: number,
): Store {
  const ok = kind === "array"
    ? Array.isArray(out)
    : out !== null && typeof out === "object" &&
      (out as object).constructor === kind;
  if (!ok) {
    throw typeError(
      typeof name === "string" ? name : name(),
      `${kindName(kind)} like the input`,
      out,
    );
  }
  const len = (out as Store).length;
  if (len !== n) {
    throw new RangeError(
      `\`${(typeof name === "string"
        ? name
        : name())}\` must have the input's length ${n}: current length is ${len}`,
    );
  }
  if (kind === "array" && n > 0 && Object.isFrozen(out)) {
    throw typeError(
      typeof name === "string" ? name : name(),
      "a writable array (not frozen)",
      out,
    );
  }
  if (
    HAS_IMMUTABLE && kind !== "array" &&
    (out as { buffer: { immutable?: unknown } }).buffer.immutable === true
  ) {
    throw typeError(
      typeof name === "string" ? name : name(),
      "a writable typed array (not immutable)",
      out,
    );
  }
  return out as Store;
}

/**
 * Output blocks of the form of `a` (nested arrays mirror the input, each
 * leaf of its input leaf's result kind; flat input gives one flat array),
 * allocated, or checked when the caller passed `out`.
 */
export function prepareOutput(a: Tensor, out: unknown): Output {
  if (a.flat) {
    const kind = resultKind(a.blocks[0])!;
    const o = out === undefined
      ? allocate(kind, a.size)
      : checkOutLeaf("out", kind, out, a.size);
    return {
      blocks: [o],
      blockLen: a.size,
      result: o,
      fresh: out === undefined,
    };
  }
  const blocks: Store[] = [];
  let leaf = 0;
  const build = (depth: number): unknown => {
    const n = a.shape[depth]!;
    if (depth === a.shape.length - 1) {
      const o = allocate(resultKind(a.blocks[leaf++])!, n);
      blocks.push(o);
      return o;
    }
    const arr = new Array<unknown>(n);
    for (let i = 0; i < n; i++) arr[i] = build(depth + 1);
    return arr;
  };
  // paths for messages are built only on error
  const idx: number[] = [];
  const last = a.shape.length - 1;
  const leafName = () => pathAt("out", idx, last);
  // the result kind of each input leaf (computed once per constructor run)
  let prevCtor: unknown;
  let prevKind: "array" | TypedCtor = "array";
  const kindOfLeaf = (x: Data): "array" | TypedCtor => {
    const c = (x as object).constructor;
    if (c !== prevCtor) {
      prevCtor = c;
      prevKind = resultKind(x)!;
    }
    return prevKind;
  };
  const check = (node: unknown, depth: number): void => {
    const n = a.shape[depth]!;
    if (depth === last) {
      blocks.push(
        checkOutLeaf(leafName, kindOfLeaf(a.blocks[leaf++]!), node, n),
      );
      return;
    }
    if (!Array.isArray(node)) {
      throw typeError(
        pathAt("out", idx, depth),
        `an array of ${n} rows like the input`,
        node,
      );
    }
    if (node.length !== n) {
      throw new RangeError(
        `\`${
          pathAt("out", idx, depth)
        }\` must have the input's ${n} rows: current length is ${node.length}`,
      );
    }
    for (let i = 0; i < n; i++) {
      idx[depth] = i;
      check(node[i], depth + 1);
    }
  };
  if (out === undefined) {
    const result = build(0);
    return { blocks, blockLen: a.blockLen, result, fresh: true };
  }
  check(out, 0);
  return { blocks, blockLen: a.blockLen, result: out, fresh: false };
}

// ---------------------------------------------------------------------------
// Overlap of `out` with the inputs

interface Region {
  key: object;
  start: number;
  end: number;
}

/** The memory a block lives in: its buffer, or the plain array itself. */
function keyOf(x: Data): object {
  return ArrayBuffer.isView(x) ? x.buffer : x as object;
}

/** Start of a block within its key (bytes for typed arrays). */
function startOf(x: Data): number {
  return ArrayBuffer.isView(x) ? x.byteOffset : 0;
}

/** Extent of a block within its key. */
function spanOf(x: Data): number {
  return ArrayBuffer.isView(x) ? x.byteLength : x.length;
}

function regionOf(x: Data): Region {
  if (ArrayBuffer.isView(x)) {
    return {
      key: x.buffer,
      start: x.byteOffset,
      end: x.byteOffset + x.byteLength,
    };
  }
  return { key: x as object, start: 0, end: x.length };
}

/**
 * Does writing `out` lane by lane clobber input data still to be read?
 * Each lane is read in full before it is stored, so an output block that
 * is exactly its own input block (in place) is safe; any other overlap
 * between an output block and an input block is a conflict (the caller
 * then computes from a copy of the inputs). Two output blocks that overlap
 * each other cannot both hold their results: `RangeError`.
 */
export function outputConflicts(
  out: Output,
  inputs: readonly Tensor[],
): boolean {
  interface Item {
    r: Region;
    isOut: boolean;
    idx: number;
  }
  if (out.fresh) return false;
  // One block each (vectors, flat arrays): compare the two ranges.
  if (out.blocks.length === 1 && inputs.every((t) => t.blocks.length === 1)) {
    const o = out.blocks[0]!;
    const ok = keyOf(o);
    for (const t of inputs) {
      const b = t.blocks[0]!;
      if (keyOf(b) !== ok) continue;
      const os = startOf(o);
      const bs = startOf(b);
      const oe = os + spanOf(o);
      const be = bs + spanOf(b);
      if ((os !== bs || oe !== be) && bs < oe && os < be) return true;
    }
    return false;
  }
  // Next: no output block shares a buffer (or plain array) with an input
  // block or with another output block — the usual `out`. One Set: the
  // input keys (consecutive rows of one buffer added once), then every
  // output key must be new.
  const keys = new Set<object>();
  let last: object | undefined;
  for (const t of inputs) {
    for (const b of t.blocks) {
      const k = keyOf(b);
      if (k !== last) keys.add(k);
      last = k;
    }
  }
  let shared = false;
  for (const b of out.blocks) {
    const before = keys.size;
    keys.add(keyOf(b));
    if (keys.size === before) {
      shared = true;
      break;
    }
  }
  if (!shared) return false;
  const groups = new Map<object, Item[]>();
  const add = (r: Region, isOut: boolean, idx: number) => {
    if (r.end <= r.start) return;
    const g = groups.get(r.key);
    if (g) g.push({ r, isOut, idx });
    else groups.set(r.key, [{ r, isOut, idx }]);
  };
  const outRegions = out.blocks.map((b) => regionOf(b));
  outRegions.forEach((r, j) => add(r, true, j));
  for (const t of inputs) {
    const same = t.blocks.length === out.blocks.length &&
      t.blockLen === out.blockLen;
    t.blocks.forEach((b, j) => {
      const r = regionOf(b);
      const o = outRegions[j];
      // in place: the block is read in full before it is stored
      if (
        same && o !== undefined && o.key === r.key && o.start === r.start &&
        o.end === r.end
      ) return;
      add(r, false, j);
    });
  }
  let conflict = false;
  for (const items of groups.values()) {
    if (!items.some((i) => i.isOut)) continue;
    items.sort((x, y) => x.r.start - y.r.start);
    let inEnd = -Infinity;
    let outEnd = -Infinity;
    let outIdx = -1;
    for (const it of items) {
      if (it.isOut) {
        if (outEnd > it.r.start) {
          throw new RangeError(
            `\`out\` must not have rows that overlap one another: row ${it.idx} overlaps row ${outIdx} (counting innermost arrays in row-major order)`,
          );
        }
        if (inEnd > it.r.start) conflict = true;
        if (it.r.end > outEnd) {
          outEnd = it.r.end;
          outIdx = it.idx;
        }
      } else {
        if (outEnd > it.r.start) conflict = true;
        if (it.r.end > inEnd) inEnd = it.r.end;
      }
    }
  }
  return conflict;
}
