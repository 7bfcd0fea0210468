import { type Attribute, type CompileContext, type Node, Tensor } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { Conv } from '../../src/kernels/Conv.js';
import { activationFn } from '../../src/util/activation.js';
import { maxAbsDiff, runKernel, runReference } from '../support/one-node.js';
import { expectMatchesReference, expectRejected, randomTensor, supportOf, tolerance, withDirtyOutputs } from './harness.js';

const ints = (value: number[]): Attribute => ({ type: 'ints', value });
const int = (value: number): Attribute => ({ type: 'int', value });
const str = (value: string): Attribute => ({ type: 'string', value, bytes: new TextEncoder().encode(value) });

interface ConvSpec {
  x: number[];
  w: number[];
  bias?: boolean;
  attrs?: Record<string, Attribute>;
  constantWeight?: boolean;
}

function convCase(s: ConvSpec, seed = 1) {
  const w = randomTensor(s.w, seed + 1, -0.5, 0.5);
  const b = s.bias ? randomTensor([s.w[0] as number], seed + 2) : undefined;
  return {
    op: 'Conv',
    opset: 11,
    attributes: s.attrs ?? {},
    inputs: [randomTensor(s.x, seed), s.constantWeight === false ? w : { constant: w }, b ? { constant: b } : undefined],
  };
}

