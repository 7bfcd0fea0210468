import { MR, NR, PACKED_DOUBLES, packedBuffer, padded } from './gemm-kernel.js';

/**
 * Winograd F(4×4, 3×3) for dense 3×3, stride-1, undilated 2-D convolutions (one group): each 4×4
 * output tile is computed from a 6×6 input tile with 36 multiplies per input channel instead of 144,
 * as 36 independent GEMMs  M[ξ] = U[ξ] · V[ξ]  over a block of tiles, where
 *   U = G g Gᵀ  (the weights, transformed once),  V = Bᵀ d B  (the input tiles),  Y = Aᵀ M A
 * (Lavin & Gray's matrices, interpolation points 0, ±1, ±2, ∞). That is 4× fewer multiply-adds than
 * direct convolution (1.78× fewer than F(2×2, 3×3)). V, M and the GEMM accumulate in float64, so the
 * larger transform coefficients cost no float32 precision; only U is stored as float32.
 */

/** Per ξ, U[ξ] (outChannels padded to MR × channels) in the packed A-panel layout of gemm-kernel.ts. */
export function winogradWeights(w: Float32Array, wOffset: number, outChannels: number, channels: number): Float32Array {
  const plane = padded(outChannels, MR) * channels;
  const u = new Float32Array(36 * plane);
  const t = new Float64Array(18);
  for (let m = 0; m < outChannels; m++) {
    // Element (m, c) of a packed plane: panel ⌊m/MR⌋, step c, lane m mod MR.
    const lane = Math.floor(m / MR) * MR * channels + (m % MR);
    for (let c = 0; c < channels; c++) {
      const g = wOffset + (m * channels + c) * 9;
      // t = G g (6×3) column by column, then U = t Gᵀ row by row.
      for (let k = 0; k < 3; k++) weightVector(w[g + k] as number, w[g + 3 + k] as number, w[g + 6 + k] as number, t, k, 3);
      const o = lane + c * MR;
      for (let r = 0; r < 6; r++) {
        const g0 = t[3 * r] as number;
        const g1 = t[3 * r + 1] as number;
        const g2 = t[3 * r + 2] as number;
        const base = o + 6 * r * plane;
        u[base] = g0 / 4;
        u[base + plane] = -(g0 + g1 + g2) / 6;
        u[base + 2 * plane] = -(g0 - g1 + g2) / 6;
        u[base + 3 * plane] = g0 / 24 + g1 / 12 + g2 / 6;
        u[base + 4 * plane] = g0 / 24 - g1 / 12 + g2 / 6;
        u[base + 5 * plane] = g2;
      }
    }
  }
  return u;
}

/** G · (g0, g1, g2) into t[o + i·s], i < 6; G = [[¼,0,0],[−⅙,−⅙,−⅙],[−⅙,⅙,−⅙],[1⁄24,1⁄12,⅙],[1⁄24,−1⁄12,⅙],[0,0,1]]. */
function weightVector(g0: number, g1: number, g2: number, t: Float64Array, o: number, s: number): void {
  t[o] = g0 / 4;
  t[o + s] = -(g0 + g1 + g2) / 6;
  t[o + 2 * s] = -(g0 - g1 + g2) / 6;
  t[o + 3 * s] = g0 / 24 + g1 / 12 + g2 / 6;
  t[o + 4 * s] = g0 / 24 - g1 / 12 + g2 / 6;
  t[o + 5 * s] = g2;
}

