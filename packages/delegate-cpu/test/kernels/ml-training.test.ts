import { type Attribute, Tensor } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { Adagrad } from '../../src/kernels/Adagrad.js';
import { Adam } from '../../src/kernels/Adam.js';
import { ArrayFeatureExtractor } from '../../src/kernels/ArrayFeatureExtractor.js';
import { Binarizer } from '../../src/kernels/Binarizer.js';
import { CategoryMapper } from '../../src/kernels/CategoryMapper.js';
import { FeatureVectorizer } from '../../src/kernels/FeatureVectorizer.js';
import { Imputer } from '../../src/kernels/Imputer.js';
import { LabelEncoder } from '../../src/kernels/LabelEncoder.js';
import { Momentum } from '../../src/kernels/Momentum.js';
import { Normalizer } from '../../src/kernels/Normalizer.js';
import { OneHotEncoder } from '../../src/kernels/OneHotEncoder.js';
import { Scaler } from '../../src/kernels/Scaler.js';
import { randomTensor } from '../support/one-node.js';
import { type DomainCase, runDomainKernel, supportOfDomain } from './domain-node.js';
import { expectClose, expectMatchesOrt } from './ml-compare.js';

const TRAINING = 'ai.onnx.preview.training';
const ML = 'ai.onnx.ml';
const float = (value: number): Attribute => ({ type: 'float', value });
const int = (value: number): Attribute => ({ type: 'int', value });
const str = (value: string): Attribute => ({ type: 'string', value, bytes: new TextEncoder().encode(value) });
const ints = (value: number[]): Attribute => ({ type: 'ints', value });
const floats = (value: number[]): Attribute => ({ type: 'floats', value });
const strings = (value: string[]): Attribute => ({ type: 'strings', value });
const tensorAttr = (value: Tensor): Attribute => ({ type: 'tensor', value });
const f64 = (values: number[], dims = [values.length]) => new Tensor('float64', Float64Array.from(values), dims);
const f32 = (values: number[], dims = [values.length]) => new Tensor('float32', Float32Array.from(values), dims);
const i64 = (values: number[], dims = [values.length]) => new Tensor('int64', BigInt64Array.from(values, BigInt), dims);
const i32 = (values: number[], dims = [values.length]) => new Tensor('int32', Int32Array.from(values), dims);
const text = (values: string[], dims = [values.length]) => new Tensor('string', values, dims);
const scalar = (v: number) => f64([v], []);
const step = (t: number) => i64([t], []);

/** Runs a case and returns the outputs' values as plain numbers. */
async function values(defs: Parameters<typeof runDomainKernel>[0], c: DomainCase): Promise<number[][]> {
  return (await runDomainKernel(defs, c)).map((t) => Array.from(t.data as ArrayLike<number>));
}

function expectValues(actual: number[][], expected: number[][], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(v).toBeCloseTo(expected[i]?.[j] as number, digits);
    });
  });
}

describe('Adagrad (hand-computed from the spec)', () => {
  it('decays the rate by T, regularises, accumulates squared gradients', async () => {
    const out = await values(Adagrad, {
      op: 'Adagrad',
      domain: TRAINING,
      opset: 1,
      attributes: { decay_factor: float(0.1), epsilon: float(1e-5), norm_coefficient: float(0.001) },
      inputs: [scalar(0.1), step(3), f64([1, -2, 0.5]), f64([-1, 0.5, 0]), f64([2, 0, 1])],
      outputCount: 2,
    });
    expectValues(out, [
      [1.0443816803320156, -2.0769215323139942, 0.4999615388509576],
      [2.998001, 0.248004, 1.00000025],
    ]);
  });
  it('optimizes several float32 tensors at once, outputs X₁, X₂, H₁, H₂', async () => {
    const x1 = f32([1, 2, 3, 4], [2, 2]);
    const x2 = f32([0.5]);
    const out = await runDomainKernel(Adagrad, {
      op: 'Adagrad',
      domain: TRAINING,
      opset: 1,
      inputs: [f32([0.5], []), step(0), x1, x2, f32([1, -1, 1, -1], [2, 2]), f32([2]), f32([0, 0, 0, 0], [2, 2]), f32([0])],
      outputCount: 4,
    });
    expect(out.map((t) => t.dims)).toEqual([[2, 2], [1], [2, 2], [1]]);
    // Defaults: no decay, no regularisation, epsilon 1e-6: X − 0.5·g/(|g| + 1e-6), H = g².
    expectClose(out[0] as Tensor, f32([0.5000005, 2.4999995, 2.5000005, 4.4999995], [2, 2]));
    expectClose(out[1] as Tensor, f32([0.00000025]));
    expectClose(out[3] as Tensor, f32([4]));
  });
});

