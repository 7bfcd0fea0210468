/*
 * Depthwise 2-D convolution four channels at a time (channel multiplier 1), for small or strided
 * planes. depthwise.c vectorises along an output row, which wastes most lanes when a row is short
 * (7 or 14 outputs) and needs a phase copy per stride; here a block of four planes is copied once
 * into zero-padded scratch with the four channels interleaved ([row][column][4]), so one vector is
 * one pixel of four channels and every tap is one load for any stride or dilation. Four output
 * columns are computed together (independent accumulators), then transposed back to four planes.
 *
 * Args: as depthwise.c, but weights and bias are staged four channels at a time: 0 x, 1 out,
 * 2 w ([⌈C/4⌉][kh·kw][4], zeros past C), 3 bias (⌈C/4⌉·4 floats, zeros past C; or 0), 4 program,
 * 5 N, 6 C, 7 H, 8 W, 9 OC, 10 OH, 11 OW, 12 kh, 13 kw, 14 sh, 15 sw, 16 ph, 17 pw, 18 dh, 19 dw,
 * 20 channel blocks per task; f 0 lo, 1 hi. Tasks: ⌈N·⌈C/4⌉ / blocks per task⌉. Scratch: depthwise_c4_scratch() floats.
 */
#include "common.h"

#define MAX_TAPS 64

typedef struct Block {
  int H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw;
  int rows; /* padded rows the windows read */
  int cols; /* padded columns the windows read, output columns rounded up to a multiple of 4 */
} Block;

static Block block_of(int H, int W, int OH, int OW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
  Block b = {H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw, 0, 0};
  b.rows = (OH - 1) * sh + (kh - 1) * dh + 1;
  b.cols = (((OW + 3) & ~3) - 1) * sw + (kw - 1) * dw + 1;
  return b;
}

/* Lanes of four vectors transposed: r[i] lane j = v[j] lane i. */
#define TRANSPOSE4(v0, v1, v2, v3)                                                  \
  do {                                                                              \
    v128 t0 = wasm_i32x4_shuffle(v0, v1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(v0, v1, 2, 6, 3, 7); \
    v128 t2 = wasm_i32x4_shuffle(v2, v3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(v2, v3, 2, 6, 3, 7); \
    v0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5), v1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);      \
    v2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5), v3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);      \
  } while (0)

/*
 * Copies planes x[0..lanes) into interleaved scratch; padding, and lanes past `lanes`, are zeros.
 * LANES is the caller's constant 4 (the common case, no per-load tests) or 0 for `lanes`.
 */
INLINE void pad_block(const f32* x, int lanes, const Block* b, f32* pad, int borders, int LANES) {
  if (LANES) lanes = LANES;
  int plane = b->H * b->W;
  const f32* p0 = x;
  const f32* p1 = lanes > 1 ? x + plane : 0;
  const f32* p2 = lanes > 2 ? x + 2 * plane : 0;
  const f32* p3 = lanes > 3 ? x + 3 * plane : 0;
  v128 zero = SPLAT(0.0f);
  /* Padded column q reads input column q − pw: inside for q in [lo, hi). */
  int lo = imin(b->cols, b->pw), hi = imax(lo, imin(b->cols, b->W + b->pw));
  for (int r = 0; r < b->rows; r++) {
    f32* dst = pad + r * b->cols * 4;
    int ih = r - b->ph;
    if ((unsigned)ih >= (unsigned)b->H) {
      if (borders)
        for (int q = 0; q < b->cols; q++) ST(dst + 4 * q, zero);
      continue;
    }
    int q = 0;
    if (borders)
      for (; q < lo; q++) ST(dst + 4 * q, zero);
    else
      q = lo;
    int off = ih * b->W - b->pw;
    /* Four columns per transpose; a ragged end redoes the last four (overlapping, never reading past the row). */
    for (int last = hi - lo >= 4; q < hi && (q + 4 <= hi || last); q += 4) {
      if (q + 4 > hi) q = hi - 4;
      v128 v0 = LD(p0 + off + q), v1 = p1 ? LD(p1 + off + q) : zero;
      v128 v2 = p2 ? LD(p2 + off + q) : zero, v3 = p3 ? LD(p3 + off + q) : zero;
      TRANSPOSE4(v0, v1, v2, v3);
      ST(dst + 4 * q, v0), ST(dst + 4 * q + 4, v1), ST(dst + 4 * q + 8, v2), ST(dst + 4 * q + 12, v3);
    }
    for (; q < hi; q++) {
      int i = off + q;
      ST(dst + 4 * q, wasm_f32x4_make(p0[i], p1 ? p1[i] : 0.0f, p2 ? p2[i] : 0.0f, p3 ? p3[i] : 0.0f));
    }
    if (borders)
      for (; q < b->cols; q++) ST(dst + 4 * q, zero);
  }
}

