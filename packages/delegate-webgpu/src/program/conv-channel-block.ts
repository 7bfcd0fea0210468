import { type RowBlockedOptions, rowBlockedBuffers, rowLoads } from './conv-row-loads.js';
import { fieldsOf, type ProgramSpec } from './program.js';

const CONV_CHANNEL_BLOCK_WORKGROUP = 64;

export interface ConvChannelBlockOptions extends RowBlockedOptions {
  /** Output channels of one group each workgroup computes: a multiple of 4. */
  readonly channels: number;
}

/**
 * Direct convolution for software adapters (lavapipe, SwiftShader), which run a workgroup's
 * invocations as the SIMD lanes of a CPU loop and load from storage buffers lane by lane: what costs
 * is the number of load instructions, so each one should fetch a vec4 and feed many FMAs.
 *
 * A workgroup computes one block of `channels` output channels of a group over 64 × `pixels`
 * output pixels; each invocation `pixels` adjacent columns of one output row. The weights are
 * repacked on the host (see packChannelBlockWeights) so that one vec4 load gives four channels'
 * weights of a tap. Per input channel and kernel row, an invocation loads the input columns its
 * pixels' taps cover once (as vec4s where the row allows) and reuses them for every tap and every
 * channel of the block. Padding tests are hoisted: columns are checked once per invocation, rows
 * once per kernel row.
 *
 * Dispatch: images · groups · channel blocks · ⌈OH · ⌈OW / pixels⌉ / 64⌉ workgroups, channel
 * blocks fastest so that neighbouring workgroups read the same input.
 */
export function convChannelBlockProgram(o: ConvChannelBlockOptions): ProgramSpec {
  const P = o.pixels;
  const quadCount = o.channels / 4;
  const channels = Array.from({ length: o.channels }, (_, c) => c);
  const pixelQuads = Array.from({ length: P / 4 }, (_, p) => p);
  const [KH, KW] = o.kernel;
  const [SH] = o.strides;
  const [DH] = o.dilations;
  const vector = o.vectorPadLeft !== undefined;
  const reads = rowLoads(o);
  // The vec4s of weights of one kernel row: KW taps × channel quads.
  const rowWeights = KW * quadCount;
  const S = o.subgroupSize;
  const weightLoads = S
    ? Array.from(
        { length: Math.ceil(rowWeights / S) },
        (_, l) => `      let wl${l} = vec4<f32>(w4[wTap + min(sgid + ${l * S}u, ${rowWeights - 1}u)]);`,
      ).join('\n')
    : '';
  const weight = (i: number) => (S ? `subgroupBroadcast(wl${Math.floor(i / S)}, ${i % S}u)` : `vec4<f32>(w4[wTap + ${i}u])`);
  const accumulate = Array.from({ length: KW }, (_, kx) =>
    [
      ...pixelQuads.map(
        (p) => `      let xs${kx}_${p} = vec4<f32>(${[0, 1, 2, 3].map((i) => reads.value(p * 4 + i, kx, 'xv')).join(', ')});`,
      ),
      ...Array.from({ length: quadCount }, (_, q) => `      let wv${kx}_${q} = ${weight(kx * quadCount + q)};`),
      ...channels.flatMap((c) =>
        pixelQuads.map(
          (p) => `      acc${c}_${p} = fma(vec4<f32>(wv${kx}_${Math.floor(c / 4)}[${c % 4}]), xs${kx}_${p}, acc${c}_${p});`,
        ),
      ),
    ].join('\n'),
  ).join('\n');
  const finish = (c: number, p: number, i: number) =>
    o.epilogue.apply(o.hasBias ? `(acc${c}_${p}[${i}] + bias${c})` : `acc${c}_${p}[${i}]`);
  const stores = channels
    .map((c) => {
      const body = pixelQuads
        .map((p) =>
          vector
            ? `    if (ox0 + ${p * 4}u < u.OW) { y4[(yRow + ox0) / 4u + ${p}u] = vec4<T>(${[0, 1, 2, 3].map((i) => `T(${finish(c, p, i)})`).join(', ')}); }`
            : [0, 1, 2, 3]
                .map((i) => `    if (ox0 + ${p * 4 + i}u < u.OW) { y[yRow + ox0 + ${p * 4 + i}u] = T(${finish(c, p, i)}); }`)
                .join('\n'),
        )
        .join('\n');
      return `  if (m0 + ${c}u < u.Mg) {
    let oc = g * u.Mg + m0 + ${c}u;
    let yRow = ((image * u.M + oc) * u.OH + oy) * u.OW;
${o.hasBias ? `    let bias${c} = f32(bias[oc]);\n` : ''}${body}
  }`;
    })
    .join('\n');
  const body = `  let pixelTiles = (u.OH * u.OWB + WG - 1u) / WG;
  let mb = wgid % u.MB;
  let tile = (wgid / u.MB) % pixelTiles;
  let bg = wgid / (u.MB * pixelTiles);
  let g = bg % u.groups;
  let image = bg / u.groups;
  let m0 = mb * ${o.channels}u;
  // Invocations past the last pixel block compute a clamped (valid) one and store nothing.
  let block = tile * WG + lid;
  let inside = block < u.OH * u.OWB;
  let b = min(block, u.OH * u.OWB - 1u);
  let oy = b / u.OWB;
  let ox0 = (b % u.OWB) * ${P}u;
${reads.setup}
  let iy0 = i32(oy * SH) - u.PT;
  // Packed weights: [group][channel block][input channel][ky][kx][channels], as vec4s.
  let wBlock = (g * u.MB + mb) * u.Cg * KHW * ${quadCount}u;
${channels.flatMap((c) => pixelQuads.map((p) => `  var acc${c}_${p} = vec4<f32>();`)).join('\n')}
  for (var ci = 0u; ci < u.Cg; ci = ci + 1u) {
    let plane = (image * u.C + g * u.Cg + ci) * u.H * u.W;
    for (var ky = 0u; ky < KH; ky = ky + 1u) {
      let iy = iy0 + i32(ky * DH);
      let okRow = iy >= 0 && iy < i32(u.H);
      let row = plane + u32(clamp(iy, 0, i32(u.H) - 1)) * u.W;
${reads.loads('row', 'okRow', 'xv')}
      let wTap = wBlock + (ci * KHW + ky * KW) * ${quadCount}u;
${weightLoads}
${accumulate}
    }
  }
  if (!inside) { return; }
${stores}`;
  return {
    label: `${o.label}.c${o.channels}p${P}${vector ? '.vec4' : ''}${S ? `.sg${S}` : ''}`,
    buffers: rowBlockedBuffers(o),
    uniforms: [
      ...fieldsOf('u32', 'groups', 'C', 'Cg', 'M', 'Mg', 'MB', 'H', 'W', 'OH', 'OW', 'OWB'),
      { name: 'PT', type: 'i32' },
      ...(vector ? [] : [{ name: 'PL', type: 'i32' as const }]),
      ...(o.epilogue.uniforms ?? []),
    ],
    workgroupSize: CONV_CHANNEL_BLOCK_WORKGROUP,
    ...(S ? { subgroups: true } : {}),
    declarations: `const KH = ${KH}u;
const KW = ${KW}u;
const KHW = ${KH * KW}u;
const SH = ${SH}u;
const DH = ${DH}u;
${o.epilogue.declarations}`,
    body,
  };
}

