import type { Precision } from '../options.js';

/** Element type of a storage buffer: `T` is the tensor storage type (f32, or f16 at fp16 precision). */
/** `vec4T` reads a T buffer four elements at a time (the same buffer may also be bound as `T`). */
export type ElementType = 'T' | 'vec4T' | 'f32' | 'i32' | 'u32';

export interface BufferBinding {
  readonly name: string;
  readonly access: 'read' | 'read_write';
  /** Default 'T'. */
  readonly element?: ElementType;
}

export interface UniformField {
  readonly name: string;
  readonly type: 'u32' | 'i32' | 'f32';
}

/** Uniform fields of one type, in order: `fieldsOf('u32', 'C', 'H', 'W')`. */
export function fieldsOf(type: UniformField['type'], ...names: readonly string[]): UniformField[] {
  return names.map((name) => ({ name, type }));
}

/**
 * One compute shader, described so that it can be assembled for either precision. Shapes and other
 * run-time sizes are uniforms, so one program serves every input shape of its op, attributes and
 * ranks; the assembled text is the pipeline cache's key.
 */
export interface ProgramSpec {
  /** For debugging and error messages, e.g. 'Conv.gemm'. */
  readonly label: string;
  /** Storage buffers, bound at 0…n-1 in this order; the uniform block is binding n. */
  readonly buffers: readonly BufferBinding[];
  readonly uniforms: readonly UniformField[];
  /** Invocations per workgroup (1-D). */
  readonly workgroupSize: number;
  /** Uses subgroup built-ins: `sgid` (the invocation's index in its subgroup) is defined in `main`. */
  readonly subgroups?: boolean;
  /** Bytes of var<workgroup> memory the program declares (checked against the adapter's limit). */
  readonly workgroupStorageBytes?: number;
  /** Module-scope WGSL: helper functions, var<workgroup> arrays. */
  readonly declarations?: string;
  /**
   * Body of `main`, which provides `wgid` (linear workgroup index), `lid` (index in the workgroup)
   * and `gid` (wgid · workgroupSize + lid), all u32.
   */
  readonly body: string;
}

/** The uniform every program gets: the number of workgroups really wanted (the grid may be rounded up). */
export const WORKGROUPS_UNIFORM = '_workgroups';

function wgslType(element: ElementType): string {
  return element === 'T' ? 'T' : element === 'vec4T' ? 'vec4<T>' : element;
}

/** The WGSL text of a program at a precision. */
export function assembleWgsl(p: ProgramSpec, precision: Precision): string {
  const lines: string[] = [];
  if (precision === 'fp16') lines.push('enable f16;');
  if (p.subgroups) lines.push('enable subgroups;');
  lines.push(`alias T = ${precision === 'fp16' ? 'f16' : 'f32'};`);
  p.buffers.forEach((b, i) => {
    lines.push(`@group(0) @binding(${i}) var<storage, ${b.access}> ${b.name}: array<${wgslType(b.element ?? 'T')}>;`);
  });
  const fields = [{ name: WORKGROUPS_UNIFORM, type: 'u32' }, ...p.uniforms];
  lines.push(`struct Uniforms {\n${fields.map((f) => `  ${f.name}: ${f.type},`).join('\n')}\n}`);
  lines.push(`@group(0) @binding(${p.buffers.length}) var<uniform> u: Uniforms;`);
  lines.push(`const WG: u32 = ${p.workgroupSize}u;`);
  if (p.declarations) lines.push(p.declarations);
  lines.push(
    `@compute @workgroup_size(${p.workgroupSize})
fn main(@builtin(workgroup_id) wg3: vec3<u32>, @builtin(num_workgroups) nwg3: vec3<u32>, @builtin(local_invocation_index) lid: u32${p.subgroups ? ', @builtin(subgroup_invocation_id) sgid: u32' : ''}) {
  let wgid = wg3.x + wg3.y * nwg3.x;
  if (wgid >= u.${WORKGROUPS_UNIFORM}) { return; }
  let gid = wgid * WG + lid;
${p.body}
}`,
  );
  return lines.join('\n');
}

/** Bytes of the uniform block: 4 per field, rounded up to 16. */
export function uniformBytes(p: ProgramSpec): number {
  return Math.ceil(((p.uniforms.length + 1) * 4) / 16) * 16;
}

/** Packs uniform values in field order at `offset` of `view`; a missing value is a programming error. */
export function packUniforms(
  p: ProgramSpec,
  values: Readonly<Record<string, number>>,
  workgroups: number,
  view: DataView,
  offset: number,
): void {
  view.setUint32(offset, workgroups, true);
  p.uniforms.forEach((f, i) => {
    const v = values[f.name];
    // Integer fields must be integers; float fields may be ±Infinity (an open Clip bound).
    if (v === undefined || (f.type !== 'f32' && !Number.isInteger(v)))
      throw new Error(`program ${p.label}: uniform '${f.name}' is ${String(v)}`);
    const at = offset + (i + 1) * 4;
    if (f.type === 'u32') view.setUint32(at, v, true);
    else if (f.type === 'i32') view.setInt32(at, v, true);
    else view.setFloat32(at, v, true);
  });
}

/**
 * Turns uniforms whose values are fixed at compile time (kernel sizes, strides, dilations: node
 * attributes) into WGSL constants, so the shader compiler can unroll loops and strength-reduce
 * divisions — which software adapters otherwise run as scalar divides per lane.
 */
export function bakeConstants(p: ProgramSpec, values: Readonly<Record<string, number>>): ProgramSpec {
  const baked = p.uniforms.filter((f) => values[f.name] !== undefined);
  if (baked.length === 0) return p;
  const replace = (code: string) =>
    code.replace(/\bu\.([A-Za-z_]\w*)\b/g, (all, name: string) => (values[name] !== undefined ? `K_${name}` : all));
  const constants = baked.map((f) => {
    const v = values[f.name] as number;
    const literal = f.type === 'u32' ? `${v}u` : f.type === 'i32' ? `${v}i` : `${v}f`;
    return `const K_${f.name}: ${f.type} = ${literal};`;
  });
  const suffix = baked.map((f) => `${f.name}${values[f.name]}`).join('.');
  return {
    ...p,
    label: `${p.label}[${suffix}]`,
    uniforms: p.uniforms.filter((f) => values[f.name] === undefined),
    declarations: `${constants.join('\n')}\n${replace(p.declarations ?? '')}`,
    body: replace(p.body),
  };
}
