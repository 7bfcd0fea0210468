import type { Precision } from '../options.js';
import { assembleWgsl, type ProgramSpec, uniformBytes } from '../program/program.js';

/** A program ready to dispatch: its pipeline and the layout bind groups are made against. */
export interface CompiledProgram {
  readonly spec: ProgramSpec;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

/**
 * Compute pipelines keyed by their assembled WGSL (which encodes op, attributes, dtypes and ranks,
 * never shapes), created with createComputePipelineAsync so compilation does not block, and shared
 * by every partition of the delegate. Bind group layouts are shared by programs with the same
 * bindings.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, Promise<CompiledProgram>>();
  /** Pipelines to dispatch in the next warmUp. */
  private cold: CompiledProgram[] = [];
  /** Pipelines warmed up or waiting for it. */
  private readonly warmed = new WeakSet<CompiledProgram>();
  private readonly layouts = new Map<string, { bindGroup: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  /** Milliseconds spent waiting for new pipelines, for the compile-time figures. */
  creationMs = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly precision: Precision,
  ) {}

  get size(): number {
    return this.pipelines.size;
  }

  /** The program's pipeline; `warm`: dispatch it in the next warmUp (see there) unless that is done. */
  async get(spec: ProgramSpec, warm = true): Promise<CompiledProgram> {
    const code = assembleWgsl(spec, this.precision);
    let entry = this.pipelines.get(code);
    if (!entry) {
      entry = this.create(spec, code);
      this.pipelines.set(code, entry);
      // A failed compilation is not cached: the error names the program, and a retry may differ.
      entry.catch(() => this.pipelines.delete(code));
    }
    const compiled = await entry;
    if (warm && !this.warmed.has(compiled)) {
      this.warmed.add(compiled);
      this.cold.push(compiled);
    }
    return compiled;
  }

  private layoutFor(spec: ProgramSpec): { bindGroup: GPUBindGroupLayout; pipeline: GPUPipelineLayout } {
    const key = spec.buffers.map((b) => (b.access === 'read' ? 'r' : 'w')).join('');
    let layout = this.layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = spec.buffers.map((b, i) => ({
        binding: i,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: b.access === 'read' ? 'read-only-storage' : 'storage' },
      }));
      entries.push({ binding: spec.buffers.length, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } });
      const bindGroup = this.device.createBindGroupLayout({ entries, label: `tessera-${key}` });
      layout = { bindGroup, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [bindGroup] }) };
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private async create(spec: ProgramSpec, code: string): Promise<CompiledProgram> {
    const t0 = performance.now();
    const layout = this.layoutFor(spec);
    const module = this.device.createShaderModule({ code, label: spec.label });
    try {
      const pipeline = await this.device.createComputePipelineAsync({
        layout: layout.pipeline,
        compute: { module, entryPoint: 'main' },
        label: spec.label,
      });
      return { spec, pipeline, layout: layout.bindGroup };
    } catch (error) {
      const info = await module.getCompilationInfo().catch(() => undefined);
      const messages = info?.messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ');
      throw new Error(`WebGPU could not compile program ${spec.label}: ${messages || (error as Error).message}`, {
        cause: error,
      });
    } finally {
      this.creationMs += performance.now() - t0;
    }
  }

  /**
   * Dispatches every new pipeline once with empty work (its workgroup count uniform is 0, so every
   * invocation returns at once). Drivers that compile lazily — lavapipe JIT-compiles a compute shader
   * on its first dispatch — pay that cost here, at compile time, instead of in the first run.
   */
  async warmUp(): Promise<void> {
    const cold = this.cold;
    this.cold = [];
    if (cold.length === 0) return;
    const t0 = performance.now();
    const device = this.device;
    // One buffer per binding slot: a written binding may not alias another binding of the same dispatch.
    const slots = Math.max(...cold.map((p) => p.spec.buffers.length));
    const storage = Array.from({ length: slots }, () =>
      device.createBuffer({ size: 256, usage: GPUBufferUsage.STORAGE, label: 'tessera-warm-up' }),
    );
    const uniform = device.createBuffer({ size: 4096, usage: GPUBufferUsage.UNIFORM, label: 'tessera-warm-up' });
    const encoder = device.createCommandEncoder({ label: 'tessera-warm-up' });
    const pass = encoder.beginComputePass();
    for (const p of cold) {
      const entries: GPUBindGroupEntry[] = p.spec.buffers.map((_, binding) => ({
        binding,
        resource: { buffer: storage[binding] as GPUBuffer },
      }));
      entries.push({ binding: p.spec.buffers.length, resource: { buffer: uniform, size: uniformBytes(p.spec) } });
      pass.setPipeline(p.pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: p.layout, entries }));
      pass.dispatchWorkgroups(1);
    }
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    for (const b of storage) b.destroy();
    uniform.destroy();
    this.creationMs += performance.now() - t0;
  }

  clear(): void {
    this.pipelines.clear();
    this.layouts.clear();
  }
}