describe('Momentum (hand-computed from the spec)', () => {
  const X = f64([1.2, 2.8]);
  const G = f64([-0.94, -2.5]);
  const V = f64([1.7, 3.6]);
  const attrs = (mode: string) => ({ alpha: float(0.95), beta: float(0.1), norm_coefficient: float(0.001), mode: str(mode) });
  const run = (mode: string, t: number) =>
    values(Momentum, {
      op: 'Momentum',
      domain: TRAINING,
      opset: 1,
      attributes: attrs(mode),
      inputs: [scalar(0.1), step(t), X, G, V],
      outputCount: 2,
    });
  // The attribute values are float32: alpha 0.95 and beta 0.1 are not exact, so compare to 6 digits.
  it('standard: the first step uses the whole gradient, later ones beta of it', async () => {
    expectValues(
      await run('standard', 0),
      [
        [1.13238, 2.70772],
        [0.6762, 0.9228],
      ],
      6,
    );
    expectValues(
      await run('standard', 2),
      [
        [1.047888, 2.482972],
        [1.52112, 3.17028],
      ],
      6,
    );
  });
  it('nesterov: steps along g + alpha·V_new', async () => {
    expectValues(
      await run('nesterov', 0),
      [
        [1.229641, 2.962054],
        [0.6762, 0.9228],
      ],
      6,
    );
    expectValues(
      await run('nesterov', 2),
      [
        [1.1493736, 2.7485434],
        [1.52112, 3.17028],
      ],
      6,
    );
  });
  it('declines unknown modes and missing required attributes', () => {
    const c = (attributes: Record<string, Attribute>): DomainCase => ({
      op: 'Momentum',
      domain: TRAINING,
      opset: 1,
      attributes,
      inputs: [scalar(0.1), step(0), X, G, V],
      outputCount: 2,
    });
    expect(supportOfDomain(Momentum, c(attrs('heavy-ball')))).toMatchObject({ supported: false, code: 'ATTRIBUTE' });
    expect(supportOfDomain(Momentum, c({ mode: str('standard') }))).toMatchObject({ supported: false, code: 'ATTRIBUTE' });
  });
});

describe('Adam (hand-computed from the spec)', () => {
  const attributes = {
    alpha: float(0.95),
    beta: float(0.1),
    epsilon: float(1e-7),
    norm_coefficient: float(0.001),
    norm_coefficient_post: float(0.05),
  };
  const run = (t: number) =>
    values(Adam, {
      op: 'Adam',
      domain: TRAINING,
      opset: 1,
      attributes,
      inputs: [scalar(0.1), step(t), f64([1.2, 2.8]), f64([-0.94, -2.5]), f64([1.7, 3.6]), f64([0.1, 0.1])],
      outputCount: 3,
    });
  it('no bias correction at T = 0', async () => {
    expectValues(
      await run(0),
      [
        [0.9737845316609023, 2.5279810374298766],
        [1.56806, 3.29514],
        [0.803210896, 5.622407056],
      ],
      6,
    );
  });
  it('bias-corrected rate once T > 0, then the post-update decay', async () => {
    expectValues(
      await run(10),
      [
        [0.7257693254512393, 2.330991487945732],
        [1.56806, 3.29514],
        [0.803210896, 5.622407056],
      ],
      6,
    );
  });
  it('computes every state even when the node names only X_new', async () => {
    const out = await runDomainKernel(Adam, {
      op: 'Adam',
      domain: TRAINING,
      opset: 1,
      attributes,
      inputs: [scalar(0.1), step(10), f64([1.2, 2.8]), f64([-0.94, -2.5]), f64([1.7, 3.6]), f64([0.1, 0.1])],
      outputCount: 1,
    });
    expect(out).toHaveLength(1);
    expectValues([Array.from(out[0]?.data as Float64Array)], [[0.7257693254512393, 2.330991487945732]], 6);
  });
  it('declines malformed input lists and types', () => {
    const base = { op: 'Adam', domain: TRAINING, opset: 1, attributes, outputCount: 3 };
    const x = f32([1, 2]);
    expect(supportOfDomain(Adam, { ...base, inputs: [scalar(0.1), step(0), x, x, x] })).toMatchObject({
      supported: false,
      code: 'ATTRIBUTE',
    });
    expect(supportOfDomain(Adam, { ...base, inputs: [scalar(0.1), f32([0], []), x, x, x, x] })).toMatchObject({
      supported: false,
      code: 'DTYPE',
    });
    expect(supportOfDomain(Adam, { ...base, inputs: [scalar(0.1), step(0), x, x, f64([1, 2]), x] })).toMatchObject({
      supported: false,
      code: 'DTYPE',
    });
    expect(supportOfDomain(Adam, { ...base, inputs: [scalar(0.1), step(0), x, f32([1, 2, 3]), x, x] })).toMatchObject({
      supported: false,
      code: 'RANK',
    });
    expect(supportOfDomain(Adam, { ...base, inputs: [scalar(0.1), step(0), x, x, x, x] })).toEqual({ supported: true });
  });
});

