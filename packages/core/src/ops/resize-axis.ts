/**
 * Resize, one axis at a time: how each output index maps to input positions, for every delegate's
 * Resize and Upsample kernels (so that they agree with each other). The coordinate
 * transforms and rounding rules follow onnxruntime, including its float32 arithmetic (Math.fround at
 * each step), so that nearest-neighbour picks agree exactly at ties.
 */
export type ResizeCoordinateMode =
  | 'half_pixel'
  | 'half_pixel_symmetric'
  | 'pytorch_half_pixel'
  | 'align_corners'
  | 'asymmetric'
  | 'tf_half_pixel_for_nn'
  | 'tf_crop_and_resize';

/** 'simple' is op-set 10's rule (no nearest_mode attribute yet): ceil when downsampling, else truncate. */
export type ResizeNearestMode = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil' | 'simple';

export type ResizeMode = 'nearest' | 'linear' | 'cubic';

export interface ResizeAxisParams {
  readonly inSize: number;
  readonly outSize: number;
  /** The scale in float32, as given or as outSize / inSize. */
  readonly scale: number;
  readonly roiStart: number;
  readonly roiEnd: number;
}

export interface ResizeOptions {
  readonly mode: ResizeMode;
  readonly coordinateMode: ResizeCoordinateMode;
  readonly nearestMode: ResizeNearestMode;
  readonly cubicCoeffA: number;
  readonly excludeOutside: boolean;
  /** Op-set 18's antialias: when downsampling, linear and cubic filters widen by 1 / scale. */
  readonly antialias?: boolean;
}

/** For each output index: `taps` input indices and weights; `outside` marks extrapolated outputs. */
export interface ResizeAxisMap {
  readonly taps: number;
  readonly index: Int32Array;
  readonly weight: Float64Array;
  readonly outside: Uint8Array;
  /** Output equals input on this axis (nothing to do). */
  readonly identity: boolean;
}

const f = Math.fround;

/** The input coordinate an output index maps to, as onnxruntime computes it (float32). */
function originalCoordinate(mode: ResizeCoordinateMode, x: number, p: ResizeAxisParams): number {
  const s = p.scale;
  switch (mode) {
    case 'half_pixel':
      return f(f(f(x + 0.5) / s) - 0.5);
    case 'half_pixel_symmetric': {
      const adjustment = f(p.outSize / f(s * p.inSize));
      const center = f(p.inSize / 2);
      const offset = f(center * f(1 - adjustment));
      return f(f(offset + f(f(x + 0.5) / s)) - 0.5);
    }
    case 'pytorch_half_pixel':
      return p.outSize > 1 ? f(f(f(x + 0.5) / s) - 0.5) : 0;
    case 'align_corners': {
      // The spec's length_resized is scale × length_original, unrounded (ONNX's reference); onnxruntime
      // uses the rounded output size instead, which differs when the scale does not divide evenly.
      const resized = f(s * p.inSize);
      return resized <= 1 ? 0 : f(f(x * (p.inSize - 1)) / (resized - 1));
    }
    case 'asymmetric':
      return f(x / s);
    case 'tf_half_pixel_for_nn':
      return f(f(x + 0.5) / s);
    case 'tf_crop_and_resize': {
      const span = p.inSize - 1;
      if (p.outSize === 1) return f(f(f(0.5 * f(p.roiStart + p.roiEnd))) * span);
      return f(f(p.roiStart * span) + f(f(f(x * f(p.roiEnd - p.roiStart)) * span) / (p.outSize - 1)));
    }
  }
}

/**
 * Distance from k + 0.5 under which onnxruntime treats a coordinate as a tie. Coordinates computed in
 * float32 land a few ulps off exact halves (x / (4/7) gives 3.4999998), and onnxruntime still rounds
 * those as halves; matching it keeps nearest picks identical.
 */
const TIE_TOLERANCE = 1e-6;

function roundNearest(mode: ResizeNearestMode, x: number, downsampling: boolean): number {
  switch (mode) {
    case 'round_prefer_floor':
    case 'round_prefer_ceil': {
      const k = Math.floor(x);
      if (Math.abs(x - k - 0.5) < TIE_TOLERANCE) return mode === 'round_prefer_floor' ? k : k + 1;
      return roundHalfAway(x);
    }
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'simple':
      return downsampling ? Math.ceil(x) : Math.trunc(x);
  }
}

