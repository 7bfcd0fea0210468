import {
  type Attribute,
  type CompileContext,
  type Delegate,
  inferNodeOutputs,
  type Node,
  type PartitionSpec,
  type RunContext,
  Tensor,
  type Value,
  type ValueInfo,
  type ValueType,
} from '@tessera/core';
import { expect } from 'vitest';

/** A small graph run as one partition: nodes in run order, constants, fed inputs, wanted outputs. */
export interface GraphCase {
  readonly nodes: readonly Node[];
  readonly constants?: Readonly<Record<string, Tensor>>;
  readonly feeds: Readonly<Record<string, Tensor>>;
  readonly outputs: readonly string[];
}

export function node(
  op: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, Attribute> = {},
  extra: Partial<Node> = {},
): Node {
  return {
    name: `${op}_${outputs[0]}`,
    op,
    domain: '',
    opsetVersion: 17,
    attributes,
    inputs: [...inputs],
    outputs: [...outputs],
    ...extra,
  };
}

export const ints = (value: number[]): Attribute => ({ type: 'ints', value });
export const int = (value: number): Attribute => ({ type: 'int', value });
export const float = (value: number): Attribute => ({ type: 'float', value });

/** Deterministic values in [-1, 1). */
export function random(dims: readonly number[], seed = 1): Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return new Tensor('float32', data, dims);
}

function contextFor(c: GraphCase): CompileContext {
  const types = new Map<string, ValueType>();
  for (const [name, t] of Object.entries(c.feeds)) types.set(name, { kind: 'tensor', dtype: t.dtype, shape: t.dims });
  for (const [name, t] of Object.entries(c.constants ?? {})) types.set(name, { kind: 'tensor', dtype: t.dtype, shape: t.dims });
  // Outputs typed as a session's shape inference types them: kernels plan from output shapes too.
  const lookup = (name: string): Value | undefined => ({ name, type: types.get(name), constant: c.constants?.[name] });
  for (const n of c.nodes) {
    const inferred = inferNodeOutputs(n, lookup, { opsetVersion: 17 });
    n.outputs.forEach((o, i) => {
      if (o && !types.has(o)) types.set(o, inferred?.[i] ?? { kind: 'tensor', dtype: 'float32' });
    });
  }
  return {
    profiling: false,
    opsetVersion: (d) => (d === '' ? 17 : undefined),
    value: (name): ValueInfo => ({ name, type: types.get(name), constant: c.constants?.[name] }),
  };
}

/** Where the steps of a WebAssembly partition's last run ran (undefined for a TypeScript partition). */
export interface RanOn {
  readonly wasm: number;
  readonly chain: number;
  readonly js: number;
}

/** Compiles the case as one partition of `delegate` and runs it `runs` times; returns the last outputs. */
export async function runPartition(delegate: Delegate, c: GraphCase, runs = 1): Promise<Tensor[]> {
  return (await runPartitionOn(delegate, c, runs)).outputs;
}

/** As runPartition, also saying where the steps ran. */
export async function runPartitionOn(
  delegate: Delegate,
  c: GraphCase,
  runs = 1,
): Promise<{ outputs: Tensor[]; ran: RanOn | undefined }> {
  const ctx = contextFor(c);
  const spec: PartitionSpec = {
    id: 0,
    nodes: c.nodes,
    inputs: Object.keys(c.feeds).map((n) => ctx.value(n)),
    outputs: c.outputs.map((n) => ctx.value(n)),
  };
  const partition = await delegate.compile(spec, ctx);
  const run: RunContext = {
    profiling: false,
    // Junk-filled, as the arena's memory is.
    allocate: (_name, dtype, dims) => {
      const t = Tensor.zeros(dtype, dims);
      if (t.data instanceof Float32Array) t.data.fill(Number.NaN);
      return t;
    },
  };
  let out: Tensor[] = [];
  for (let i = 0; i < runs; i++) out = (await partition.run(Object.values(c.feeds), run)) as Tensor[];
  const stats = (partition as { lastRun?: RanOn }).lastRun;
  const ran = stats ? { ...stats } : undefined;
  await partition.dispose();
  return { outputs: out, ran };
}

/** Asserts |a − b| ≤ rel · range(a) + abs element by element. */
export function expectClose(actual: Tensor, expected: Tensor, rel = 1e-4, abs = 1e-5): void {
  expect(actual.dims).toEqual(expected.dims);
  const a = actual.data as Float32Array;
  const e = expected.data as Float32Array;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of e) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const allowed = rel * (hi - lo) + abs;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < e.length; i++) {
    const d = Math.abs((a[i] as number) - (e[i] as number));
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  expect(worst, `max |error| ${worst} at ${at} (allowed ${allowed})`).toBeLessThanOrEqual(allowed);
}
