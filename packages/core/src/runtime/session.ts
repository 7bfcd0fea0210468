import type {
  CompileContext,
  CompiledPartition,
  Delegate,
  GraphContext,
  PartitionSpec,
  PartitionValue,
  ValueInfo,
} from '../delegate/contract.js';
import { DelegateError, TesseraError } from '../errors.js';
import { cloneModel } from '../ir/clone.js';
import { nodeReads } from '../ir/graph-utils.js';
import type { Graph, Model, Node, ValueType } from '../ir/types.js';
import { DEFAULT_LIMITS } from '../onnx/tensor-proto.js';
import { estimateNodeCost, valueBytesFrom } from '../partition/node-cost.js';
import { partitionGraph } from '../partition/partitioner.js';
import type { ExecutionPlan, PlanRejection } from '../partition/plan.js';
import { graphContext } from '../passes/evaluator.js';
import { describeValue, type SessionValue, TensorSequence } from '../tensor/sequence.js';
import { isCpuTensor, Tensor } from '../tensor/tensor.js';
import { checkFeeds, type DeclaredInput } from './check-feeds.js';
import { checkDelegates } from './delegate-checks.js';
import { optimizeModel } from './optimize.js';
import { ownedAllocator } from './owned-memory.js';
import { makeRunProfile } from './profile.js';
import type {
  IOInfo,
  MemoryReport,
  PartitionMemoryReport,
  PartitionProfile,
  RunProfile,
  Session,
  SessionOptions,
} from './session-types.js';
import { SignatureMemory, type ValueSteps } from './signature-memory.js';

/** How many input-shape signatures keep their memory plan (older ones are dropped, least recent first). */
const MAX_CACHED_SIGNATURES = 4;

interface CompiledStage {
  readonly spec: PartitionSpec;
  readonly delegate: Delegate;
  readonly compiled: CompiledPartition;
}

/**
 * Builds a session: optimize a copy of the model, partition it across the delegates, compile each
 * partition. A partition that fails to compile is handed to the next delegate (or, in strict mode,
 * the session fails); nothing compiled is left behind on failure.
 */
export async function createSession(model: Model, options: SessionOptions): Promise<Session> {
  checkDelegates(options.delegates);
  const maxTensorBytes = options.maxTensorBytes ?? DEFAULT_LIMITS.maxTensorBytes;
  const work = cloneModel(model);
  await optimizeModel(work, options.delegates, { optimizations: options.optimizations, evaluate: true, maxTensorBytes });
  const ctx = graphContext(work.graph, work.opsets);
  const { plan, stages } = await partitionAndCompile(work.graph, ctx, options);
  return new TesseraSession(work, plan, stages, options, maxTensorBytes);
}

/** The plan a session would use, without compiling or running anything (a dry run). */
export async function previewPlan(
  model: Model,
  delegates: readonly Delegate[],
  options: { strict?: boolean } = {},
): Promise<ExecutionPlan> {
  checkDelegates(delegates);
  const work = cloneModel(model);
  await optimizeModel(work, delegates, { evaluate: false, maxTensorBytes: DEFAULT_LIMITS.maxTensorBytes });
  const ctx = graphContext(work.graph, work.opsets);
  return partitionGraph(
    { graph: work.graph, delegates, context: ctx },
    { strict: options.strict ?? false, dryRun: true, valueBytes: valueBytesFrom(ctx), nodeCost: (n) => estimateNodeCost(n, ctx) },
  );
}