const ml = (op: string, attributes: Record<string, Attribute>, inputs: Tensor[], opset = 1, outputCount = 1): DomainCase => ({
  op,
  domain: ML,
  opset,
  attributes,
  inputs,
  outputCount,
});
const features = (dims: number[], seed: number, lo = -3, hi = 3) => randomTensor(dims, seed, lo, hi);

describe('ai.onnx.ml feature transforms match onnxruntime', () => {
  it('Binarizer: float32 against onnxruntime; other types by the rule', async () => {
    await expectMatchesOrt(Binarizer, ml('Binarizer', { threshold: float(0.25) }, [features([3, 4, 5], 1)]));
    const [y] = await runDomainKernel(Binarizer, ml('Binarizer', { threshold: float(1) }, [i64([-3, 1, 2, 7], [2, 2])]));
    expect(Array.from(y?.data as BigInt64Array)).toEqual([0n, 0n, 1n, 1n]);
    const [z] = await runDomainKernel(Binarizer, ml('Binarizer', {}, [f64([Number.NaN, -0.5, 0, 1e-9])]));
    expect(Array.from(z?.data as Float64Array)).toEqual([0, 0, 0, 1]);
  });
  it('Scaler: per-feature and single offset/scale, float and integer inputs', async () => {
    const perFeature = { offset: floats([0.5, -1, 2]), scale: floats([2, 0.5, -1]) };
    await expectMatchesOrt(Scaler, ml('Scaler', perFeature, [features([4, 3], 2)]));
    await expectMatchesOrt(Scaler, ml('Scaler', perFeature, [i64([1, 2, 3, -4, 5, 6], [2, 3])]));
    await expectMatchesOrt(
      Scaler,
      ml('Scaler', { offset: floats([1.5]), scale: floats([3]) }, [i32([1, 2, 3, 4, 5, 6], [3, 2])]),
    );
    await expectMatchesOrt(Scaler, ml('Scaler', { offset: floats([1.5]), scale: floats([3]) }, [f64([1, 2, 3])]));
    expect(supportOfDomain(Scaler, ml('Scaler', { scale: floats([3]) }, [f32([1])]))).toMatchObject({ supported: false });
  });
  for (const norm of ['MAX', 'L1', 'L2']) {
    it(`Normalizer ${norm}: rows of [N, C] and a [C] vector, a zero row left as is`, async () => {
      const x = features([3, 5], 3);
      (x.data as Float32Array).fill(0, 5, 10);
      await expectMatchesOrt(Normalizer, ml('Normalizer', { norm: str(norm) }, [x]));
      await expectMatchesOrt(Normalizer, ml('Normalizer', { norm: str(norm) }, [features([6], 4)]));
      await expectMatchesOrt(Normalizer, ml('Normalizer', { norm: str(norm) }, [i64([3, -4, 0, 1, 2, 2], [2, 3])]));
    });
  }
  it('Imputer: NaN and value replacement, per-feature and single imputed values', async () => {
    const x = f32([1, Number.NaN, 3, Number.NaN, 5, 6, Number.NaN, 8], [2, 4]);
    await expectMatchesOrt(
      Imputer,
      ml('Imputer', { imputed_value_floats: floats([10, 20, 30, 40]), replaced_value_float: float(Number.NaN) }, [x]),
    );
    await expectMatchesOrt(Imputer, ml('Imputer', { imputed_value_floats: floats([-1]), replaced_value_float: float(3) }, [x]));
    await expectMatchesOrt(
      Imputer,
      ml('Imputer', { imputed_value_int64s: ints([7, 8, 9]), replaced_value_int64: int(0) }, [i64([0, 1, 0, 2, 0, 0], [2, 3])]),
    );
    expect(supportOfDomain(Imputer, ml('Imputer', { imputed_value_int64s: ints([7]) }, [x]))).toMatchObject({
      supported: false,
      code: 'ATTRIBUTE',
    });
  });
  it('ArrayFeatureExtractor: last-axis gather for 1-D, 2-D, 3-D numbers and strings', async () => {
    await expectMatchesOrt(ArrayFeatureExtractor, ml('ArrayFeatureExtractor', {}, [features([3, 4], 5), i64([0, 3, 1, 3])]));
    await expectMatchesOrt(ArrayFeatureExtractor, ml('ArrayFeatureExtractor', {}, [features([2, 3, 5], 6), i64([4, 0], [1, 2])]));
    await expectMatchesOrt(ArrayFeatureExtractor, ml('ArrayFeatureExtractor', {}, [features([6], 7), i64([5, 2])]));
    await expectMatchesOrt(ArrayFeatureExtractor, ml('ArrayFeatureExtractor', {}, [i64([1, 2, 3, 4, 5, 6], [2, 3]), i64([2])]));
    await expectMatchesOrt(
      ArrayFeatureExtractor,
      ml('ArrayFeatureExtractor', {}, [text(['a', 'b', 'c', 'd'], [2, 2]), i64([1, 0])]),
    );
    await expect(
      runDomainKernel(ArrayFeatureExtractor, ml('ArrayFeatureExtractor', {}, [features([2, 3], 8), i64([3])])),
    ).rejects.toThrow(/outside/);
  });
  it('FeatureVectorizer: columns cut or zero-padded to inputdimensions', async () => {
    const inputs = [features([3, 2], 9), features([3, 4], 10), features([3, 1], 11)];
    await expectMatchesOrt(FeatureVectorizer, ml('FeatureVectorizer', { inputdimensions: ints([2, 3, 2]) }, inputs));
    await expectMatchesOrt(
      FeatureVectorizer,
      ml('FeatureVectorizer', { inputdimensions: ints([3, 1]) }, [i64([1, 2, 3, 4], [2, 2]), i64([5, 6], [2, 1])]),
    );
    await expectMatchesOrt(FeatureVectorizer, ml('FeatureVectorizer', { inputdimensions: ints([4]) }, [f64([1, 2, 3])]));
  });
});

