import { attrFloat, type Node, reject, type SupportResult } from '@tessera/core';
import { Clip } from '../kernels/Clip.js';
import { HardSigmoid } from '../kernels/HardSigmoid.js';
import { HardSwish } from '../kernels/HardSwish.js';
import { LeakyRelu } from '../kernels/LeakyRelu.js';
import { Relu } from '../kernels/Relu.js';
import { Sigmoid } from '../kernels/Sigmoid.js';
import { Tanh } from '../kernels/Tanh.js';
import type { GpuOpDefinition } from './types.js';

/** Activations Conv, ConvTranspose and Gemm apply in their epilogue, with the elementwise ops' own expressions. */
const FUSABLE: Readonly<Record<string, readonly GpuOpDefinition[]>> = {
  Relu,
  Clip,
  HardSigmoid,
  HardSwish,
  Sigmoid,
  LeakyRelu,
  Tanh,
};

export const FUSABLE_ACTIVATIONS: readonly string[] = Object.keys(FUSABLE);

/** Rejects a node whose fused activation the epilogue cannot apply. */
export function checkActivation(node: Node): SupportResult | undefined {
  const act = node.activation;
  if (!act || FUSABLE[act.op]) return undefined;
  return reject(
    'ATTRIBUTE',
    `${node.op} '${node.name}': fused activation ${act.op} is not one the WebGPU epilogue applies (${FUSABLE_ACTIVATIONS.join(', ')})`,
  );
}

export interface Epilogue {
  /** WGSL f32 expression of `value`; `value` itself without an activation. */
  readonly apply: (value: string) => string;
  /** Helper functions the expression calls. */
  readonly declarations: string;
  /** f32 uniforms the expression reads (see clampEpilogueOf); the plan passes `values`. */
  readonly uniforms?: readonly { readonly name: string; readonly type: 'f32' }[];
  readonly values?: Readonly<Record<string, number>>;
}

/**
 * The node's fused activation as y = min(max(α·x + β, lo), hi) with α, β, lo and hi uniforms, where
 * it has that form (none, Relu, HardSigmoid, Clip); undefined for the others. Every node of a shape
 * then shares one shader, whatever its activation: on software adapters, which JIT-compile each
 * shader on first use for up to a second, that cuts a model's cold start, at the cost of a
 * multiply-add and two compares per output. A NaN may come out as a bound (as Relu's max may give 0).
 */
export function clampEpilogueOf(node: Node): Epilogue | undefined {
  const act = node.activation;
  const of = (alpha: number, beta: number, lo: number, hi: number): Epilogue => ({
    apply: (v) => `min(max(u.EA * ${v} + u.EB, u.ELO), u.EHI)`,
    declarations: '',
    uniforms: ['EA', 'EB', 'ELO', 'EHI'].map((name) => ({ name, type: 'f32' as const })),
    values: { EA: alpha, EB: beta, ELO: lo, EHI: hi },
  });
  if (!act) return of(1, 0, -Infinity, Infinity);
  const actNode = { ...node, op: act.op, attributes: act.attributes };
  if (act.op === 'Relu') return of(1, 0, 0, Infinity);
  if (act.op === 'HardSigmoid') return of(attrFloat(actNode, 'alpha', 0.2), attrFloat(actNode, 'beta', 0.5), 0, 1);
  if (act.op === 'Clip') return of(1, 0, attrFloat(actNode, 'min', -Infinity), attrFloat(actNode, 'max', Infinity));
  return undefined;
}

/** The node's fused activation as a WGSL expression (Clip's bounds arrive as min/max attributes). */
export function epilogueOf(node: Node): Epilogue {
  const act = node.activation;
  if (!act) return { apply: (v) => v, declarations: '' };
  const def = FUSABLE[act.op]?.[0];
  const spec = def?.elementwise;
  if (!def || !spec) throw new Error(`${node.op} '${node.name}': no epilogue for ${act.op}`);
  // The attribute form of the op: Clip below op-set 11 reads min/max attributes.
  const actNode: Node = {
    name: `${node.name}/${act.op}`,
    op: act.op,
    domain: '',
    opsetVersion: def.sinceVersion,
    attributes: act.attributes,
    inputs: ['x'],
    outputs: ['y'],
  };
  return {
    apply: (v) => spec.expression(actNode, [{ code: v }]),
    declarations: Object.values(spec.helpers ?? {}).join('\n'),
  };
}
