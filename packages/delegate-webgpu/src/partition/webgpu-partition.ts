import {
  type CompiledPartition,
  type DeviceTensor,
  isCpuTensor,
  isFloat,
  type NodeTiming,
  type PartitionMemory,
  type PartitionSpec,
  type PartitionValue,
  type RunContext,
  type Tensor,
  TensorSequence,
} from '@tessera/core';
import { WebGpuError } from '../errors.js';
import type { GpuContext } from '../gpu/gpu-context.js';
import { toHalfBits } from '../gpu/half.js';
import { WebGpuTensor } from '../gpu/webgpu-tensor.js';
import type { PlanValue, ValueMeta } from '../kernel/types.js';
import { type CompiledStep, type PlanContext, RunPlan } from './run-plan.js';
import { StepTimer } from './timestamps.js';

/** Plans kept per partition (one per input-shape signature); the least recently used goes first. */
const MAX_PLANS = 4;
/** Integer inputs are host data and part of the plan's signature, so they must stay small. */
const MAX_HOST_INPUT_ELEMENTS = 4096;

/** A compiled WebGPU partition: steps with their pipelines, plans per input shapes, owned constants. */
export class WebGpuPartition implements CompiledPartition {
  private readonly plans = new Map<string, RunPlan>();
  private readonly constants = new Map<string, GPUBuffer>();
  private timer: StepTimer | undefined;
  private timings: NodeTiming[] = [];
  /** The most GPU memory one plan has held (plans are per input shapes; the largest counts). */
  private peakPlanBytes = 0;
  private disposed = false;
  private readonly planContext: PlanContext;

  constructor(
    private readonly gpu: GpuContext,
    private readonly spec: PartitionSpec,
    private readonly steps: readonly CompiledStep[],
    meta: (name: string) => ValueMeta,
    /** Buffers the kernels uploaded at compile time (weights in their own layout). */
    private readonly kernelConstants: readonly GPUBuffer[],
    private readonly location: string,
  ) {
    const lastUse = new Map<string, number>();
    steps.forEach((step, s) => {
      for (const name of step.inputs) if (name) lastUse.set(name, s);
    });
    this.planContext = {
      gpu,
      spec,
      steps,
      lastUse,
      outputs: new Set(spec.outputs.map((o) => o.name)),
      meta,
      constantBuffer: (name, tensor) => this.constantBuffer(name, tensor),
      label: `WebGPU partition ${spec.id}`,
    };
  }

  async run(inputs: readonly PartitionValue[], ctx: RunContext): Promise<PartitionValue[]> {
    if (this.disposed) throw new WebGpuError('WEBGPU_DISPOSED', `WebGPU partition ${this.spec.id} was disposed.`);
    this.gpu.checkHealthy(`run WebGPU partition ${this.spec.id}`);
    const values = inputs.map((v, i) => this.planValue(v, i));
    const plan = await this.planFor(values);
    const device = this.gpu.device;
    const encoder = device.createCommandEncoder({ label: this.planContext.label });
    for (let i = 0; i < inputs.length; i++) await this.bringInput(inputs[i] as PartitionValue, plan, i, encoder);
    const profiling = ctx.profiling && this.gpu.timestamps && plan.dispatches.length > 0;
    if (profiling) {
      this.timer ??= new StepTimer(this.gpu, this.steps.length);
      const ran = [...new Set(plan.dispatches.map((d) => d.step))];
      for (const step of ran) {
        const pass = encoder.beginComputePass({ timestampWrites: this.timer.passTimestamps(step) });
        for (const d of plan.dispatches) if (d.step === step) dispatch(pass, d);
        pass.end();
      }
      this.timer.record(encoder);
    } else if (plan.dispatches.length > 0) {
      const pass = encoder.beginComputePass();
      for (const d of plan.dispatches) dispatch(pass, d);
      pass.end();
    }
    device.queue.submit([encoder.finish()]);
    plan.generation++;
    if (profiling && this.timer) {
      const ran = [...new Set(plan.dispatches.map((d) => d.step))].map((s) => ({
        step: s,
        node: (this.steps[s] as CompiledStep).name,
        op: (this.steps[s] as CompiledStep).op,
      }));
      this.timings = await this.timer.read(ran);
    }
    return plan.outputs.map((out) =>
      out.kind === 'host'
        ? out.data
        : new WebGpuTensor(out.value.dtype, out.value.dims, out.buffer, plan, plan.generation, this.location),
    );
  }

  nodeTimings(): readonly NodeTiming[] {
    return this.timings;
  }

