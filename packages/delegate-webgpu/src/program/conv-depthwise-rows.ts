import { type RowBlockedOptions, rowBlockedBuffers, rowLoads } from './conv-row-loads.js';
import { fieldsOf, type ProgramSpec } from './program.js';

const CONV_DEPTHWISE_WORKGROUP = 64;

/**
 * Depthwise convolution (one input and one output channel per group) for software adapters: each
 * invocation computes `pixels` adjacent columns of one output row of one channel. The invocations
 * of a channel are consecutive and padded to whole subgroups (`BPC` per channel), so a small plane
 * (7×7 at the end of MobileNet) shares a workgroup with the next channels instead of leaving most
 * of one idle, and the subgroup that broadcasts a channel's weights never straddles two channels.
 * The kernel rows are unrolled, so there is no loop at all: the channel's weights are read once into
 * registers, and each input row's columns are loaded once (see conv-row-loads.ts) and reused by
 * every tap. Weights: [channel][KH·KW padded to a multiple of 4].
 */
export function convDepthwiseRowsProgram(o: RowBlockedOptions): ProgramSpec {
  const P = o.pixels;
  const pixelQuads = Array.from({ length: P / 4 }, (_, p) => p);
  const [KH, KW] = o.kernel;
  const [SH] = o.strides;
  const [DH] = o.dilations;
  const vector = o.vectorPadLeft !== undefined;
  const reads = rowLoads(o);
  const quads = depthwiseWeightQuads(KH * KW);
  const S = o.subgroupSize;
  const weights = S
    ? [
        ...Array.from(
          { length: Math.ceil(quads / S) },
          (_, l) => `  let wl${l} = vec4<f32>(w4[wBase + min(sgid + ${l * S}u, ${quads - 1}u)]);`,
        ),
        ...Array.from({ length: quads }, (_, q) => `  let wq${q} = subgroupBroadcast(wl${Math.floor(q / S)}, ${q % S}u);`),
      ]
    : Array.from({ length: quads }, (_, q) => `  let wq${q} = vec4<f32>(w4[wBase + ${q}u]);`);
  const tap = (t: number) => `wq${Math.floor(t / 4)}[${t % 4}]`;
  const rows = Array.from({ length: KH }, (_, ky) => {
    const fmas = Array.from({ length: KW }, (_, kx) =>
      pixelQuads
        .map(
          (p) =>
            `  acc${p} = fma(vec4<f32>(${tap(ky * KW + kx)}), vec4<f32>(${[0, 1, 2, 3].map((i) => reads.value(p * 4 + i, kx, `r${ky}_`)).join(', ')}), acc${p});`,
        )
        .join('\n'),
    ).join('\n');
    return `  {
    let iy = iy0 + ${ky * DH};
    let okRow = iy >= 0 && iy < i32(u.H);
    let row = plane + u32(clamp(iy, 0, i32(u.H) - 1)) * u.W;
${reads.loads('row', 'okRow', `r${ky}_`)}
${fmas}
  }`;
  }).join('\n');
  const finish = (p: number, i: number) => `T(${o.epilogue.apply(o.hasBias ? `(acc${p}[${i}] + biasValue)` : `acc${p}[${i}]`)})`;
  const stores = pixelQuads
    .map((p) =>
      vector
        ? `  if (ox0 + ${p * 4}u < u.OW) { y4[(yRow + ox0) / 4u + ${p}u] = vec4<T>(${[0, 1, 2, 3].map((i) => finish(p, i)).join(', ')}); }`
        : [0, 1, 2, 3]
            .map((i) => `  if (ox0 + ${p * 4 + i}u < u.OW) { y[yRow + ox0 + ${p * 4 + i}u] = ${finish(p, i)}; }`)
            .join('\n'),
    )
    .join('\n');
  const body = `  let block = gid % u.BPC;
  let inside = block < u.OH * u.OWB && gid / u.BPC < u.planes;
  let plane0 = min(gid / u.BPC, u.planes - 1u);
  let channel = plane0 % u.C;
  let b = min(block, u.OH * u.OWB - 1u);
  let oy = b / u.OWB;
  let ox0 = (b % u.OWB) * ${P}u;
${reads.setup}
  let iy0 = i32(oy * ${SH}u) - u.PT;
  let plane = plane0 * u.H * u.W;
  let wBase = channel * ${quads}u;
${weights.join('\n')}
${pixelQuads.map((p) => `  var acc${p} = vec4<f32>();`).join('\n')}
${rows}
  if (!inside) { return; }
  let yRow = (plane0 * u.OH + oy) * u.OW;
${o.hasBias ? '  let biasValue = f32(bias[channel]);\n' : ''}${stores}`;
  return {
    label: `${o.label}.p${P}${vector ? '.vec4' : ''}${S ? `.sg${S}` : ''}`,
    buffers: rowBlockedBuffers(o),
    uniforms: [
      ...fieldsOf('u32', 'C', 'H', 'W', 'OH', 'OW', 'OWB', 'BPC', 'planes'),
      { name: 'PT', type: 'i32' },
      ...(vector ? [] : [{ name: 'PL', type: 'i32' as const }]),
      ...(o.epilogue.uniforms ?? []),
    ],
    workgroupSize: CONV_DEPTHWISE_WORKGROUP,
    ...(S ? { subgroups: true } : {}),
    declarations: o.epilogue.declarations,
    body,
  };
}

/** vec4s of one channel's packed weights. */
function depthwiseWeightQuads(taps: number): number {
  return Math.ceil(taps / 4);
}

/** Weights [C, 1, KH, KW] as the shader reads them: each channel's taps padded with zeros to a multiple of 4. */
export function packDepthwiseWeights(w: Float32Array, channels: number, taps: number): Float32Array {
  const stride = depthwiseWeightQuads(taps) * 4;
  const out = new Float32Array(channels * stride);
  for (let c = 0; c < channels; c++) out.set(w.subarray(c * taps, (c + 1) * taps), c * stride);
  return out;
}

/** Workgroups and uniforms: each channel's oh · ⌈ow / pixels⌉ invocations, padded to whole subgroups. */
export function convDepthwiseRowsDispatch(
  batch: number,
  channels: number,
  oh: number,
  ow: number,
  pixels: number,
  subgroupSize: number | undefined,
): { workgroups: number; uniforms: { OWB: number; BPC: number; planes: number } } {
  const OWB = Math.ceil(ow / pixels);
  const lanes = subgroupSize ?? 1;
  const BPC = Math.ceil((oh * OWB) / lanes) * lanes;
  const planes = batch * channels;
  return { workgroups: Math.ceil((planes * BPC) / CONV_DEPTHWISE_WORKGROUP), uniforms: { OWB, BPC, planes } };
}
