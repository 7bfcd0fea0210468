import { type KernelDefinition, Tensor } from '@tessera/core';
import { expect } from 'vitest';
import { readFloats } from '../../src/util/float-io.js';
import { encodeHalf } from '../../src/util/half.js';
import { type OneNodeCase, runReference, xorshift } from '../support/one-node.js';
import { runKernelOnDirtyOutputs } from './reference-check.js';

/**
 * Comparison with onnxruntime for kernels over every float dtype: float16 / bfloat16 outputs are
 * decoded before comparing, and the tolerance scales with the dtype's precision. Integer and bool
 * outputs must match exactly. Outputs start out as junk, as arena memory does.
 */
const RELATIVE: Partial<Record<Tensor['dtype'], number>> = { float32: 1e-4, float64: 1e-9, float16: 2e-3, bfloat16: 1e-2 };

export function floatsOf(t: Tensor): number[] {
  if (t.dtype === 'float32' || t.dtype === 'float64' || t.dtype === 'float16' || t.dtype === 'bfloat16')
    return Array.from(readFloats(t));
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

export function expectClose(ours: Tensor, ref: Tensor, label: string): void {
  expect(ours.dtype, label).toBe(ref.dtype);
  expect([...ours.dims], label).toEqual([...ref.dims]);
  const a = floatsOf(ours);
  const b = floatsOf(ref);
  const relative = RELATIVE[ref.dtype];
  let scale = 0;
  for (const v of b) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const bound = relative === undefined ? 0 : relative * scale + relative / 10;
  for (let i = 0; i < b.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(y) || !Number.isFinite(y)) {
      expect(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) || x === y, `${label}[${i}]: ${x} vs ${y}`).toBe(true);
      continue;
    }
    if (Math.abs(x - y) > bound) expect.fail(`${label}[${i}]: ${x}, onnxruntime gives ${y} (bound ${bound})`);
  }
}

/** Runs the case through the kernel (junk-filled outputs) and onnxruntime; every output must agree. */
export async function expectCloseToReference(defs: readonly KernelDefinition[], c: OneNodeCase): Promise<Tensor[]> {
  const [ours, ref] = await Promise.all([runKernelOnDirtyOutputs(defs, c), runReference(c)]);
  expect(ours.length).toBeGreaterThanOrEqual(ref.length);
  for (const [k, r] of ref.entries()) expectClose(ours[k] as Tensor, r, `${c.op} output ${k}`);
  return ours;
}

/** Seeded values of any numeric dtype (floats in [lo, hi), integers rounded down). */
export function seeded(dtype: Tensor['dtype'], dims: readonly number[], seed: number, lo = -1, hi = 1): Tensor {
  const next = xorshift(seed);
  // Unrounded: the integer dtypes round these down themselves.
  const values = Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => lo + (next() / 4294967296) * (hi - lo));
  const f32 = Float32Array.from(values);
  switch (dtype) {
    case 'float32':
      return new Tensor('float32', f32, dims);
    case 'float64':
      return new Tensor('float64', Float64Array.from(f32), dims);
    case 'float16':
    case 'bfloat16': {
      const t = Tensor.zeros(dtype, dims);
      encodeHalf(dtype, f32, t.data as Uint16Array);
      return t;
    }
    case 'int64':
    case 'uint64':
      return new Tensor(
        dtype,
        values.map((v) => BigInt(Math.floor(v))),
        dims,
      );
    case 'bool':
      return new Tensor(
        'bool',
        Uint8Array.from(values, (v) => (v > (lo + hi) / 2 ? 1 : 0)),
        dims,
      );
    default:
      return new Tensor(dtype, values.map(Math.floor), dims);
  }
}

/**
 * For a case onnxruntime has no float64 kernel for: runs ours on the float64 inputs, onnxruntime on
 * the same values in float32, and compares at float32 tolerance.
 */
export async function expectCloseToFloat32Reference(defs: readonly KernelDefinition[], c: OneNodeCase): Promise<void> {
  const narrow = (t: Tensor): Tensor =>
    t.dtype === 'float64' ? new Tensor('float32', Float32Array.from(t.data as Float64Array), t.dims) : t;
  const reference: OneNodeCase = {
    ...c,
    inputs: c.inputs.map((inp) =>
      inp === undefined ? undefined : inp instanceof Tensor ? narrow(inp) : { constant: narrow(inp.constant) },
    ),
  };
  const [ours, ref] = await Promise.all([runKernelOnDirtyOutputs(defs, c), runReference(reference)]);
  ref.forEach((r, k) => {
    expectClose(narrow(ours[k] as Tensor), r, `${c.op} output ${k} (float64, against float32)`);
  });
}