  /** What the plan needs to know of an input: dims, and the values of host (integer) data. */
  private planValue(value: PartitionValue, index: number): PlanValue {
    const name = this.spec.inputs[index]?.name ?? `#${index}`;
    if (value === null || value instanceof TensorSequence) {
      throw new WebGpuError(
        'WEBGPU_ERROR',
        `WebGPU partition ${this.spec.id}: input '${name}' is not a tensor; the WebGPU delegate takes tensors only.`,
      );
    }
    if (isFloat(value.dtype)) {
      if (value.dtype !== 'float32') {
        throw new WebGpuError(
          'WEBGPU_ERROR',
          `WebGPU partition ${this.spec.id}: input '${name}' is ${value.dtype}; GPU tensors are float32.`,
        );
      }
      return { dtype: value.dtype, dims: value.dims, gpu: true };
    }
    if (!isCpuTensor(value)) {
      throw new WebGpuError('WEBGPU_ERROR', `WebGPU partition ${this.spec.id}: integer input '${name}' must be a host tensor.`);
    }
    if (value.size > MAX_HOST_INPUT_ELEMENTS) {
      throw new WebGpuError(
        'WEBGPU_RESOURCE_LIMIT',
        `WebGPU partition ${this.spec.id}: integer input '${name}' has ${value.size} elements; integer tensors are computed on the host and may have at most ${MAX_HOST_INPUT_ELEMENTS}.`,
      );
    }
    return { dtype: value.dtype, dims: value.dims, data: value, gpu: false };
  }

  private async planFor(values: readonly PlanValue[]): Promise<RunPlan> {
    const signature = values
      .map(
        (v) =>
          `${v.dtype}[${v.dims.join(',')}]${v.data ? `=${Array.from(v.data.data as ArrayLike<number | bigint>).join(',')}` : ''}`,
      )
      .join(' ');
    let plan = this.plans.get(signature);
    if (plan) {
      this.plans.delete(signature);
    } else {
      plan = await RunPlan.build(this.planContext, values, signature);
      this.peakPlanBytes = Math.max(this.peakPlanBytes, plan.heldBytes());
      if (this.plans.size >= MAX_PLANS) {
        const [oldest, evicted] = this.plans.entries().next().value as [string, RunPlan];
        this.plans.delete(oldest);
        evicted.dispose();
      }
    }
    this.plans.set(signature, plan);
    return plan;
  }

  /** Puts input `i` into the plan's buffer: a copy on the GPU when it already lives there, else an upload. */
  private async bringInput(value: PartitionValue, plan: RunPlan, i: number, encoder: GPUCommandEncoder): Promise<void> {
    const slot = plan.inputs[i];
    if (slot?.kind !== 'gpu') return;
    const tensor = value as Tensor | DeviceTensor;
    if (tensor instanceof WebGpuTensor && tensor.gpu === this.gpu) {
      tensor.checkValid(`pass '${this.spec.inputs[i]?.name}' to WebGPU partition ${this.spec.id}`);
      encoder.copyBufferToBuffer(tensor.buffer, 0, slot.buffer, 0, slot.bytes);
      return;
    }
    const host = isCpuTensor(tensor) ? tensor : await tensor.download();
    const data = host.data as Float32Array;
    if (this.gpu.precision === 'fp16') this.gpu.device.queue.writeBuffer(slot.buffer, 0, toHalfBits(data));
    else this.gpu.device.queue.writeBuffer(slot.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  private constantBuffer(name: string, tensor: Tensor): GPUBuffer {
    let buffer = this.constants.get(name);
    if (!buffer) {
      const values =
        tensor.dtype === 'float32' ? (tensor.data as Float32Array) : Float32Array.from(tensor.data as ArrayLike<number>);
      const bytes = this.gpu.precision === 'fp16' ? toHalfBits(values) : values;
      buffer = this.gpu.createConstant(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `${name} (constant)`);
      this.constants.set(name, buffer);
    }
    return buffer;
  }

  memory(): PartitionMemory {
    let constantBytes = 0;
    for (const b of this.kernelConstants) constantBytes += b.size;
    for (const b of this.constants.values()) constantBytes += b.size;
    return { constantBytes, peakWorkingBytes: this.peakPlanBytes };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const plan of this.plans.values()) plan.dispose();
    this.plans.clear();
    for (const b of this.constants.values()) this.gpu.destroyConstant(b);
    for (const b of this.kernelConstants) this.gpu.destroyConstant(b);
    this.constants.clear();
    this.timer?.dispose();
  }
}

function dispatch(
  pass: GPUComputePassEncoder,
  d: { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; grid: readonly [number, number] },
): void {
  pass.setPipeline(d.pipeline);
  pass.setBindGroup(0, d.bindGroup);
  pass.dispatchWorkgroups(d.grid[0], d.grid[1]);
}
