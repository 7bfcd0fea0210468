import { Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { expect, it } from 'vitest';
import { float, int, ints, str } from './support/attributes.js';
import { expectMatchesReference } from './support/expect.js';
import { describeWebGpu, sharedDelegate } from './support/gpu.js';
import { maxAbs, maxAbsDiff, oneNodeModel, randomTensor, runSession } from './support/one-node.js';

const scales = (values: number[]) => ({ constant: new Tensor('float32', values, [values.length]) });
const sizes = (values: number[]) => ({ constant: new Tensor('int64', values.map(BigInt), [values.length]) });
const none = { constant: new Tensor('float32', [], [0]) };

await describeWebGpu('Resize matches onnxruntime', () => {
  const x = randomTensor([1, 3, 5, 6], 1);
  it('nearest ×2, asymmetric + floor (PaddleOCR det FPN)', () =>
    expectMatchesReference({
      op: 'Resize',
      opset: 13,
      attributes: { mode: str('nearest'), coordinate_transformation_mode: str('asymmetric'), nearest_mode: str('floor') },
      inputs: [x, none, scales([1, 1, 2, 2])],
    }));
  for (const nearest of ['round_prefer_floor', 'round_prefer_ceil', 'ceil']) {
    it(`nearest to odd sizes, half_pixel + ${nearest}`, () =>
      expectMatchesReference({
        op: 'Resize',
        opset: 13,
        attributes: { mode: str('nearest'), nearest_mode: str(nearest) },
        inputs: [x, none, none, sizes([1, 3, 9, 4])],
      }));
  }
  for (const coordinates of ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric']) {
    it(`linear upsampling and downsampling, ${coordinates}`, async () => {
      const attributes = { mode: str('linear'), coordinate_transformation_mode: str(coordinates) };
      // onnxruntime's align_corners divides by the rounded output length, the ONNX reference by
      // scale × input length: they agree where that product is whole (5 × 1.6 = 8, 6 × 2.5 = 15).
      const upscale = coordinates === 'align_corners' ? [1, 1, 1.6, 2.5] : [1, 1, 1.7, 2.5];
      await expectMatchesReference({ op: 'Resize', opset: 13, attributes, inputs: [x, none, scales(upscale)] });
      await expectMatchesReference({ op: 'Resize', opset: 13, attributes, inputs: [x, none, none, sizes([1, 3, 3, 4])] });
    });
  }
  it('align_corners where scale × size is not whole follows the ONNX reference, as the CPU delegate does', async () => {
    const attributes = { mode: str('linear'), coordinate_transformation_mode: str('align_corners') };
    const { model, feeds } = oneNodeModel({ op: 'Resize', opset: 13, attributes, inputs: [x, none, scales([1, 1, 1.7, 2.5])] });
    const [gpu] = await runSession(model, feeds, [await sharedDelegate()]);
    const [cpu] = await runSession(model, feeds, [cpuDelegate({ backend: 'js' })]);
    expect(gpu?.dims).toEqual([1, 3, 8, 15]);
    expect(maxAbsDiff(gpu as Tensor, cpu as Tensor)).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(cpu as Tensor)));
  });
  it('cubic with exclude_outside', () =>
    expectMatchesReference({
      op: 'Resize',
      opset: 13,
      attributes: { mode: str('cubic'), cubic_coeff_a: float(-0.5), exclude_outside: int(1) },
      inputs: [x, none, scales([1, 1, 2, 1.5])],
    }));
  it('tf_crop_and_resize with an extrapolation value', () =>
    expectMatchesReference({
      op: 'Resize',
      opset: 13,
      attributes: {
        mode: str('linear'),
        coordinate_transformation_mode: str('tf_crop_and_resize'),
        extrapolation_value: float(-7),
      },
      inputs: [x, { constant: new Tensor('float32', [0, 0, -0.2, 0.1, 1, 1, 1.1, 0.8], [8]) }, none, sizes([1, 3, 6, 5])],
    }));
  it('op-set 18 axes with keep_aspect_ratio_policy', () =>
    expectMatchesReference({
      op: 'Resize',
      opset: 18,
      attributes: { mode: str('linear'), axes: ints([2, 3]), keep_aspect_ratio_policy: str('not_larger') },
      inputs: [x, none, none, sizes([8, 8])],
    }));
  it('op-set 10 (scales only)', () => expectMatchesReference({ op: 'Resize', opset: 10, inputs: [x, scales([1, 1, 2, 3])] }));
});
