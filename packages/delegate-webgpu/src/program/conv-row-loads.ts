import type { Epilogue } from '../kernel/activation.js';
import type { BufferBinding } from './program.js';

/** What the row-blocked convolution shaders (conv-channel-block.ts, conv-depthwise-rows.ts) share. */
export interface RowBlockedOptions {
  readonly label: string;
  /** Adjacent output columns of one row each invocation computes: a multiple of 4. */
  readonly pixels: number;
  /** Kernel size, strides and dilations as [y, x]: shader constants. */
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** Vector reads and writes, with this (explicit) left padding (see rowLoads); the plan uses them when W and OW are multiples of 4. */
  readonly vectorPadLeft?: number;
  /** Subgroup size when subgroups are enabled: weights are loaded a share per invocation and broadcast. */
  readonly subgroupSize?: number;
  readonly hasBias: boolean;
  readonly epilogue: Epilogue;
}

/**
 * The storage buffers both row-blocked shaders bind, in order: the input (as vec4s `x4` with vector
 * reads, else `x`), packed weights `w4`, the bias where there is one, the output (`y4` or `y`).
 */
export function rowBlockedBuffers(o: Pick<RowBlockedOptions, 'vectorPadLeft' | 'hasBias'>): readonly BufferBinding[] {
  const vector = o.vectorPadLeft !== undefined;
  return [
    vector ? { name: 'x4', access: 'read', element: 'vec4T' } : { name: 'x', access: 'read' },
    { name: 'w4', access: 'read', element: 'vec4T' },
    ...(o.hasBias ? [{ name: 'bias', access: 'read' as const }] : []),
    vector ? { name: 'y4', access: 'read_write', element: 'vec4T' } : { name: 'y', access: 'read_write' },
  ];
}

/**
 * How an invocation of the row-blocked convolution shaders (conv-channel-block.ts,
 * conv-depthwise-rows.ts) reads the input it needs from one input row: `pixels` adjacent output
 * columns starting at `ox0`, each reading `kernelW` taps. Every input column those taps cover is
 * loaded once per row and reused by every tap that reads it (at stride 1, 3 taps × 8 pixels read
 * 10 columns). Zero padding is tested per column once per invocation and per row once per row.
 *
 * Vector reads (`vectorPadLeft` set, a constant then): the columns come as aligned vec4s of the
 * buffer bound as `x4`; the plan uses this only when W is a multiple of 4, so rows start aligned and
 * every vec4 lies wholly inside or wholly outside the row. Otherwise one scalar load per column
 * from `x`, with `u.PL` as the left padding.
 *
 * Generated code expects `ox0` (u32, a multiple of 4) and `u.W`; the row's `row` (element offset of
 * its first column) and `okRow` are the caller's.
 */
export interface RowLoads {
  /** Per-invocation column setup, before the loops. */
  readonly setup: string;
  /** Loads of one row, given the WGSL names of its offset and row-validity flag. */
  loads(row: string, okRow: string, prefix: string): string;
  /** WGSL f32 expression of output column j's input at tap kx, after `loads` with that prefix. */
  value(j: number, kx: number, prefix: string): string;
}

export function rowLoads(
  options: Pick<RowBlockedOptions, 'pixels' | 'kernel' | 'strides' | 'dilations' | 'vectorPadLeft'>,
): RowLoads {
  const o = {
    pixels: options.pixels,
    kernelW: options.kernel[1],
    strideW: options.strides[1],
    dilationW: options.dilations[1],
    vectorPadLeft: options.vectorPadLeft,
  };
  const taps = Array.from({ length: o.kernelW }, (_, kx) => kx);
  const pixels = Array.from({ length: o.pixels }, (_, j) => j);
  // Input column of pixel j at tap kx, relative to ox0 · SW (before padding).
  const column = (j: number, kx: number) => j * o.strideW + kx * o.dilationW;
  const used = [...new Set(pixels.flatMap((j) => taps.map((kx) => column(j, kx))))].sort((a, b) => a - b);
  if (o.vectorPadLeft === undefined) {
    return {
      setup: `  let ix0 = i32(ox0 * ${o.strideW}u) - u.PL;
${used.map((c) => `  let okc${c} = ix0 + ${c} >= 0 && ix0 + ${c} < i32(u.W);\n  let col${c} = u32(clamp(ix0 + ${c}, 0, i32(u.W) - 1));`).join('\n')}`,
      loads: (row, okRow, prefix) =>
        used.map((c) => `      let ${prefix}${c} = select(0.0, f32(x[${row} + col${c}]), ${okRow} && okc${c});`).join('\n'),
      value: (j, kx, prefix) => `${prefix}${column(j, kx)}`,
    };
  }
  const PL = o.vectorPadLeft;
  const blockOf = (c: number) => Math.floor((c - PL) / 4);
  const blocks = [...new Set(used.map(blockOf))].sort((a, b) => a - b);
  const name = (b: number) => (b < 0 ? `m${-b}` : `${b}`);
  return {
    setup: `  let xc0 = i32(ox0 * ${o.strideW}u);
${blocks.map((b) => `  let okb${name(b)} = xc0 + ${4 * b} >= 0 && xc0 + ${4 * b} < i32(u.W);\n  let colb${name(b)} = u32(clamp(xc0 + ${4 * b}, 0, i32(u.W) - 4)) / 4u;`).join('\n')}`,
    loads: (row, okRow, prefix) =>
      blocks
        .map(
          (b) =>
            `      let ${prefix}${name(b)} = select(vec4<f32>(), vec4<f32>(x4[${row} / 4u + colb${name(b)}]), ${okRow} && okb${name(b)});`,
        )
        .join('\n'),
    value: (j, kx, prefix) => {
      const c = column(j, kx);
      return `${prefix}${name(blockOf(c))}[${c - PL - 4 * blockOf(c)}]`;
    },
  };
}