/*
 * Stores four output columns (one vector per column, four channels each) to `lanes` planes. Past the
 * end of a row, whole vectors are still stored when `spill` (they stay inside the plane): the extra
 * columns land at the start of later rows, which are computed, and overwritten, later.
 */
INLINE void store_columns(f32* o, int plane, int ow, int OW, int lanes, int spill, v128 c0, v128 c1, v128 c2,
                          v128 c3) {
  TRANSPOSE4(c0, c1, c2, c3);
  if (ow + 4 <= OW || spill) {
    ST(o + ow, c0);
    if (lanes > 1) ST(o + plane + ow, c1);
    if (lanes > 2) ST(o + 2 * plane + ow, c2);
    if (lanes > 3) ST(o + 3 * plane + ow, c3);
    return;
  }
  f32 t[16] __attribute__((aligned(16)));
  ST(t, c0), ST(t + 4, c1), ST(t + 8, c2), ST(t + 12, c3);
  for (int l = 0; l < lanes; l++)
    for (int q = 0; ow + q < OW; q++) o[l * plane + ow + q] = t[l * 4 + q];
}

/* One window row's three taps, summed before they meet the accumulator (one dependent add per row). */
#define ROW3(acc, w, x0, x1, x2) wasm_f32x4_add((acc), VMADD(VMADD(wasm_f32x4_mul((w)[0], (x0)), (w)[1], (x1)), (w)[2], (x2)))

/*
 * The output planes of one block of four channels, four output columns at a time, with the window's
 * taps in a loop that is not unrolled. Unrolled (as this file did before, with two output rows sharing
 * their input rows), V8 schedules all of a window's loads ahead of the multiply-adds and spills most of
 * them to the stack; the rolled loop keeps four accumulators, four inputs and one weight in registers.
 * Three-wide windows at stride 1 or 2 loop over window rows instead: a row's three taps for four
 * columns read only 6 (stride 1) or 9 (stride 2) distinct pixels, so each is loaded once, and the
 * loop's own instructions are paid once per three taps. That stays within V8's registers (at stride 2
 * with one spill) and measured 7–15% faster at stride 1, the same at stride 2.
 * The caller passes common windows as constants (KH, KW, SH, SW, dilation 1), which clang folds into
 * the loads' offsets, and 0 for a generic window, read from `b`.
 */
INLINE void dw_block(const f32* pad, f32* o, const v128* wv, v128 vb, int lanes, const Block* b, int clamped, v128 lo,
                     v128 hi, int KH, int KW, int SH, int SW) {
  int kh = KH ? KH : b->kh, kw = KW ? KW : b->kw, sh = SH ? SH : b->sh, sw = SW ? SW : b->sw;
  int dh = SW ? 1 : b->dh, dw = SW ? 1 : b->dw;
  int plane = b->OH * b->OW, line = b->cols * 4, taps = kh * kw;
  int step = 4 * sw; /* floats between consecutive output columns' windows */
  int offset[MAX_TAPS]; /* each tap's first float, from the window's */
  for (int i = 0; i < kh; i++)
    for (int j = 0; j < kw; j++) offset[i * kw + j] = i * dh * line + 4 * j * dw;
  for (int oh = 0; oh < b->OH; oh++) {
    const f32* row = pad + oh * sh * line;
    f32* orow = o + oh * b->OW;
    for (int ow = 0; ow < b->OW; ow += 4) {
      v128 a0 = vb, a1 = vb, a2 = vb, a3 = vb;
      const f32* base = row + ow * step;
      if (KW == 3 && SW) {
        /* Column ow + j reads pixels (ow + j)·SW + kx: p0 … p5 at stride 1, p0 … p8 at stride 2. At
           stride 2 a row's last group of fewer than four columns (7 = 4 + 3 at 14² → 7²) computes only
           those: 8% faster there. The same test at stride 1 cost its wide rows 3%, more than it saved. */
        int cols = b->OW - ow;
#pragma clang loop unroll(disable)
        for (int i = 0; i < kh; i++) {
          const f32* s = base + i * line;
          const v128* w = wv + 3 * i;
          v128 p0 = LD(s), p1 = LD(s + 4), p2 = LD(s + 8), p3 = LD(s + 12), p4 = LD(s + 16);
          if (SW == 1) {
            v128 p5 = LD(s + 20);
            a0 = ROW3(a0, w, p0, p1, p2), a1 = ROW3(a1, w, p1, p2, p3);
            a2 = ROW3(a2, w, p2, p3, p4), a3 = ROW3(a3, w, p3, p4, p5);
          } else {
            if (cols >= 4) {
              v128 p5 = LD(s + 20), p6 = LD(s + 24), p7 = LD(s + 28), p8 = LD(s + 32);
              a0 = ROW3(a0, w, p0, p1, p2), a1 = ROW3(a1, w, p2, p3, p4);
              a2 = ROW3(a2, w, p4, p5, p6), a3 = ROW3(a3, w, p6, p7, p8);
            } else if (cols == 3) {
              v128 p5 = LD(s + 20), p6 = LD(s + 24);
              a0 = ROW3(a0, w, p0, p1, p2), a1 = ROW3(a1, w, p2, p3, p4), a2 = ROW3(a2, w, p4, p5, p6);
            } else {
              a0 = ROW3(a0, w, p0, p1, p2), a1 = ROW3(a1, w, p2, p3, p4);
            }
          }
        }
      } else
#pragma clang loop unroll(disable)
      for (int t = 0; t < taps; t++) {
        const f32* s = base + offset[t];
        v128 w = wv[t];
        a0 = VMADD(a0, w, LD(s));
        a1 = VMADD(a1, w, LD(s + step));
        a2 = VMADD(a2, w, LD(s + 2 * step));
        a3 = VMADD(a3, w, LD(s + 3 * step));
      }
      if (clamped) a0 = clamp4(a0, lo, hi), a1 = clamp4(a1, lo, hi), a2 = clamp4(a2, lo, hi), a3 = clamp4(a3, lo, hi);
      store_columns(orow, plane, ow, b->OW, lanes, oh * b->OW + ow + 4 <= plane, a0, a1, a2, a3);
    }
  }
}

