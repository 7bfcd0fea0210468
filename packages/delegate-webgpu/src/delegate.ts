import {
  type CompileContext,
  type CompiledPartition,
  DELEGATE_API_VERSION,
  type Delegate,
  type DelegatePolicy,
  type Node,
  type OpSupportDeclaration,
  type PartitionSpec,
  type SupportContext,
  type SupportResult,
} from '@tessera/core';
import { WebGpuError } from './errors.js';
import { acquireDevice, fixedSubgroupSize, isSoftwareAdapter } from './gpu/acquire-device.js';
import { effectiveLimits, GpuContext, type GpuStats } from './gpu/gpu-context.js';
import { WEBGPU_OPS } from './kernels/index.js';
import { DEFAULT_WEBGPU_POLICY, type GpuLimits, type Precision, type WebGpuDelegateOptions } from './options.js';
import { compilePartition, metaReader } from './partition/compile.js';
import type { GemmStrategy } from './program/tiled-gemm.js';
import { OpRegistry } from './support/registry.js';
import { checkNode } from './support/supports.js';

/** The location of the tensors the delegate returns. */
export const WEBGPU_LOCATION = 'webgpu';

export interface WebGpuDelegate extends Delegate {
  readonly precision: Precision;
  /** The adapter, as far as it describes itself, and how it was reached. */
  readonly adapter: string;
  readonly device: GPUDevice;
  readonly limits: GpuLimits;
  /** The GEMM strategy in use (see WebGpuDelegateOptions.gemmStrategy). */
  readonly gemmStrategy: GemmStrategy;
  /** GPU memory and pipeline figures: buffers in use and pooled, constants, pipelines. */
  stats(): GpuStats;
  /** Frees every GPU resource, and the device when the delegate created it. */
  dispose(): void;
}

/**
 * The WebGPU delegate: WGSL kernels for the CNN and transformer ops of common vision models, run
 * through navigator.gpu in browsers or Dawn (the `webgpu` package) in Node. Throws a
 * WebGpuError('WEBGPU_UNAVAILABLE') when no adapter is found.
 */
export async function webgpuDelegate(options: WebGpuDelegateOptions = {}): Promise<WebGpuDelegate> {
  const precision = options.precision ?? 'fp32';
  const acquired = options.device
    ? {
        device: options.device,
        owned: false,
        software: isSoftwareAdapter((options.device as { adapterInfo?: GPUAdapterInfo }).adapterInfo),
        description: 'device given in options',
        subgroupSize: fixedSubgroupSize(options.device, (options.device as { adapterInfo?: GPUAdapterInfo }).adapterInfo),
      }
    : await acquireDevice({ precision, ...(options.powerPreference ? { powerPreference: options.powerPreference } : {}) });
  if (precision === 'fp16' && !acquired.device.features.has('shader-f16')) {
    throw new WebGpuError(
      'WEBGPU_FEATURE_MISSING',
      "precision 'fp16' needs a device with the 'shader-f16' feature; the given device lacks it.",
    );
  }
  const limits = effectiveLimits(acquired.device, options.limits);
  const gemm: GemmStrategy =
    !options.gemmStrategy || options.gemmStrategy === 'auto'
      ? acquired.software
        ? 'register-blocked'
        : 'workgroup-tiled'
      : options.gemmStrategy;
  const gpu = new GpuContext(
    acquired.device,
    precision,
    limits,
    acquired.description,
    acquired.owned,
    gemm,
    acquired.subgroupSize,
  );
  const registry = new OpRegistry(WEBGPU_OPS);
  const policy: DelegatePolicy = { ...DEFAULT_WEBGPU_POLICY, ...options.policy };
  const fuseElementwise = options.elementwiseFusion ?? true;
  const declared: readonly OpSupportDeclaration[] = registry.declarations();

  return {
    name: options.name ?? (precision === 'fp16' ? 'webgpu-fp16' : 'webgpu'),
    apiVersion: DELEGATE_API_VERSION,
    location: WEBGPU_LOCATION,
    policy,
    declaredSupport: declared,
    precision,
    adapter: acquired.description,
    device: acquired.device,
    limits,
    gemmStrategy: gemm,
    supports(node: Node, ctx: SupportContext): SupportResult {
      return checkNode(node, { graph: ctx, precision, gemm, limits, meta: metaReader(ctx) }, registry);
    },
    compile(partition: PartitionSpec, ctx: CompileContext): Promise<CompiledPartition> {
      return compilePartition(partition, ctx, gpu, (n) => registry.require(n), { fuseElementwise, location: WEBGPU_LOCATION });
    },
    stats: () => gpu.stats(),
    dispose: () => gpu.dispose(),
  };
}
