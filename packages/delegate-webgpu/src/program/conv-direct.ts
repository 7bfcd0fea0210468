import type { Epilogue } from '../kernel/activation.js';
import { fieldsOf, type ProgramSpec } from './program.js';

export interface ConvDirectOptions {
  readonly label: string;
  /** ConvTranspose: weights [C, M/group, kH, kW], each output gathers the inputs that stride onto it. */
  readonly transpose: boolean;
  readonly hasBias: boolean;
  readonly epilogue: Epilogue;
  readonly workgroupSize: number;
  /**
   * Output channels of one group each invocation computes at one pixel (1 or 4): 4 reuses every
   * input load four times (ConvTranspose); depthwise convolutions have one channel per group.
   */
  readonly channels: 1 | 4;
}

/**
 * One invocation per output pixel and block of output channels of a 2-D (or lifted 1-D)
 * convolution, looping over its group's input channels and the kernel window: the shader for
 * depthwise convolutions and ConvTranspose. Dispatch N · groups · ⌈Mg / channels⌉ · OH · OW.
 */
export function convDirectProgram(o: ConvDirectOptions): ProgramSpec {
  const js = Array.from({ length: o.channels }, (_, j) => j);
  const accumulate = `let xv = f32(x[xPlane + u32(iy) * u.W + u32(ix)]);
${js.map((j) => `        acc${j} = fma(xv, f32(w[wBase${j} + ky * u.KW + kx]), acc${j});`).join('\n')}`;
  // ConvTranspose: output row oy receives input row iy through tap ky when oy + PT − ky·DH = iy·SH.
  // Undilated, only every SH-th tap qualifies, starting at (oy + PT) mod SH: step straight to those.
  const taps = o.transpose
    ? `      let ty = i32(oy) + u.PT - i32(ky * u.DH);
      if (ty < 0 || ty % i32(u.SH) != 0) { continue; }
      let iy = ty / i32(u.SH);
      if (iy >= i32(u.H)) { continue; }
      for (var kx = kx0; kx < u.KW; kx = kx + kxStep) {
        let tx = i32(ox) + u.PL - i32(kx * u.DW);
        if (tx < 0 || tx % i32(u.SW) != 0) { continue; }
        let ix = tx / i32(u.SW);
        if (ix >= i32(u.W)) { continue; }
        ${accumulate}
      }`
    : `      let iy = i32(oy * u.SH + ky * u.DH) - u.PT;
      if (iy < 0 || iy >= i32(u.H)) { continue; }
      for (var kx = 0u; kx < u.KW; kx = kx + 1u) {
        let ix = i32(ox * u.SW + kx * u.DW) - u.PL;
        if (ix < 0 || ix >= i32(u.W)) { continue; }
        ${accumulate}
      }`;
  const tapStarts = o.transpose
    ? `  let undilatedY = u.DH == 1u;
  let undilatedX = u.DW == 1u;
  let ky0 = select(0u, u32(i32(oy) + u.PT) % u.SH, undilatedY && i32(oy) + u.PT >= 0);
  let kyStep = select(1u, u.SH, undilatedY);
  let kx0 = select(0u, u32(i32(ox) + u.PL) % u.SW, undilatedX && i32(ox) + u.PL >= 0);
  let kxStep = select(1u, u.SW, undilatedX);`
    : `  let ky0 = 0u;
  let kyStep = 1u;`;
  // Weight offset of (input channel ci of the group, output channel m of the group) at tap 0.
  const wBase = (j: number) =>
    o.transpose ? `((g * u.Cg + ci) * u.Mg + m${j}) * u.KH * u.KW` : `((g * u.Mg + m${j}) * u.Cg + ci) * u.KH * u.KW`;
  const body = `  if (gid >= u.total) { return; }
  let ox = gid % u.OW;
  let oy = (gid / u.OW) % u.OH;
  let mb = (gid / (u.OW * u.OH)) % u.MB;
  let bg = gid / (u.OW * u.OH * u.MB);
  let g = bg % u.groups;
  let image = bg / u.groups;
${js.map((j) => `  let m${j} = min(mb * ${o.channels}u + ${j}u, u.Mg - 1u);`).join('\n')}
${js.map((j) => `  var acc${j} = ${o.hasBias ? `f32(bias[g * u.Mg + m${j}])` : '0.0'};`).join('\n')}
${tapStarts}
  for (var ci = 0u; ci < u.Cg; ci = ci + 1u) {
    let xPlane = (image * u.C + g * u.Cg + ci) * u.H * u.W;
${js.map((j) => `    let wBase${j} = ${wBase(j)};`).join('\n')}
    for (var ky = ky0; ky < u.KH; ky = ky + kyStep) {
${taps}
    }
  }
${js
  .map(
    (j) => `  if (mb * ${o.channels}u + ${j}u < u.Mg) {
    y[((image * u.M + g * u.Mg + m${j}) * u.OH + oy) * u.OW + ox] = T(${o.epilogue.apply(`acc${j}`)});
  }`,
  )
  .join('\n')}`;
  return {
    label: `${o.label}${o.channels > 1 ? `.x${o.channels}` : ''}`,
    buffers: [
      { name: 'x', access: 'read' },
      { name: 'w', access: 'read' },
      ...(o.hasBias ? [{ name: 'bias', access: 'read' as const }] : []),
      { name: 'y', access: 'read_write' },
    ],
    uniforms: [
      ...fieldsOf('u32', 'total', 'groups', 'C', 'Cg', 'M', 'Mg', 'MB', 'H', 'W', 'OH', 'OW', 'KH', 'KW', 'SH', 'SW', 'DH', 'DW'),
      { name: 'PT', type: 'i32' },
      { name: 'PL', type: 'i32' },
      ...(o.epilogue.uniforms ?? []),
    ],
    workgroupSize: o.workgroupSize,
    declarations: o.epilogue.declarations,
    body,
  };
}

/** Invocations of a direct convolution with `channels` output channels per invocation. */
export function convDirectInvocations(
  batch: number,
  groups: number,
  mg: number,
  oh: number,
  ow: number,
  channels: number,
): { total: number; MB: number } {
  const MB = Math.ceil(mg / channels);
  return { total: batch * groups * MB * oh * ow, MB };
}
