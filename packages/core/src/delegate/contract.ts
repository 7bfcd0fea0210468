import type { Attribute, Dim, Node, ValueType } from '../ir/types.js';
import type { DType } from '../tensor/dtype.js';
import type { TensorSequence } from '../tensor/sequence.js';
import type { AnyTensor, Location, Tensor } from '../tensor/tensor.js';

/**
 * The version of the delegate contract this core implements. A delegate states the version it was
 * written against; core refuses a different major version with a clear error.
 */
export const DELEGATE_API_VERSION = 1;

/** Why a delegate does not take a node. Stable codes: analyzers and reports group by them. */
export type RejectionCode =
  | 'UNSUPPORTED_OP'
  | 'OP_VERSION'
  | 'DTYPE'
  | 'RANK'
  | 'DYNAMIC_SHAPE'
  | 'ATTRIBUTE'
  | 'NON_CONSTANT_WEIGHT'
  | 'PLATFORM'
  | 'RESOURCE_LIMIT'
  // Added by the partitioner, not by delegates:
  | 'POLICY_MIN_NODES'
  | 'POLICY_MAX_PARTITIONS'
  | 'TRANSFER_COST'
  | 'COMPILE_FAILED';

export type SupportResult =
  | { readonly supported: true }
  | { readonly supported: false; readonly code: RejectionCode; readonly detail: string };

export const SUPPORTED: SupportResult = Object.freeze({ supported: true });
export function reject(code: RejectionCode, detail: string): SupportResult {
  return { supported: false, code, detail };
}

/** What a delegate sees of one value while deciding support or compiling. */
export interface ValueInfo {
  readonly name: string;
  readonly type: ValueType | undefined;
  /** Set when the value is a constant (an initializer or a folded value). */
  readonly constant: Tensor | undefined;
}

/** Read-only view of the graph a delegate is asked about. */
export interface GraphContext {
  value(name: string): ValueInfo;
  /** Op-set version the model imports for a domain ('' is ai.onnx). */
  opsetVersion(domain: string): number | undefined;
}

export type SupportContext = GraphContext;

/** One connected, convex piece of the graph handed to one delegate. Nodes are in a valid run order. */
export interface PartitionSpec {
  readonly id: number;
  readonly nodes: readonly Node[];
  /** Values the partition reads from outside (graph inputs or other partitions' outputs); constants excluded. */
  readonly inputs: readonly ValueInfo[];
  /** Values other partitions or the graph's outputs read. */
  readonly outputs: readonly ValueInfo[];
}

export interface CompileContext extends GraphContext {
  /** Whether per-node timings are wanted from this partition. */
  readonly profiling: boolean;
}

/** Per-run services the runtime gives a compiled partition. */
export interface RunContext {
  /**
   * A CPU tensor for the named value, backed by the session's arena when the memory plan holds a slot
   * of that size for it, else freshly allocated. The data is not zeroed.
   */
  allocate(valueName: string, dtype: DType, dims: readonly number[]): Tensor;
  /**
   * A CPU tensor in memory of its own, never an arena slot: for tensors that must outlive their
   * value's slot, such as the tensors inside a sequence or the values of a loop body from one
   * iteration to the next. Bounded by the session's limits; `label` names it in errors. The data is
   * not zeroed. Optional: where a runtime does not offer it, delegates allocate plain memory.
   */
  allocateOwned?(label: string, dtype: DType, dims: readonly number[]): Tensor;
  /** Whether to record per-node timings for this run. */
  readonly profiling: boolean;
}

export interface NodeTiming {
  readonly node: string;
  readonly op: string;
  /** Start relative to the partition's run start, and duration, in milliseconds. */
  readonly startMs: number;
  readonly durationMs: number;
}

/**
 * A value crossing a partition boundary: a tensor (on the host or a device), a sequence of host
 * tensors, or `null` for an empty optional. Delegates that only take tensors never see the others:
 * they decline the nodes that read them.
 */
export type PartitionValue = AnyTensor | TensorSequence | null;

export interface CompiledPartition {
  /** Runs the partition. Inputs and outputs follow `PartitionSpec.inputs` / `.outputs` order. */
  run(inputs: readonly PartitionValue[], ctx: RunContext): PartitionValue[] | Promise<PartitionValue[]>;
  /** Optional hint that input shapes change; a delegate may re-plan here. */
  resize?(shapes: readonly (readonly number[])[]): void | Promise<void>;
  /** Per-node timings of the last profiled run, where the delegate measures them. */
  nodeTimings?(): readonly NodeTiming[];
  /**
   * What the partition holds in its delegate's own memory, outside the session's arena (a
   * WebAssembly heap, GPU buffers), where the delegate keeps account of it.
   */
  memory?(): PartitionMemory;
  dispose(): void | Promise<void>;
}

export interface PartitionMemory {
  /** Constant data the delegate copied or repacked when it compiled the partition (weights). */
  readonly constantBytes: number;
  /** The most the partition's tensors took at once during any run so far (inputs, intermediates, outputs). */
  readonly peakWorkingBytes: number;
}

/** How a delegate wants the partitioner to treat it. */
export interface DelegatePolicy {
  /** Partitions with fewer nodes are given to the next delegate instead. Default 1. */
  readonly minNodesPerPartition?: number;
  /** At most this many partitions; the smallest extra ones go to the next delegate. Default unlimited. */
  readonly maxPartitions?: number;
  /**
   * Cost of moving one byte into or out of this delegate's memory, in units of "one float op on the
   * CPU". 0 (the default) for delegates that run on the host's memory.
   */
  readonly transferCostPerByte?: number;
  /** Relative speed of this delegate against the CPU for compute (higher is faster). Default 1. */
  readonly speedup?: number;
}

/** Declarative support data, for docs and offline compatibility checks. */
export interface OpSupportDeclaration {
  readonly op: string;
  readonly domain: string;
  readonly sinceVersion: number;
  readonly untilVersion?: number;
  readonly dtypes?: readonly DType[];
  readonly notes?: string;
}

/** The graph layer of the contract: what every delegate is. */
export interface Delegate {
  readonly name: string;
  /** DELEGATE_API_VERSION of the core the delegate was built against. */
  readonly apiVersion: number;
  /** Where the tensors it returns live: 'cpu' for host memory, anything else for device memory. */
  readonly location: Location;
  readonly policy?: DelegatePolicy;
  /** Support declared as data, where the delegate can state it. */
  readonly declaredSupport?: readonly OpSupportDeclaration[];
  supports(node: Node, ctx: SupportContext): SupportResult;
  compile(partition: PartitionSpec, ctx: CompileContext): CompiledPartition | Promise<CompiledPartition>;
  dispose?(): void | Promise<void>;
}

export type { Attribute, Dim };