async function partitionAndCompile(
  graph: Graph,
  ctx: GraphContext,
  options: SessionOptions,
): Promise<{ plan: ExecutionPlan; stages: CompiledStage[] }> {
  const extraRejections = new Map<string, PlanRejection[]>();
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const compileCtx: CompileContext = {
    ...ctx,
    value: ctx.value,
    opsetVersion: ctx.opsetVersion,
    profiling: options.profiling ?? false,
  };
  // Each failed compile removes one delegate from some nodes, so this ends within nodes × delegates tries.
  for (;;) {
    const plan = partitionGraph(
      { graph, delegates: options.delegates, context: ctx },
      {
        strict: options.strict ?? false,
        extraRejections,
        valueBytes: valueBytesFrom(ctx),
        nodeCost: (n) => estimateNodeCost(n, ctx),
      },
    );
    const stages: CompiledStage[] = [];
    let failed: { partition: ExecutionPlan['partitions'][number]; error: unknown } | undefined;
    for (const p of plan.partitions) {
      const delegate = options.delegates.find((d) => d.name === p.delegate) as Delegate;
      const spec: PartitionSpec = {
        id: p.id,
        nodes: p.nodes.map((n) => byName.get(n) as Node),
        inputs: p.inputs.map((n) => ctx.value(n)),
        outputs: p.outputs.map((n) => ctx.value(n)),
      };
      try {
        stages.push({ spec, delegate, compiled: await delegate.compile(spec, compileCtx) });
      } catch (error) {
        failed = { partition: p, error };
        break;
      }
    }
    if (!failed) return { plan, stages };
    await Promise.allSettled(stages.map((s) => s.compiled.dispose()));
    const reason = failed.error instanceof Error ? failed.error.message : String(failed.error);
    if (options.strict) {
      throw new DelegateError(
        'COMPILE_FAILED',
        `Delegate '${failed.partition.delegate}' failed to compile partition ${failed.partition.id} (${failed.partition.nodes.length} nodes) and strict mode forbids falling back: ${reason}`,
        { cause: failed.error },
      );
    }
    for (const name of failed.partition.nodes) {
      const list = extraRejections.get(name) ?? [];
      list.push({ delegate: failed.partition.delegate, code: 'COMPILE_FAILED', detail: reason });
      extraRejections.set(name, list);
    }
  }
}

function ioInfo(graph: Graph, name: string): IOInfo {
  const type = graph.values.get(name)?.type;
  const unsupported = (what: string) =>
    new TesseraError(
      'INPUT_DTYPE',
      `Graph input/output '${name}' is ${what}; Tessera runs tensors, sequences of tensors and optionals of those.`,
    );
  if (!type) throw unsupported('of unknown type');
  if (type.kind === 'tensor') return { name, kind: 'tensor', dtype: type.dtype, dims: type.shape ?? [] };
  if (type.kind === 'sequence') {
    if (type.elem?.kind !== 'tensor') throw unsupported(`a sequence of ${type.elem?.kind ?? 'unknown'} values`);
    return { name, kind: 'sequence', dtype: type.elem.dtype, dims: type.elem.shape ?? [] };
  }
  if (type.kind === 'optional') {
    const held = type.elem?.kind === 'sequence' ? type.elem.elem : type.elem;
    if (held?.kind !== 'tensor') throw unsupported(`an optional of ${type.elem?.kind ?? 'unknown'} values`);
    return {
      name,
      kind: 'optional',
      element: type.elem?.kind === 'sequence' ? 'sequence' : 'tensor',
      dtype: held.dtype,
      dims: held.shape ?? [],
    };
  }
  throw unsupported(`a ${type.kind}`);
}

/** A pending download (any promise-like a delegate's download() returned), as opposed to a value. */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

class TesseraSession implements Session {
  readonly inputs: readonly IOInfo[];
  readonly outputs: readonly IOInfo[];
  private readonly declaredInputs: readonly DeclaredInput[];
  private readonly steps = new Map<string, ValueSteps>();
  /** Per stage, the values no later stage reads: dropped after it so memory can be reclaimed mid-run. */
  private readonly releaseAfterStage: string[][] = [];
  private readonly signatures = new Map<string, SignatureMemory>();
  /** The most recently used of those (already last in the map's order): the usual next run's. */
  private lastMemory: SignatureMemory | undefined;
  private profile: RunProfile | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs enqueued and not yet settled: with none, a run starts at once rather than a microtask later. */
  private pending = 0;
  private disposed = false;
  private readonly allocateOwned: ReturnType<typeof ownedAllocator>;