void task_depthwise_c4(const Job* job, int task, int tid) {
  const int* a = job->i;
  int N = a[5], C = a[6], H = a[7], W = a[8], OH = a[10], OW = a[11], kh = a[12], kw = a[13];
  int per = a[20], blocks = (C + 3) >> 2;
  Block b = block_of(H, W, OH, OW, kh, kw, a[14], a[15], a[16], a[17], a[18], a[19]);
  f32* pad = scratch_of(job, tid);
  v128 lo = SPLAT(job->f[0]), hi = SPLAT(job->f[1]);
  int clamped = job->f[0] > -__builtin_inff() || job->f[1] < __builtin_inff();
  const f32* weights = (const f32*)a[2];
  const f32* bias = (const f32*)a[3];
  for (int blk = task * per; blk < imin(N * blocks, (task + 1) * per); blk++) {
    int n = blk / blocks, c0 = (blk - n * blocks) * 4;
    int lanes = imin(4, C - c0);
    const f32* x = (const f32*)a[0] + (n * C + c0) * H * W;
    /* The zero borders are the same for every block of a task: written with its first. */
    int borders = blk == task * per;
    if (lanes == 4) pad_block(x, 4, &b, pad, borders, 4);
    else pad_block(x, lanes, &b, pad, borders, 0);
    const v128* wv = (const v128*)(weights + c0 * kh * kw);
    v128 vb = bias ? LD(bias + c0) : SPLAT(0.0f);
    f32* o = (f32*)a[1] + (n * C + c0) * OH * OW;
    /* Constant windows: 3×3 and 5×5 at the strides MobileNet and PaddleOCR use; the rest generic. */
    int dense = b.dh == 1 && b.dw == 1, sh = b.sh, sw = b.sw;
    if (dense && kh == 3 && kw == 3 && sh == 1 && sw == 1) dw_block(pad, o, wv, vb, lanes, &b, clamped, lo, hi, 3, 3, 1, 1);
    else if (dense && kh == 3 && kw == 3 && sh == 2 && sw == 2) dw_block(pad, o, wv, vb, lanes, &b, clamped, lo, hi, 3, 3, 2, 2);
    else if (dense && kh == 3 && kw == 3 && sh == 2 && sw == 1) dw_block(pad, o, wv, vb, lanes, &b, clamped, lo, hi, 3, 3, 2, 1);
    else if (dense && kh == 3 && kw == 3 && sh == 1 && sw == 2) dw_block(pad, o, wv, vb, lanes, &b, clamped, lo, hi, 3, 3, 1, 2);
    else if (dense && kh == 5 && kw == 5 && sh == 2 && sw == 2) dw_block(pad, o, wv, vb, lanes, &b, clamped, lo, hi, 5, 5, 2, 2);
    else dw_block(pad, o, wv, vb, lanes, &b, clamped, lo, hi, 0, 0, 0, 0);
    if (a[4])
      for (int l = 0; l < lanes; l++) ew_apply(a[4], (f32*)a[1], n * C + c0 + l, 0, 1, OH * OW, 0);
  }
}

/* Scratch floats one task needs: a block's interleaved padded planes; 0 when the window has too many taps. */
EXPORT(depthwise_c4_scratch) int depthwise_c4_scratch(int OH, int OW, int kh, int kw, int sh, int sw, int dh, int dw) {
  if (kh * kw > MAX_TAPS) return 0;
  Block b = block_of(0, 0, OH, OW, kh, kw, sh, sw, 0, 0, dh, dw);
  return b.rows * b.cols * 4 + 16;
}
