import {
  arrayConstructorOf,
  type CompileContext,
  type CompiledPartition,
  type Kernel,
  type KernelContext,
  type KernelDefinition,
  KernelError,
  type Node,
  type NodeTiming,
  type PartitionMemory,
  type PartitionSpec,
  type PartitionValue,
  type RunContext,
  storageLength,
  Tensor,
  TesseraError,
  type ValueInfo,
} from '@tessera/core';
import type { ElementwiseChain, ResolvedOperand } from './chain.js';
import { JOB } from './job-kinds.js';
import type { WasmKernelContext } from './kernel-types.js';
import { unitsPerTask } from './kernels/shared.js';
import { findDefinition, type Step, stepInputs, stepNode, stepOutputs } from './plan.js';
import type { WasmRuntime } from './runtime.js';
import { ValueStore, type WasmValue } from './values.js';
import { stageFloats } from './weights.js';

const NO_VALUES: readonly (WasmValue | undefined)[] = [];

/**
 * A partition compiled for the WebAssembly kernels. Its values live in the kernels' memory from the
 * partition's inputs (copied in) to its outputs (copied out to the runtime's arena); everything in
 * between is handed from kernel to kernel by address, and freed after its last reader. Nodes without
 * a WebAssembly kernel run their TypeScript kernel on views of that memory.
 */
export class WasmPartition implements CompiledPartition {
  private readonly store: ValueStore;
  private readonly inputsOf: string[][];
  private readonly outputsOf: string[][];
  /** Each step's op as its timing names it ('Add+Relu' for a chain). */
  private readonly opNames: string[];
  private readonly releaseAfter: string[][];
  /** Constants the steps read: JavaScript tensors as they are, plus copies in memory for chains. */
  private readonly constants = new Map<string, WasmValue>();
  private readonly staged = new Map<string, WasmValue>();
  private readonly derived = new Map<Float32Array, number>();
  private readonly jsKernels = new Map<Node, Kernel>();
  private readonly programs = new Map<ElementwiseChain, { address: number; words: number; key: string }>();
  private timings: NodeTiming[] = [];
  /** Heap bytes taken for constants: the kernels' packed weights and staged chain operands. */
  private readonly constantBytes: number;
  /** The part of those the value store holds (so not working memory). */
  private readonly storeConstantBytes: number;
  private disposed = false;
  /**
   * The kernels' context, one object for every step (a run's steps go one at a time), and the state of
   * the step it serves: made once rather than as closures per step, which a small model notices.
   */
  private readonly kernelContext: WasmKernelContext;
  private readonly current = {
    epilogue: undefined as ElementwiseChain | undefined,
    externals: NO_VALUES as readonly (WasmValue | undefined)[],
    applied: false,
    /** Values copied into memory for this step only, and the outputs it allocated. */
    temps: [] as WasmValue[],
    made: [] as WasmValue[],
  };
  /** Steps of the last run by where they ran: WebAssembly kernel, fused chain, TypeScript kernel. */
  readonly lastRun = { wasm: 0, chain: 0, js: 0 };

  constructor(
    private readonly rt: WasmRuntime,
    private readonly spec: PartitionSpec,
    private readonly steps: readonly Step[],
    private readonly defs: readonly KernelDefinition[],
    private readonly ctx: CompileContext,
    /** The heap's live bytes before the steps were planned (their kernels pack weights). */
    heapBytesBefore: number,
  ) {
    this.store = new ValueStore(rt);
    const current = this.current;
    this.kernelContext = {
      rt,
      address: (v) => this.addressOf(v, current.temps),
      output: (dims) => {
        const v = this.store.allocate('float32', dims) as WasmValue;
        current.made.push(v);
        return v;
      },
      epilogue: (dims, split) => {
        if (!current.epilogue) return 0;
        const address = this.program(current.epilogue, dims, current.externals, split, undefined, current.temps);
        current.applied = address !== 0;
        return address;
      },
    };
    this.inputsOf = steps.map(stepInputs);
    this.outputsOf = steps.map(stepOutputs);
    this.opNames = steps.map((step) => (step.kind === 'chain' ? step.chain.nodes.map((n) => n.op).join('+') : stepNode(step).op));
    const keep = new Set(spec.outputs.map((o) => o.name));
    const last = new Map<string, number>();
    this.inputsOf.forEach((names, i) => {
      for (const name of names) {
        if (!name) continue;
        const c = ctx.value(name).constant;
        if (c) this.constants.set(name, this.store.wrap(c));
        else last.set(name, i);
      }
    });
    // Outputs nobody reads are freed right after the step that makes them.
    this.outputsOf.forEach((names, i) => {
      for (const name of names) if (name && !last.has(name)) last.set(name, i);
    });
    this.releaseAfter = steps.map(() => []);
    for (const [name, i] of last) if (!keep.has(name)) this.releaseAfter[i]?.push(name);
    for (const step of steps) {
      const chain = step.kind === 'chain' ? step.chain : step.kind === 'wasm' ? step.epilogue : undefined;
      if (chain) this.stageChainConstants(chain);
      if (step.kind === 'wasm' && step.after && step.after !== step.epilogue) this.stageChainConstants(step.after);
    }
    this.storeConstantBytes = this.store.liveBytes;
    this.constantBytes = rt.heap.usage().liveBytes - heapBytesBefore;
  }

