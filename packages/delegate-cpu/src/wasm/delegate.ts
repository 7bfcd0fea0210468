import {
  type CompileContext,
  type CompiledPartition,
  type Delegate,
  type KernelDefinition,
  type PartitionSpec,
  TesseraError,
} from '@tessera/core';
import { availableCores, loadNodeCores, sharedMemoryAvailable, wasmSimdAvailable } from './features.js';
import { WasmPartition } from './partition.js';
import { plannable, planSteps } from './plan.js';
import { WasmRuntime } from './runtime.js';

/** Which kernels a CPU delegate runs. */
export type CpuBackend = 'auto' | 'wasm' | 'js';

/** What a CPU delegate's WebAssembly kernels run with, once they have started. */
export interface CpuRuntimeInfo {
  readonly backend: 'wasm' | 'js';
  /** Threads that run kernel jobs (1 without workers). */
  readonly threads: number;
  /** Whether the kernels' memory is shared with workers. */
  readonly sharedMemory: boolean;
  /** Bytes of the kernels' memory, and the most bytes its heap has held. */
  readonly memoryBytes: number;
  readonly peakHeapBytes: number;
  /** Kernel jobs offered to the worker threads so far, and the tasks of them the workers ran. */
  readonly sharedJobs: number;
  readonly workerTasks: number;
}

export interface WasmBackendOptions {
  readonly backend: CpuBackend;
  /** Threads wanted; undefined for min(cores, 4). */
  readonly threads: number | undefined;
}

/** Default thread count: the cores there are, at most four. */
async function defaultThreads(): Promise<number> {
  await loadNodeCores();
  return Math.max(1, Math.min(availableCores(), 4));
}

/**
 * Wraps the TypeScript kernel delegate so its partitions compile for the WebAssembly kernels: the
 * same support answers (the WebAssembly path takes every node the TypeScript kernels take, running
 * the TypeScript kernel where it has none), faster kernels where there are. One runtime (one memory,
 * one worker pool) per delegate, started on the first compile.
 */
export function withWasmBackend(
  base: Delegate,
  kernels: readonly KernelDefinition[],
  options: WasmBackendOptions,
): Delegate & { runtimeInfo(): Promise<CpuRuntimeInfo> } {
  const simd = wasmSimdAvailable();
  if (options.backend === 'wasm' && !simd)
    throw new TesseraError(
      'PLATFORM',
      "cpuDelegate({ backend: 'wasm' }): this engine has no WebAssembly SIMD; use backend 'auto' or 'js'.",
    );
  const useWasm = options.backend !== 'js' && simd;
  let runtime: Promise<WasmRuntime> | undefined;
  const start = async (): Promise<WasmRuntime> => {
    const wanted = options.threads ?? (await defaultThreads());
    const threads = wanted > 1 && sharedMemoryAvailable() ? wanted : 1;
    if (threads > 1) {
      try {
        return await WasmRuntime.create(threads);
      } catch {
        // Workers could not start here (a locked-down page, a missing Worker): one thread still runs.
      }
    }
    return WasmRuntime.create(1);
  };
  return {
    ...base,
    async compile(partition: PartitionSpec, ctx: CompileContext): Promise<CompiledPartition> {
      if (!useWasm || !plannable(partition, kernels)) return base.compile(partition, ctx);
      runtime ??= start();
      const rt = await runtime;
      const heapBytes = rt.heap.usage().liveBytes;
      return new WasmPartition(rt, partition, planSteps(partition, ctx, rt), kernels, ctx, heapBytes);
    },
    async runtimeInfo(): Promise<CpuRuntimeInfo> {
      if (!useWasm)
        return {
          backend: 'js',
          threads: 1,
          sharedMemory: false,
          memoryBytes: 0,
          peakHeapBytes: 0,
          sharedJobs: 0,
          workerTasks: 0,
        };
      runtime ??= start();
      const rt = await runtime;
      const u = rt.heap.usage();
      return {
        backend: 'wasm',
        threads: rt.threads,
        sharedMemory: rt.shared,
        memoryBytes: u.memoryBytes,
        peakHeapBytes: u.peakBytes,
        ...rt.stats,
      };
    },
    async dispose(): Promise<void> {
      await base.dispose?.();
      if (runtime) (await runtime).dispose();
      runtime = undefined;
    },
  };
}
