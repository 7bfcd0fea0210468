import type { Attribute, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { type OneNodeCase, runReference } from '../support/one-node.js';
import { expectClose, type GraphCase, int, ints, node, random, runPartition, runPartitionOn } from './partition-harness.js';

// Randomised window geometries (Conv, ConvTranspose, MaxPool, AveragePool), WebAssembly against the
// TypeScript kernels: every kernel choice (Winograd, GEMM, three depthwise kernels, col2im, pooling)
// has edges (short rows, ragged channel blocks, spills past a row, padding wider than the window,
// padding only at the end) that hand-picked shapes miss. Two bugs were found this way: row pairs of
// one-column outputs spilling into the next channel, and a 1×1 conv padded at the end taken for a
// plain copy of rows. Seeded generators, so a failure names a case that reproduces.
const js = cpuDelegate({ backend: 'js' });
const oneThread = cpuDelegate({ backend: 'wasm', threads: 1 });
const twoThreads = cpuDelegate({ backend: 'wasm', threads: 2 });
afterAll(async () => {
  for (const d of [js, oneThread, twoThreads]) await d.dispose?.();
});

/** A small xorshift generator: the same cases on every run and machine. */
function generator(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

interface RandomCase {
  readonly label: string;
  readonly graph: GraphCase;
}

/** A window that fits its padded input at least once (else there is no output, and kernels reject it). */
function fits(size: number, k: number, d: number, p0: number, p1: number): boolean {
  return size + p0 + p1 >= (k - 1) * d + 1;
}

const ACTIVATIONS = [undefined, 'Relu', 'Clip', 'HardSwish'] as const;

function randomConv(seed: number): RandomCase | undefined {
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
  const c = group * perGroupIn;
  const oc = group * perGroupOut;
  const activation = ACTIVATIONS[pick(ACTIVATIONS.length)];
  if (!fits(h, kh, dh, pads[0] as number, pads[2] as number) || !fits(w, kw, dw, pads[1] as number, pads[3] as number))
    return undefined;
  const attributes: Record<string, Attribute> = {
    group: int(group),
    strides: ints([sh, sw]),
    dilations: ints([dh, dw]),
    pads: ints(pads),
    kernel_shape: ints([kh, kw]),
  };
  const extra = activation ? { activation: { op: activation, attributes: {} } } : {};
  const graph: GraphCase = {
    nodes: [node('Conv', ['x', 'w', 'b'], ['y'], attributes, extra)],
    constants: { w: random([oc, perGroupIn, kh, kw], seed + 1), b: random([oc], seed + 2) },
    feeds: { x: random([1 + pick(2), c, h, w], seed) },
    outputs: ['y'],
  };
  const label =
    `Conv seed ${seed}: x [${graph.feeds.x?.dims}] w [${oc},${perGroupIn},${kh},${kw}] group ${group} ` +
    `strides [${sh},${sw}] dilations [${dh},${dw}] pads [${pads}]${activation ? ` + ${activation}` : ''}`;
  return { label, graph };
}

function randomConvTranspose(seed: number): RandomCase {
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
  // pads within the dilated window.
  const outputPadding = [pick(sh), pick(sw)];
  const pads = [pick((kh - 1) * dh + 1), pick((kw - 1) * dw + 1), pick((kh - 1) * dh + 1), pick((kw - 1) * dw + 1)];
  const h = 1 + pick(12);
  const w = 1 + pick(12);
  const extent = (size: number, s: number, k: number, d: number, op: number, p0: number, p1: number) =>
    s * (size - 1) + op + (k - 1) * d + 1 - p0 - p1;
  const ohw = [
    extent(h, sh, kh, dh, outputPadding[0] as number, pads[0] as number, pads[2] as number),
    extent(w, sw, kw, dw, outputPadding[1] as number, pads[1] as number, pads[3] as number),
  ];
  if (ohw.some((e) => e < 1)) pads.fill(0);
  const attributes: Record<string, Attribute> = {
    group: int(group),
    strides: ints([sh, sw]),
    dilations: ints([dh, dw]),
    pads: ints(pads),
    output_padding: ints(outputPadding),
    kernel_shape: ints([kh, kw]),
  };
  const graph: GraphCase = {
    nodes: [node('ConvTranspose', ['x', 'w', 'b'], ['y'], attributes)],
    constants: { w: random([c, ocg, kh, kw], seed + 1), b: random([group * ocg], seed + 2) },
    feeds: { x: random([1 + pick(2), c, h, w], seed) },
    outputs: ['y'],
  };
  const label =
    `ConvTranspose seed ${seed}: x [${graph.feeds.x?.dims}] w [${c},${ocg},${kh},${kw}] group ${group} ` +
    `strides [${sh},${sw}] dilations [${dh},${dw}] pads [${pads}] output_padding [${outputPadding}]`;
  return { label, graph };
}

function randomPool(seed: number): RandomCase | undefined {
  const pick = generator(seed);
  const op = pick(2) === 0 ? 'MaxPool' : 'AveragePool';
  const kh = 1 + pick(4);
  const kw = 1 + pick(4);
  const sh = 1 + pick(3);
  const sw = 1 + pick(3);
  // AveragePool takes dilations only from op-set 19; the harness compiles for op-set 17.
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
  const attributes: Record<string, Attribute> = {
    kernel_shape: ints([kh, kw]),
    strides: ints([sh, sw]),
    pads: ints(pads),
    ceil_mode: int(ceil),
    ...(op === 'MaxPool' ? { dilations: ints([dh, dw]) } : { count_include_pad: int(includePad) }),
  };
  const graph: GraphCase = {
    nodes: [node(op, ['x'], ['y'], attributes)],
    feeds: { x: random([1 + pick(2), 1 + pick(9), h, w], seed) },
    outputs: ['y'],
  };
  const label =
    `${op} seed ${seed}: x [${graph.feeds.x?.dims}] kernel [${kh},${kw}] strides [${sh},${sw}] ` +
    `dilations [${dh},${dw}] pads [${pads}] ceil_mode ${ceil}` +
    (op === 'AveragePool' ? ` count_include_pad ${includePad}` : '');
  return { label, graph };
}

/** The one-node graph as onnxruntime takes it, or undefined when its node carries a fused activation. */
function onnxruntimeCase(g: GraphCase): OneNodeCase | undefined {
  const n = g.nodes[0];
  if (!n || n.activation) return undefined;
  const inputs = n.inputs.map((name) => g.feeds[name] ?? { constant: g.constants?.[name] as Tensor });
  return { op: n.op, attributes: n.attributes, inputs };
}

function firstCases(count: number, make: (seed: number) => RandomCase | undefined): RandomCase[] {
  const cases: RandomCase[] = [];
  for (let seed = 1; cases.length < count; seed++) {
    const c = make(seed);
    if (c) cases.push(c);
  }
  return cases;
}

const CONVS = firstCases(500, randomConv);
const OTHERS = [...firstCases(150, randomConvTranspose), ...firstCases(200, randomPool)];

describe('WebAssembly kernels on random geometries, against the TypeScript kernels', () => {
  it('covers depthwise, dense and grouped convs, strided, dilated and padded', () => {
    const labels = CONVS.map((c) => c.label);
    expect(labels.some((l) => / group (\d+) /.test(l) && /w \[(\d+),1,/.test(l))).toBe(true);
    expect(labels.some((l) => l.includes('strides [2,2]') && l.includes('dilations [1,1]'))).toBe(true);
    expect(labels.some((l) => l.includes('group 1 '))).toBe(true);
    expect(labels.some((l) => !l.includes('dilations [1,1]'))).toBe(true);
  });

  for (const c of [...CONVS, ...OTHERS]) {
    it(c.label, async () => {
      const [expected] = await runPartition(js, c.graph);
      // The TypeScript kernel is the oracle here, so it is checked against onnxruntime itself wherever
      // the case is plain ONNX (a fused activation is Tessera's own node field).
      const reference = onnxruntimeCase(c.graph);
      if (reference) expectClose(expected as Tensor, (await runReference(reference))[0] as Tensor);
      for (const delegate of [oneThread, twoThreads]) {
        const { outputs, ran } = await runPartitionOn(delegate, c.graph, 2);
        expect(ran?.js).toBe(0);
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
});
