import { InputError } from '../errors.js';
import type { Dim, ValueType } from '../ir/types.js';
import { describeValue, type SessionValue, TensorSequence } from '../tensor/sequence.js';
import { Tensor } from '../tensor/tensor.js';
import type { IOInfo } from './session-types.js';

/** A graph input as the feed check sees it: its public info and its declared type. */
export interface DeclaredInput {
  readonly info: IOInfo;
  readonly type: ValueType;
}

/**
 * Validates feeds against the declared inputs — tensors by dtype, rank and fixed dims; sequences by
 * element dtype and each element's shape; optionals as null or what they hold — and keeps symbolic
 * dims consistent across all inputs. Returns the input-shape signature that keys the memory plans.
 */
export function checkFeeds(inputs: readonly DeclaredInput[], feeds: Record<string, SessionValue>, api: string): string {
  if (typeof feeds !== 'object' || feeds === null)
    throw new InputError('INPUT_MISSING', `session.${api} takes an object of named inputs.`);
  for (const name of Object.keys(feeds)) {
    if (!inputs.some((i) => i.info.name === name)) {
      throw new InputError(
        'INPUT_UNKNOWN',
        `Input '${name}' is not an input of this model; inputs are: ${inputs.map((i) => i.info.name).join(', ')}.`,
      );
    }
  }
  // Made only for models whose inputs name symbolic dims.
  let symbols: Map<string, { size: number; input: string }> | undefined;
  let signature = '';
  for (let k = 0; k < inputs.length; k++) {
    const { info, type } = inputs[k] as DeclaredInput;
    if (!Object.hasOwn(feeds, info.name) || feeds[info.name] === undefined) {
      throw new InputError('INPUT_MISSING', `Input '${info.name}' (${describeType(type)}) was not given.`);
    }
    const value = feeds[info.name] as SessionValue;
    if (!symbols && namesSymbols(type)) symbols = new Map();
    signature += `${k > 0 ? ';' : ''}${info.name}:${checkValue(value, type, info.name, symbols)}`;
  }
  return signature;
}

/** Whether a declared type has a named symbolic dim, which must agree across inputs. */
function namesSymbols(type: ValueType): boolean {
  if (type.kind === 'tensor') return type.shape?.some((d) => typeof d === 'string' && !d.startsWith('unk__')) ?? false;
  return type.kind === 'optional' && type.elem !== undefined && namesSymbols(type.elem);
}

/** Checks one value against a declared type; returns its part of the signature. */
function checkValue(
  value: SessionValue,
  type: ValueType,
  name: string,
  symbols: Map<string, { size: number; input: string }> | undefined,
): string {
  const wrong = () =>
    new InputError(
      'INPUT_DTYPE',
      `Input '${name}' must be ${describeType(type)} (a Tensor, TensorSequence or null from @tessera/core), got ${describeValue(value)}.`,
    );
  switch (type.kind) {
    case 'tensor':
      if (!(value instanceof Tensor)) throw wrong();
      checkTensor(value, type.dtype, type.shape, name, symbols);
      return value.dims.join('x');
    case 'sequence': {
      if (!(value instanceof TensorSequence)) throw wrong();
      const elem = type.elem;
      if (elem && elem.kind !== 'tensor') throw wrong();
      if (elem && value.dtype !== elem.dtype) {
        throw new InputError(
          'INPUT_DTYPE',
          `Input '${name}' must be a sequence of ${elem.dtype} tensors, got ${value.dtype} tensors.`,
        );
      }
      // A sequence's tensors may differ where its element type names a symbol (ONNX's own test data
      // does), so only ranks and fixed dims are checked there.
      for (const [i, t] of value.tensors.entries()) checkTensor(t, t.dtype, elem?.shape, `${name}[${i}]`, undefined);
      return `seq(${value.tensors.map((t) => t.dims.join('x')).join('|')})`;
    }
    case 'optional':
      if (value === null) return 'none';
      if (!type.elem) return checkUntyped(value);
      return checkValue(value, type.elem, name, symbols);
    case 'map':
      throw new InputError('INPUT_DTYPE', `Input '${name}' is a map; Tessera sessions take tensors, sequences and optionals.`);
  }
}

function checkUntyped(value: SessionValue): string {
  if (value instanceof Tensor) return value.dims.join('x');
  if (value instanceof TensorSequence) return `seq(${value.tensors.map((t) => t.dims.join('x')).join('|')})`;
  return 'none';
}

function checkTensor(
  t: Tensor,
  dtype: string,
  shape: readonly Dim[] | undefined,
  what: string,
  symbols: Map<string, { size: number; input: string }> | undefined,
): void {
  if (t.dtype !== dtype) throw new InputError('INPUT_DTYPE', `Input '${what}' must be ${dtype}, got ${t.dtype}.`);
  if (!shape) return;
  if (t.dims.length !== shape.length) {
    throw new InputError(
      'INPUT_SHAPE',
      `Input '${what}' must have rank ${shape.length} [${shape.join(', ')}], got [${t.dims.join(', ')}].`,
    );
  }
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i] as Dim;
    const got = t.dims[i] as number;
    if (typeof d === 'number' && d !== got) {
      throw new InputError(
        'INPUT_SHAPE',
        `Input '${what}' dim ${i} must be ${d} ([${shape.join(', ')}]), got [${t.dims.join(', ')}].`,
      );
    }
    if (symbols && typeof d === 'string' && !d.startsWith('unk__')) {
      const seen = symbols.get(d);
      if (seen && seen.size !== got) {
        throw new InputError('INPUT_SHAPE', `Dim '${d}' is ${seen.size} in input '${seen.input}' but ${got} in input '${what}'.`);
      }
      symbols.set(d, { size: got, input: what });
    }
  }
}

/** A declared type in words: 'float32 [1, 3]', 'a sequence of float32 tensors', 'an optional float32 [2]'. */
export function describeType(type: ValueType): string {
  switch (type.kind) {
    case 'tensor':
      return `${type.dtype} [${type.shape ? type.shape.join(', ') : '?'}]`;
    case 'sequence':
      return `a sequence of ${type.elem ? describeType(type.elem) : 'tensors'}`;
    case 'optional':
      return `an optional ${type.elem ? describeType(type.elem) : 'value'}`;
    case 'map':
      return `a map from ${type.key}`;
  }
}
