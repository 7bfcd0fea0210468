/*
 * Winograd F(4×4, 3×3) for dense 3×3, stride-1, undilated convolutions: each 4×4 output tile comes
 * from a 6×6 input tile with 36 multiplies per input channel instead of 144, as 36 GEMMs
 *   M[ξ] = U[ξ] · V[ξ]   (output channels × tiles, over input channels)
 * with U = G g Gᵀ (weights, transformed and packed once at compile), V = Bᵀ d B (input tiles) and
 * Y = Aᵀ M A. The transforms work on four horizontally adjacent tiles at once, one per SIMD lane.
 *
 * Args: 0 x, 1 out, 2 U, 3 bias, 4 program, 5 N, 6 C, 7 H, 8 W, 9 OC, 10 OH, 11 OW, 12 pad top,
 * 13 pad left, 14 tilesH, 15 tilesW, 16 tile rows per block, 17 tile columns per block (multiple of
 * 4), 18 blocksH, 19 blocksW, 20 output channels per task (multiple of 16), 21 channel blocks;
 * f 0 lo, 1 hi. Tasks: N × blocksH × blocksW × channel blocks.
 * Scratch: V (36 · C · Tp), M (36 · 16 · Tp), one channel's input rows (6 · (4·tbw + 8)), Tp = tiles
 * per block rounded up to 8.
 */
#include "common.h"

#define SUB 16 /* output channels transformed together: M stays in L1/L2 */

/* U[ξ] (OC × C) in panels of 4 output channels, for ξ = 6i + j. */
EXPORT(winograd_weights) void winograd_weights(const f32* w, int OC, int C, f32* u) {
  static const f32 G[6][3] = {{0.25f, 0.0f, 0.0f},
                              {-1.0f / 6, -1.0f / 6, -1.0f / 6},
                              {-1.0f / 6, 1.0f / 6, -1.0f / 6},
                              {1.0f / 24, 1.0f / 12, 1.0f / 6},
                              {1.0f / 24, -1.0f / 12, 1.0f / 6},
                              {0.0f, 0.0f, 1.0f}};
  int panels = (OC + 3) >> 2;
  int plane = panels * C * 4;
  for (int m = 0; m < panels * 4; m++) {
    for (int c = 0; c < C; c++) {
      f32 t[6][3];
      const f32* g = w + (m * C + c) * 9;
      for (int i = 0; i < 6; i++)
        for (int j = 0; j < 3; j++)
          t[i][j] = m < OC ? G[i][0] * g[j] + G[i][1] * g[3 + j] + G[i][2] * g[6 + j] : 0.0f;
      for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
          f32 v = G[j][0] * t[i][0] + G[j][1] * t[i][1] + G[j][2] * t[i][2];
          u[(i * 6 + j) * plane + (m >> 2) * C * 4 + c * 4 + (m & 3)] = v;
        }
    }
  }
}

/* Bᵀ applied to six vectors (in place). */
INLINE void input_1d(v128* d0, v128* d1, v128* d2, v128* d3, v128* d4, v128* d5) {
  v128 four = SPLAT(4.0f), five = SPLAT(5.0f);
  v128 a = VSUB(*d4, VMUL(four, *d2)), b = VSUB(*d3, VMUL(four, *d1));
  v128 c = VSUB(*d4, *d2), e = VMUL(SPLAT(2.0f), VSUB(*d3, *d1));
  v128 t0 = VADD(VSUB(VMUL(four, *d0), VMUL(five, *d2)), *d4);
  v128 t5 = VADD(VSUB(VMUL(four, *d1), VMUL(five, *d3)), *d5);
  *d0 = t0, *d1 = VADD(a, b), *d2 = VSUB(a, b), *d3 = VADD(c, e), *d4 = VSUB(c, e), *d5 = t5;
}

/* Aᵀ: six vectors to four. */
INLINE void output_1d(v128 m0, v128 m1, v128 m2, v128 m3, v128 m4, v128 m5, v128* y) {
  v128 s1 = VADD(m1, m2), d1 = VSUB(m1, m2), s2 = VADD(m3, m4), d2 = VSUB(m3, m4);
  y[0] = VADD(VADD(m0, s1), s2);
  y[1] = VADD(d1, VMUL(SPLAT(2.0f), d2));
  y[2] = VADD(s1, VMUL(SPLAT(4.0f), s2));
  y[3] = VADD(VADD(d1, VMUL(SPLAT(8.0f), d2)), m5);
}

