import { attrInt, type Node, readResizeAttributes, reject, resizeOutputGeometry, SUPPORTED } from '@tessera/core';
import { firstRejection, rankOf, requireFloatInputs } from '../kernel/checks.js';
import { hostData, normalizeAxis, numbersOf } from '../kernel/host.js';
import { type AxisTable, axisTable } from '../kernel/resize-axis.js';
import type { CheckContext, GpuOpDefinition, PlanValue } from '../kernel/types.js';
import { contiguousStrides, groupsFor, product } from '../program/indexing.js';
import type { ProgramSpec, UniformField } from '../program/program.js';

/**
 * Resize (op-sets 10–19+): nearest (every nearest_mode), linear and cubic over any axes, every
 * coordinate_transformation_mode including tf_crop_and_resize, from scales or sizes. The host builds
 * per-axis tables of input indices and weights (core's resize axis maps, shared with the CPU delegate); the shader
 * sums the taps of every axis. antialias is declined.
 */
const WORKGROUP = 128;

const MODES = ['nearest', 'linear', 'cubic'];
const COORDINATE_MODES = [
  'half_pixel',
  'half_pixel_symmetric',
  'pytorch_half_pixel',
  'align_corners',
  'asymmetric',
  'tf_half_pixel_for_nn',
  'tf_crop_and_resize',
];
const NEAREST_MODES = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

function check(node: Node, ctx: CheckContext) {
  const o = readResizeAttributes(node);
  const where = `Resize '${node.name}'`;
  if (!MODES.includes(o.mode)) return reject('ATTRIBUTE', `${where}: unknown mode '${o.mode}'`);
  if (!COORDINATE_MODES.includes(o.coordinateMode))
    return reject('ATTRIBUTE', `${where}: unknown coordinate_transformation_mode '${o.coordinateMode}'`);
  if (node.opsetVersion >= 11 && !NEAREST_MODES.includes(o.nearestMode))
    return reject('ATTRIBUTE', `${where}: unknown nearest_mode '${o.nearestMode}'`);
  if (attrInt(node, 'antialias', 0) !== 0) return reject('ATTRIBUTE', `${where}: antialias=1 is not implemented on WebGPU`);
  if (!['stretch', 'not_larger', 'not_smaller'].includes(o.policy))
    return reject('ATTRIBUTE', `${where}: unknown keep_aspect_ratio_policy '${o.policy}'`);
  if (rankOf(ctx, node.inputs[0]) === undefined) return reject('RANK', `${where}: input rank unknown at compile time`);
  for (let i = 1; i < node.inputs.length; i++) {
    const name = node.inputs[i];
    const meta = name ? ctx.meta(name) : undefined;
    if (meta && !meta.constant && !(meta.dtype === 'int64' && meta.shape?.every((d) => typeof d === 'number')))
      return reject('NON_CONSTANT_WEIGHT', `${where}: roi, scales and sizes must be constants (or shape arithmetic for sizes)`);
  }
  return firstRejection(requireFloatInputs(node, ctx, 1)) ?? SUPPORTED;
}

/** Nearest mode reads one tap per axis with weight 1: a gather, no loops, no weights. */
function program(rank: number, nearest: boolean): ProgramSpec {
  const uniforms: UniformField[] = [
    { name: 'total', type: 'u32' },
    { name: 'extrapolation', type: 'f32' },
  ];
  for (let d = 0; d < rank; d++) {
    uniforms.push(
      { name: `o_d${d}`, type: 'u32' },
      { name: `s${d}`, type: 'u32' },
      { name: `t${d}`, type: 'u32' },
      { name: `at${d}`, type: 'u32' },
    );
  }
  const coords: string[] = ['  var rem = gid;'];
  for (let d = rank - 1; d >= 0; d--) coords.push(`  let c${d} = rem % u.o_d${d};`, `  rem = rem / u.o_d${d};`);
  const starts = Array.from({ length: rank }, (_, d) => `  let b${d} = u.at${d} + c${d} * u.t${d};`);
  const outside = Array.from({ length: rank }, (_, d) => `idx[b${d}] < 0`).join(' || ');
  const gather = `y[gid] = x[${Array.from({ length: rank }, (_, d) => `u32(idx[b${d}]) * u.s${d}`).join(' + ') || '0u'}];`;
  let loops = `acc = fma(w${rank - 1}, f32(x[o${rank - 1}]), acc);`;
  for (let d = rank - 1; d >= 0; d--) {
    const prevWeight = d === 0 ? '1.0' : `w${d - 1}`;
    const prevOffset = d === 0 ? '0u' : `o${d - 1}`;
    loops = `for (var k${d} = 0u; k${d} < u.t${d}; k${d} = k${d} + 1u) {
    let w${d} = ${prevWeight} * wt[b${d} + k${d}];
    let o${d} = ${prevOffset} + u32(idx[b${d} + k${d}]) * u.s${d};
    ${loops}
  }`;
  }
  return {
    label: `Resize.r${rank}${nearest ? '.nearest' : ''}`,
    buffers: [
      { name: 'x', access: 'read' },
      { name: 'idx', access: 'read', element: 'i32' },
      { name: 'wt', access: 'read', element: 'f32' },
      { name: 'y', access: 'read_write' },
    ],
    uniforms,
    workgroupSize: WORKGROUP,
    body: `  if (gid >= u.total) { return; }
${coords.join('\n')}
${starts.join('\n')}
  if (${outside || 'false'}) { y[gid] = T(u.extrapolation); return; }
${
  nearest
    ? `  ${gather}`
    : `  var acc = 0.0;
  ${loops}
  y[gid] = T(acc);`
}`,
  };
}