  memory(): PartitionMemory {
    return {
      constantBytes: this.constantBytes,
      peakWorkingBytes: this.store.peakBytes - this.storeConstantBytes,
    };
  }

  /** Chain operands that are constants (or derived per-channel numbers) get a copy in memory, once. */
  private stageChainConstants(chain: ElementwiseChain): void {
    for (const e of chain.externals) {
      if (e.perChannel) {
        if (!this.derived.has(e.perChannel)) this.derived.set(e.perChannel, stageFloats(this.rt, e.perChannel));
        continue;
      }
      const c = this.ctx.value(e.name).constant;
      if (c && c.data.length > 1 && !this.staged.has(e.name)) this.staged.set(e.name, this.store.copyIn(c));
    }
  }

  /**
   * Runs the steps. Where every step is a WebAssembly kernel or chain (the usual case) nothing here
   * awaits, and the outputs come back without a promise; the loops are plain ones, since a small
   * model's run is a few microseconds and iterators and per-run closures are a measurable part of it.
   */
  run(inputs: readonly PartitionValue[], ctx: RunContext): PartitionValue[] | Promise<PartitionValue[]> {
    if (this.disposed) throw new KernelError('KERNEL_FAILED', 'WebAssembly partition used after dispose()');
    const values = new Map<string, WasmValue>();
    const specInputs = this.spec.inputs;
    try {
      for (let i = 0; i < specInputs.length; i++) {
        const v = inputs[i];
        const name = (specInputs[i] as ValueInfo).name;
        if (!(v instanceof Tensor))
          throw new KernelError('KERNEL_FAILED', `Partition input '${name}' is not a CPU tensor the cpu delegate can read.`);
        values.set(name, this.store.copyIn(v));
      }
    } catch (err) {
      this.releaseAll(values);
      throw err;
    }
    this.lastRun.wasm = 0;
    this.lastRun.chain = 0;
    this.lastRun.js = 0;
    const timings: NodeTiming[] = [];
    const start = ctx.profiling ? performance.now() : 0;
    return this.runFrom(0, values, ctx, timings, start);
  }

  /** Steps `first`… on; continues after an awaited step (a TypeScript kernel) as a promise. */
  private runFrom(
    first: number,
    values: Map<string, WasmValue>,
    ctx: RunContext,
    timings: NodeTiming[],
    start: number,
  ): PartitionValue[] | Promise<PartitionValue[]> {
    let releaseValues = true;
    try {
      for (let i = first; i < this.steps.length; i++) {
        const step = this.steps[i] as Step;
        const t0 = ctx.profiling ? performance.now() : 0;
        const names = this.inputsOf[i] as string[];
        const args: (WasmValue | undefined)[] = new Array(names.length);
        for (let k = 0; k < names.length; k++) {
          const name = names[k] as string;
          args[k] = name ? this.read(values, name, step) : undefined;
        }
        const r = this.runGuarded(step, args);
        if (r instanceof Promise) {
          releaseValues = false;
          return r
            .then((outs) => {
              this.finishStep(i, step, outs, values, ctx, timings, start, t0);
              return this.runFrom(i + 1, values, ctx, timings, start);
            })
            .catch((err: unknown) => {
              this.releaseAll(values);
              throw err;
            });
        }
        this.finishStep(i, step, r, values, ctx, timings, start, t0);
      }
      if (ctx.profiling) this.timings = timings;
      const specOutputs = this.spec.outputs;
      const result: PartitionValue[] = new Array(specOutputs.length);
      for (let k = 0; k < specOutputs.length; k++) {
        const name = (specOutputs[k] as ValueInfo).name;
        result[k] = this.copyOut(this.read(values, name, undefined), name, ctx);
      }
      return result;
    } finally {
      if (releaseValues) this.releaseAll(values);
    }
  }

