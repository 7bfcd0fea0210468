import { attrFloat, attrInt, type Node, reject, SUPPORTED, type SupportResult, type Tensor } from '@tessera/core';
import { firstRejection, rankOf, requireFloatInputs } from '../kernel/checks.js';
import type { BuildContext, CheckContext, GpuOpDefinition, NodeKernel, PlanValue } from '../kernel/types.js';
import { groupsFor, product } from '../program/indexing.js';
import { fieldsOf, type ProgramSpec } from '../program/program.js';

const WORKGROUP = 256;

/** y = x · a[c] + b[c] with a = scale / √(var + ε) and b = B − mean · a folded once at compile time. */
const PROGRAM: ProgramSpec = {
  label: 'BatchNormalization',
  buffers: [
    { name: 'x', access: 'read' },
    { name: 'ab', access: 'read', element: 'f32' },
    { name: 'y', access: 'read_write' },
  ],
  uniforms: [...fieldsOf('u32', 'total', 'channels', 'inner')],
  workgroupSize: WORKGROUP,
  body: `  if (gid >= u.total) { return; }
  let c = (gid / u.inner) % u.channels;
  y[gid] = T(fma(f32(x[gid]), ab[2u * c], ab[2u * c + 1u]));`,
};

/** The same from statistics computed at run time (GPU tensors), in the ONNX reference's order of operations. */
const RUNTIME_STATISTICS_PROGRAM: ProgramSpec = {
  label: 'BatchNormalization.runtime',
  buffers: [
    { name: 'x', access: 'read' },
    { name: 'scale', access: 'read' },
    { name: 'bias', access: 'read' },
    { name: 'mean', access: 'read' },
    { name: 'variance', access: 'read' },
    { name: 'y', access: 'read_write' },
  ],
  uniforms: [...fieldsOf('u32', 'total', 'channels', 'inner'), { name: 'epsilon', type: 'f32' }],
  workgroupSize: WORKGROUP,
  body: `  if (gid >= u.total) { return; }
  let c = (gid / u.inner) % u.channels;
  let normalized = (f32(x[gid]) - f32(mean[c])) / sqrt(f32(variance[c]) + u.epsilon);
  y[gid] = T(normalized * f32(scale[c]) + f32(bias[c]));`,
};

const STATISTICS = ['scale', 'bias', 'mean', 'variance'] as const;

/** The statistics (inputs 1–4) must be 1-D float32 of one value per channel; constants or GPU tensors. */
function checkStatistics(node: Node, ctx: CheckContext): SupportResult | undefined {
  const channels = ctx.meta(node.inputs[0] ?? '').shape?.[1];
  for (const [i, what] of STATISTICS.entries()) {
    const shape = ctx.meta(node.inputs[i + 1] ?? '').shape;
    if (!node.inputs[i + 1]) return reject('ATTRIBUTE', `BatchNormalization '${node.name}' has no ${what}`);
    if (shape?.length !== 1)
      return reject('RANK', `BatchNormalization '${node.name}': ${what} (input ${i + 1}) must be known to be 1-D`);
    if (typeof channels === 'number' && typeof shape[0] === 'number' && shape[0] !== channels)
      return reject('ATTRIBUTE', `BatchNormalization '${node.name}': ${what} has ${shape[0]} values for ${channels} channels`);
  }
  return undefined;
}

function constantStatistics(node: Node, ctx: Pick<BuildContext, 'meta'>): Tensor[] | undefined {
  const tensors = [1, 2, 3, 4].map((i) => ctx.meta(node.inputs[i] as string).constant);
  return tensors.every((t) => t !== undefined) ? (tensors as Tensor[]) : undefined;
}

export const BatchNormalization: readonly GpuOpDefinition[] = [
  {
    op: 'BatchNormalization',
    sinceVersion: 6,
    dtypes: ['float32'],
    notes:
      'Inference mode; constant statistics fold to a per-channel affine at compile time, run-time ones are read per element; no training outputs.',
    check(node, ctx) {
      if (node.outputs.slice(1).some((o) => o))
        return reject('ATTRIBUTE', `BatchNormalization '${node.name}': training outputs are not produced`);
      if (attrInt(node, 'training_mode', 0) !== 0)
        return reject('ATTRIBUTE', `BatchNormalization '${node.name}': training_mode is not supported`);
      if (attrInt(node, 'spatial', 1) !== 1)
        return reject('ATTRIBUTE', `BatchNormalization '${node.name}': spatial=0 is not supported`);
      if ((rankOf(ctx, node.inputs[0]) ?? 0) < 2)
        return reject('RANK', `BatchNormalization '${node.name}': input needs a channel axis`);
      return firstRejection(requireFloatInputs(node, ctx), checkStatistics(node, ctx)) ?? SUPPORTED;
    },
    create(node, ctx) {
      const eps = attrFloat(node, 'epsilon', 1e-5);
      const constants = constantStatistics(node, ctx);
      if (!constants) return runtimeStatisticsKernel(eps);
      const [scale, bias, mean, variance] = constants;
      const channels = (scale as Tensor).size;
      const ab = new Float32Array(2 * channels);
      for (let c = 0; c < channels; c++) {
        const a = Number((scale as Tensor).data[c]) / Math.sqrt(Number((variance as Tensor).data[c]) + eps);
        ab[2 * c] = a;
        ab[2 * c + 1] = Number((bias as Tensor).data[c]) - Number((mean as Tensor).data[c]) * a;
      }
      const params = ctx.upload(ab, 'f32', `${node.name} scale/shift`);
      return {
        programs: [PROGRAM],
        plan([x]) {
          const dims = (x as PlanValue).dims;
          if (dims[1] !== channels) throw new Error(`${dims[1]} channels, ${channels} statistics`);
          const total = product(dims);
          const inner = product(dims.slice(2));
          return {
            outputs: [{ dtype: 'float32', dims }],
            dispatches:
              total === 0
                ? []
                : [
                    {
                      program: 0,
                      bindings: [{ input: 0 }, { constant: params }, { output: 0 }],
                      uniforms: { total, channels, inner },
                      workgroups: groupsFor(total, WORKGROUP),
                    },
                  ],
          };
        },
      };
    },
  },
];

/** Statistics that are GPU tensors (built at run time, e.g. by ConstantOfShape): bound as inputs. */
function runtimeStatisticsKernel(epsilon: number): NodeKernel {
  return {
    programs: [RUNTIME_STATISTICS_PROGRAM],
    plan([x, scale]) {
      const dims = (x as PlanValue).dims;
      const channels = product((scale as PlanValue).dims);
      if (dims[1] !== channels) throw new Error(`${dims[1]} channels, ${channels} statistics`);
      const total = product(dims);
      const inner = product(dims.slice(2));
      return {
        outputs: [{ dtype: 'float32', dims }],
        dispatches:
          total === 0
            ? []
            : [
                {
                  program: 0,
                  bindings: [{ input: 0 }, { input: 1 }, { input: 2 }, { input: 3 }, { input: 4 }, { output: 0 }],
                  uniforms: { total, channels, inner, epsilon },
                  workgroups: groupsFor(total, WORKGROUP),
                },
              ],
      };
    },
  };
}
