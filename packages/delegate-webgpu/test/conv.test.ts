import type { Attribute, Tensor } from '@tessera/core';
import { type WebGpuDelegate, webgpuDelegate } from '@tessera/delegate-webgpu';
import { afterAll, it } from 'vitest';
import { int, ints, str } from './support/attributes.js';
import { expectMatchesReference } from './support/expect.js';
import { describeWebGpu } from './support/gpu.js';
import { randomTensor } from './support/one-node.js';

interface ConvCase {
  readonly name: string;
  readonly x: readonly number[];
  readonly w: readonly number[];
  readonly bias?: boolean;
  readonly attributes: Record<string, Attribute>;
}

const CASES: readonly ConvCase[] = [
  { name: '3×3 dense, padded', x: [1, 5, 9, 11], w: [7, 5, 3, 3], bias: true, attributes: { pads: ints([1, 1, 1, 1]) } },
  { name: '1×1 pointwise', x: [2, 6, 7, 5], w: [9, 6, 1, 1], bias: true, attributes: {} },
  { name: '1×1 pointwise, H·W a multiple of 4 (vector loads)', x: [2, 40, 8, 9], w: [70, 40, 1, 1], bias: true, attributes: {} },
  {
    name: 'strided 3×3 with asymmetric pads',
    x: [1, 3, 12, 10],
    w: [16, 3, 3, 3],
    bias: true,
    attributes: { strides: ints([2, 2]), pads: ints([1, 0, 2, 1]) },
  },
  { name: 'dilated', x: [1, 4, 13, 13], w: [6, 4, 3, 3], attributes: { dilations: ints([2, 3]), pads: ints([2, 3, 2, 3]) } },
  {
    name: 'grouped (4 groups of 2 → 3)',
    x: [1, 8, 9, 9],
    w: [12, 2, 3, 3],
    bias: true,
    attributes: { group: int(4), pads: ints([1, 1, 1, 1]) },
  },
  {
    name: 'depthwise 5×5',
    x: [1, 6, 14, 12],
    w: [6, 1, 5, 5],
    bias: true,
    attributes: { group: int(6), pads: ints([2, 2, 2, 2]) },
  },
  {
    name: 'depthwise with channel multiplier 2, strided',
    x: [2, 3, 11, 11],
    w: [6, 1, 3, 3],
    attributes: { group: int(3), strides: ints([2, 1]), pads: ints([1, 1, 1, 1]) },
  },
  {
    name: 'auto_pad SAME_UPPER stride 2',
    x: [1, 3, 10, 9],
    w: [5, 3, 3, 3],
    attributes: { auto_pad: str('SAME_UPPER'), strides: ints([2, 2]) },
  },
  { name: 'auto_pad SAME_LOWER', x: [1, 3, 8, 8], w: [5, 3, 4, 4], attributes: { auto_pad: str('SAME_LOWER') } },
  { name: 'non-square kernel 1×3', x: [1, 40, 3, 17], w: [33, 40, 1, 3], bias: true, attributes: { pads: ints([0, 1, 0, 1]) } },
  { name: '1-D convolution', x: [2, 4, 20], w: [5, 4, 3], bias: true, attributes: { pads: ints([1, 1]), strides: ints([2]) } },
  {
    name: 'more than one GEMM tile in every direction',
    x: [1, 40, 19, 21],
    w: [70, 40, 3, 3],
    bias: true,
    attributes: { pads: ints([1, 1, 1, 1]) },
  },
  // Software adapters run convolutions with ≥ 8 outputs per group, and depthwise ones, through the
  // row-blocked shaders: vector (W, OW multiples of 4) and scalar reads, partial channel blocks.
  {
    name: 'row-blocked: dilated, 12 outputs (a partial channel block), batch 2',
    x: [2, 5, 12, 16],
    w: [12, 5, 3, 3],
    bias: true,
    attributes: { dilations: ints([2, 2]), pads: ints([2, 2, 2, 2]) },
  },
  {
    name: 'row-blocked: auto_pad SAME_UPPER stride 2',
    x: [1, 3, 11, 13],
    w: [9, 3, 3, 3],
    attributes: { auto_pad: str('SAME_UPPER'), strides: ints([2, 2]) },
  },
  {
    name: 'row-blocked: 2 groups of 8 outputs, stride 2 with vector reads',
    x: [1, 6, 16, 16],
    w: [16, 3, 3, 3],
    bias: true,
    attributes: { group: int(2), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) },
  },
  { name: 'row-blocked: 1-D, 10 outputs', x: [1, 4, 24], w: [10, 4, 5], bias: true, attributes: { pads: ints([2, 2]) } },
  {
    name: 'row-blocked: depthwise 3×3 stride 2, vector reads',
    x: [1, 5, 16, 20],
    w: [5, 1, 3, 3],
    bias: true,
    attributes: { group: int(5), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) },
  },
  {
    name: 'row-blocked: depthwise 3×3 dilated, odd width',
    x: [2, 3, 9, 11],
    w: [3, 1, 3, 3],
    attributes: { group: int(3), dilations: ints([2, 2]), pads: ints([2, 1, 2, 3]) },
  },
  {
    // 7×7 outputs: 14 invocations a channel, so one workgroup holds several channels (and images).
    name: 'row-blocked: depthwise 3×3 stride 2 on small planes, many channels, batch 2',
    x: [2, 37, 14, 14],
    w: [37, 1, 3, 3],
    bias: true,
    attributes: { group: int(37), strides: ints([2, 2]), pads: ints([0, 0, 1, 1]) },
  },
];

