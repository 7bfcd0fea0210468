import { isFloat, KernelError, type PartitionSpec, type Tensor } from '@tessera/core';
import { WebGpuError } from '../errors.js';
import type { GpuContext } from '../gpu/gpu-context.js';
import type { CompiledProgram } from '../gpu/pipeline-cache.js';
import type { BindingRef, PlanValue, ValueMeta } from '../kernel/types.js';
import { packUniforms, uniformBytes } from '../program/program.js';
import { type BufferRef, PlanMemory } from './plan-memory.js';
import type { Step } from './steps.js';

export interface CompiledStep extends Step {
  readonly programs: readonly CompiledProgram[];
}

/** What a plan needs from its partition. */
export interface PlanContext {
  readonly gpu: GpuContext;
  readonly spec: PartitionSpec;
  readonly steps: readonly CompiledStep[];
  /** Index of the last step that reads each value. */
  readonly lastUse: ReadonlyMap<string, number>;
  readonly outputs: ReadonlySet<string>;
  meta(name: string): ValueMeta;
  /** The GPU copy of a float constant, uploaded on first use and kept by the partition. */
  constantBuffer(name: string, tensor: Tensor): GPUBuffer;
  readonly label: string;
}

interface Entry {
  readonly value: PlanValue;
  ref?: BufferRef;
}

export interface RecordedDispatch {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly grid: readonly [number, number];
  readonly step: number;
}

/** A partition input as the plan receives it: uploaded into its buffer each run, or host data. */
export type PlanInput =
  | { readonly kind: 'gpu'; readonly buffer: GPUBuffer; readonly bytes: number }
  | { readonly kind: 'host' }
  | { readonly kind: 'unused' };

export type PlanOutput =
  | { readonly kind: 'gpu'; readonly value: PlanValue; readonly buffer: GPUBuffer }
  | { readonly kind: 'host'; readonly data: Tensor };

/**
 * Everything shape-dependent about a partition, for one input-shape signature: every value's dims,
 * a GPU buffer for every GPU value (reused between values whose lifetimes do not overlap), the
 * uniforms of every dispatch in one buffer, and the bind groups. Built once per signature; a warm
 * run only uploads inputs and records the dispatches.
 */
export class RunPlan {
  readonly inputs: PlanInput[] = [];
  readonly dispatches: RecordedDispatch[] = [];
  readonly outputs: PlanOutput[] = [];
  generation = 0;
  disposed = false;
  private readonly memory: PlanMemory;

  private constructor(
    readonly signature: string,
    readonly gpu: GpuContext,
    readonly label: string,
  ) {
    this.memory = new PlanMemory(gpu, label);
  }

  /** GPU bytes this plan holds for its values, uniforms and tables. */
  heldBytes(): number {
    return this.memory.heldBytes();
  }

  /** Builds the plan; WebGPU validation errors while building become a clear error naming the partition. */
  static async build(ctx: PlanContext, inputs: readonly PlanValue[], signature: string): Promise<RunPlan> {
    const plan = new RunPlan(signature, ctx.gpu, ctx.label);
    const device = ctx.gpu.device;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    try {
      plan.fill(ctx, inputs);
    } catch (error) {
      await device.popErrorScope();
      await device.popErrorScope();
      plan.dispose();
      throw error;
    }
    const validation = await device.popErrorScope();
    const memory = await device.popErrorScope();
    const error = validation ?? memory;
    if (error) {
      plan.dispose();
      throw new WebGpuError('WEBGPU_ERROR', `WebGPU rejected the plan of ${ctx.label} for inputs ${signature}: ${error.message}`);
    }
    return plan;
  }

