import { LOWEST_F32 } from './literals.js';
import { fieldsOf, type ProgramSpec } from './program.js';

export type PoolKind = 'max' | 'average';

/**
 * Windowed pooling over 2 spatial axes (1-D lifted), one invocation per output element. Average
 * divides by the taps inside the input, or with count_include_pad by the taps inside input plus
 * padding, as onnxruntime does (a window reaching past the end padding under ceil_mode counts less).
 */
export function windowPoolProgram(kind: PoolKind, countIncludePad: boolean, workgroupSize: number): ProgramSpec {
  const init = kind === 'max' ? LOWEST_F32 : '0.0';
  const combine = kind === 'max' ? 'acc = max(acc, v);' : 'acc = acc + v;';
  const finish =
    kind === 'max'
      ? 'acc'
      : countIncludePad
        ? `acc / f32(padded(i32(oy * u.SH) - u.PT, u.H, u.PB, u.KH, u.DH) * padded(i32(ox * u.SW) - u.PL, u.W, u.PR, u.KW, u.DW))`
        : 'acc / f32(max(count, 1u))';
  return {
    label: `Pool.${kind}${countIncludePad ? '.includePad' : ''}`,
    buffers: [
      { name: 'x', access: 'read' },
      { name: 'y', access: 'read_write' },
    ],
    uniforms: [
      ...fieldsOf('u32', 'total', 'H', 'W', 'OH', 'OW', 'KH', 'KW', 'SH', 'SW', 'DH', 'DW'),
      ...fieldsOf('i32', 'PT', 'PL', 'PB', 'PR'),
    ],
    workgroupSize,
    declarations: `/** Taps of a window starting at s that lie inside input + end padding (the count_include_pad divisor). */
fn padded(s: i32, size: u32, padEnd: i32, k: u32, d: u32) -> u32 {
  let last = i32(size) + padEnd - 1 - s;
  if (last < 0) { return 0u; }
  return min(k, u32(last) / d + 1u);
}`,
    body: `  if (gid >= u.total) { return; }
  let ox = gid % u.OW;
  let oy = (gid / u.OW) % u.OH;
  let plane = gid / (u.OW * u.OH);
  let base = plane * u.H * u.W;
  var acc = ${init};
  var count = 0u;
  for (var ky = 0u; ky < u.KH; ky = ky + 1u) {
    let iy = i32(oy * u.SH + ky * u.DH) - u.PT;
    if (iy < 0 || iy >= i32(u.H)) { continue; }
    for (var kx = 0u; kx < u.KW; kx = kx + 1u) {
      let ix = i32(ox * u.SW + kx * u.DW) - u.PL;
      if (ix < 0 || ix >= i32(u.W)) { continue; }
      let v = f32(x[base + u32(iy) * u.W + u32(ix)]);
      ${combine}
      count = count + 1u;
    }
  }
  y[gid] = T(${finish});`,
  };
}

/**
 * One workgroup per row of `length` elements (rows spaced `rowStride` apart, elements `step`
 * apart): a strided partial reduction per invocation, then a tree in workgroup memory. `finish`
 * turns the reduced value (and the row length) into the stored result.
 */
export function rowReduceProgram(options: {
  label: string;
  workgroupSize: number;
  init: string;
  /** Combines accumulator `acc` with element `v` (f32). */
  accumulate: string;
  /** Combines two partial accumulators `a` and `b`. */
  merge: string;
  /** The stored value from the total `r` and `u.length`. */
  finish: string;
}): ProgramSpec {
  const n = options.workgroupSize;
  return {
    label: options.label,
    buffers: [
      { name: 'x', access: 'read' },
      { name: 'y', access: 'read_write' },
    ],
    uniforms: [
      { name: 'length', type: 'u32' },
      { name: 'inner', type: 'u32' },
    ],
    workgroupSize: n,
    workgroupStorageBytes: n * 4,
    declarations: `var<workgroup> partial: array<f32, ${n}>;
fn merge(a: f32, b: f32) -> f32 { return ${options.merge}; }`,
    // Row r = (outer o, inner i): elements at o·length·inner + j·inner + i.
    body: `  let o = wgid / u.inner;
  let i = wgid % u.inner;
  let base = o * u.length * u.inner + i;
  var acc = ${options.init};
  for (var j = lid; j < u.length; j = j + WG) {
    let v = f32(x[base + j * u.inner]);
    acc = ${options.accumulate};
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { partial[lid] = merge(partial[lid], partial[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let r = partial[0];
    y[wgid] = T(${options.finish});
  }`,
  };
}