await describeWebGpu('Conv matches onnxruntime', () => {
  const delegates: Record<string, Promise<WebGpuDelegate>> = {
    'register-blocked': webgpuDelegate({ gemmStrategy: 'register-blocked' }),
    'workgroup-tiled': webgpuDelegate({ gemmStrategy: 'workgroup-tiled' }),
  };
  afterAll(async () => {
    for (const d of Object.values(delegates)) (await d).dispose();
  });
  // The workgroup-tiled strategy changes only the GEMM path (dense and 1×1 kernels): its shaders are
  // slow to JIT on lavapipe, so it runs the cases that reach that path.
  const TILED = [
    '3×3 dense, padded',
    '1×1 pointwise',
    'dilated',
    'auto_pad SAME_LOWER',
    '1-D convolution',
    'more than one GEMM tile in every direction',
  ];
  for (const [strategy, delegate] of Object.entries(delegates)) {
    for (const c of CASES.filter((k) => strategy === 'register-blocked' || TILED.includes(k.name))) {
      it(`${c.name} (${strategy})`, async () => {
        const inputs: (Tensor | { constant: Tensor })[] = [randomTensor(c.x, 1), { constant: randomTensor(c.w, 2) }];
        if (c.bias) inputs.push({ constant: randomTensor([c.w[0] as number], 3) });
        await expectMatchesReference({ op: 'Conv', attributes: c.attributes, inputs }, 1e-5, await delegate);
      });
    }
  }
  it('a weight fed at run time', () =>
    expectMatchesReference({
      op: 'Conv',
      attributes: { pads: ints([1, 1, 1, 1]) },
      inputs: [randomTensor([1, 3, 6, 6], 4), randomTensor([4, 3, 3, 3], 5)],
    }));
});

await describeWebGpu('ConvTranspose matches onnxruntime', () => {
  const cases: { name: string; x: number[]; w: number[]; bias?: boolean; attributes: Record<string, Attribute> }[] = [
    { name: 'k2 s2 (PaddleOCR det upsampling)', x: [1, 6, 5, 7], w: [6, 4, 2, 2], attributes: { strides: ints([2, 2]) } },
    {
      name: 'k3 s2 with pads and output_padding',
      x: [1, 3, 5, 5],
      w: [3, 2, 3, 3],
      bias: true,
      attributes: { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]), output_padding: ints([1, 1]) },
    },
    { name: 'grouped', x: [2, 4, 4, 4], w: [4, 3, 3, 3], bias: true, attributes: { group: int(2), strides: ints([1, 2]) } },
    { name: 'dilated', x: [1, 2, 5, 4], w: [2, 3, 3, 2], attributes: { dilations: ints([2, 2]) } },
    {
      name: 'output_shape',
      x: [1, 2, 4, 4],
      w: [2, 2, 3, 3],
      attributes: { strides: ints([2, 2]), output_shape: ints([9, 10]) },
    },
    { name: '1-D', x: [1, 3, 7], w: [3, 2, 4], bias: true, attributes: { strides: ints([3]) } },
    // stride = kernel: a 1×1 convolution scattered to its taps on software adapters.
    {
      name: 'k2 s2 with bias, batch 2, width a multiple of 4',
      x: [2, 5, 6, 8],
      w: [5, 3, 2, 2],
      bias: true,
      attributes: { strides: ints([2, 2]) },
    },
    { name: '1-D k3 s3, 10 outputs', x: [1, 3, 9], w: [3, 10, 3], bias: true, attributes: { strides: ints([3]) } },
    { name: 'k2×3 s2×3 without bias, odd pixel count', x: [1, 4, 3, 5], w: [4, 6, 2, 3], attributes: { strides: ints([2, 3]) } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const inputs: (Tensor | { constant: Tensor })[] = [randomTensor(c.x, 6), { constant: randomTensor(c.w, 7) }];
      if (c.bias) inputs.push({ constant: randomTensor([(c.w[1] as number) * ((c.attributes.group?.value as number) ?? 1)], 8) });
      return expectMatchesReference({ op: 'ConvTranspose', attributes: c.attributes, inputs });
    });
  }
});
