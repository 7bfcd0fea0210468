import type { Dim, DType, Node, SupportContext, SupportResult, Tensor } from '@tessera/core';
import type { GpuLimits, Precision } from '../options.js';
import type { ElementType, ProgramSpec } from '../program/program.js';
import type { GemmStrategy } from '../program/tiled-gemm.js';

/** What is known about a value at compile time. */
export interface ValueMeta {
  readonly dtype: DType | undefined;
  /** Dims, numbers or symbols; undefined when even the rank is unknown. */
  readonly shape: readonly Dim[] | undefined;
  readonly constant: Tensor | undefined;
}

/** What a kernel sees of a value while planning a run: dims are resolved. */
export interface PlanValue {
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** The values, where the host knows them: integer (shape) tensors and constants. */
  readonly data?: Tensor;
  /** Whether the value is (or, for a float constant, can be) in GPU memory and so can be bound. */
  readonly gpu: boolean;
}

/** One output as planned: a new GPU tensor, a view of an input's buffer, or a host-computed tensor. */
export interface PlannedOutput {
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** Host data (integer shape values): no GPU buffer. */
  readonly data?: Tensor;
  /** Shares the GPU buffer of this input (Reshape, Squeeze, Identity, …). */
  readonly aliasOf?: number;
}

/** What one binding of a dispatch refers to. */
export type BindingRef =
  | { readonly input: number }
  | { readonly output: number }
  /** A buffer the kernel uploaded at compile time (weights in its own layout). */
  | { readonly constant: GPUBuffer }
  /** Data made while planning (index tables, gather indices), uploaded once per plan. */
  | { readonly aux: Float32Array | Int32Array | Uint32Array }
  /** A temporary of this many bytes, alive during the node only; the node's dispatches naming the same index share it. */
  | { readonly scratch: number; readonly bytes: number };

export interface DispatchPlan {
  /** Index into the kernel's `programs`. */
  readonly program: number;
  readonly bindings: readonly BindingRef[];
  readonly uniforms: Readonly<Record<string, number>>;
  readonly workgroups: number;
}

export interface NodePlan {
  readonly outputs: readonly PlannedOutput[];
  readonly dispatches: readonly DispatchPlan[];
}

/**
 * A node compiled for the GPU. Its programs depend only on compile-time facts (op, attributes,
 * dtypes, ranks) and are all created at compile time; `plan` runs once per input-shape signature
 * and turns shapes into output dims, uniforms and dispatch sizes.
 */
export interface NodeKernel {
  readonly programs: readonly ProgramSpec[];
  /**
   * Programs only some input shapes use (the scalar twin of a vector program): created with the
   * others but not warmed up, so a driver that compiles on first dispatch (lavapipe, up to a
   * second a shader) compiles them only when a run needs them.
   */
  readonly fallbackPrograms?: ReadonlySet<number>;
  plan(inputs: readonly (PlanValue | undefined)[]): NodePlan;
}

export interface BuildContext {
  readonly precision: Precision;
  /** How GEMM-like shaders are generated on this adapter. */
  readonly gemm: GemmStrategy;
  readonly limits: GpuLimits;
  /** Subgroup size shaders may rely on; undefined when the device has no subgroups or no fixed size. */
  readonly subgroupSize: number | undefined;
  meta(name: string): ValueMeta;
  /** Uploads constant data: 'T' data is converted to the storage precision. */
  upload(data: Float32Array | Int32Array | Uint32Array, element: ElementType, label: string): GPUBuffer;
}

export interface CheckContext {
  readonly graph: SupportContext;
  readonly precision: Precision;
  readonly gemm: GemmStrategy;
  readonly limits: GpuLimits;
  meta(name: string): ValueMeta;
}

/** How one element of an elementwise op is computed, so chains of them fuse into one shader. */
export interface ElementwiseSpec {
  /**
   * A WGSL f32 expression of the operands, one per node input ('' inputs are undefined). Each operand
   * is a WGSL f32 expression; `constant` is set when it is a known scalar.
   */
  expression(node: Node, operands: readonly (Operand | undefined)[]): string;
  /** Extra module-scope WGSL the expression calls (helper functions); shared by name. */
  readonly helpers?: Readonly<Record<string, string>>;
}

export interface Operand {
  readonly code: string;
  readonly constant?: number;
}

/** One op the delegate runs: support check, declared data, and a factory of compiled nodes. */
export interface GpuOpDefinition {
  readonly op: string;
  readonly sinceVersion: number;
  readonly untilVersion?: number;
  readonly dtypes: readonly DType[];
  readonly notes: string;
  check(node: Node, ctx: CheckContext): SupportResult;
  create(node: Node, ctx: BuildContext): NodeKernel;
  readonly elementwise?: ElementwiseSpec;
}
