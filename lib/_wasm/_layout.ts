/**
 * The layout of the kernels' linear memory, shared by the build (its size)
 * and the loader (the views).
 *
 * Page 0 holds the compiler's static data (the constant table); then block
 * A, block B (the second operand of the softmax vjp) and the row status of
 * the softmax kernels. The kernels process whole vectors, so they may read
 * and write up to 128 bytes past a block's `n` elements: each region is
 * followed by another one or by spare space.
 *
 * Above those regions lies the heap of the arrays `allocate` hands out
 * (lib/_wasm/_arena.ts): it starts at {@linkcode HEAP_BASE} and grows with
 * the memory, up to {@linkcode MAX_MEMORY_PAGES}.
 *
 * Blocks of 256 KiB: large enough that the per-block call overhead (views,
 * two `set` calls, the kernel call) is small against the work, small enough
 * to stay in the L2 cache between the copy in, the kernel and the copy out.
 *
 * @module
 */

/** Bytes per block. */
export const BLOCK_BYTES = 262144;
/** Byte offset of block A. */
export const BLOCK_A = 65536;
/** Byte offset of block B. */
export const BLOCK_B = BLOCK_A + BLOCK_BYTES;
/** Byte offset of the softmax kernels' row status (one i32 per row). */
export const STATUS = BLOCK_B + BLOCK_BYTES;
/** Pages of 64 KiB: the regions above and one spare page. */
export const MEMORY_PAGES = (STATUS + BLOCK_BYTES / 2) / 65536 + 1;
/** Byte offset where the heap of resident arrays begins. */
export const HEAP_BASE = MEMORY_PAGES * 65536;
/**
 * The memory's maximum in pages: 2 GiB, so that every byte offset and every
 * loop end `src + n·8` of the kernels fits an i32 without wrapping.
 */
export const MAX_MEMORY_PAGES = 32768;
