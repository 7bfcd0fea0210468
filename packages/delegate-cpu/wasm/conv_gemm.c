/*
 * 2-D convolution as GEMM: out[oc][p] = Σ_k W[oc][k] · cols[k][p] per image and group, where cols is
 * the im2col matrix of the input. cols is never materialised whole: each task packs the columns of
 * one block of output positions straight into GEMM B panels (a 1×1 stride-1 kernel just copies
 * input rows, or with few input channels is read in place), then multiplies every A panel of its
 * output-channel range against them.
 *
 * Args: 0 x, 1 out, 2 packed weights (per group, panels of 4 output channels over k = C/g·kh·kw),
 * 3 bias, 4 program, 5 N, 6 C, 7 H, 8 W, 9 OC, 10 OH, 11 OW, 12 group, 13 kh, 14 kw, 15 sh, 16 sw,
 * 17 ph, 18 pw, 19 dh, 20 dw, 21 nBlock (positions per task, multiple of 8), 22 nBlocks,
 * 23 mBlock (channels per task, multiple of 4), 24 mBlocks; f 0 lo, 1 hi.
 * Tasks: N × group × nBlocks × mBlocks. Scratch: k × nBlock floats of packed B.
 */
#include "common.h"

/* Largest k (input channels) for which a 1×1 stride-1 convolution reads its input unpacked. */
#ifndef DIRECT_MAX_K
#define DIRECT_MAX_K 32
#endif

typedef struct Geometry {
  int H, W, OW, kh, kw, sh, sw, ph, pw, dh, dw;
} Geometry;

/* Packs rows of the im2col matrix for output positions [p0, p0 + n) of channels c0.. into panels. */
static void im2col_pack(const f32* x, int channels, const Geometry* g, int p0, int n, int k, f32* bp) {
  int plane = g->H * g->W;
  for (int j = 0; j < n; j += 8) {
    int cols = imin(8, n - j);
    int p = p0 + j;
    int oh = p / g->OW, ow = p - oh * g->OW;
    /* A panel inside one output row (the common case) reads input rows with one stride. */
    int oneRow = ow + cols <= g->OW;
    f32* dst = bp + (j >> 3) * k * 8;
    int row = 0;
    for (int c = 0; c < channels; c++) {
      const f32* xc = x + c * plane;
      for (int ki = 0; ki < g->kh; ki++) {
        for (int kj = 0; kj < g->kw; kj++, row++, dst += 8) {
          if (oneRow) {
            int ih = oh * g->sh - g->ph + ki * g->dh;
            int iw0 = ow * g->sw - g->pw + kj * g->dw;
            if ((unsigned)ih >= (unsigned)g->H) {
              ST(dst, SPLAT(0.0f)), ST(dst + 4, SPLAT(0.0f));
              continue;
            }
            const f32* src = xc + ih * g->W;
            int iwLast = iw0 + (cols - 1) * g->sw;
            if (g->sw == 1 && cols == 8 && iw0 >= 0 && iwLast < g->W) {
              ST(dst, wasm_v128_load(src + iw0)), ST(dst + 4, wasm_v128_load(src + iw0 + 4));
              continue;
            }
            if (g->sw == 2 && cols == 8 && iw0 >= 0 && iwLast < g->W) {
              /* Even columns of sixteen (the last load may read one float past the row: never used). */
              const f32* s = src + iw0;
              ST(dst, wasm_i32x4_shuffle(wasm_v128_load(s), wasm_v128_load(s + 4), 0, 2, 4, 6));
              ST(dst + 4, wasm_i32x4_shuffle(wasm_v128_load(s + 8), wasm_v128_load(s + 12), 0, 2, 4, 6));
              continue;
            }
            for (int t = 0; t < 8; t++) {
              int iw = iw0 + t * g->sw;
              dst[t] = (t < cols && (unsigned)iw < (unsigned)g->W) ? src[iw] : 0.0f;
            }
          } else {
            for (int t = 0; t < 8; t++) {
              f32 v = 0.0f;
              if (t < cols) {
                int q = p + t;
                int qh = q / g->OW, qw = q - qh * g->OW;
                int ih = qh * g->sh - g->ph + ki * g->dh;
                int iw = qw * g->sw - g->pw + kj * g->dw;
                if ((unsigned)ih < (unsigned)g->H && (unsigned)iw < (unsigned)g->W) v = xc[ih * g->W + iw];
              }
              dst[t] = v;
            }
          }
        }
      }
    }
  }
}

void task_conv_gemm(const Job* job, int task, int tid) {
  const int* a = job->i;
  int N = a[5], C = a[6], H = a[7], W = a[8], OC = a[9], OH = a[10], OW = a[11], group = a[12];
  int nBlocks = a[22], mBlocks = a[24];
  int mb = task % mBlocks;
  int rest = task / mBlocks;
  int nb = rest % nBlocks;
  rest /= nBlocks;
  int gi = rest % group, n = rest / group;
  (void)N;
  int Cg = C / group, OCg = OC / group;
  int kh = a[13], kw = a[14];
  int k = Cg * kh * kw;
  int P = OH * OW;
  int p0 = nb * a[21], pn = imin(a[21], P - p0);
  int m0 = mb * a[23], m1 = imin(OCg, m0 + a[23]);
  if (pn <= 0 || m0 >= m1) return;
  const f32* x = (const f32*)a[0] + (n * C + gi * Cg) * H * W;
  f32* bp = scratch_of(job, tid);
  /* Padding at the end makes the output larger than the input: then it is no plain copy of rows. */
  int pointwise = kh == 1 && kw == 1 && a[15] == 1 && a[16] == 1 && a[17] == 0 && a[18] == 0 && OH == H && OW == W;
  int direct = pointwise && k <= DIRECT_MAX_K;
  if (direct) {
    /* Small k: the multiply reads the input rows in place (packing would cost about as much). */
  } else if (pointwise) {
    pack_b_rows(x + p0, H * W, k, pn, bp);
  } else {
    Geometry g = {H, W, OW, kh, kw, a[15], a[16], a[17], a[18], a[19], a[20]};
    im2col_pack(x, Cg, &g, p0, pn, k, bp);
  }
  int panelsPerGroup = (OCg + 3) >> 2;
  const f32* ap = (const f32*)a[2] + (gi * panelsPerGroup + (m0 >> 2)) * k * 4;
  int row = n * OC + gi * OCg + m0;
  f32* out = (f32*)a[1];
  const f32* bias = a[3] ? (const f32*)a[3] + gi * OCg + m0 : 0;
  if (direct) gemm_rows(m1 - m0, pn, k, ap, x + p0, H * W, out + row * P + p0, P, bias, job->f[0], job->f[1]);
  else gemm_packed(m1 - m0, pn, k, ap, bp, out + row * P + p0, P, bias, job->f[0], job->f[1]);
  if (a[4]) ew_apply(a[4], out, row, p0, m1 - m0, pn, P);
}