export interface WinogradShape {
  readonly channels: number;
  readonly outChannels: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * Tiles per block, in whole panels of NR: as many as V and M (36 × (channels + mPad) doubles a tile)
 * leave room for in the packing buffer after a result tile and U[ξ] as doubles.
 */
function tilesPerBlock(channels: number, mPad: number): number {
  return Math.floor((PACKED_DOUBLES - mPad * channels) / (36 * (channels + mPad)) / NR) * NR;
}

/**
 * Whether one image's GEMMs fit the packing buffer of gemm-kernel.ts, at least one panel of NR tiles
 * at a time (about 9 000 input plus output channels at 1 000 each); larger convolutions take the
 * im2col GEMM path.
 */
export function winogradFits(channels: number, outChannels: number): boolean {
  return tilesPerBlock(channels, padded(outChannels, MR)) >= NR;
}

/**
 * Convolves one image: x[xOffset …] is channels × height × width, the result (with bias added) goes to
 * out[outOffset …] as outChannels × outHeight × outWidth. `u` comes from `winogradWeights`.
 */
export function winogradConv(
  x: Float32Array,
  xOffset: number,
  u: Float32Array,
  bias: Float32Array | undefined,
  out: Float32Array,
  outOffset: number,
  s: WinogradShape,
): void {
  const C = s.channels;
  const mPad = padded(s.outChannels, MR);
  const tilesW = Math.ceil(s.outWidth / 4);
  const tiles = Math.ceil(s.outHeight / 4) * tilesW;
  const uPlane = mPad * C;
  const fit = tilesPerBlock(C, mPad);
  if (fit < NR) throw new Error(`winogradConv: ${C} → ${s.outChannels} channels do not fit the packing buffer`);
  const block = Math.min(padded(tiles, NR), fit);
  // Packing buffer: U[ξ] as doubles | V (36 planes of C × block) | M (36 planes of mPad × block).
  const uRegion = 0;
  const vRegion = uRegion + uPlane;
  const vPlane = C * block;
  const mRegion = vRegion + 36 * vPlane;
  const mPlane = mPad * block;
  const { p, kernels } = packedBuffer();
  for (let t0 = 0; t0 < tiles; t0 += block) {
    const nt = Math.min(block, tiles - t0);
    const ntPad = padded(nt, NR);
    transformInput(x, xOffset, p, vRegion, vPlane, s, t0, nt, ntPad, tilesW);
    for (let xi = 0; xi < 36; xi++) {
      const uo = xi * uPlane;
      for (let i = 0; i < uPlane; i++) p[uRegion + i] = u[uo + i] as number;
      const v = vRegion + xi * vPlane;
      const mo = mRegion + xi * mPlane;
      // M[ξ][m][t] with row length `block`; padded rows and columns of a tile land in unused slack.
      kernels.tiles(mPad, ntPad, C, uRegion, v, mo, block, 0);
    }
    transformOutput(p, mRegion, mPlane, block, bias, out, outOffset, s, t0, nt, tilesW);
  }
}

/**
 * V[ξ] for tiles t0 … t0 + nt − 1, packed as NR-tile B panels (for each channel, NR tiles side by
 * side); tiles past nt up to ntPad are zero. Bᵀ = [[4,0,−5,0,1,0],[0,−4,−4,1,1,0],[0,4,−4,−1,1,0],
 * [0,−2,−1,2,1,0],[0,2,−1,−2,1,0],[0,4,0,−5,0,1]].
 */
function transformInput(
  x: Float32Array,
  xOffset: number,
  p: Float64Array,
  vRegion: number,
  vPlane: number,
  s: WinogradShape,
  t0: number,
  nt: number,
  ntPad: number,
  tilesW: number,
): void {
  const { channels, height: H, width: W } = s;
  const d = new Float64Array(36);
  for (let t = 0; t < ntPad; t++) {
    const tile = t0 + t;
    const ty = Math.floor(tile / tilesW);
    const ih = 4 * ty - s.padTop;
    const iw = 4 * (tile - ty * tilesW) - s.padLeft;
    const interior = ih >= 0 && iw >= 0 && ih + 6 <= H && iw + 6 <= W;
    // Panel of tile t, then its lane.
    const lane = vRegion + (t - (t % NR)) * channels + (t % NR);
    for (let c = 0; c < channels; c++) {
      const base = xOffset + c * H * W;
      if (t >= nt) d.fill(0);
      else if (interior) {
        let q = base + ih * W + iw;
        for (let r = 0; r < 36; r += 6, q += W) {
          d[r] = x[q] as number;
          d[r + 1] = x[q + 1] as number;
          d[r + 2] = x[q + 2] as number;
          d[r + 3] = x[q + 3] as number;
          d[r + 4] = x[q + 4] as number;
          d[r + 5] = x[q + 5] as number;
        }
      } else {
        for (let r = 0; r < 6; r++) {
          const y = ih + r;
          for (let k = 0; k < 6; k++) {
            const xx = iw + k;
            d[6 * r + k] = y >= 0 && y < H && xx >= 0 && xx < W ? (x[base + y * W + xx] as number) : 0;
          }
        }
      }
      // Columns of Bᵀ d in place, then its rows straight into the V planes.
      for (let k = 0; k < 6; k++) inputVector(d, k, 6, d, k, 6);
      const o = lane + c * NR;
      for (let r = 0; r < 6; r++) inputVector(d, 6 * r, 1, p, o + 6 * r * vPlane, vPlane);
    }
  }
}

/** Bᵀ · v for v = src[o + i·s], written to dst[p + i·ds] (i < 6); src and dst may alias. */
function inputVector(src: Float64Array, o: number, s: number, dst: Float64Array, p: number, ds: number): void {
  const d0 = src[o] as number;
  const d1 = src[o + s] as number;
  const d2 = src[o + 2 * s] as number;
  const d3 = src[o + 3 * s] as number;
  const d4 = src[o + 4 * s] as number;
  const d5 = src[o + 5 * s] as number;
  dst[p] = 4 * d0 - 5 * d2 + d4;
  dst[p + ds] = d3 + d4 - 4 * (d1 + d2);
  dst[p + 2 * ds] = 4 * (d1 - d2) + d4 - d3;
  dst[p + 3 * ds] = 2 * (d3 - d1) + d4 - d2;
  dst[p + 4 * ds] = 2 * (d1 - d3) + d4 - d2;
  dst[p + 5 * ds] = 4 * d1 - 5 * d3 + d5;
}

/** Y = Aᵀ M A (4×4) plus bias per tile and output channel; Aᵀ = [[1,1,1,1,1,0],[0,1,−1,2,−2,0],[0,1,1,4,4,0],[0,1,−1,8,−8,1]]. */
function transformOutput(
  p: Float64Array,
  mRegion: number,
  mPlane: number,
  block: number,
  bias: Float32Array | undefined,
  out: Float32Array,
  outOffset: number,
  s: WinogradShape,
  t0: number,
  nt: number,
  tilesW: number,
): void {
  const { outChannels, outHeight: OH, outWidth: OW } = s;
  const a = new Float64Array(36);
  for (let m = 0; m < outChannels; m++) {
    const b = bias ? (bias[m] as number) : 0;
    const plane = outOffset + m * OH * OW;
    for (let t = 0; t < nt; t++) {
      const tile = t0 + t;
      const ty = Math.floor(tile / tilesW);
      const oh = 4 * ty;
      const ow = 4 * (tile - ty * tilesW);
      // Columns of Aᵀ M (6 columns → rows 0…3 of a), then rows of (Aᵀ M) A.
      const o = mRegion + m * block + t;
      for (let k = 0; k < 6; k++) outputVector(p, o + k * mPlane, 6 * mPlane, a, k, 6);
      for (let r = 0; r < 4; r++) outputVector(a, 6 * r, 1, a, 6 * r, 1);
      const rows = Math.min(4, OH - oh);
      const cols = Math.min(4, OW - ow);
      for (let r = 0; r < rows; r++) {
        const q = plane + (oh + r) * OW + ow;
        for (let k = 0; k < cols; k++) out[q + k] = b + (a[6 * r + k] as number);
      }
    }
  }
}

/** Aᵀ · v for v = src[o + i·s] (i < 6), written to dst[p + i·ds] (i < 4); src and dst may alias. */
function outputVector(src: Float64Array, o: number, s: number, dst: Float64Array, p: number, ds: number): void {
  const m0 = src[o] as number;
  const m1 = src[o + s] as number;
  const m2 = src[o + 2 * s] as number;
  const m3 = src[o + 3 * s] as number;
  const m4 = src[o + 4 * s] as number;
  const m5 = src[o + 5 * s] as number;
  const sum12 = m1 + m2;
  const diff12 = m1 - m2;
  const sum34 = m3 + m4;
  const diff34 = m3 - m4;
  dst[p] = m0 + sum12 + sum34;
  dst[p + ds] = diff12 + 2 * diff34;
  dst[p + 2 * ds] = sum12 + 4 * sum34;
  dst[p + 3 * ds] = diff12 + 8 * diff34 + m5;
}
