import { KernelError, type Node } from '@tessera/core';
import {
  broadcastStrides,
  coordsCode,
  dimFields,
  dimValues,
  groupsFor,
  product,
  strideFields,
  strideValues,
} from '../program/indexing.js';
import { isLiteralValue } from '../program/literals.js';
import type { BufferBinding, ProgramSpec, UniformField } from '../program/program.js';
import { accessOf, blockValues } from './broadcast-access.js';
import type { BuildContext, ElementwiseSpec, NodeKernel, Operand, PlanValue, ValueMeta } from './types.js';

const WORKGROUP = 256;

export interface ElementwiseMember {
  readonly node: Node;
  readonly spec: ElementwiseSpec;
}

/** A finite scalar constant, passed to the shader as a uniform rather than bound as a buffer. */
export function literalOf(meta: ValueMeta): number | undefined {
  const c = meta.constant;
  if (c?.size !== 1 || (c.dtype !== 'float32' && c.dtype !== 'float64')) return undefined;
  const v = Number((c.data as Float32Array)[0]);
  return isLiteralValue(v) ? v : undefined;
}

/** The values an elementwise node binds: present, non-literal inputs, each once. */
export function elementwiseInputs(node: Node, meta: (name: string) => ValueMeta): string[] {
  return [...new Set(node.inputs.filter((name) => name !== '' && literalOf(meta(name)) === undefined))];
}