  constructor(
    private readonly model: Model,
    readonly plan: ExecutionPlan,
    private readonly stages: readonly CompiledStage[],
    private readonly options: SessionOptions,
    private readonly maxTensorBytes: number,
  ) {
    const graph = model.graph;
    this.inputs = graph.inputs.map((n) => ioInfo(graph, n));
    this.outputs = graph.outputs.map((n) => ioInfo(graph, n));
    this.declaredInputs = this.inputs.map((info) => ({ info, type: graph.values.get(info.name)?.type as ValueType }));
    this.allocateOwned = ownedAllocator(maxTensorBytes);
    this.computeLifetimes();
  }

  /** Arena-eligible values: node outputs that are not graph outputs (the caller keeps those). */
  private computeLifetimes(): void {
    const graphOutputs = new Set(this.model.graph.outputs);
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    let step = 0;
    for (const stage of this.stages) {
      for (const node of stage.spec.nodes) {
        for (const r of nodeReads(node)) last.set(r, step);
        for (const o of node.outputs) if (o && !graphOutputs.has(o)) first.set(o, step);
        step++;
      }
    }
    for (const [name, f] of first) this.steps.set(name, { first: f, last: Math.max(f, last.get(name) ?? f) });
    const lastStage = new Map<string, number>();
    this.stages.forEach((stage, i) => {
      for (const input of stage.spec.inputs) lastStage.set(input.name, i);
    });
    for (let i = 0; i < this.stages.length; i++) this.releaseAfterStage.push([]);
    for (const [name, i] of lastStage) if (!graphOutputs.has(name)) this.releaseAfterStage[i]?.push(name);
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    const values = await this.enqueue(feeds, 'run');
    const result: Record<string, Tensor> = {};
    for (const [name, v] of Object.entries(values)) {
      if (!(v instanceof Tensor)) {
        throw new TesseraError(
          'OUTPUT_NOT_TENSOR',
          `Output '${name}' is ${describeValue(v)}; session.run returns tensors only. Call session.runValues(feeds) to get sequences and optionals.`,
        );
      }
      result[name] = v;
    }
    return result;
  }

  runValues(feeds: Record<string, SessionValue>): Promise<Record<string, SessionValue>> {
    return this.enqueue(feeds, 'runValues');
  }

  private enqueue(feeds: Record<string, SessionValue>, api: string): Promise<Record<string, SessionValue>> {
    // Runs share the arena, so they take turns.
    const next = this.pending === 0 ? this.runNow(feeds, api) : this.queue.then(() => this.runNow(feeds, api));
    this.pending++;
    const settled = () => {
      this.pending--;
    };
    this.queue = next.then(settled, settled);
    return next;
  }