  /**
   * Frees a run's values and forgets them, so that a failure seen at two levels (a step awaited inside
   * another's continuation) frees each block once.
   */
  private releaseAll(values: Map<string, WasmValue>): void {
    for (const v of values.values()) this.store.release(v);
    values.clear();
  }

  /** A step's run, with a failure that is not already Tessera's named after its node. */
  private runGuarded(
    step: Step,
    args: readonly (WasmValue | undefined)[],
  ): (WasmValue | undefined)[] | Promise<(WasmValue | undefined)[]> {
    const named = (err: unknown): never => {
      if (err instanceof TesseraError) throw err;
      const node = stepNode(step);
      throw new KernelError('KERNEL_FAILED', `Node '${node.name}' (${node.op}) failed: ${(err as Error).message}`, {
        cause: err,
      });
    };
    try {
      const r = this.runStep(step, args);
      return r instanceof Promise ? r.catch(named) : r;
    } catch (err) {
      return named(err);
    }
  }

  /** Records a step's outputs, frees what no later step reads, and times the step when profiling. */
  private finishStep(
    i: number,
    step: Step,
    outs: (WasmValue | undefined)[],
    values: Map<string, WasmValue>,
    ctx: RunContext,
    timings: NodeTiming[],
    start: number,
    t0: number,
  ): void {
    const names = this.outputsOf[i] as string[];
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as string;
      const v = outs[k];
      if (!name) {
        if (v) this.store.release(v);
        continue;
      }
      if (!v) throw new KernelError('KERNEL_FAILED', `Node '${stepNode(step).name}' produced no output ${k} ('${name}').`);
      values.set(name, v);
    }
    for (const name of this.releaseAfter[i] as string[]) {
      const v = values.get(name);
      if (v) this.store.release(v);
      values.delete(name);
    }
    if (ctx.profiling) {
      const node = stepNode(step);
      timings.push({ node: node.name, op: this.opNames[i] as string, startMs: t0 - start, durationMs: performance.now() - t0 });
    }
  }

  /** A constant as a value, also one no step lists (a chain folds scalar constants into its program). */
  private constantValue(name: string): WasmValue | undefined {
    let v = this.constants.get(name);
    if (!v) {
      const c = this.ctx.value(name).constant;
      if (c) this.constants.set(name, (v = this.store.wrap(c)));
    }
    return v;
  }

  private read(values: ReadonlyMap<string, WasmValue>, name: string, step: Step | undefined): WasmValue {
    const v = values.get(name) ?? this.constants.get(name);
    if (v) return v;
    const who = step ? `Node '${stepNode(step).name}'` : 'The partition';
    throw new KernelError('KERNEL_FAILED', `${who} reads '${name}', which was not produced before it (plan order broken).`);
  }

  private copyOut(v: WasmValue, name: string, ctx: RunContext): Tensor {
    if (!v.inMemory) return v.tensor(this.rt);
    const t = ctx.allocate(name, v.dtype, v.dims);
    if (t.data instanceof Float32Array) {
      const at = v.address >> 2; // blocks are 64-byte aligned
      t.data.set(this.rt.f32.subarray(at, at + t.data.length));
      return t;
    }
    const data = t.data as unknown as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
    const bytes = data.byteLength;
    new Uint8Array(data.buffer, data.byteOffset, bytes).set(this.rt.u8.subarray(v.address, v.address + bytes));
    return t;
  }

  private runStep(
    step: Step,
    args: readonly (WasmValue | undefined)[],
  ): (WasmValue | undefined)[] | Promise<(WasmValue | undefined)[]> {
    if (step.kind === 'js') return this.runJs(step.node, args);
    if (step.kind === 'chain') return this.runChain(step.chain, args[0] as WasmValue, args.slice(1));
    const arity = step.node.inputs.length;
    const own = args.length === arity ? args : args.slice(0, arity);
    const externals = args.length === arity ? NO_VALUES : args.slice(arity);
    const current = this.current;
    current.epilogue = step.epilogue;
    current.externals = externals;
    current.applied = false;
    let outs: WasmValue[] | undefined;
    try {
      outs = step.kernel.run(own, this.kernelContext);
    } catch (err) {
      for (const v of current.made) this.store.release(v);
      current.made.length = 0;
      throw err;
    } finally {
      for (const t of current.temps) this.store.release(t);
      current.temps.length = 0;
    }
    if (!outs) {
      // The WebAssembly kernel left this run to the TypeScript one.
      for (const v of current.made) this.store.release(v);
      current.made.length = 0;
      return this.runJs(step.node, own).then((r) => this.follow(step.after, r, externals));
    }
    current.made.length = 0;
    this.lastRun.wasm++;
    if (step.epilogue && !current.applied) return this.follow(step.epilogue, outs, externals);
    return outs;
  }

  /** Runs `chain` on the first of `outs` (when there is a chain), in place of that output. */
  private follow(
    chain: ElementwiseChain | undefined,
    outs: (WasmValue | undefined)[],
    externals: readonly (WasmValue | undefined)[],
  ): (WasmValue | undefined)[] | Promise<(WasmValue | undefined)[]> {
    if (!chain) return outs;
    const main = outs[0] as WasmValue;
    const r = this.runChain(chain, main, chain === undefined ? [] : this.externalsFor(chain, externals));
    const done = (v: (WasmValue | undefined)[]) => {
      this.store.release(main);
      return [v[0], ...outs.slice(1)];
    };
    return r instanceof Promise ? r.then(done) : done(r);
  }

  /** A chain's external values in its own order, from the values a fused step was given. */
  private externalsFor(_chain: ElementwiseChain, externals: readonly (WasmValue | undefined)[]): (WasmValue | undefined)[] {
    return [...externals];
  }

  private addressOf(v: WasmValue, temps: WasmValue[]): number {
    if (v.inMemory) return v.address;
    const copy = this.store.copyIn(v.tensor(this.rt));
    if (!copy.inMemory) throw new Error(`value of dtype ${v.dtype} cannot be moved into WebAssembly memory`);
    temps.push(copy);
    return copy.address;
  }

  /**
   * Writes the program of `chain` for a main value of `dims` and returns its address, or 0 when its
   * operands do not broadcast in a way the program can read.
   */
  private program(
    chain: ElementwiseChain,
    dims: readonly number[],
    externals: readonly (WasmValue | undefined)[],
    split: number | undefined,
    mainAddress: number | undefined,
    temps: WasmValue[],
  ): number {
    const operands: ResolvedOperand[] = [];
    let named = 0;
    for (const e of chain.externals) {
      if (e.perChannel) {
        const ones = new Array<number>(Math.max(0, dims.length - 2)).fill(1);
        operands.push({
          dims: [e.perChannel.length, ...ones],
          address: this.derived.get(e.perChannel) as number,
          scalar: undefined,
        });
        continue;
      }
      const v = this.staged.get(e.name) ?? (externals[named] as WasmValue);
      named++;
      if (v.dtype !== 'float32') return 0;
      const scalar = v.size === 1 ? ((v.tensor(this.rt).data as Float32Array)[0] as number) : undefined;
      operands.push({ dims: v.dims, address: scalar === undefined ? this.addressOf(v, temps) : 0, scalar });
    }
    // Addresses repeat run after run (the heap hands out the same blocks), so the words usually do.
    let key = `${dims.join(',')}|${split}|${mainAddress}`;
    for (const o of operands) key += `|${o.dims.join(',')}:${o.address}:${o.scalar}`;
    const cached = this.programs.get(chain);
    if (cached?.key === key) return cached.address;
    const words = chain.program(dims, operands, { split, mainAddress });
    if (!words) return 0;
    let slot = cached;
    if (!slot || slot.words < words.length) {
      if (slot) this.rt.heap.free(slot.address);
      slot = { address: this.rt.heap.alloc(words.length * 4), words: words.length, key: '' };
      this.programs.set(chain, slot);
    }
    this.rt.i32.set(words, slot.address >> 2);
    slot.key = key;
    return slot.address;
  }

  private runChain(
    chain: ElementwiseChain,
    main: WasmValue,
    externals: readonly (WasmValue | undefined)[],
  ): (WasmValue | undefined)[] | Promise<(WasmValue | undefined)[]> {
    const temps: WasmValue[] = [];
    try {
      if (main.dtype === 'float32') {
        const address = this.program(chain, main.dims, externals, undefined, this.addressOf(main, temps), temps);
        if (address) {
          const out = this.store.allocate('float32', main.dims) as WasmValue;
          const elements = main.size;
          if (elements > 0) {
            const rows = elements / (this.rt.i32[(address >> 2) + 2] as number);
            // Elementwise work is a few operations per element and memory-bound: only big chains split.
            const per = Math.max(unitsPerTask(this.rt.threads, elements, 2 * chain.instrs.length), 4096);
            const work = elements * 2 * chain.instrs.length;
            this.rt.run(JOB.elementwise, [address, out.address, rows, per], [], Math.ceil(elements / per), 0, work);
          }
          this.lastRun.chain++;
          return [out];
        }
      }
    } finally {
      for (const t of temps) this.store.release(t);
    }
    return this.runChainInJs(chain, main, externals);
  }

  /** The chain's nodes one by one on their TypeScript kernels (operands the program cannot read). */
  private async runChainInJs(
    chain: ElementwiseChain,
    main: WasmValue,
    externals: readonly (WasmValue | undefined)[],
  ): Promise<(WasmValue | undefined)[]> {
    const local = new Map<string, WasmValue>([[chain.main, main]]);
    chain.externalNames().forEach((name, i) => {
      const v = externals[i];
      if (v) local.set(name, v);
    });
    let last: WasmValue | undefined;
    for (const node of chain.nodes) {
      const args = node.inputs.map((name) => (name ? (local.get(name) ?? this.constantValue(name)) : undefined));
      const [out] = await this.runJs(node, args);
      if (last && last !== main) this.store.release(last);
      last = out as WasmValue;
      local.set(node.outputs[0] as string, last);
    }
    return [last];
  }

  /** A node on its TypeScript kernel, over views of the kernels' memory. */
  private async runJs(node: Node, args: readonly (WasmValue | undefined)[]): Promise<(WasmValue | undefined)[]> {
    let kernel = this.jsKernels.get(node);
    if (!kernel) {
      const def = findDefinition(this.defs, node);
      if (!def) throw new KernelError('KERNEL_FAILED', `cpu has no kernel for ${node.op}`);
      kernel = (await def.create(node, this.ctx)) as Kernel;
      this.jsKernels.set(node, kernel);
    }
    this.lastRun.js++;
    const tensors = args.map((v) => v?.tensor(this.rt));
    const made = new Map<Tensor, WasmValue>();
    let short = 0;
    const kctx: KernelContext = {
      node,
      output: (_index, dtype, dims) => {
        // No growing here: the views the kernel already holds must stay attached to the memory.
        const v = this.store.allocate(dtype, dims, false);
        if (v) {
          const t = v.tensor(this.rt);
          made.set(t, v);
          return t;
        }
        const t = Tensor.zeros(dtype, dims);
        short += t.data.length * ((t.data as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 8);
        return t;
      },
    };
    const r = kernel.run(tensors, kctx);
    const outs = r instanceof Promise ? await r : r;
    const result = outs.map((t) => this.adopt(t, made, args));
    for (const [t, v] of made) if (!outs.includes(t)) this.store.release(v);
    // Make room for next time, now that no view is held.
    if (short > 0) this.rt.heap.free(this.rt.heap.alloc(short));
    return result;
  }

  /** The value for a tensor a TypeScript kernel returned: its own block, an alias, or a copy. */
  private adopt(t: Tensor, made: ReadonlyMap<Tensor, WasmValue>, args: readonly (WasmValue | undefined)[]): WasmValue {
    const own = made.get(t);
    if (own) return own;
    const data = t.data as unknown as { buffer?: ArrayBufferLike; byteOffset?: number };
    if (data.buffer === this.rt.memory.buffer) {
      // A view of an input (Reshape and friends): share the input's block.
      const source = args.find((a) => a?.inMemory && a.address === data.byteOffset && a.dtype === t.dtype);
      if (source) return source.alias(t.dims);
      const copy = this.store.allocate(t.dtype, t.dims);
      const ctor = arrayConstructorOf(t.dtype) as new (b: ArrayBufferLike, o: number, l: number) => Tensor['data'];
      if (copy) {
        (
          new ctor(this.rt.memory.buffer, copy.address, storageLength(t.dtype, copy.size)) as unknown as { set(a: unknown): void }
        ).set(t.data);
        return copy;
      }
    }
    return this.store.wrap(t);
  }

  nodeTimings(): readonly NodeTiming[] {
    return this.timings;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const step of this.steps) if (step.kind === 'wasm') step.kernel.dispose();
    for (const v of this.staged.values()) this.store.release(v);
    for (const a of this.derived.values()) this.rt.heap.free(a);
    for (const p of this.programs.values()) this.rt.heap.free(p.address);
    this.timings = [];
  }
}
