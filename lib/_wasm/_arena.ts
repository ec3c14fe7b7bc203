/**
 * The heap of resident arrays: typed arrays that live in the WebAssembly
 * kernels' memory, so that the kernels read and write them where they are
 * (lib/_wasm/kernels.ts, `runResident`) instead of copying them through a
 * block. lib/wasm.ts publishes it as `allocate` / `release`.
 *
 * A first-fit free list over [HEAP_BASE, memory end), kept sorted by
 * address and coalesced on release (Knuth, TAOCP vol. 1, §2.5, "first
 * fit" with "boundary" merging of adjacent free areas). Allocations start
 * on 64-byte boundaries (a cache line: a vector loop over an aligned array
 * never splits a load across lines) and are rounded up to 64 bytes. When
 * nothing fits, the memory grows by what is missing (at least a quarter of
 * its size, so n allocations grow it O(log n) times); the views stay valid
 * because the buffer is resizable (lib/_wasm/kernels.ts).
 *
 * @module
 */
import { HEAP_BASE, MAX_MEMORY_PAGES } from "./_layout.ts";
import type { Instance } from "./kernels.ts";

/** Bytes of alignment and granularity. */
export const ALIGN = 64;
const PAGE = 65536;

/** A free range [start, end) of the heap. */
interface Range {
  start: number;
  end: number;
}

/** The arena of one instance's memory. */
export class Arena {
  readonly #inst: Instance;
  /** Free ranges, sorted by start, never adjacent (always merged). */
  readonly #free: Range[] = [];
  /** Live allocations: byte offset → rounded size in bytes. */
  readonly #live = new Map<number, number>();
  #end: number;

  /**
   * @param inst The instance whose memory holds the heap.
   */
  constructor(inst: Instance) {
    this.#inst = inst;
    this.#end = Math.max(HEAP_BASE, inst.memory.buffer.byteLength);
    if (this.#end > HEAP_BASE) {
      this.#free.push({ start: HEAP_BASE, end: this.#end });
    }
  }

  /** Bytes handed out and not yet released. */
  get liveBytes(): number {
    let sum = 0;
    for (const v of this.#live.values()) sum += v;
    return sum;
  }

  /** Bytes of memory the heap spans (free or not). */
  get heapBytes(): number {
    return this.#end - HEAP_BASE;
  }

  /** Largest heap the memory's maximum allows, in bytes. */
  static readonly MAX_BYTES: number = MAX_MEMORY_PAGES * PAGE - HEAP_BASE;

  /**
   * Reserve `bytes` (> 0) bytes; returns their byte offset, or −1 when the
   * memory cannot grow enough.
   *
   * @param bytes How many bytes.
   * @returns The offset, or −1.
   */
  allocate(bytes: number): number {
    const size = Math.ceil(Math.max(bytes, 1) / ALIGN) * ALIGN;
    let i = this.#fit(size);
    if (i < 0) {
      if (!this.#grow(size)) return -1;
      i = this.#fit(size);
    }
    const r = this.#free[i]!;
    const start = r.start;
    r.start += size;
    if (r.start === r.end) this.#free.splice(i, 1);
    this.#live.set(start, size);
    return start;
  }

  /**
   * Give back the allocation starting at `offset` (which must be live).
   *
   * @param offset Its byte offset.
   */
  release(offset: number): void {
    const size = this.#live.get(offset)!;
    this.#live.delete(offset);
    this.#insert({ start: offset, end: offset + size });
  }

  #fit(size: number): number {
    const free = this.#free;
    for (let i = 0; i < free.length; i++) {
      const r = free[i]!;
      if (r.end - r.start >= size) return i;
    }
    return -1;
  }

  /** Insert a free range, merging it with its neighbours. */
  #insert(range: Range): void {
    const free = this.#free;
    let lo = 0;
    let hi = free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (free[mid]!.start < range.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = free[lo - 1];
    const next = free[lo];
    if (prev !== undefined && prev.end === range.start) {
      prev.end = range.end;
      if (next !== undefined && next.start === prev.end) {
        prev.end = next.end;
        free.splice(lo, 1);
      }
    } else if (next !== undefined && next.start === range.end) {
      next.start = range.start;
    } else {
      free.splice(lo, 0, range);
    }
  }

  /** Grow the memory so that a free range of `size` bytes exists. */
  #grow(size: number): boolean {
    const last = this.#free[this.#free.length - 1];
    const tailFree = last !== undefined && last.end === this.#end
      ? last.end - last.start
      : 0;
    const need = size - tailFree;
    const pages = this.#inst.memory.buffer.byteLength / PAGE;
    const add = Math.min(
      Math.max(
        Math.ceil(need / PAGE),
        Math.ceil((this.#end - HEAP_BASE) / 4 / PAGE),
      ),
      MAX_MEMORY_PAGES - pages,
    );
    if (add * PAGE < need) return false; // beyond the memory's maximum
    try {
      this.#inst.memory.grow(add);
    } catch {
      return false; // the host refused the pages
    }
    const oldEnd = this.#end;
    this.#end = (pages + add) * PAGE;
    this.#insert({ start: oldEnd, end: this.#end });
    return true;
  }
}
