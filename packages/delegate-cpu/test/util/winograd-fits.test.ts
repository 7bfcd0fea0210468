import { describe, expect, it } from 'vitest';
import { MR, NR, PACKED_DOUBLES, padded } from '../../src/util/gemm-kernel.js';
import { winogradFits } from '../../src/util/winograd.js';

describe('winogradFits', () => {
  it('takes the channel counts of common CNNs', () => {
    for (const c of [16, 64, 256, 512, 1024]) expect(winogradFits(c, c)).toBe(true);
  });

  it('sends convolutions whose smallest block outgrows the packing buffer to the GEMM path', () => {
    // U (mPad × C) plus V and M for one panel of NR tiles: 36 · (C + mPad) · NR doubles.
    const need = (c: number) => padded(c, MR) * c + 36 * 2 * c * NR;
    expect(need(1300)).toBeLessThanOrEqual(PACKED_DOUBLES);
    expect(need(1320)).toBeGreaterThan(PACKED_DOUBLES);
    expect(winogradFits(1300, 1300)).toBe(true);
    expect(winogradFits(1320, 1320)).toBe(false);
    expect(winogradFits(64, 20000)).toBe(false);
  });
});