/*
 * Copies input rows ih0..ih0+5, columns iw0..iw0+width-1 of one channel into `buf`, zero outside.
 * The six rows stay a loop: clang unrolls it (with the copy loops inside, each unrolled four times)
 * unless told not to, and that build ran a whole 56×56×64 3×3 convolution 8–9% slower under V8.
 */
static void fill_rows(const f32* xc, int H, int W, int ih0, int iw0, int width, f32* buf) {
  int lo = imax(0, -iw0), hi = imin(width, W - iw0);
#pragma clang loop unroll(disable)
  for (int i = 0; i < 6; i++, buf += width) {
    int ih = ih0 + i;
    if ((unsigned)ih >= (unsigned)H || hi <= lo) {
      for (int q = 0; q < width; q += 4) ST(buf + q, SPLAT(0.0f));
      continue;
    }
    const f32* src = xc + ih * W + iw0;
    for (int q = 0; q < lo; q++) buf[q] = 0.0f;
    int q = lo;
    for (; q + 4 <= hi; q += 4) ST(buf + q, wasm_v128_load(src + q));
    for (; q < hi; q++) buf[q] = src[q];
    for (; q < width; q++) buf[q] = 0.0f;
  }
}

void task_winograd(const Job* job, int task, int tid) {
  const int* a = job->i;
  int C = a[6], H = a[7], W = a[8], OC = a[9], OH = a[10], OW = a[11];
  int tbh = a[16], tbw = a[17], blocksH = a[18], blocksW = a[19], ocBlock = a[20], ocBlocks = a[21];
  int ob = task % ocBlocks;
  int rest = task / ocBlocks;
  int bw = rest % blocksW;
  rest /= blocksW;
  int bh = rest % blocksH, n = rest / blocksH;
  int ty0 = bh * tbh, tx0 = bw * tbw;
  int T = tbh * tbw, Tp = (T + 7) & ~7;
  int rowWidth = 4 * tbw + 8;
  f32* V = scratch_of(job, tid);
  f32* M = V + 36 * C * Tp;
  f32* rows = M + 36 * SUB * Tp;
  f32* tmp = rows + 6 * rowWidth; /* 36 vectors */
  const f32* x = (const f32*)a[0] + n * C * H * W;
  int vPlane = C * Tp;

  /* V = Bᵀ d B for every tile of the block and every input channel. */
  for (int c = 0; c < C; c++) {
    const f32* xc = x + c * H * W;
    for (int r = 0; r < tbh; r++) {
      fill_rows(xc, H, W, 4 * (ty0 + r) - a[12], 4 * tx0 - a[13], rowWidth, rows);
      for (int g = 0; g < tbw; g += 4) {
        v128* t = (v128*)tmp;
        for (int i = 0; i < 6; i++) {
          const f32* s = rows + i * rowWidth + 4 * g;
          v128 L0 = LD(s), L1 = LD(s + 4), L2 = LD(s + 8), L3 = LD(s + 12), L4 = LD(s + 16);
          v128 u0 = wasm_i32x4_shuffle(L0, L1, 0, 4, 1, 5), u1 = wasm_i32x4_shuffle(L2, L3, 0, 4, 1, 5);
          v128 u2 = wasm_i32x4_shuffle(L0, L1, 2, 6, 3, 7), u3 = wasm_i32x4_shuffle(L2, L3, 2, 6, 3, 7);
          v128 d0 = wasm_i32x4_shuffle(u0, u1, 0, 1, 4, 5), d1 = wasm_i32x4_shuffle(u0, u1, 2, 3, 6, 7);
          v128 d2 = wasm_i32x4_shuffle(u2, u3, 0, 1, 4, 5), d3 = wasm_i32x4_shuffle(u2, u3, 2, 3, 6, 7);
          v128 d4 = wasm_i32x4_shuffle(d0, L4, 1, 2, 3, 4), d5 = wasm_i32x4_shuffle(d1, L4, 1, 2, 3, 5);
          input_1d(&d0, &d1, &d2, &d3, &d4, &d5);
          t[i * 6 + 0] = d0, t[i * 6 + 1] = d1, t[i * 6 + 2] = d2;
          t[i * 6 + 3] = d3, t[i * 6 + 4] = d4, t[i * 6 + 5] = d5;
        }
        int idx = r * tbw + g;
        f32* dst = V + (idx >> 3) * C * 8 + c * 8 + (idx & 7);
        for (int j = 0; j < 6; j++) {
          v128 e0 = t[j], e1 = t[6 + j], e2 = t[12 + j], e3 = t[18 + j], e4 = t[24 + j], e5 = t[30 + j];
          input_1d(&e0, &e1, &e2, &e3, &e4, &e5);
          ST(dst + (0 * 6 + j) * vPlane, e0), ST(dst + (1 * 6 + j) * vPlane, e1);
          ST(dst + (2 * 6 + j) * vPlane, e2), ST(dst + (3 * 6 + j) * vPlane, e3);
          ST(dst + (4 * 6 + j) * vPlane, e4), ST(dst + (5 * 6 + j) * vPlane, e5);
        }
      }
    }
  }

  const f32* U = (const f32*)a[2];
  int uPlane = ((OC + 3) >> 2) * C * 4;
  const f32* bias = (const f32*)a[3];
  f32* out = (f32*)a[1];
  v128 lo = SPLAT(job->f[0]), hi = SPLAT(job->f[1]);
  int oc0 = ob * ocBlock, oc1 = imin(OC, oc0 + ocBlock);
  int oy0 = 4 * ty0, oy1 = imin(OH, 4 * (ty0 + tbh));
  int ox0 = 4 * tx0, ox1 = imin(OW, 4 * (tx0 + tbw));
  for (int s0 = oc0; s0 < oc1; s0 += SUB) {
    int rowsHere = imin(SUB, oc1 - s0);
    for (int xi = 0; xi < 36; xi++)
      gemm_packed(rowsHere, T, C, U + xi * uPlane + (s0 >> 2) * C * 4, V + xi * vPlane, M + xi * SUB * Tp, Tp, 0,
                  -__builtin_inff(), __builtin_inff());
    /* Y = Aᵀ M A for four tiles at a time, then bias and clamp, stored row by row. */
    for (int ol = 0; ol < rowsHere; ol++) {
      int oc = s0 + ol;
      v128 b = SPLAT(bias ? bias[oc] : 0.0f);
      f32* plane = out + (n * OC + oc) * OH * OW;
      for (int idx = 0; idx < T; idx += 4) {
        const f32* m = M + ol * Tp + idx;
        v128 s[6][4];
        for (int i = 0; i < 6; i++) {
          const f32* mi = m + i * 6 * SUB * Tp;
          output_1d(LD(mi), LD(mi + SUB * Tp), LD(mi + 2 * SUB * Tp), LD(mi + 3 * SUB * Tp), LD(mi + 4 * SUB * Tp),
                    LD(mi + 5 * SUB * Tp), s[i]);
        }
        int r = idx / tbw, g = idx - r * tbw;
        int oy = 4 * (ty0 + r), ox = 4 * (tx0 + g);
        for (int q = 0; q < 4; q++) {
          v128 y[4];
          output_1d(s[0][q], s[1][q], s[2][q], s[3][q], s[4][q], s[5][q], y);
          s[0][q] = clamp4(VADD(y[0], b), lo, hi), s[1][q] = clamp4(VADD(y[1], b), lo, hi);
          s[2][q] = clamp4(VADD(y[2], b), lo, hi), s[3][q] = clamp4(VADD(y[3], b), lo, hi);
        }
        /* s[row][column] holds four tiles; transpose each row to get one tile's four columns. */
        for (int row = 0; row < 4 && oy + row < OH; row++) {
          v128 L0 = s[row][0], L1 = s[row][1], L2 = s[row][2], L3 = s[row][3];
          v128 u0 = wasm_i32x4_shuffle(L0, L1, 0, 4, 1, 5), u1 = wasm_i32x4_shuffle(L2, L3, 0, 4, 1, 5);
          v128 u2 = wasm_i32x4_shuffle(L0, L1, 2, 6, 3, 7), u3 = wasm_i32x4_shuffle(L2, L3, 2, 6, 3, 7);
          v128 tile[4] = {wasm_i32x4_shuffle(u0, u1, 0, 1, 4, 5), wasm_i32x4_shuffle(u0, u1, 2, 3, 6, 7),
                          wasm_i32x4_shuffle(u2, u3, 0, 1, 4, 5), wasm_i32x4_shuffle(u2, u3, 2, 3, 6, 7)};
          f32* dst = plane + (oy + row) * OW;
          for (int t = 0; t < 4; t++) {
            int col = ox + 4 * t;
            if (col + 4 <= OW) {
              wasm_v128_store(dst + col, tile[t]);
            } else if (col < OW) {
              f32 tmp4[4];
              ST(tmp4, tile[t]);
              for (int q = 0; col + q < OW; q++) dst[col + q] = tmp4[q];
            }
          }
        }
      }
      if (a[4] && oy1 > oy0 && ox1 > ox0)
        ew_apply(a[4], out, n * OC + oc, oy0 * OW + ox0, oy1 - oy0, ox1 - ox0, OW);
    }
  }
}
