import { arrayConstructorOf, byteLength, type DType, elementCount, storageLength, Tensor } from '@tessera/core';
import type { WasmRuntime } from './runtime.js';

/**
 * A value during a run of a WebAssembly partition: in the kernels' memory (an address, shared by
 * aliases such as Reshape through a reference-counted block) or, for the few values that cannot be
 * (strings, a JavaScript kernel's fresh tensor), a JavaScript tensor. Views of memory values are made
 * when a JavaScript kernel needs one and remade after the memory grows.
 */
export class Block {
  refs = 1;
  constructor(
    readonly address: number,
    readonly bytes: number,
  ) {}
}

export class WasmValue {
  private view: Tensor | undefined;
  private viewBuffer: ArrayBufferLike | undefined;

  constructor(
    readonly dtype: DType,
    readonly dims: readonly number[],
    readonly block: Block | undefined,
    private readonly jsTensor: Tensor | undefined,
  ) {}

  get inMemory(): boolean {
    return this.block !== undefined;
  }

  /** Byte address in the kernels' memory (only for values in memory). */
  get address(): number {
    return (this.block as Block).address;
  }

  get size(): number {
    return elementCount(this.dims);
  }

  /** The value as a tensor: a view of the memory, or the JavaScript tensor. */
  tensor(rt: WasmRuntime): Tensor {
    if (this.jsTensor) return this.jsTensor;
    const buffer = rt.memory.buffer;
    if (this.view && this.viewBuffer === buffer) return this.view;
    const ctor = arrayConstructorOf(this.dtype) as new (b: ArrayBufferLike, o: number, l: number) => Tensor['data'];
    this.view = new Tensor(this.dtype, new ctor(buffer, this.address, storageLength(this.dtype, this.size)), this.dims);
    this.viewBuffer = buffer;
    return this.view;
  }

  /** The same memory under other dims (Reshape, Flatten, Squeeze, Unsqueeze, Identity). */
  alias(dims: readonly number[]): WasmValue {
    if (this.block) this.block.refs++;
    return new WasmValue(this.dtype, dims, this.block, this.jsTensor);
  }
}

/** Whether values of this dtype can live in the kernels' memory (typed-array storage). */
export function storableInMemory(dtype: DType): boolean {
  return dtype !== 'string' && arrayConstructorOf(dtype) !== undefined;
}

/** Allocates and frees values in the runtime's heap, keeping account of the bytes it holds. */
export class ValueStore {
  /** Bytes this store's values take now, and the most they took at once. */
  liveBytes = 0;
  peakBytes = 0;

  constructor(private readonly rt: WasmRuntime) {}

  /**
   * A new value in memory, or undefined when `grow` is false and the heap has no room without
   * growing (the caller then keeps the value in JavaScript memory).
   */
  allocate(dtype: DType, dims: readonly number[], grow = true): WasmValue | undefined {
    if (!storableInMemory(dtype)) return undefined;
    const bytes = byteLength(dtype, elementCount(dims));
    const address = this.rt.heap.alloc(bytes, grow);
    if (address < 0) return undefined;
    this.liveBytes += bytes;
    this.peakBytes = Math.max(this.peakBytes, this.liveBytes);
    return new WasmValue(dtype, dims, new Block(address, bytes), undefined);
  }

  /** A value holding a JavaScript tensor as it is. */
  wrap(t: Tensor): WasmValue {
    return new WasmValue(t.dtype, t.dims, undefined, t);
  }

  /** A copy of a tensor in memory (for kernel inputs), or the tensor itself if it cannot live there. */
  copyIn(t: Tensor): WasmValue {
    const v = this.allocate(t.dtype, t.dims);
    if (!v) return this.wrap(t);
    if (t.data instanceof Float32Array) {
      this.rt.f32.set(t.data, v.address >> 2); // blocks are 64-byte aligned
      return v;
    }
    const src = t.data as ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
    this.rt.u8.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), v.address);
    return v;
  }

  release(v: WasmValue): void {
    const b = v.block;
    if (!b) return;
    if (--b.refs > 0) return;
    this.rt.heap.free(b.address);
    this.liveBytes -= b.bytes;
  }
}
