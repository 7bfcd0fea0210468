import { describe, expect, it } from 'vitest';
import { MR, NR, PACKED_DOUBLES } from '../../src/util/gemm-kernel.js';
import { winogradFits } from '../../src/util/winograd.js';

describe('winogradFits', () => {
  it('takes the channel counts of common CNNs', () => {
    for (const c of [16, 64, 256, 512, 1024]) expect(winogradFits(c, c)).toBe(true);
  });

  it('sends convolutions whose smallest block outgrows the packing buffer to the GEMM path', () => {
    // U (mPad × C) plus V and M for one panel of NR tiles: 36 · (C + mPad) · NR doubles.
    const need = (c: number) => MR * NR + c * c + 36 * 2 * c * NR;
    expect(need(1000)).toBeLessThanOrEqual(PACKED_DOUBLES);
    expect(need(1100)).toBeGreaterThan(PACKED_DOUBLES);
    expect(winogradFits(1000, 1000)).toBe(true);
    expect(winogradFits(1100, 1100)).toBe(false);
    expect(winogradFits(64, 20000)).toBe(false);
  });
});
