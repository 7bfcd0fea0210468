import { elementCount } from '@tessera/core';
import { WebGpuError } from '../errors.js';
import { bucketSize } from '../gpu/buffer-pool.js';
import type { GpuContext } from '../gpu/gpu-context.js';

/** A GPU buffer as a plan's values hold it: views (Reshape, Identity) share one, counted. */
export interface BufferRef {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
  refs: number;
  /** Taken from the plan's allocator (constants are not, and are never given back). */
  readonly owned: boolean;
}

/**
 * The GPU memory of one plan: buffers taken from the delegate's pool and reused between values whose
 * lifetimes do not overlap (all dispatches of a run execute in order, so a buffer freed after its
 * last reader can be the next node's output), plus the plan's own uniform and table buffers.
 * Everything goes back on dispose.
 */
export class PlanMemory {
  private readonly acquired: GPUBuffer[] = [];
  private readonly own: GPUBuffer[] = [];
  private readonly free = new Map<number, GPUBuffer[]>();

  constructor(
    private readonly gpu: GpuContext,
    private readonly label: string,
  ) {}

  /** Bytes of a tensor in GPU memory (whole words), or a clear error beyond the adapter's binding limit. */
  bytesOf(dims: readonly number[], name: string, where: string): number {
    const bytes = elementCount(dims) * this.gpu.elementBytes;
    if (bytes > this.gpu.limits.maxStorageBufferBindingSize) {
      throw new WebGpuError(
        'WEBGPU_RESOURCE_LIMIT',
        `${where}: '${name}' of dims [${dims}] takes ${bytes} bytes, more than the adapter's maxStorageBufferBindingSize (${this.gpu.limits.maxStorageBufferBindingSize}).`,
      );
    }
    return Math.max(4, Math.ceil(bytes / 4) * 4);
  }

  allocate(bytes: number): BufferRef {
    const size = bucketSize(bytes);
    let buffer = this.free.get(size)?.pop();
    if (!buffer) {
      buffer = this.gpu.pool.acquire(size, this.label);
      this.acquired.push(buffer);
    }
    return { buffer, bytes, refs: 1, owned: true };
  }

  /** Drops one holder of the buffer; the last one frees it for later values of the plan. */
  release(ref: BufferRef): void {
    if (!ref.owned || --ref.refs > 0) return;
    const list = this.free.get(ref.buffer.size) ?? [];
    list.push(ref.buffer);
    this.free.set(ref.buffer.size, list);
  }

  /** A buffer of the plan's own holding `data` (uniforms, index tables). */
  ownBuffer(data: Uint8Array, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    const size = Math.max(16, Math.ceil(data.byteLength / 4) * 4);
    const buffer = this.gpu.device.createBuffer({ size, usage, label, mappedAtCreation: true });
    new Uint8Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
    this.own.push(buffer);
    return buffer;
  }

  /** GPU bytes the plan holds: its pooled value buffers (at their bucket sizes) and its own buffers. */
  heldBytes(): number {
    let bytes = 0;
    for (const b of this.acquired) bytes += b.size;
    for (const b of this.own) bytes += b.size;
    return bytes;
  }

  dispose(): void {
    for (const b of this.acquired) this.gpu.pool.release(b);
    for (const b of this.own) b.destroy();
    this.acquired.length = 0;
    this.own.length = 0;
    this.free.clear();
  }
}
