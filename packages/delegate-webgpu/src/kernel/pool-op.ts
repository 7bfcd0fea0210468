import {
  attrInt,
  checkWindowAttributes,
  type Node,
  readWindowAttributes,
  reject,
  SUPPORTED,
  windowGeometry,
} from '@tessera/core';
import { groupsFor } from '../program/indexing.js';
import { type PoolKind, windowPoolProgram } from '../program/pool-programs.js';
import { bakeConstants } from '../program/program.js';
import { checkWorkgroup, firstRejection, rankOf, requireFloatInputs } from './checks.js';
import type { GpuOpDefinition, PlanValue } from './types.js';
import { as2d } from './window.js';

const WORKGROUP = 128;

/** MaxPool / AveragePool over 1 or 2 spatial axes: one invocation per output element. */
export function defineWindowPool(op: 'MaxPool' | 'AveragePool', kind: PoolKind): GpuOpDefinition {
  return {
    op,
    sinceVersion: 1,
    dtypes: ['float32'],
    notes: `1-D and 2-D; kernel_shape, strides, pads / auto_pad, ceil_mode${kind === 'max' ? ', dilations; no Indices output' : ', count_include_pad'}.`,
    check(node: Node, ctx) {
      const rank = rankOf(ctx, node.inputs[0]);
      if (rank === undefined || rank < 3 || rank > 4)
        return reject('RANK', `${op} '${node.name}': input rank ${rank ?? 'unknown'}; the WebGPU kernel pools 1-D and 2-D`);
      if (node.outputs[1]) return reject('ATTRIBUTE', `${op} '${node.name}': the Indices output is not produced on WebGPU`);
      if (attrInt(node, 'storage_order', 0) !== 0)
        return reject('ATTRIBUTE', `${op} '${node.name}': storage_order 1 is not supported`);
      if (!readWindowAttributes(node).kernel) return reject('ATTRIBUTE', `${op} '${node.name}' has no kernel_shape`);
      return (
        firstRejection(
          requireFloatInputs(node, ctx),
          checkWindowAttributes(node, rank - 2),
          checkWorkgroup(node, ctx, 0, WORKGROUP),
        ) ?? SUPPORTED
      );
    },
    create(node) {
      const attrs = readWindowAttributes(node);
      const includePad = kind === 'average' && attrInt(node, 'count_include_pad', 0) !== 0;
      const spatial = attrs.kernel as readonly number[];
      const [SH, SW] = as2d(attrs.strides ?? spatial.map(() => 1), 1);
      const [DH, DW] = as2d(attrs.dilations ?? spatial.map(() => 1), 1);
      return {
        programs: [bakeConstants(windowPoolProgram(kind, includePad, WORKGROUP), { SH, SW, DH, DW })],
        plan([x]) {
          const dims = (x as PlanValue).dims;
          const g = windowGeometry(attrs, dims.slice(2));
          const outDims = [dims[0] as number, dims[1] as number, ...g.outShape];
          const total = outDims.reduce((a, b) => a * b, 1);
          const [H, W] = as2d(dims.slice(2), 1);
          const [OH, OW] = as2d(g.outShape, 1);
          const [KH, KW] = as2d(g.kernel, 1);
          const [SH, SW] = as2d(g.strides, 1);
          const [DH, DW] = as2d(g.dilations, 1);
          const [PT, PL] = as2d(g.padBegin, 0);
          const [PB, PR] = as2d(g.padEnd, 0);
          const uniforms = { total, H, W, OH, OW, KH, KW, SH, SW, DH, DW, PT, PL, PB, PR };
          return {
            outputs: [{ dtype: 'float32', dims: outDims }],
            dispatches:
              total === 0
                ? []
                : [{ program: 0, bindings: [{ input: 0 }, { output: 0 }], uniforms, workgroups: groupsFor(total, WORKGROUP) }],
          };
        },
      };
    },
  };
}