describe('Conv matches onnxruntime', () => {
  const cases: [string, ConvSpec][] = [
    [
      'PP-OCR stem: 3→16, 3×3 stride 2 pads 1, no bias',
      { x: [1, 3, 64, 64], w: [16, 3, 3, 3], attrs: { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) } },
    ],
    [
      'depthwise 3×3 stride 1 pads 1 (group 16)',
      { x: [1, 16, 33, 31], w: [16, 1, 3, 3], bias: true, attrs: { group: int(16), pads: ints([1, 1, 1, 1]) } },
    ],
    [
      'depthwise 3×3 stride 2 pads 1 (group 32)',
      {
        x: [1, 32, 20, 21],
        w: [32, 1, 3, 3],
        bias: true,
        attrs: { group: int(32), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) },
      },
    ],
    [
      'depthwise 5×5 stride 1 pads 2 (group 24)',
      { x: [1, 24, 12, 13], w: [24, 1, 5, 5], bias: true, attrs: { group: int(24), pads: ints([2, 2, 2, 2]) } },
    ],
    [
      'depthwise 5×5 stride 2 pads 2',
      {
        x: [2, 8, 11, 10],
        w: [8, 1, 5, 5],
        bias: true,
        attrs: { group: int(8), strides: ints([2, 2]), pads: ints([2, 2, 2, 2]) },
      },
    ],
    [
      'depthwise 3×3 strides [2,1] (PP-OCR rec)',
      {
        x: [1, 8, 10, 12],
        w: [8, 1, 3, 3],
        bias: true,
        attrs: { group: int(8), strides: ints([2, 1]), pads: ints([1, 1, 1, 1]) },
      },
    ],
    [
      'depthwise with channel multiplier 2',
      { x: [1, 4, 9, 9], w: [8, 1, 3, 3], bias: true, attrs: { group: int(4), pads: ints([1, 1, 1, 1]) } },
    ],
    [
      'depthwise dilated 3×3, asymmetric pads',
      { x: [1, 6, 14, 15], w: [6, 1, 3, 3], attrs: { group: int(6), dilations: ints([2, 3]), pads: ints([1, 0, 2, 3]) } },
    ],
    [
      'depthwise 7×7 (generic kernel row path)',
      { x: [1, 3, 16, 17], w: [3, 1, 7, 7], bias: true, attrs: { group: int(3), pads: ints([3, 3, 3, 3]) } },
    ],
    [
      'depthwise kernel wider than the input',
      { x: [1, 2, 3, 4], w: [2, 1, 5, 5], attrs: { group: int(2), pads: ints([2, 2, 2, 2]) } },
    ],
    ['1×1 conv with bias (64→96)', { x: [1, 64, 20, 20], w: [96, 64, 1, 1], bias: true }],
    ['1×1 conv, odd channel counts, batch 2', { x: [2, 13, 7, 9], w: [7, 13, 1, 1] }],
    ['1×1 conv with stride 2 (im2col path)', { x: [1, 5, 9, 9], w: [6, 5, 1, 1], attrs: { strides: ints([2, 2]) } }],
    ['3×3 dense conv with bias', { x: [1, 8, 17, 19], w: [6, 8, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } }],
    [
      '3×3 dense conv, K > 256 and several tiles',
      { x: [1, 64, 32, 32], w: [20, 64, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } },
    ],
    [
      'Winograd: PP-OCR neck 96→24, 3×3 pads 1',
      { x: [1, 96, 20, 20], w: [24, 96, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } },
    ],
    ['Winograd: odd output size, batch 2', { x: [2, 8, 9, 7], w: [9, 8, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } }],
    ['Winograd: no padding, odd output', { x: [1, 10, 10, 11], w: [8, 10, 3, 3] }],
    ['Winograd: asymmetric pads', { x: [1, 8, 11, 12], w: [8, 8, 3, 3], attrs: { pads: ints([0, 2, 1, 0]) } }],
    ['Winograd: SAME_LOWER', { x: [1, 12, 6, 5], w: [16, 12, 3, 3], attrs: { auto_pad: str('SAME_LOWER') } }],
    [
      // 324 tiles in blocks of 282 (the last one partial).
      'Winograd: many tiles (several blocks)',
      { x: [1, 64, 70, 70], w: [64, 64, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } },
    ],
    [
      'Winograd: non-constant weight',
      { x: [1, 8, 6, 6], w: [8, 8, 3, 3], constantWeight: false, attrs: { pads: ints([1, 1, 1, 1]) } },
    ],
    ['1×3 kernel, pads [0,1,0,1] (PP-OCR rec)', { x: [1, 6, 5, 12], w: [4, 6, 1, 3], attrs: { pads: ints([0, 1, 0, 1]) } }],
    [
      'asymmetric pads and strides [2,1]',
      { x: [1, 3, 10, 11], w: [5, 3, 3, 2], attrs: { pads: ints([0, 1, 2, 1]), strides: ints([2, 1]) } },
    ],
    [
      'dilation 2',
      { x: [1, 4, 12, 12], w: [4, 4, 3, 3], bias: true, attrs: { dilations: ints([2, 2]), pads: ints([2, 2, 2, 2]) } },
    ],
    [
      'auto_pad SAME_UPPER, stride 2',
      { x: [1, 3, 10, 9], w: [4, 3, 4, 3], attrs: { auto_pad: str('SAME_UPPER'), strides: ints([2, 2]) } },
    ],
    [
      'auto_pad SAME_LOWER, stride 2',
      { x: [1, 3, 10, 9], w: [4, 3, 4, 3], attrs: { auto_pad: str('SAME_LOWER'), strides: ints([2, 2]) } },
    ],
    ['auto_pad VALID', { x: [1, 3, 10, 9], w: [4, 3, 3, 3], attrs: { auto_pad: str('VALID'), strides: ints([2, 3]) } }],
    [
      'groups 2 (not depthwise)',
      { x: [1, 8, 9, 9], w: [6, 4, 3, 3], bias: true, attrs: { group: int(2), pads: ints([1, 1, 1, 1]) } },
    ],
    ['1-D conv', { x: [2, 4, 30], w: [5, 4, 3], bias: true, attrs: { pads: ints([1, 2]), strides: ints([2]) } }],
    [
      '3-D conv',
      { x: [1, 3, 6, 7, 8], w: [4, 3, 3, 2, 3], bias: true, attrs: { pads: ints([1, 0, 1, 1, 1, 0]), strides: ints([1, 2, 2]) } },
    ],
    [
      'non-constant weight',
      { x: [1, 4, 8, 8], w: [5, 4, 3, 3], bias: true, constantWeight: false, attrs: { pads: ints([1, 1, 1, 1]) } },
    ],
    ['explicit kernel_shape', { x: [1, 2, 6, 6], w: [3, 2, 2, 2], attrs: { kernel_shape: ints([2, 2]) } }],
  ];
  for (const [name, spec] of cases) {
    it(name, async () => {
      await expectMatchesReference(Conv, convCase(spec));
    });
  }
});

