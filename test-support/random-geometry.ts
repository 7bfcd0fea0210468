/**
 * Seeded random window geometries (Conv, ConvTranspose, MaxPool, AveragePool) for the delegates'
 * randomised tests: kernel sizes, strides, dilations, asymmetric pads, groups and channel multipliers
 * that hand-picked shapes miss. The same seed gives the same case on every run and machine, so a
 * failure's label is enough to reproduce it. Every case is valid for onnxruntime as well.
 */
import type { Attribute } from '@tessera/core';
import { type OneNodeCase, randomTensor, xorshift } from './one-node.js';

export interface WindowCase {
  readonly label: string;
  readonly op: 'Conv' | 'ConvTranspose' | 'MaxPool' | 'AveragePool';
  readonly attributes: Record<string, Attribute>;
  readonly x: readonly number[];
  /** The weight's dims (Conv, ConvTranspose); a bias of w-derived length goes with it. */
  readonly w?: readonly number[];
  readonly biasLength?: number;
  /** A fused activation a Conv may carry in Tessera's IR (not ONNX: onnxruntime cannot run it). */
  readonly activation?: 'Relu' | 'Clip' | 'HardSwish';
  readonly seed: number;
}

/** Whole numbers in [0, n) from the seeded xorshift stream. */
export function generator(seed: number): (n: number) => number {
  const next = xorshift(seed);
  return (n) => next() % n;
}

const ints = (value: number[]): Attribute => ({ type: 'ints', value });
const int = (value: number): Attribute => ({ type: 'int', value });

/** A window that fits its padded input at least once (else there is no output, and kernels reject it). */
function fits(size: number, k: number, d: number, p0: number, p1: number): boolean {
  return size + p0 + p1 >= (k - 1) * d + 1;
}

const ACTIVATIONS = [undefined, 'Relu', 'Clip', 'HardSwish'] as const;

/** Depthwise (any channel multiplier), dense or grouped; undefined when the window does not fit. */
export function randomConv(seed: number): WindowCase | undefined {
  const pick = generator(seed);
  const kind = (['depthwise', 'depthwise', 'dense', 'grouped'] as const)[pick(4)];
  const kh = 1 + pick(5);
  const kw = pick(3) === 0 ? kh : 1 + pick(5);
  const sh = 1 + pick(3);
  const sw = pick(2) === 0 ? sh : 1 + pick(3);
  const dh = pick(4) === 0 ? 2 : 1;
  const dw = pick(4) === 0 ? 2 : 1;
  const pads = [pick(kh + 1), pick(kw + 1), pick(kh + 1), pick(kw + 1)];
  const h = 1 + pick(20);
  const w = 1 + pick(24);
  const group = kind === 'dense' ? 1 : kind === 'grouped' ? 2 + pick(2) : 1 + pick(9);
  const perGroupIn = kind === 'depthwise' ? 1 : 1 + pick(6);
  const perGroupOut = kind === 'depthwise' ? 1 + pick(2) : 1 + pick(6);
  const activation = ACTIVATIONS[pick(ACTIVATIONS.length)];
  if (!fits(h, kh, dh, pads[0] as number, pads[2] as number) || !fits(w, kw, dw, pads[1] as number, pads[3] as number))
    return undefined;
  const oc = group * perGroupOut;
  const x = [1 + pick(2), group * perGroupIn, h, w];
  return {
    label:
      `Conv seed ${seed}: x [${x}] w [${oc},${perGroupIn},${kh},${kw}] group ${group} strides [${sh},${sw}] ` +
      `dilations [${dh},${dw}] pads [${pads}]${activation ? ` + ${activation}` : ''}`,
    op: 'Conv',
    attributes: {
      group: int(group),
      strides: ints([sh, sw]),
      dilations: ints([dh, dw]),
      pads: ints(pads),
      kernel_shape: ints([kh, kw]),
    },
    x,
    w: [oc, perGroupIn, kh, kw],
    biasLength: oc,
    ...(activation ? { activation } : {}),
    seed,
  };
}