/** Output dims and per-axis scales from scales or sizes (with op-set 18's axes and aspect-ratio policy). */
function outputGeometry(node: Node, dims: readonly number[], inputs: readonly (PlanValue | undefined)[]) {
  const o = readResizeAttributes(node);
  const v10 = node.opsetVersion < 11;
  const given = (v: PlanValue | undefined) => (v && product(v.dims) > 0 ? v : undefined);
  const scalesV = given(inputs[v10 ? 1 : 2]);
  const sizesV = v10 ? undefined : given(inputs[3]);
  if (!scalesV === !sizesV) throw new Error('exactly one of scales and sizes must be given');
  const rank = dims.length;
  const axes = (o.axes ?? dims.map((_, i) => i)).map((a) => normalizeAxis(a, rank, 'Resize'));
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const scaleValues = scalesV ? numbersOf(hostData(scalesV, 'scales')) : undefined;
  const sizeValues = sizesV ? numbersOf(hostData(sizesV, 'sizes')) : undefined;
  const { scales, outDims } = resizeOutputGeometry(dims, axes, scaleValues, sizeValues, o.policy, fail);
  let roi: number[] | undefined;
  if (!v10 && o.coordinateMode === 'tf_crop_and_resize' && given(inputs[1])) roi = numbersOf(hostData(inputs[1], 'roi'));
  return { o, axes, scales, outDims, roi };
}

export function createResize(node: Node, ctx: Pick<CheckContext, 'meta'>) {
  const rank = ctx.meta(node.inputs[0] as string).shape?.length as number;
  return {
    programs: [program(rank, readResizeAttributes(node).mode === 'nearest')],
    plan(inputs: readonly (PlanValue | undefined)[]) {
      const dims = (inputs[0] as PlanValue).dims;
      const { o, axes, scales, outDims, roi } = outputGeometry(node, dims, inputs);
      const tables: AxisTable[] = dims.map((inSize, d) => {
        const k = axes.indexOf(d);
        return axisTable(
          {
            inSize,
            outSize: outDims[d] as number,
            scale: scales[d] as number,
            roiStart: roi && k >= 0 ? (roi[k] as number) : 0,
            roiEnd: roi && k >= 0 ? (roi[k + axes.length] as number) : 1,
          },
          o,
        );
      });
      const total = product(outDims);
      if (total > 0 && product(dims) === 0) throw new Error('cannot resize an empty input to a non-empty output');
      const strides = contiguousStrides(dims);
      const uniforms: Record<string, number> = { total, extrapolation: o.extrapolation };
      let at = 0;
      tables.forEach((t, d) => {
        Object.assign(uniforms, { [`o_d${d}`]: outDims[d], [`s${d}`]: strides[d], [`t${d}`]: t.taps, [`at${d}`]: at });
        at += t.index.length;
      });
      const index = new Int32Array(Math.max(1, at));
      const weight = new Float32Array(Math.max(1, at));
      let offset = 0;
      for (const t of tables) {
        index.set(t.index, offset);
        weight.set(t.weight, offset);
        offset += t.index.length;
      }
      return {
        outputs: [{ dtype: 'float32' as const, dims: outDims }],
        dispatches:
          total === 0
            ? []
            : [
                {
                  program: 0,
                  bindings: [{ input: 0 }, { aux: index }, { aux: weight }, { output: 0 }],
                  uniforms,
                  workgroups: groupsFor(total, WORKGROUP),
                },
              ],
      };
    },
  };
}

export const Resize: readonly GpuOpDefinition[] = [
  {
    op: 'Resize',
    sinceVersion: 10,
    dtypes: ['float32'],
    notes: 'nearest / linear / cubic over any axes, every coordinate mode; antialias declined.',
    check,
    create: createResize,
  },
];
