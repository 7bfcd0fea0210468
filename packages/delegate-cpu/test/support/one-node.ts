import type { CompileContext, DType, KernelDefinition, Node, SupportResult, Value } from '@tessera/core';
import { Tensor } from '@tessera/core';
import { type OneNodeCase, oneNodeModel } from '../../../../test-support/one-node.js';

export {
  maxAbs,
  maxAbsDiff,
  type OneNodeCase,
  oneNodeModel,
  randomTensor,
  runReference,
  seededFloats,
  xorshift,
} from '../../../../test-support/one-node.js';

/** The case's node and values, as a kernel definition sees them at compile time. */
function buildNode(c: OneNodeCase): { node: Node; values: ReadonlyMap<string, Value> } {
  const { graph } = oneNodeModel(c).model;
  return { node: graph.nodes[0] as Node, values: graph.values };
}

function contextFor(values: ReadonlyMap<string, Value>, opset: number): CompileContext {
  return {
    profiling: false,
    opsetVersion: (d) => (d === '' ? opset : undefined),
    value: (name) => {
      const v = values.get(name);
      return { name, type: v?.type, constant: v?.constant };
    },
  };
}

/** Asks a kernel definition whether it supports the case's node. */
export function supportOf(defs: readonly KernelDefinition[], c: OneNodeCase): SupportResult {
  const { node, values } = buildNode(c);
  const ctx = contextFor(values, c.opset ?? 17);
  const def = defs.find(
    (d) => node.opsetVersion >= d.sinceVersion && node.opsetVersion <= (d.untilVersion ?? Number.POSITIVE_INFINITY),
  );
  if (!def) return { supported: false, code: 'OP_VERSION', detail: 'no definition for this version' };
  return def.check ? def.check(node, ctx) : { supported: true };
}

/** Runs the case through a kernel definition directly (no session). */
export async function runKernel(defs: readonly KernelDefinition[], c: OneNodeCase): Promise<Tensor[]> {
  const { node, values } = buildNode(c);
  const ctx = contextFor(values, c.opset ?? 17);
  const def = defs.find(
    (d) => node.opsetVersion >= d.sinceVersion && node.opsetVersion <= (d.untilVersion ?? Number.POSITIVE_INFINITY),
  );
  if (!def) throw new Error(`no kernel definition of ${c.op} for opset ${node.opsetVersion}`);
  const kernel = await def.create(node, ctx);
  const args = c.inputs.map((inp) => (inp === undefined ? undefined : inp instanceof Tensor ? inp : inp.constant));
  const output = (_i: number, dtype: DType, dims: readonly number[]) => junkFilled(Tensor.zeros(dtype, dims));
  if ('run' in kernel) return kernel.run(args, { node, output });
  // A value kernel (one that also takes sequences) run on plain tensors: no subgraphs here.
  const outs = await kernel.runValues(args, {
    node,
    output,
    allocate: (dtype, dims) => junkFilled(Tensor.zeros(dtype, dims)),
    runSubgraph: () => Promise.reject(new Error('runKernel runs no subgraphs')),
  });
  return outs.map((o, i) => {
    if (!(o instanceof Tensor)) throw new Error(`${c.op} output ${i} is not a tensor`);
    return o;
  });
}

/**
 * Output memory as the arena hands it out is not zeroed: fill it with all-ones bytes (NaN for floats,
 * -1 for integers) so a kernel that forgets to write an element fails its comparison.
 */
function junkFilled(t: Tensor): Tensor {
  if (!Array.isArray(t.data)) {
    const d = t.data as Exclude<Tensor['data'], string[]>;
    new Uint8Array(d.buffer, d.byteOffset, d.byteLength).fill(0xff);
  }
  return t;
}
