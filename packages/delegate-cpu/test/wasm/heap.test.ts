import { describe, expect, it } from 'vitest';
import { WasmHeap } from '../../src/wasm/heap.js';

describe('WasmHeap', () => {
  it('hands out aligned, disjoint blocks and reuses freed ones at the same addresses', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const heap = new WasmHeap(memory, 100, 64 * 65536);
    const a = heap.alloc(10);
    const b = heap.alloc(1000);
    const c = heap.alloc(3);
    for (const p of [a, b, c]) expect(p % 64).toBe(0);
    expect(a).toBeGreaterThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(a + 10);
    expect(c).toBeGreaterThanOrEqual(b + 1000);
    heap.free(b);
    expect(heap.alloc(1000)).toBe(b);
    heap.free(a);
    heap.free(c);
    const again = heap.alloc(10);
    expect(again).toBe(a);
  });

  it('merges neighbouring free blocks', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const heap = new WasmHeap(memory, 0, 64 * 65536);
    const blocks = [heap.alloc(256), heap.alloc(256), heap.alloc(256)];
    for (const p of blocks) heap.free(p);
    // Three freed blocks in a row serve one allocation as large as all of them.
    expect(heap.alloc(3 * 256)).toBe(blocks[0]);
  });

  it('merges a freed block with the free block before it, after it, both or neither', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const heap = new WasmHeap(memory, 0, 64 * 65536);
    // Seven equal blocks (192 bytes + 64 of slack each), then one that takes the rest of the memory.
    const [b0, b1, b2, b3, b4, b5, b6] = Array.from({ length: 7 }, () => heap.alloc(192)) as number[];
    const rest = heap.alloc(65536 - 7 * 256 - 64, false);
    expect(rest).toBeGreaterThan(b6 as number);
    const slot = (b1 as number) - (b0 as number);
    heap.free(b1 as number); // neither neighbour free
    heap.free(b3 as number); // neither
    heap.free(b2 as number); // both: b1..b3 become one block
    heap.free(b5 as number); // neither
    heap.free(b4 as number); // both: b1..b5
    heap.free(b0 as number); // after it: b0..b5
    heap.free(b6 as number); // before it: b0..b6
    expect(heap.usage().liveBytes).toBe(65536 - 7 * slot);
    expect(heap.alloc(7 * slot - 64, false)).toBe(b0);
    expect(heap.alloc(1, false)).toBe(-1);
  });

  it('grows the memory when a block does not fit, unless told not to', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const heap = new WasmHeap(memory, 0, 64 * 65536);
    expect(heap.alloc(200_000, false)).toBe(-1);
    expect(memory.buffer.byteLength).toBe(65536);
    const p = heap.alloc(200_000);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(p + 200_000);
    expect(heap.usage().peakBytes).toBeGreaterThanOrEqual(200_000);
  });

  it('refuses to grow past its limit', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const heap = new WasmHeap(memory, 0, 4 * 65536);
    expect(() => heap.alloc(10 * 65536)).toThrow(RangeError);
  });
});
