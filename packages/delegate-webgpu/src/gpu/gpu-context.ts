import { WebGpuError } from '../errors.js';
import type { GpuLimits, Precision } from '../options.js';
import type { GemmStrategy } from '../program/tiled-gemm.js';
import { BufferPool, type PoolStats } from './buffer-pool.js';
import { PipelineCache } from './pipeline-cache.js';

export interface GpuStats {
  readonly buffers: PoolStats;
  /** Buffers holding constants (weights) of compiled partitions. */
  readonly constantBuffers: number;
  readonly constantBytes: number;
  readonly pipelines: number;
  /** Milliseconds spent creating pipelines so far. */
  readonly pipelineCreationMs: number;
}

const LIMIT_NAMES: readonly (keyof GpuLimits)[] = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

/** The device's limits, each lowered to the option's cap where one is given. */
export function effectiveLimits(device: GPUDevice, caps: Partial<GpuLimits> = {}): GpuLimits {
  const out: Record<string, number> = {};
  for (const name of LIMIT_NAMES) out[name] = Math.min(device.limits[name], caps[name] ?? Number.POSITIVE_INFINITY);
  return out as unknown as GpuLimits;
}

/**
 * Everything a delegate shares across its partitions: the device, its limits, the buffer pool, the
 * pipeline cache, and the device's health (loss, uncaptured errors), which every run checks first.
 */
export class GpuContext {
  readonly pool: BufferPool;
  readonly staging: BufferPool;
  readonly pipelines: PipelineCache;
  readonly timestamps: boolean;
  private lostReason: string | undefined;
  private firstError: string | undefined;
  private disposed = false;
  private constants = new Set<GPUBuffer>();

  constructor(
    readonly device: GPUDevice,
    readonly precision: Precision,
    readonly limits: GpuLimits,
    readonly description: string,
    private readonly ownsDevice: boolean,
    /** How GEMM-like shaders are generated for this device. */
    readonly gemm: GemmStrategy,
    /** Subgroup size shaders may rely on (see fixedSubgroupSize); undefined without subgroups. */
    readonly subgroupSize: number | undefined,
  ) {
    this.pool = new BufferPool(device, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    this.staging = new BufferPool(device, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 64 * 1024 * 1024);
    this.pipelines = new PipelineCache(device, precision);
    this.timestamps = device.features.has('timestamp-query');
    void device.lost.then((info) => {
      this.lostReason = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
    });
    device.addEventListener('uncapturederror', (event) => {
      this.firstError ??= (event as GPUUncapturedErrorEvent).error.message;
    });
  }

  /** Bytes per element of tensors in GPU memory. */
  get elementBytes(): number {
    return this.precision === 'fp16' ? 2 : 4;
  }

  /** Throws the clear error for a lost device, a WebGPU error seen since the last check, or disposal. */
  checkHealthy(what: string): void {
    if (this.disposed) throw new WebGpuError('WEBGPU_DISPOSED', `Cannot ${what}: the WebGPU delegate was disposed.`);
    if (this.lostReason !== undefined) {
      throw new WebGpuError(
        'WEBGPU_DEVICE_LOST',
        `Cannot ${what}: the WebGPU device (${this.description}) was lost (${this.lostReason}). Create a new session with a fresh webgpuDelegate().`,
      );
    }
    if (this.firstError !== undefined) {
      const message = this.firstError;
      this.firstError = undefined;
      throw new WebGpuError('WEBGPU_ERROR', `Cannot ${what}: WebGPU reported an error: ${message}`);
    }
  }

  get lost(): boolean {
    return this.lostReason !== undefined;
  }

  /** A buffer holding constant data, converted to the storage precision when `element` is 'T'. */
  createConstant(data: Uint8Array, label: string): GPUBuffer {
    const size = Math.max(16, Math.ceil(data.byteLength / 4) * 4);
    const buffer = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      label,
      mappedAtCreation: true,
    });
    new Uint8Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
    this.constants.add(buffer);
    return buffer;
  }

  destroyConstant(buffer: GPUBuffer): void {
    if (this.constants.delete(buffer)) buffer.destroy();
  }

  stats(): GpuStats {
    let constantBytes = 0;
    for (const b of this.constants) constantBytes += b.size;
    return {
      buffers: this.pool.stats(),
      constantBuffers: this.constants.size,
      constantBytes,
      pipelines: this.pipelines.size,
      pipelineCreationMs: this.pipelines.creationMs,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.constants) b.destroy();
    this.constants.clear();
    this.pool.destroy();
    this.staging.destroy();
    this.pipelines.clear();
    if (this.ownsDevice) this.device.destroy();
  }
}