describe('Conv fused activation epilogue', () => {
  const fusions: [string, Record<string, Attribute>][] = [
    ['Relu', {}],
    ['Clip', { min: { type: 'float', value: 0 }, max: { type: 'float', value: 6 } }],
    ['HardSwish', {}],
    ['HardSigmoid', { alpha: { type: 'float', value: 0.2 }, beta: { type: 'float', value: 0.5 } }],
  ];
  const shapes: [string, ConvSpec][] = [
    ['depthwise', { x: [1, 8, 9, 9], w: [8, 1, 3, 3], bias: true, attrs: { group: int(8), pads: ints([1, 1, 1, 1]) } }],
    ['1×1', { x: [1, 8, 9, 9], w: [12, 8, 1, 1], bias: true }],
    ['3×3', { x: [1, 8, 9, 9], w: [12, 8, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } }],
  ];
  for (const [op, attributes] of fusions) {
    for (const [shapeName, spec] of shapes) {
      it(`${op} after a ${shapeName} conv`, async () => {
        const c = convCase(spec, 7);
        // runKernel builds the node from the case, so attach the activation when the kernel is created.
        const fused = Conv.map((def) => ({
          ...def,
          create: (node: Node, ctx: CompileContext) => def.create({ ...node, activation: { op, attributes } }, ctx),
        }));
        const [ours] = await runKernel(withDirtyOutputs(fused), c);
        const [plain] = await runReference(c);
        const fn = activationFn(op, attributes);
        const expected = new Tensor('float32', ((plain as Tensor).data as Float32Array).map(fn), (plain as Tensor).dims);
        expect(maxAbsDiff(ours as Tensor, expected)).toBeLessThanOrEqual(tolerance(expected));
      });
    }
  }
  it('is declared for the activations the fusion pass produces', () => {
    expect(Conv[0]?.epilogues).toEqual(expect.arrayContaining(['Relu', 'Clip', 'HardSwish', 'HardSigmoid']));
  });
});

describe('Conv support check', () => {
  it('rejects an unknown auto_pad', () => {
    expectRejected(
      Conv,
      { ...convCase({ x: [1, 2, 5, 5], w: [2, 2, 3, 3] }), attributes: { auto_pad: str('SAME') } },
      'ATTRIBUTE',
    );
  });
  it('rejects a rank-2 input', () => {
    expectRejected(Conv, convCase({ x: [2, 5], w: [2, 5] }), 'RANK');
  });
  it('rejects a non-float32 weight', () => {
    const c = convCase({ x: [1, 2, 5, 5], w: [2, 2, 3, 3] });
    const w8 = new Tensor('int8', new Int8Array(36), [2, 2, 3, 3]);
    expectRejected(Conv, { ...c, inputs: [c.inputs[0], { constant: w8 }] }, 'DTYPE');
  });
  it('rejects channels that do not match group × weight channels', () => {
    expectRejected(Conv, convCase({ x: [1, 6, 5, 5], w: [4, 2, 3, 3], attrs: { group: int(2) } }), 'ATTRIBUTE');
  });
  it('accepts the PP-OCR depthwise configuration', () => {
    const c = convCase({
      x: [1, 16, 320, 320],
      w: [16, 1, 3, 3],
      bias: true,
      attrs: { group: int(16), pads: ints([1, 1, 1, 1]) },
    });
    expect(supportOf(Conv, c).supported).toBe(true);
  });
});