/**
 * Weights [M, Cg, KH, KW] as the shader reads them: [group][block of `channels` output channels]
 * [input channel][ky][kx][channel in block], channels past the group's end zero.
 */
export function packChannelBlockWeights(
  w: Float32Array,
  groups: number,
  mg: number,
  cg: number,
  khw: number,
  channels: number,
): Float32Array {
  const blocks = Math.ceil(mg / channels);
  const out = new Float32Array(groups * blocks * cg * khw * channels);
  for (let g = 0; g < groups; g++)
    for (let m = 0; m < mg; m++) {
      const mb = Math.floor(m / channels);
      const lane = m % channels;
      for (let ci = 0; ci < cg; ci++)
        for (let t = 0; t < khw; t++)
          out[(((g * blocks + mb) * cg + ci) * khw + t) * channels + lane] = w[((g * mg + m) * cg + ci) * khw + t] as number;
    }
  return out;
}

/**
 * The `subgroupSize` option of the row-blocked shaders for a device's fixed subgroup size: only
 * sizes whose subgroups the 64-invocation workgroups fill completely (broadcasts read every lane).
 */
export function rowBlockedSubgroups(size: number | undefined): { subgroupSize?: number } {
  return size && CONV_CHANNEL_BLOCK_WORKGROUP % size === 0 ? { subgroupSize: size } : {};
}

/** Workgroups and per-dispatch uniforms of the channel-block shader. */
export function convChannelBlockDispatch(
  batch: number,
  groups: number,
  mg: number,
  oh: number,
  ow: number,
  channels: number,
  pixels: number,
): { workgroups: number; uniforms: { MB: number; OWB: number } } {
  const MB = Math.ceil(mg / channels);
  const OWB = Math.ceil(ow / pixels);
  const tiles = Math.ceil((oh * OWB) / CONV_CHANNEL_BLOCK_WORKGROUP);
  return { workgroups: batch * groups * MB * tiles, uniforms: { MB, OWB } };
}
