import type { Delegate } from '../delegate/contract.js';
import type { Dim } from '../ir/types.js';
import type { ExecutionPlan } from '../partition/plan.js';
import type { DType } from '../tensor/dtype.js';
import type { SessionValue } from '../tensor/sequence.js';
import type { Tensor } from '../tensor/tensor.js';

export interface SessionOptions {
  /** In priority order: each node goes to the first delegate that takes it. */
  readonly delegates: readonly Delegate[];
  /** Fail instead of falling back to a later delegate. */
  readonly strict?: boolean;
  /** Record per-partition and per-node timings on every run (see `session.profile()`). */
  readonly profiling?: boolean;
  /** Largest single tensor the session may allocate, in bytes (default 2 GiB). */
  readonly maxTensorBytes?: number;
  /** Graph optimizations to run; all on by default. */
  readonly optimizations?: Partial<Record<'constantFolding' | 'deadCode' | 'convBatchNorm' | 'activationFusion', boolean>>;
}

/** What a model input or output holds. */
export type IOKind = 'tensor' | 'sequence' | 'optional';

export interface IOInfo {
  readonly name: string;
  /**
   * A tensor; a sequence of tensors; or an optional, which holds a tensor or a sequence (see
   * `element`) or nothing. Sessions always set it; absent means a tensor.
   */
  readonly kind?: IOKind;
  /** The tensor's dtype; for a sequence, its tensors' dtype; for an optional, that of what it holds. */
  readonly dtype: DType;
  /**
   * Dims: numbers where fixed, strings for symbolic dims; [] where even the rank is unknown. For a
   * sequence, the dims its tensors share; for an optional, those of what it holds.
   */
  readonly dims: readonly Dim[];
  /** For an optional: whether it holds a tensor or a sequence. */
  readonly element?: 'tensor' | 'sequence';
}

/** Memory figures of the plan for one input-shape signature. */
export interface MemoryReport {
  readonly signature: string;
  /** Size of the arena that holds intermediate CPU tensors. */
  readonly arenaBytes: number;
  /** Sum of all intermediate tensors' sizes (what allocating each separately would take). */
  readonly totalTensorBytes: number;
  /** Largest total of tensors alive at one time: no layout can beat it. */
  readonly peakLiveBytes: number;
}

export interface PartitionProfile {
  readonly partition: number;
  readonly delegate: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly nodes: readonly { node: string; op: string; startMs: number; durationMs: number }[];
}

export interface PartitionMemoryReport {
  readonly partition: number;
  readonly delegate: string;
  readonly constantBytes: number;
  readonly peakWorkingBytes: number;
}

export interface RunProfile {
  readonly totalMs: number;
  readonly partitions: readonly PartitionProfile[];
  /** The run as a Chrome trace (chrome://tracing / Perfetto JSON). */
  toChromeTrace(): object;
}

export interface Session {
  readonly inputs: readonly IOInfo[];
  readonly outputs: readonly IOInfo[];
  readonly plan: ExecutionPlan;
  /** Runs the model on tensors; a model with a sequence or optional output needs `runValues`. */
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  /**
   * Runs the model on any values: tensors, sequences (`TensorSequence`) and optionals (the value
   * itself, or `null` when empty). Returns every output the same way.
   */
  runValues(feeds: Record<string, SessionValue>): Promise<Record<string, SessionValue>>;
  /** Memory figures for each input-shape signature run so far (the session's host arena). */
  memory(): readonly MemoryReport[];
  /** What each partition holds in its delegate's own memory, for delegates that report it. */
  partitionMemory(): readonly PartitionMemoryReport[];
  /** Timings of the last run (needs `profiling: true`). */
  lastProfile(): RunProfile | undefined;
  dispose(): Promise<void>;
}
