import { it } from 'vitest';
import { firstCases, oneNodeCaseOf, randomConv, randomConvTranspose, randomPool } from '../../../test-support/random-geometry.js';
import { expectMatchesReference } from './support/expect.js';
import { describeWebGpu } from './support/gpu.js';

// Seeded random window geometries (the CPU delegate's randomised test uses the same generators) on
// the WebGPU delegate against onnxruntime: strides, dilations, asymmetric pads, groups and channel
// multipliers the hand-picked cases miss. Fewer cases than on the CPU: every new shape compiles its
// own pipelines, about 0.2 s each on lavapipe. Fused activations are Tessera IR, not ONNX, so Conv
// cases run without them.
const CASES = [...firstCases(60, randomConv), ...firstCases(40, randomConvTranspose), ...firstCases(50, randomPool)];

await describeWebGpu('WebGPU kernels on random geometries, against onnxruntime', () => {
  for (const c of CASES) it(c.label.replace(/ \+ \w+$/, ''), () => expectMatchesReference(oneNodeCaseOf(c), 1e-5));
});
