import type { Epilogue } from '../kernel/activation.js';
import { fieldsOf, type ProgramSpec } from './program.js';

export const CONV_BLOCK_WORKGROUP = 64;

/**
 * Direct convolution, register-blocked: each invocation computes 4 output channels × 4 adjacent
 * output columns of one row, looping over its group's input channels and the kernel window with no
 * division in the inner loop and no workgroup memory. The convolution shader for software adapters,
 * where barriers are expensive and memory is the CPU's cache anyway.
 */
export function convBlockedProgram(o: { label: string; hasBias: boolean; epilogue: Epilogue; channels: number }): ProgramSpec {
  const cols = [0, 1, 2, 3];
  const rows = Array.from({ length: o.channels }, (_, r) => r);
  const body = `  if (gid >= u.total) { return; }
  let oxb = gid % u.OWB;
  let oy = (gid / u.OWB) % u.OH;
  let mb = (gid / (u.OWB * u.OH)) % u.MB;
  let bg = gid / (u.OWB * u.OH * u.MB);
  let g = bg % u.groups;
  let image = bg / u.groups;
  let ox0 = oxb * 4u;
  let m0 = mb * ${o.channels}u;
${rows.map((r) => `  let wr${r} = (g * u.Mg + min(m0 + ${r}u, u.Mg - 1u)) * u.Cg * u.KH * u.KW;`).join('\n')}
${cols.map((c) => `  let ixs${c} = i32(min(ox0 + ${c}u, u.OW - 1u) * u.SW) - u.PL;`).join('\n')}
${rows.map((r) => `  var acc${r} = vec4<f32>();`).join('\n')}
  for (var ci = 0u; ci < u.Cg; ci = ci + 1u) {
    let plane = (image * u.C + g * u.Cg + ci) * u.H * u.W;
    let wc = ci * u.KH * u.KW;
    for (var ky = 0u; ky < u.KH; ky = ky + 1u) {
      let iy = i32(oy * u.SH + ky * u.DH) - u.PT;
      if (iy < 0 || iy >= i32(u.H)) { continue; }
      let rowBase = plane + u32(iy) * u.W;
      for (var kx = 0u; kx < u.KW; kx = kx + 1u) {
        let dx = i32(kx * u.DW);
${cols.map((c) => `        let ix${c} = ixs${c} + dx;`).join('\n')}
        let xv = vec4<f32>(${cols.map((c) => `select(0.0, f32(x[rowBase + u32(clamp(ix${c}, 0, i32(u.W) - 1))]), ix${c} >= 0 && ix${c} < i32(u.W))`).join(',\n          ')});
        let t = wc + ky * u.KW + kx;
${rows.map((r) => `        acc${r} = fma(vec4<f32>(f32(w[wr${r} + t])), xv, acc${r});`).join('\n')}
      }
    }
  }
${rows
  .map(
    (r) => `  if (m0 + ${r}u < u.Mg) {
    let oc = g * u.Mg + m0 + ${r}u;
    let yRow = ((image * u.M + oc) * u.OH + oy) * u.OW;
${cols
  .map(
    (c) =>
      `    if (ox0 + ${c}u < u.OW) { y[yRow + ox0 + ${c}u] = T(${o.epilogue.apply(o.hasBias ? `(acc${r}[${c}] + f32(bias[oc]))` : `acc${r}[${c}]`)}); }`,
  )
  .join('\n')}
  }`,
  )
  .join('\n')}`;
  return {
    label: o.label,
    buffers: [
      { name: 'x', access: 'read' },
      { name: 'w', access: 'read' },
      ...(o.hasBias ? [{ name: 'bias', access: 'read' as const }] : []),
      { name: 'y', access: 'read_write' },
    ],
    uniforms: [
      ...fieldsOf(
        'u32',
        'total',
        'groups',
        'C',
        'Cg',
        'M',
        'Mg',
        'MB',
        'H',
        'W',
        'OH',
        'OW',
        'OWB',
        'KH',
        'KW',
        'SH',
        'SW',
        'DH',
        'DW',
      ),
      { name: 'PT', type: 'i32' },
      { name: 'PL', type: 'i32' },
    ],
    workgroupSize: CONV_BLOCK_WORKGROUP,
    declarations: o.epilogue.declarations,
    body,
  };
}