function broadcastDims(a: readonly number[], b: readonly number[], where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[i - (rank - a.length)] ?? 1;
    const y = b[i - (rank - b.length)] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`${where}: dims [${a}] and [${b}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * One shader for a chain of elementwise nodes (or a single one): each invocation loads its element
 * of every input (broadcasting by strides where shapes differ), evaluates the members' expressions
 * in order in f32, and stores the group's outputs. Intermediate values never touch memory.
 */
export function createElementwiseKernel(
  members: readonly ElementwiseMember[],
  inputs: readonly string[],
  outputs: readonly string[],
  ctx: BuildContext,
): NodeKernel {
  const last = members[members.length - 1] as ElementwiseMember;
  const outShape = ctx.meta(last.node.outputs[0] as string).shape;
  const outRank = outShape?.length;
  if (outRank === undefined) throw new Error(`${last.node.op} '${last.node.name}': output rank unknown`);
  const access = inputs.map((name) => accessOf(ctx.meta(name), outShape));
  const strided = access.some((a) => a === 'strided');

  const buffers: BufferBinding[] = [
    ...inputs.map((_, k) => ({ name: `in${k}`, access: 'read' as const })),
    ...outputs.map((_, k) => ({ name: `out${k}`, access: 'read_write' as const })),
  ];
  const uniforms: UniformField[] = [{ name: 'total', type: 'u32' }];
  // Shapes equal only at run time (symbolic dims that differ in spelling) skip the index arithmetic.
  if (strided) uniforms.push({ name: 'broadcast', type: 'u32' }, ...dimFields('o', outRank));
  access.forEach((a, k) => {
    if (a === 'strided') uniforms.push(...strideFields(`in${k}`, outRank));
    else if (typeof a === 'object') uniforms.push({ name: `in${k}_inner`, type: 'u32' }, { name: `in${k}_block`, type: 'u32' });
  });

  const lines: string[] = ['  if (gid >= u.total) { return; }'];
  if (strided) {
    access.forEach((a, k) => {
      if (a === 'strided') lines.push(`  var at${k} = gid;`);
    });
    lines.push('  if (u.broadcast != 0u) {', coordsCode('c', 'gid', 'o', outRank));
    access.forEach((a, k) => {
      if (a === 'strided')
        lines.push(`    at${k} = ${Array.from({ length: outRank }, (_, d) => `c${d} * u.in${k}_s${d}`).join(' + ') || '0u'};`);
    });
    lines.push('  }');
  }
  access.forEach((a, k) => {
    const index =
      a === 'same' ? 'gid' : a === 'scalar' ? '0u' : a === 'strided' ? `at${k}` : `(gid / u.in${k}_inner) % u.in${k}_block`;
    lines.push(`  let e${k} = f32(in${k}[${index}]);`);
  });
  const known = new Map<string, string>(inputs.map((name, k) => [name, `e${k}`]));
  const helpers = new Map<string, string>();
  // Scalar constants are uniforms, not literals, so chains that differ only in their constants (a
  // folded BatchNorm's scale and shift) share one shader: software adapters JIT-compile each one.
  const scalars: Record<string, number> = {};
  members.forEach((m, i) => {
    const operands = m.node.inputs.map((name): Operand | undefined => {
      if (!name) return undefined;
      const code = known.get(name);
      if (code) return { code };
      const literal = literalOf(ctx.meta(name));
      if (literal === undefined)
        throw new Error(`${m.node.op} '${m.node.name}': input '${name}' has no value in the fused shader`);
      const field = `k${Object.keys(scalars).length}`;
      scalars[field] = literal;
      uniforms.push({ name: field, type: 'f32' });
      return { code: `u.${field}`, constant: literal };
    });
    lines.push(`  let v${i} = ${m.spec.expression(m.node, operands)};`);
    known.set(m.node.outputs[0] as string, `v${i}`);
    for (const [key, code] of Object.entries(m.spec.helpers ?? {})) helpers.set(key, code);
  });
  outputs.forEach((name, k) => {
    lines.push(`  out${k}[gid] = T(${known.get(name)});`);
  });

  const label = members.length === 1 ? last.node.op : `Fused(${members.map((m) => m.node.op).join('+')})`;
  const program: ProgramSpec = {
    label,
    buffers,
    uniforms,
    workgroupSize: WORKGROUP,
    declarations: [...helpers.values()].join('\n'),
    body: lines.join('\n'),
  };

  return {
    programs: [program],
    plan(values) {
      const dims = outputDims(members, inputs, values);
      const total = product(dims);
      const uniformValues: Record<string, number> = { total, ...scalars };
      if (strided) {
        const needed = access.some((a, k) => a === 'strided' && (values[k] as PlanValue).dims.join() !== dims.join());
        Object.assign(uniformValues, { broadcast: needed ? 1 : 0 }, dimValues('o', dims));
      }
      access.forEach((a, k) => {
        const v = values[k] as PlanValue;
        if (a === 'strided') Object.assign(uniformValues, strideValues(`in${k}`, broadcastStrides(v.dims, dims)));
        else if (typeof a === 'object') Object.assign(uniformValues, blockValues(k, a, v.dims, dims));
        else if (a === 'same' && product(v.dims) !== total)
          throw new Error(`input ${k} has dims [${v.dims}], expected [${dims}]`);
        else if (a === 'scalar' && product(v.dims) !== 1)
          throw new Error(`input ${k} has dims [${v.dims}], expected one element`);
      });
      return {
        outputs: outputs.map(() => ({ dtype: 'float32' as const, dims })),
        dispatches:
          total === 0
            ? []
            : [
                {
                  program: 0,
                  bindings: [...inputs.map((_, input) => ({ input })), ...outputs.map((_, output) => ({ output }))],
                  uniforms: uniformValues,
                  workgroups: groupsFor(total, WORKGROUP),
                },
              ],
      };
    },
  };
}

/** The members' common output dims: each member broadcasts its inputs; all must agree. */
function outputDims(
  members: readonly ElementwiseMember[],
  inputs: readonly string[],
  values: readonly (PlanValue | undefined)[],
): number[] {
  const dimsOf = new Map<string, readonly number[]>(inputs.map((name, k) => [name, (values[k] as PlanValue).dims]));
  let result: number[] = [];
  for (const m of members) {
    let dims: number[] = [];
    for (const name of m.node.inputs) {
      if (!name) continue;
      dims = broadcastDims(dims, dimsOf.get(name) ?? [], `${m.node.op} '${m.node.name}'`);
    }
    dimsOf.set(m.node.outputs[0] as string, dims);
    result = dims;
  }
  for (const m of members) {
    const d = dimsOf.get(m.node.outputs[0] as string) as number[];
    if (d.join() !== result.join()) {
      throw new KernelError(
        'KERNEL_FAILED',
        `Fused elementwise '${m.node.name}' has dims [${d}] but the group's output is [${result}].`,
      );
    }
  }
  return result;
}
