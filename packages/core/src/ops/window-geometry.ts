import { reject, type SupportResult } from '../delegate/contract.js';
import { attrInt, attrInts, attrString } from '../ir/attributes.js';
import type { Node } from '../ir/types.js';

/**
 * Sliding-window geometry of Conv, ConvTranspose and the pools, for delegates' kernels: reading the
 * kernel_shape / strides / dilations / pads / auto_pad / ceil_mode attributes and resolving the
 * padding and output size of every concrete spatial axis the way ONNX (and onnxruntime) define them.
 * (Shape inference does the same over symbolic dims in ops/schemas/spatial.ts.)
 */
export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';

const AUTO_PADS: readonly string[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

export interface WindowAttributes {
  /** From kernel_shape; undefined when the attribute is absent (Conv takes it from the weights). */
  readonly kernel: readonly number[] | undefined;
  readonly strides: readonly number[] | undefined;
  readonly dilations: readonly number[] | undefined;
  /** [begin₀, begin₁, …, end₀, end₁, …] as in ONNX. */
  readonly pads: readonly number[] | undefined;
  readonly autoPad: AutoPad;
  readonly ceilMode: boolean;
}

export interface WindowGeometry {
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padBegin: readonly number[];
  readonly padEnd: readonly number[];
}

export function readWindowAttributes(node: Node): WindowAttributes {
  return {
    kernel: attrInts(node, 'kernel_shape'),
    strides: attrInts(node, 'strides'),
    dilations: attrInts(node, 'dilations'),
    pads: attrInts(node, 'pads'),
    autoPad: attrString(node, 'auto_pad', 'NOTSET') as AutoPad,
    ceilMode: attrInt(node, 'ceil_mode', 0) !== 0,
  };
}

/** Support check of the window attributes: a known auto_pad, positive strides/dilations, consistent lengths. */
export function checkWindowAttributes(node: Node, spatialRank: number | undefined): SupportResult | undefined {
  const w = readWindowAttributes(node);
  if (!AUTO_PADS.includes(w.autoPad))
    return reject('ATTRIBUTE', `${node.op} '${node.name}': auto_pad '${w.autoPad}' is not one of ${AUTO_PADS.join(', ')}`);
  for (const [name, values] of [
    ['strides', w.strides],
    ['dilations', w.dilations],
    ['kernel_shape', w.kernel],
  ] as const) {
    if (values?.some((v) => !(v >= 1)))
      return reject('ATTRIBUTE', `${node.op} '${node.name}': ${name} [${values}] must be positive`);
    if (values && spatialRank !== undefined && values.length !== spatialRank) {
      return reject(
        'ATTRIBUTE',
        `${node.op} '${node.name}': ${name} has ${values.length} entries for ${spatialRank} spatial axes`,
      );
    }
  }
  if (w.pads?.some((v) => v < 0))
    return reject('ATTRIBUTE', `${node.op} '${node.name}': negative pads [${w.pads}] are not supported`);
  if (w.pads && spatialRank !== undefined && w.pads.length !== 2 * spatialRank) {
    return reject('ATTRIBUTE', `${node.op} '${node.name}': pads has ${w.pads.length} entries for ${spatialRank} spatial axes`);
  }
  return undefined;
}

/**
 * Resolves the output size and padding of each spatial axis of a convolution or pooling window.
 * `kernel` overrides the attribute (Conv reads it from the weight's dims).
 */
export function windowGeometry(attrs: WindowAttributes, inShape: readonly number[], kernel?: readonly number[]): WindowGeometry {
  const rank = inShape.length;
  const k = kernel ?? attrs.kernel;
  if (!k || k.length !== rank) throw new Error(`kernel shape [${k ?? ''}] does not match ${rank} spatial axes`);
  const strides = attrs.strides ?? new Array<number>(rank).fill(1);
  const dilations = attrs.dilations ?? new Array<number>(rank).fill(1);
  if (strides.length !== rank || dilations.length !== rank)
    throw new Error(`strides/dilations do not match ${rank} spatial axes`);
  const padBegin: number[] = [];
  const padEnd: number[] = [];
  const outShape: number[] = [];
  for (let d = 0; d < rank; d++) {
    const inSize = inShape[d] as number;
    const s = strides[d] as number;
    const extent = ((k[d] as number) - 1) * (dilations[d] as number) + 1;
    let begin = 0;
    let end = 0;
    let out: number;
    if (attrs.autoPad === 'SAME_UPPER' || attrs.autoPad === 'SAME_LOWER') {
      out = Math.ceil(inSize / s);
      const total = Math.max(0, (out - 1) * s + extent - inSize);
      // SAME_UPPER puts the odd pixel of padding at the end, SAME_LOWER at the beginning.
      begin = attrs.autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
      end = total - begin;
    } else {
      if (attrs.autoPad === 'NOTSET' && attrs.pads) {
        begin = attrs.pads[d] ?? 0;
        end = attrs.pads[d + rank] ?? 0;
      }
      const span = inSize + begin + end - extent;
      out = attrs.ceilMode ? Math.ceil(span / s) + 1 : Math.floor(span / s) + 1;
      // With ceil_mode the last window must still start inside the input or its leading padding.
      if (attrs.ceilMode && (out - 1) * s >= inSize + begin) out--;
    }
    if (out < 1)
      throw new Error(`window of extent ${extent} does not fit spatial axis ${d} of size ${inSize} with pads ${begin}+${end}`);
    padBegin.push(begin);
    padEnd.push(end);
    outShape.push(out);
  }
  return { inShape, outShape, kernel: k, strides, dilations, padBegin, padEnd };
}
