/**
 * Test helpers shared by the delegate packages: one-node models, onnxruntime-node as the reference,
 * seeded inputs and error measures. Each package's test/support/one-node.ts adds what is its own.
 */
import { type Attribute, exportOnnx, type Model, type Node, Tensor, type Value } from '@tessera/core';
import * as ort from 'onnxruntime-node';

/** One node to test: op, attributes, inputs (a Tensor fed at run time, `{ constant }` for an initializer, undefined to omit). */
export interface OneNodeCase {
  readonly op: string;
  readonly opset?: number;
  readonly attributes?: Record<string, Attribute>;
  readonly inputs: readonly (Tensor | { constant: Tensor } | undefined)[];
  readonly outputCount?: number;
}

/** A one-node model and the feeds for it. */
export function oneNodeModel(c: OneNodeCase): { model: Model; feeds: Record<string, Tensor> } {
  const values = new Map<string, Value>();
  const feeds: Record<string, Tensor> = {};
  const inputs = c.inputs.map((inp, i) => {
    if (inp === undefined) return '';
    const name = `in${i}`;
    if (inp instanceof Tensor) {
      values.set(name, { name, type: { kind: 'tensor', dtype: inp.dtype, shape: inp.dims } });
      feeds[name] = inp;
    } else {
      values.set(name, {
        name,
        constant: inp.constant,
        type: { kind: 'tensor', dtype: inp.constant.dtype, shape: inp.constant.dims },
      });
    }
    return name;
  });
  const outputs = Array.from({ length: c.outputCount ?? 1 }, (_, i) => `out${i}`);
  for (const o of outputs) values.set(o, { name: o });
  const opset = c.opset ?? 17;
  const node: Node = { name: 'n0', op: c.op, domain: '', opsetVersion: opset, attributes: c.attributes ?? {}, inputs, outputs };
  const model: Model = {
    format: 'onnx',
    irVersion: opset >= 21 ? 10 : 8,
    producer: 'tessera-test',
    opsets: new Map([['', opset]]),
    metadata: {},
    graph: { name: 'one_node', nodes: [node], inputs: Object.keys(feeds), outputs, values },
  };
  return { model, feeds };
}

/** The case, or a model and its feeds, in onnxruntime-node (the reference), written by Tessera's ONNX writer. */
export async function runReference(c: OneNodeCase): Promise<Tensor[]>;
export async function runReference(model: Model, feeds: Record<string, Tensor>): Promise<Tensor[]>;
export async function runReference(what: OneNodeCase | Model, given?: Record<string, Tensor>): Promise<Tensor[]> {
  const { model, feeds } = 'graph' in what ? { model: what, feeds: given ?? {} } : oneNodeModel(what);
  const session = await ort.InferenceSession.create(exportOnnx(model), { intraOpNumThreads: 1 });
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds))
    ortFeeds[name] = new ort.Tensor(t.dtype as 'float32', t.data as Float32Array, [...t.dims]);
  const result = await session.run(ortFeeds);
  await session.release();
  return model.graph.outputs.map((o) => {
    const r = result[o] as ort.Tensor;
    return new Tensor(r.type as 'float32', r.data as Float32Array, r.dims);
  });
}

/** Largest absolute difference, after checking dims and dtype agree; NaN matches NaN only. */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  if (a.dtype !== b.dtype) throw new Error(`dtype ${a.dtype} vs ${b.dtype}`);
  if (a.dims.join(',') !== b.dims.join(',')) throw new Error(`dims [${a.dims}] vs [${b.dims}]`);
  let m = 0;
  const x = a.data as ArrayLike<number | bigint>;
  const y = b.data as ArrayLike<number | bigint>;
  for (let i = 0; i < x.length; i++) {
    const p = Number(x[i]);
    const q = Number(y[i]);
    if (Number.isNaN(p) || Number.isNaN(q)) {
      if (!(Number.isNaN(p) && Number.isNaN(q))) return Number.POSITIVE_INFINITY;
      continue;
    }
    if (p === q) continue;
    m = Math.max(m, Math.abs(p - q));
  }
  return m;
}

/** Largest |value| of a tensor: the scale errors are measured against. */
export function maxAbs(t: Tensor): number {
  let m = 0;
  for (const v of Array.from(t.data as ArrayLike<number>, Number)) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** xorshift32: the seeded stream of unsigned 32-bit numbers behind every seeded test input and case. */
export function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Seeded uniform floats in [lo, hi), for reproducible inputs. */
export function seededFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = xorshift(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (next() / 4294967296) * (hi - lo);
  return out;
}

export function randomTensor(dims: readonly number[], seed: number, lo = -1, hi = 1): Tensor {
  return new Tensor(
    'float32',
    seededFloats(
      dims.reduce((a, b) => a * b, 1),
      seed,
      lo,
      hi,
    ),
    dims,
  );
}