/** C's round(): halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function cubicCoefficients(s: number, a: number): [number, number, number, number] {
  const s1 = s + 1;
  const t = 1 - s;
  const t1 = 2 - s;
  return [
    ((a * s1 - 5 * a) * s1 + 8 * a) * s1 - 4 * a,
    ((a + 2) * s - (a + 3)) * s * s + 1,
    ((a + 2) * t - (a + 3)) * t * t + 1,
    ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a,
  ];
}

/** The cubic convolution kernel (Keys) at distance x, as antialiasing samples it. */
function cubicKernel(x: number, a: number): number {
  const d = Math.abs(x);
  if (d <= 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
  if (d < 2) return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  return 0;
}

const clamp = (v: number, hi: number) => (v < 0 ? 0 : Math.min(v, hi));

/**
 * Antialiased linear or cubic taps (ONNX's reference): the filter is stretched by 1 / scale, so it
 * covers every input sample that falls under one output sample. With the coordinate written as
 * base + ratio (ratio in (0, 1]), tap i sits at input base + i for i in [start, 1 − start) and
 * weighs filter((i − ratio) · scale); taps beyond the edges repeat the edge sample (or are dropped
 * with exclude_outside), and the weights are normalised to sum to 1.
 */
function antialiasedResizeMap(p: ResizeAxisParams, o: ResizeOptions): ResizeAxisMap {
  const support = o.mode === 'linear' ? 1 : 2;
  const start = Math.floor(-support / p.scale) + 1;
  const taps = 2 - 2 * start;
  const filter = o.mode === 'linear' ? (x: number) => Math.max(0, 1 - Math.abs(x)) : (x: number) => cubicKernel(x, o.cubicCoeffA);
  const index = new Int32Array(p.outSize * taps);
  const weight = new Float64Array(p.outSize * taps);
  const outside = new Uint8Array(p.outSize);
  const last = p.inSize - 1;
  for (let x = 0; x < p.outSize; x++) {
    const xo = originalCoordinate(o.coordinateMode, x, p);
    if (o.coordinateMode === 'tf_crop_and_resize' && (xo < 0 || xo > last)) {
      outside[x] = 1;
      continue;
    }
    let base = Math.floor(xo);
    let ratio = xo - base;
    if (ratio === 0) {
      base -= 1;
      ratio = 1;
    }
    const at = x * taps;
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const i = base + start + t;
      const w = o.excludeOutside && (i < 0 || i > last) ? 0 : filter((start + t - ratio) * p.scale);
      index[at + t] = clamp(i, last);
      weight[at + t] = w;
      sum += w;
    }
    for (let t = 0; t < taps; t++) weight[at + t] = (weight[at + t] as number) / sum;
  }
  return { taps, index, weight, outside, identity: false };
}

export function resizeAxisMap(p: ResizeAxisParams, o: ResizeOptions): ResizeAxisMap {
  // Upsampling (scale ≥ 1) antialiased is the plain filter: only downsampling widens it.
  if (o.antialias && o.mode !== 'nearest' && p.scale < 1) return antialiasedResizeMap(p, o);
  const taps = o.mode === 'nearest' ? 1 : o.mode === 'linear' ? 2 : 4;
  const index = new Int32Array(p.outSize * taps);
  const weight = new Float64Array(p.outSize * taps);
  const outside = new Uint8Array(p.outSize);
  const last = p.inSize - 1;
  const extrapolate = o.coordinateMode === 'tf_crop_and_resize';
  let identity = p.outSize === p.inSize;
  for (let x = 0; x < p.outSize; x++) {
    const xo = originalCoordinate(o.coordinateMode, x, p);
    const at = x * taps;
    if (extrapolate && (xo < 0 || xo > last)) {
      outside[x] = 1;
      identity = false;
      continue;
    }
    if (o.mode === 'nearest') {
      index[at] = clamp(roundNearest(o.nearestMode, xo, p.scale < 1), last);
      weight[at] = 1;
    } else if (o.mode === 'linear') {
      const c = clamp(xo, last);
      const x1 = Math.min(Math.floor(c), last);
      const x2 = Math.min(x1 + 1, last);
      const frac = c - x1;
      index[at] = x1;
      index[at + 1] = x2;
      weight[at] = 1 - frac;
      weight[at + 1] = frac;
    } else {
      const base = Math.floor(xo);
      const coeffs = cubicCoefficients(xo - base, o.cubicCoeffA);
      let sum = 0;
      for (let t = 0; t < 4; t++) {
        const i = base - 1 + t;
        const w = o.excludeOutside && (i < 0 || i > last) ? 0 : (coeffs[t] as number);
        index[at + t] = clamp(i, last);
        weight[at + t] = w;
        sum += w;
      }
      // exclude_outside drops taps outside the input and renormalises the rest.
      if (o.excludeOutside && sum !== 0) for (let t = 0; t < 4; t++) weight[at + t] = (weight[at + t] as number) / sum;
    }
    if (identity) {
      for (let t = 0; t < taps; t++) {
        const w = weight[at + t] as number;
        if (w !== 0 && !(w === 1 && index[at + t] === x)) identity = false;
      }
    }
  }
  return { taps, index, weight, outside, identity };
}
