import type { RunContext } from '../delegate/contract.js';
import { AllocationLimitError } from '../errors.js';
import { arrayConstructorOf, byteLength, type DType, storageLength } from '../tensor/dtype.js';
import { elementCount, Tensor } from '../tensor/tensor.js';
import { type ArenaLayout, type Lifetime, layoutArena } from './memory-plan.js';
import type { MemoryReport } from './session-types.js';
import { unfilledStorage } from './unfilled-storage.js';

/** Steps (global node indices) between which each arena-eligible value lives. */
export interface ValueSteps {
  readonly first: number;
  readonly last: number;
}

/**
 * The memory plan of one input-shape signature. The first run records every intermediate tensor's
 * size; from then on the same signature runs out of one arena laid out from those lifetimes. A value
 * whose size differs from the recording (data-dependent shapes) simply gets its own allocation.
 */
export class SignatureMemory {
  private recorded = new Map<string, number>();
  private layout: ArenaLayout | undefined;
  private arena: ArrayBuffer | undefined;

  constructor(
    readonly signature: string,
    private readonly steps: ReadonlyMap<string, ValueSteps>,
    private readonly maxTensorBytes: number,
  ) {}

  /** The RunContext allocator for a run (one function for every run: it reads the current layout). */
  allocator(): RunContext['allocate'] {
    return this.allocate;
  }

  private readonly allocate: RunContext['allocate'] = (name, dtype, dims) => {
    const count = elementCount(dims);
    const bytes = byteLength(dtype, count);
    if (!Number.isFinite(bytes) || bytes > this.maxTensorBytes) {
      throw new AllocationLimitError(
        `Value '${name}' with dims [${dims.join(', ')}] (${dtype}) needs ${bytes} bytes, over the session's bound of ${this.maxTensorBytes} bytes (SessionOptions.maxTensorBytes).`,
      );
    }
    if (dtype === 'string') return Tensor.zeros(dtype, dims);
    const storage = arrayConstructorOf(dtype) as NonNullable<ReturnType<typeof arrayConstructorOf>>;
    const ctor = storage as new (b: ArrayBuffer, o: number, l: number) => Tensor['data'];
    const length = storageLength(dtype, count);
    if (this.arena && this.layout) {
      const offset = this.layout.offsets.get(name);
      if (offset !== undefined && this.recorded.get(name) === bytes)
        return new Tensor(dtype, new ctor(this.arena, offset, length), dims);
      return new Tensor(dtype, unfilledStorage(storage, length), dims);
    }
    if (this.steps.has(name)) this.recorded.set(name, Math.max(bytes, this.recorded.get(name) ?? 0));
    return new Tensor(dtype as DType, unfilledStorage(storage, length), dims);
  };

  /** After the recording run: lay out the arena. */
  finishRecording(): void {
    if (this.layout) return;
    const lifetimes: Lifetime[] = [];
    for (const [name, bytes] of this.recorded) {
      const s = this.steps.get(name);
      if (s && bytes > 0) lifetimes.push({ name, bytes, first: s.first, last: s.last });
    }
    this.layout = layoutArena(lifetimes);
    try {
      this.arena = new ArrayBuffer(this.layout.arenaBytes);
    } catch {
      this.arena = undefined; // too large for one buffer here: keep separate allocations
    }
  }

  report(): MemoryReport | undefined {
    if (!this.layout) return undefined;
    return {
      signature: this.signature,
      arenaBytes: this.layout.arenaBytes,
      totalTensorBytes: this.layout.totalTensorBytes,
      peakLiveBytes: this.layout.peakLiveBytes,
    };
  }
}
