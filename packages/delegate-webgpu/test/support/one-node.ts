import { createSession, type Delegate, type Model, type Tensor } from '@tessera/core';

export {
  maxAbs,
  maxAbsDiff,
  type OneNodeCase,
  oneNodeModel,
  randomTensor,
  runReference,
  seededFloats,
} from '../../../../test-support/one-node.js';

/** Runs a model through a session with only the given delegates (strict: every node must run on the first). */
export async function runSession(
  model: Model,
  feeds: Record<string, Tensor>,
  delegates: readonly Delegate[],
  strict = true,
): Promise<Tensor[]> {
  const session = await createSession(model, { delegates, strict });
  try {
    const out = await session.run(feeds);
    return model.graph.outputs.map((o) => out[o] as Tensor);
  } finally {
    await session.dispose();
  }
}