  private async runNow(feeds: Record<string, SessionValue>, api: string): Promise<Record<string, SessionValue>> {
    if (this.disposed) throw new TesseraError('SESSION_DISPOSED', 'This session was disposed; create a new one to run again.');
    const signature = checkFeeds(this.declaredInputs, feeds, api);
    const memory = this.memoryFor(signature);
    const allocate = memory.allocator();
    const profiling = this.options.profiling ?? false;
    const runCtx = { allocate, allocateOwned: this.allocateOwned, profiling };
    // Plain loops from here on: a small model's run is a few microseconds, and iterators, spreads and
    // per-run closures are a measurable part of that.
    const values = new Map<string, PartitionValue>();
    for (const { info } of this.declaredInputs) values.set(info.name, feeds[info.name] as PartitionValue);
    const partitions: PartitionProfile[] = [];
    const runStart = profiling ? performance.now() : 0;
    for (let index = 0; index < this.stages.length; index++) {
      const stage = this.stages[index] as CompiledStage;
      const specInputs = stage.spec.inputs;
      const inputs: (PartitionValue | Promise<PartitionValue>)[] = new Array(specInputs.length);
      // Only values on another device need an await (a download); the usual CPU tensors go as they are.
      let pending = false;
      for (let i = 0; i < specInputs.length; i++) {
        const v = this.moveTo(stage.delegate, values, (specInputs[i] as ValueInfo).name);
        if (isThenable(v)) pending = true;
        inputs[i] = v;
      }
      const ready = pending ? await Promise.all(inputs) : (inputs as PartitionValue[]);
      const t0 = profiling ? performance.now() : 0;
      const ran = stage.compiled.run(ready, runCtx);
      const outputs = isThenable(ran) ? await ran : ran;
      if (profiling) {
        partitions.push({
          partition: stage.spec.id,
          delegate: stage.delegate.name,
          startMs: t0 - runStart,
          durationMs: performance.now() - t0,
          nodes: stage.compiled.nodeTimings?.() ?? [],
        });
      }
      const specOutputs = stage.spec.outputs;
      for (let i = 0; i < specOutputs.length; i++) {
        const name = (specOutputs[i] as ValueInfo).name;
        const v = outputs[i];
        if (v === undefined)
          throw new DelegateError(
            'DELEGATE_INVALID',
            `Delegate '${stage.delegate.name}' returned no value for output '${name}' of partition ${stage.spec.id}.`,
          );
        values.set(name, v);
      }
      for (const name of this.releaseAfterStage[index] as string[]) {
        const v = values.get(name);
        values.delete(name);
        // Device memory is the runtime's to give back once no later partition reads it.
        if (v && !(v instanceof Tensor) && !(v instanceof TensorSequence) && !Object.hasOwn(feeds, name)) v.dispose();
      }
    }
    memory.finishRecording();
    const result: Record<string, SessionValue> = {};
    for (const name of this.model.graph.outputs) {
      const v = values.has(name) ? (values.get(name) as PartitionValue) : this.model.graph.values.get(name)?.constant;
      if (v === undefined) throw new TesseraError('KERNEL_FAILED', `Graph output '${name}' was not produced.`);
      result[name] = v === null || v instanceof Tensor || v instanceof TensorSequence ? v : await v.download();
    }
    if (profiling) this.profile = makeRunProfile(performance.now() - runStart, partitions);
    return result;
  }

  /**
   * Brings a value to where a delegate reads it: device tensors of other devices come back to the
   * CPU; sequences and empty optionals live on the host and go as they are.
   */
  private moveTo(
    delegate: Delegate,
    values: ReadonlyMap<string, PartitionValue>,
    name: string,
  ): PartitionValue | Promise<PartitionValue> {
    const value = values.has(name) ? (values.get(name) as PartitionValue) : this.model.graph.values.get(name)?.constant;
    if (value === undefined)
      throw new TesseraError('KERNEL_FAILED', `Value '${name}' is needed before it was produced (plan order broken).`);
    if (value === null || value instanceof TensorSequence || isCpuTensor(value) || value.location === delegate.location)
      return value;
    return value.download();
  }

  private memoryFor(signature: string): SignatureMemory {
    if (this.lastMemory?.signature === signature) return this.lastMemory;
    let m = this.signatures.get(signature);
    if (m) {
      this.signatures.delete(signature); // re-insert: most recently used last
    } else {
      m = new SignatureMemory(signature, this.steps, this.maxTensorBytes);
      if (this.signatures.size >= MAX_CACHED_SIGNATURES) this.signatures.delete(this.signatures.keys().next().value as string);
    }
    this.signatures.set(signature, m);
    this.lastMemory = m;
    return m;
  }

  memory(): readonly MemoryReport[] {
    return [...this.signatures.values()].flatMap((m) => m.report() ?? []);
  }

  partitionMemory(): readonly PartitionMemoryReport[] {
    return this.stages.flatMap((stage) => {
      const m = stage.compiled.memory?.();
      return m ? [{ partition: stage.spec.id, delegate: stage.delegate.name, ...m }] : [];
    });
  }

  lastProfile(): RunProfile | undefined {
    return this.profile;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await Promise.allSettled(this.stages.map((s) => s.compiled.dispose()));
    this.signatures.clear();
    this.lastMemory = undefined;
  }
}
