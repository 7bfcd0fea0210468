import { type CompileContext, DelegateError, type GraphContext, type PartitionSpec } from '@tessera/core';
import type { GpuContext } from '../gpu/gpu-context.js';
import { toHalfBits } from '../gpu/half.js';
import type { BuildContext, ValueMeta } from '../kernel/types.js';
import type { ElementType } from '../program/program.js';
import type { CompiledStep } from './run-plan.js';
import { buildSteps, type FindDefinition } from './steps.js';
import { WebGpuPartition } from './webgpu-partition.js';

/** What a delegate sees of a value, as the kernels want it. */
export function metaReader(ctx: GraphContext): (name: string) => ValueMeta {
  return (name) => {
    const info = ctx.value(name);
    const type = info.type?.kind === 'tensor' ? info.type : undefined;
    return {
      dtype: type?.dtype ?? info.constant?.dtype,
      shape: type?.shape ?? info.constant?.dims,
      constant: info.constant,
    };
  };
}

export interface CompileOptions {
  readonly fuseElementwise: boolean;
  readonly location: string;
}

/**
 * Compiles a partition: kernels per node (elementwise chains fused), weights uploaded in the kernels'
 * layouts, and every pipeline created up front with createComputePipelineAsync, so the first run
 * only builds its shape plan. On failure nothing stays allocated.
 */
export async function compilePartition(
  spec: PartitionSpec,
  ctx: CompileContext,
  gpu: GpuContext,
  find: FindDefinition,
  options: CompileOptions,
): Promise<WebGpuPartition> {
  gpu.checkHealthy(`compile WebGPU partition ${spec.id}`);
  const meta = metaReader(ctx);
  const uploaded: GPUBuffer[] = [];
  const build: BuildContext = {
    precision: gpu.precision,
    gemm: gpu.gemm,
    limits: gpu.limits,
    subgroupSize: gpu.subgroupSize,
    meta,
    upload(data, element, label) {
      const buffer = gpu.createConstant(constantBytes(data, element, gpu.precision), label);
      uploaded.push(buffer);
      return buffer;
    },
  };
  try {
    const steps = buildSteps(spec.nodes, new Set(spec.outputs.map((o) => o.name)), find, build, options.fuseElementwise);
    const compiled: CompiledStep[] = await Promise.all(
      steps.map(async (step) => ({
        ...step,
        programs: await Promise.all(
          step.kernel.programs.map((p, i) => gpu.pipelines.get(p, !step.kernel.fallbackPrograms?.has(i))),
        ),
      })),
    );
    await gpu.pipelines.warmUp();
    return new WebGpuPartition(gpu, spec, compiled, meta, uploaded, options.location);
  } catch (error) {
    for (const b of uploaded) gpu.destroyConstant(b);
    if (error instanceof DelegateError) throw error;
    throw new DelegateError('COMPILE_FAILED', `WebGPU could not compile partition ${spec.id}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function constantBytes(data: Float32Array | Int32Array | Uint32Array, element: ElementType, precision: string): Uint8Array {
  const stored = element === 'T' && precision === 'fp16' ? toHalfBits(data as Float32Array) : data;
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
}
