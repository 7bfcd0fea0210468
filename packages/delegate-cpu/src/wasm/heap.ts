/**
 * A first-fit allocator over a WebAssembly memory: the kernels' tensors, packed weights and scratch
 * live here, so kernels read and write them with no copies. Blocks are 64-byte aligned (a cache
 * line) and carry 64 bytes of slack, so a vector loop may read a little past a tensor's end. Free
 * blocks are kept sorted by address and merged with their neighbours, so a run that allocates the
 * same sizes in the same order as the last one gets the same addresses back.
 */
const ALIGN = 64;
const SLACK = 64;
const PAGE = 65536;

export class WasmHeap {
  /** Free blocks, sorted by start: [start, size] pairs. */
  private readonly starts: number[] = [];
  private readonly sizes: number[] = [];
  private readonly live = new Map<number, number>();
  private liveBytes = 0;
  private peak = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
  ) {
    const start = roundUp(base, ALIGN);
    const end = memory.buffer.byteLength;
    if (end > start) this.release(start, end - start);
  }

  /**
   * Allocates `bytes` (plus slack) and returns the address, growing the memory when `grow` allows;
   * returns -1 when the block does not fit without growing and growing is not allowed.
   */
  alloc(bytes: number, grow = true): number {
    const size = roundUp(Math.max(bytes, 1) + SLACK, ALIGN);
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.sizes[i] as number;
      if (s < size) continue;
      const start = this.starts[i] as number;
      if (s === size) {
        this.starts.splice(i, 1);
        this.sizes.splice(i, 1);
      } else {
        this.starts[i] = start + size;
        this.sizes[i] = s - size;
      }
      return this.take(start, size);
    }
    if (!grow) return -1;
    return this.growFor(size);
  }

  free(address: number): void {
    const size = this.live.get(address);
    if (size === undefined) return;
    this.live.delete(address);
    this.liveBytes -= size;
    this.release(address, size);
  }

  /** Bytes in live blocks now, and the most there ever were. */
  usage(): { readonly liveBytes: number; readonly peakBytes: number; readonly memoryBytes: number } {
    return { liveBytes: this.liveBytes, peakBytes: this.peak, memoryBytes: this.memory.buffer.byteLength };
  }

  private take(start: number, size: number): number {
    this.live.set(start, size);
    this.liveBytes += size;
    this.peak = Math.max(this.peak, this.liveBytes);
    return start;
  }

  /** Grows the memory so a block of `size` fits at the end (merging with a free block there). */
  private growFor(size: number): number {
    const end = this.memory.buffer.byteLength;
    const last = this.starts.length - 1;
    const tailFree =
      last >= 0 && (this.starts[last] as number) + (this.sizes[last] as number) === end ? (this.sizes[last] as number) : 0;
    const need = size - tailFree;
    // Grow by at least an eighth of the memory so that a run's allocations settle after a few grows.
    const pages = Math.max(Math.ceil(need / PAGE), Math.ceil(end / PAGE / 8));
    if (end + pages * PAGE > this.maxBytes) {
      const exact = Math.ceil(need / PAGE);
      if (end + exact * PAGE > this.maxBytes) throw new RangeError(`WebAssembly memory limit of ${this.maxBytes} bytes reached`);
      this.memory.grow(exact);
      this.release(end, exact * PAGE);
    } else {
      this.memory.grow(pages);
      this.release(end, pages * PAGE);
    }
    const address = this.alloc(size - SLACK, false);
    if (address < 0) throw new RangeError('WebAssembly heap: grown memory still has no room');
    return address;
  }

  /**
   * Returns a block to the free list, merging it with adjacent free blocks. A merge updates its
   * neighbour in place: a run frees a block or two per node, and each splice is a builtin call.
   */
  private release(start: number, size: number): void {
    const starts = this.starts;
    const sizes = this.sizes;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) < start) lo = mid + 1;
      else hi = mid;
    }
    const end = start + size;
    const prev = lo - 1;
    const joinsPrev = prev >= 0 && (starts[prev] as number) + (sizes[prev] as number) === start;
    const joinsNext = lo < starts.length && starts[lo] === end;
    if (joinsPrev && joinsNext) {
      sizes[prev] = (sizes[prev] as number) + size + (sizes[lo] as number);
      starts.splice(lo, 1);
      sizes.splice(lo, 1);
    } else if (joinsPrev) {
      sizes[prev] = (sizes[prev] as number) + size;
    } else if (joinsNext) {
      starts[lo] = start;
      sizes[lo] = (sizes[lo] as number) + size;
    } else {
      starts.splice(lo, 0, start);
      sizes.splice(lo, 0, size);
    }
  }
}

function roundUp(v: number, to: number): number {
  return Math.ceil(v / to) * to;
}