  private fill(ctx: PlanContext, inputs: readonly PlanValue[]): void {
    const gpu = ctx.gpu;
    const entries = new Map<string, Entry>();
    ctx.spec.inputs.forEach((info, i) => {
      const value = inputs[i] as PlanValue;
      if (!value.gpu) {
        entries.set(info.name, { value });
        this.inputs.push({ kind: 'host' });
        return;
      }
      const ref = this.memory.allocate(this.memory.bytesOf(value.dims, info.name, ctx.label));
      entries.set(info.name, { value, ref });
      this.inputs.push({ kind: 'gpu', buffer: ref.buffer, bytes: ref.bytes });
      if (!ctx.lastUse.has(info.name) && !ctx.outputs.has(info.name)) this.memory.release(ref);
    });
    const entryOf = (name: string): Entry => {
      const known = entries.get(name);
      if (known) return known;
      const constant = ctx.meta(name).constant;
      if (!constant) throw new Error(`${ctx.label}: value '${name}' is read before it is produced`);
      const entry: Entry = {
        value: { dtype: constant.dtype, dims: constant.dims, data: constant, gpu: isFloat(constant.dtype) },
      };
      entries.set(name, entry);
      return entry;
    };
    const bufferOf = (name: string): BufferRef => {
      const entry = entryOf(name);
      if (!entry.ref) {
        const constant = entry.value.data;
        if (!constant || !entry.value.gpu) throw new Error(`${ctx.label}: value '${name}' has no GPU buffer`);
        const buffer = ctx.constantBuffer(name, constant);
        entry.ref = { buffer, bytes: buffer.size, refs: 1, owned: false };
      }
      return entry.ref;
    };

    const pending: {
      dispatch: Omit<RecordedDispatch, 'bindGroup'>;
      layout: GPUBindGroupLayout;
      entries: GPUBindGroupEntry[];
      uniformAt: number;
      uniformSize: number;
    }[] = [];
    const alignment = Math.max(16, gpu.device.limits.minUniformBufferOffsetAlignment);
    const uniformChunks: {
      at: number;
      program: CompiledProgram;
      values: Readonly<Record<string, number>>;
      workgroups: number;
    }[] = [];
    let uniformEnd = 0;

    ctx.steps.forEach((step, s) => {
      const values = step.inputs.map((name) => (name ? entryOf(name).value : undefined));
      let planned: ReturnType<Step['kernel']['plan']>;
      try {
        planned = step.kernel.plan(values);
      } catch (error) {
        if (error instanceof KernelError || error instanceof WebGpuError) throw error;
        throw new KernelError(
          'KERNEL_FAILED',
          `WebGPU ${step.op} '${step.name}' cannot run on inputs ${describe(values)}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      planned.outputs.forEach((out, j) => {
        const name = step.outputs[j];
        if (!name) return;
        if (out.data) {
          entries.set(name, { value: { dtype: out.dtype, dims: out.dims, data: out.data, gpu: false } });
          return;
        }
        let ref: BufferRef;
        if (out.aliasOf !== undefined) {
          ref = bufferOf(step.inputs[out.aliasOf] as string);
          ref.refs++;
        } else {
          ref = this.memory.allocate(this.memory.bytesOf(out.dims, name, `${step.op} '${step.name}'`));
        }
        entries.set(name, { value: { dtype: out.dtype, dims: out.dims, gpu: true }, ref });
      });
      const scratch = new Map<number, BufferRef>();
      for (const d of planned.dispatches) {
        const program = step.programs[d.program] as CompiledProgram;
        const bindEntries: GPUBindGroupEntry[] = d.bindings.map((b, binding) => {
          const ref = this.resolve(b, step, bufferOf, scratch);
          return { binding, resource: { buffer: ref.buffer, offset: 0, size: Math.max(4, Math.ceil(ref.bytes / 4) * 4) } };
        });
        const uniformSize = uniformBytes(program.spec);
        const at = uniformEnd;
        uniformEnd += Math.ceil(uniformSize / alignment) * alignment;
        uniformChunks.push({ at, program, values: d.uniforms, workgroups: d.workgroups });
        pending.push({
          dispatch: {
            pipeline: program.pipeline,
            grid: grid(d.workgroups, gpu.limits.maxComputeWorkgroupsPerDimension),
            step: s,
          },
          layout: program.layout,
          entries: bindEntries,
          uniformAt: at,
          uniformSize,
        });
      }
      for (const ref of scratch.values()) this.memory.release(ref);
      // Values whose last reader is this step, and outputs nobody reads, give their buffers back.
      for (const name of new Set([...step.inputs, ...step.outputs])) {
        if (!name || ctx.outputs.has(name)) continue;
        const last = ctx.lastUse.get(name);
        const entry = entries.get(name);
        if (entry?.ref && (last === s || (last === undefined && step.outputs.includes(name)))) this.memory.release(entry.ref);
      }
    });

    if (uniformEnd > 0) {
      const data = new ArrayBuffer(uniformEnd);
      const view = new DataView(data);
      for (const c of uniformChunks) packUniforms(c.program.spec, c.values, c.workgroups, view, c.at);
      const uniforms = this.memory.ownBuffer(new Uint8Array(data), GPUBufferUsage.UNIFORM, `${this.label} uniforms`);
      for (const p of pending) {
        p.entries.push({ binding: p.entries.length, resource: { buffer: uniforms, offset: p.uniformAt, size: p.uniformSize } });
        this.dispatches.push({ ...p.dispatch, bindGroup: gpu.device.createBindGroup({ layout: p.layout, entries: p.entries }) });
      }
    }

    for (const info of ctx.spec.outputs) {
      const entry = entryOf(info.name);
      if (entry.value.data && !entry.ref) this.outputs.push({ kind: 'host', data: entry.value.data });
      else this.outputs.push({ kind: 'gpu', value: entry.value, buffer: bufferOf(info.name).buffer });
    }
  }

  private resolve(b: BindingRef, step: Step, bufferOf: (name: string) => BufferRef, scratch: Map<number, BufferRef>): BufferRef {
    if ('input' in b) return bufferOf(step.inputs[b.input] as string);
    if ('output' in b) return bufferOf(step.outputs[b.output] as string);
    if ('constant' in b) return { buffer: b.constant, bytes: b.constant.size, refs: 1, owned: false };
    if ('aux' in b) {
      const bytes = new Uint8Array(b.aux.buffer, b.aux.byteOffset, b.aux.byteLength);
      const buffer = this.memory.ownBuffer(bytes, GPUBufferUsage.STORAGE, `${step.name} aux`);
      return { buffer, bytes: Math.max(4, b.aux.byteLength), refs: 1, owned: false };
    }
    let ref = scratch.get(b.scratch);
    if (!ref) {
      ref = this.memory.allocate(b.bytes);
      scratch.set(b.scratch, ref);
    }
    return ref;
  }

  /** Gives every buffer back; tensors made by this plan become stale. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.memory.dispose();
  }
}

/** A linear workgroup count as a 2-D grid within the per-dimension limit. */
function grid(workgroups: number, maxPerDimension: number): readonly [number, number] {
  if (workgroups <= maxPerDimension) return [workgroups, 1];
  const y = Math.ceil(workgroups / maxPerDimension);
  if (y > maxPerDimension)
    throw new WebGpuError('WEBGPU_RESOURCE_LIMIT', `${workgroups} workgroups exceed the adapter's dispatch limits`);
  return [Math.ceil(workgroups / y), y];
}

function describe(values: readonly (PlanValue | undefined)[]): string {
  return values.map((v) => (v ? `${v.dtype}[${v.dims.join(',')}]` : '-')).join(', ');
}