export function randomConvTranspose(seed: number): WindowCase {
  const pick = generator(seed);
  const kh = 1 + pick(4);
  const kw = 1 + pick(4);
  const sh = 1 + pick(3);
  const sw = 1 + pick(3);
  const dh = pick(4) === 0 ? 2 : 1;
  const dw = pick(4) === 0 ? 2 : 1;
  const group = 1 + pick(2);
  const c = group * (1 + pick(5));
  const ocg = 1 + pick(5);
  // Output padding below the stride (onnxruntime's rule; the spec also allows below the dilation);
  // pads within the dilated window, dropped where they would leave no output.
  const outputPadding = [pick(sh), pick(sw)];
  const pads = [pick((kh - 1) * dh + 1), pick((kw - 1) * dw + 1), pick((kh - 1) * dh + 1), pick((kw - 1) * dw + 1)];
  const h = 1 + pick(12);
  const w = 1 + pick(12);
  const extent = (size: number, s: number, k: number, d: number, op: number, p0: number, p1: number) =>
    s * (size - 1) + op + (k - 1) * d + 1 - p0 - p1;
  const empty =
    extent(h, sh, kh, dh, outputPadding[0] as number, pads[0] as number, pads[2] as number) < 1 ||
    extent(w, sw, kw, dw, outputPadding[1] as number, pads[1] as number, pads[3] as number) < 1;
  if (empty) pads.fill(0);
  const x = [1 + pick(2), c, h, w];
  return {
    label:
      `ConvTranspose seed ${seed}: x [${x}] w [${c},${ocg},${kh},${kw}] group ${group} strides [${sh},${sw}] ` +
      `dilations [${dh},${dw}] pads [${pads}] output_padding [${outputPadding}]`,
    op: 'ConvTranspose',
    attributes: {
      group: int(group),
      strides: ints([sh, sw]),
      dilations: ints([dh, dw]),
      pads: ints(pads),
      output_padding: ints(outputPadding),
      kernel_shape: ints([kh, kw]),
    },
    x,
    w: [c, ocg, kh, kw],
    biasLength: group * ocg,
    seed,
  };
}

/** MaxPool (dilated at times) or AveragePool (op-set 17: no dilations), ceil_mode sometimes. */
export function randomPool(seed: number): WindowCase | undefined {
  const pick = generator(seed);
  const op = pick(2) === 0 ? 'MaxPool' : 'AveragePool';
  const kh = 1 + pick(4);
  const kw = 1 + pick(4);
  const sh = 1 + pick(3);
  const sw = 1 + pick(3);
  const dh = op === 'MaxPool' && pick(4) === 0 ? 2 : 1;
  const dw = op === 'MaxPool' && pick(4) === 0 ? 2 : 1;
  // Pads smaller than the window, as the spec requires.
  const pads = [pick(kh), pick(kw), pick(kh), pick(kw)];
  const h = 1 + pick(16);
  const w = 1 + pick(16);
  if (!fits(h, kh, dh, pads[0] as number, pads[2] as number) || !fits(w, kw, dw, pads[1] as number, pads[3] as number))
    return undefined;
  const ceil = pick(3) === 0 ? 1 : 0;
  const includePad = pick(2);
  const x = [1 + pick(2), 1 + pick(9), h, w];
  return {
    label:
      `${op} seed ${seed}: x [${x}] kernel [${kh},${kw}] strides [${sh},${sw}] dilations [${dh},${dw}] ` +
      `pads [${pads}] ceil_mode ${ceil}${op === 'AveragePool' ? ` count_include_pad ${includePad}` : ''}`,
    op,
    attributes: {
      kernel_shape: ints([kh, kw]),
      strides: ints([sh, sw]),
      pads: ints(pads),
      ceil_mode: int(ceil),
      ...(op === 'MaxPool' ? { dilations: ints([dh, dw]) } : { count_include_pad: int(includePad) }),
    },
    x,
    seed,
  };
}

/** The first `count` cases a generator makes from seeds 1, 2, … (skipping the seeds it declines). */
export function firstCases(count: number, make: (seed: number) => WindowCase | undefined): WindowCase[] {
  const cases: WindowCase[] = [];
  for (let seed = 1; cases.length < count; seed++) {
    const c = make(seed);
    if (c) cases.push(c);
  }
  return cases;
}

/** The case as a one-node ONNX model's inputs: x fed at run time, weight and bias as initializers. */
export function oneNodeCaseOf(c: WindowCase): OneNodeCase {
  const inputs: OneNodeCase['inputs'][number][] = [randomTensor(c.x, c.seed)];
  if (c.w) inputs.push({ constant: randomTensor(c.w, c.seed + 1) });
  if (c.biasLength !== undefined) inputs.push({ constant: randomTensor([c.biasLength], c.seed + 2) });
  return { op: c.op, attributes: c.attributes, inputs };
}