describe('ai.onnx.ml encoders match onnxruntime', () => {
  it('OneHotEncoder: int64, truncated floats, strings; unknown categories', async () => {
    const cats = { cats_int64s: ints([3, 1, 4, 9]) };
    await expectMatchesOrt(OneHotEncoder, ml('OneHotEncoder', cats, [i64([1, 9, 5, 3, 4, 1], [2, 3])]));
    await expectMatchesOrt(OneHotEncoder, ml('OneHotEncoder', cats, [f32([1.7, 9.2, -3, 3.99])]));
    await expectMatchesOrt(OneHotEncoder, ml('OneHotEncoder', cats, [f64([4, 4.5, 0])]));
    await expectMatchesOrt(
      OneHotEncoder,
      ml('OneHotEncoder', { cats_strings: strings(['x', 'y', 'z']) }, [text(['z', 'q', 'x'], [1, 3])]),
    );
    await expect(runDomainKernel(OneHotEncoder, ml('OneHotEncoder', { ...cats, zeros: int(0) }, [i64([2])]))).rejects.toThrow(
      /zeros = 0/,
    );
    expect(supportOfDomain(OneHotEncoder, ml('OneHotEncoder', cats, [text(['x'])]))).toMatchObject({
      supported: false,
      code: 'DTYPE',
    });
  });
  it('LabelEncoder-1: strings to indices and indices to strings', async () => {
    const attrs = { classes_strings: strings(['cat', 'dog', 'eel']), default_int64: int(-9), default_string: str('none') };
    await expectMatchesOrt(LabelEncoder, ml('LabelEncoder', attrs, [text(['eel', 'cow', 'cat', 'dog'], [2, 2])]));
    await expectMatchesOrt(LabelEncoder, ml('LabelEncoder', attrs, [i64([2, 0, 7, -1])]));
  });
  it('LabelEncoder-2: every keys/values list type, defaults', async () => {
    const keyStrings = { keys_strings: strings(['a', 'b', 'c']) };
    await expectMatchesOrt(
      LabelEncoder,
      ml(
        'LabelEncoder',
        { ...keyStrings, values_floats: floats([0.5, 1.5, 2.5]), default_float: float(-3) },
        [text(['c', 'z', 'a'])],
        2,
      ),
    );
    await expectMatchesOrt(
      LabelEncoder,
      ml('LabelEncoder', { keys_int64s: ints([7, 8]), values_strings: strings(['seven', 'eight']) }, [i64([8, 1, 7], [3, 1])], 2),
    );
    await expectMatchesOrt(
      LabelEncoder,
      ml(
        'LabelEncoder',
        { keys_floats: floats([0.25, -1]), values_int64s: ints([4, 5]), default_int64: int(0) },
        [f32([-1, 0.25, 3])],
        2,
      ),
    );
    // The default default: -1 for integers, '_Unused' for strings, -0 for floats.
    const [y] = await runDomainKernel(
      LabelEncoder,
      ml('LabelEncoder', { ...keyStrings, values_int64s: ints([1, 2, 3]) }, [text(['q'])], 2),
    );
    expect(Array.from(y?.data as BigInt64Array)).toEqual([-1n]);
  });
  it('LabelEncoder-4: tensor keys and values (double, int64, int16, float), NaN keys', async () => {
    const doubles = {
      keys_tensor: tensorAttr(f64([1.5, Number.NaN, -2])),
      values_tensor: tensorAttr(i64([10, 20, 30])),
      default_tensor: tensorAttr(i64([-7])),
    };
    await expectMatchesOrt(LabelEncoder, ml('LabelEncoder', doubles, [f64([Number.NaN, -2, 1.5, 0], [2, 2])], 4));
    const toInt16 = {
      keys_strings: strings(['p', 'q']),
      values_tensor: tensorAttr(new Tensor('int16', Int16Array.from([3, 4]), [2])),
      default_tensor: tensorAttr(new Tensor('int16', Int16Array.from([-2]), [1])),
    };
    await expectMatchesOrt(LabelEncoder, ml('LabelEncoder', toInt16, [text(['q', 'p', 'r'])], 4));
    await expectMatchesOrt(
      LabelEncoder,
      ml(
        'LabelEncoder',
        { keys_strings: strings(['x']), values_tensor: tensorAttr(f32([2.5])), default_tensor: tensorAttr(f32([0.125])) },
        [text(['x', 'y'])],
        4,
      ),
    );
  });
  it('LabelEncoder-4: int32 keys (onnxruntime has no such kernel), default_string when no default_tensor', async () => {
    const attrs = { keys_tensor: tensorAttr(i32([5, 6])), values_strings: strings(['five', 'six']), default_string: str('?') };
    const [y] = await runDomainKernel(LabelEncoder, ml('LabelEncoder', attrs, [i32([6, 5, 4])], 4));
    expect(y?.data).toEqual(['six', 'five', '?']);
  });
  it('LabelEncoder-4: a repeated key takes its last value (the spec; onnxruntime keeps the first)', async () => {
    const [y] = await runDomainKernel(
      LabelEncoder,
      ml('LabelEncoder', { keys_int64s: ints([1, 2, 1]), values_int64s: ints([10, 20, 30]) }, [i64([1, 2])], 4),
    );
    expect(Array.from(y?.data as BigInt64Array)).toEqual([30n, 20n]);
  });
  it('LabelEncoder: declines a key type that differs from the input and mismatched lists', () => {
    expect(
      supportOfDomain(LabelEncoder, ml('LabelEncoder', { keys_int64s: ints([1]), values_int64s: ints([2]) }, [text(['a'])], 2)),
    ).toMatchObject({
      supported: false,
      code: 'DTYPE',
    });
    expect(
      supportOfDomain(LabelEncoder, ml('LabelEncoder', { keys_int64s: ints([1, 2]), values_int64s: ints([2]) }, [i64([1])], 2)),
    ).toMatchObject({
      supported: false,
      code: 'ATTRIBUTE',
    });
  });
  it('CategoryMapper: both directions with defaults', async () => {
    const attrs = {
      cats_strings: strings(['lo', 'mid', 'hi']),
      cats_int64s: ints([10, 20, 30]),
      default_int64: int(-5),
      default_string: str('??'),
    };
    await expectMatchesOrt(CategoryMapper, ml('CategoryMapper', attrs, [text(['hi', 'x', 'lo'], [3, 1])]));
    await expectMatchesOrt(CategoryMapper, ml('CategoryMapper', attrs, [i64([20, 0, 30, 10], [2, 2])]));
  });
});
