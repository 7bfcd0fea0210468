/*
 * Depthwise 3×3, stride 2, undilated, straight from the NCHW planes: no padded or interleaved copy.
 * At stride 2 the copy that depthwise.c and depthwise_c4.c make costs about as much as the
 * multiply-adds, since each output reads only 2.25 inputs. Here eight consecutive input columns are
 * loaded and split into their even and odd columns (one shuffle each): four outputs' centre taps are
 * the evens, their right taps the odds, and their left taps the odds moved one lane along with the
 * previous group's last odd column. Two output rows share the input row between them.
 *
 * Columns: with left padding pl ∈ {0, 1}, output j reads input columns 2j − pl … 2j − pl + 2. The
 * kernel reads y = row + 1 − pl, so every output reads y[2j − 1 … 2j + 1]; y[−1] is padding (0) when
 * pl = 1 and the row's first input when pl = 0. Lanes past the row (right padding) are masked to
 * zero; the loads themselves may run up to 6 + (right padding) floats past the row, which the heap's
 * 16 floats of slack allow for the right padding of 0 or 1 that JavaScript sends here.
 * Rows above or below the input read a zero row in scratch.
 *
 * Args: as depthwise.c (0 x, 1 out, 2 w [OC][9], 3 bias, 4 program, 5 N, 6 C, 7 H, 8 W, 9 OC, 10 OH,
 * 11 OW, 12–13 kh kw, 14–15 sh sw, 16 pt, 17 pl, 18–19 dh dw, 20 planes per task; f 0 lo, 1 hi).
 * Tasks: ⌈N·OC / planes per task⌉. Scratch: depthwise_s2_scratch() floats.
 */
#include "common.h"

typedef struct Taps {
  v128 w[9];
  v128 bias, lo, hi;
} Taps;

/* Lanes of y columns first + 2·lane that lie inside the row: all ones, else zero. */
INLINE v128 inside_mask(int first, int limit) {
  v128 cols = wasm_i32x4_add(wasm_i32x4_splat(first), wasm_i32x4_make(0, 2, 4, 6));
  return wasm_i32x4_lt(cols, wasm_i32x4_splat(limit));
}

/* The three taps of one input row for four outputs starting at y column c: left, centre, right. */
typedef struct RowLoad {
  v128 left, centre, right;
} RowLoad;

/*
 * FIRST: the group at column 0, whose left taps start with y[−1] = `first`; later groups load their
 * left taps (odd columns c − 1 … c + 5) again rather than carrying the last group's odd columns,
 * which with two output rows in flight would not stay in registers. MASKED zeroes lanes at y columns
 * ≥ width. Both are compile-time flags: as runtime tests clang selects between both results.
 */
INLINE RowLoad load_row(const f32* y, int c, f32 first, int width, int FIRST, int MASKED) {
  v128 v0 = LD(y + c), v1 = LD(y + c + 4);
  RowLoad r;
  r.centre = wasm_i32x4_shuffle(v0, v1, 0, 2, 4, 6);
  r.right = wasm_i32x4_shuffle(v0, v1, 1, 3, 5, 7);
  if (MASKED) r.centre = wasm_v128_and(r.centre, inside_mask(c, width)), r.right = wasm_v128_and(r.right, inside_mask(c + 1, width));
  if (FIRST) {
    r.left = wasm_i32x4_shuffle(wasm_f32x4_replace_lane(SPLAT(0.0f), 3, first), r.right, 3, 4, 5, 6);
  } else {
    r.left = wasm_i32x4_shuffle(LD(y + c - 1), LD(y + c + 3), 0, 2, 4, 6);
    if (MASKED) r.left = wasm_v128_and(r.left, inside_mask(c - 1, width));
  }
  return r;
}

INLINE v128 row_madd(v128 acc, RowLoad r, const v128* w) {
  acc = VMADD(acc, w[0], r.left);
  acc = VMADD(acc, w[1], r.centre);
  return VMADD(acc, w[2], r.right);
}

/* Stores four outputs at o[j]; past OW only when `spill` (the extra lanes land in a row computed later). */
INLINE void store_group(f32* o, int j, int OW, int spill, v128 v) {
  if (j + 4 <= OW || spill) {
    ST(o + j, v);
    return;
  }
  f32 t[4] __attribute__((aligned(16)));
  ST(t, v);
  for (int q = 0; j + q < OW; q++) o[j + q] = t[q];
}

/* One plane's geometry, in y columns (see the top of the file). */
typedef struct Rows {
  const f32* y[5];   /* the 2·NR + 1 input rows the windows read, or the zero row */
  f32 first[5];      /* y[−1] of each */
  int OW, width;
} Rows;

/* Four output columns j … j + 3 of NR output rows (NR = 1 or 2; the flags as load_row's, CLAMP likewise). */
INLINE void dw_group(const Rows* g, f32* o, int j, const Taps* t, int last_spills, int NR, int FIRST, int MASKED,
                     int CLAMP) {
  int c = 2 * j;
  RowLoad r0 = load_row(g->y[0], c, g->first[0], g->width, FIRST, MASKED);
  RowLoad r1 = load_row(g->y[1], c, g->first[1], g->width, FIRST, MASKED);
  RowLoad r2 = load_row(g->y[2], c, g->first[2], g->width, FIRST, MASKED);
  v128 a = row_madd(row_madd(row_madd(t->bias, r0, t->w), r1, t->w + 3), r2, t->w + 6);
  if (CLAMP) a = clamp4(a, t->lo, t->hi);
  if (NR == 1) {
    store_group(o, j, g->OW, last_spills, a);
    return;
  }
  RowLoad r3 = load_row(g->y[3], c, g->first[3], g->width, FIRST, MASKED);
  RowLoad r4 = load_row(g->y[4], c, g->first[4], g->width, FIRST, MASKED);
  v128 b = row_madd(row_madd(row_madd(t->bias, r2, t->w), r3, t->w + 3), r4, t->w + 6);
  if (CLAMP) b = clamp4(b, t->lo, t->hi);
  /* The first row's spill would land on the second row's first group, already stored. */
  store_group(o, j, g->OW, 0, a);
  store_group(o + g->OW, j, g->OW, last_spills, b);
}

/* Output rows oh … oh + NR − 1 of one plane. A group reads y columns 2j − 1 … 2j + 7: unmasked while
 * that stays inside the row. */
INLINE void dw_rows(const Rows* g, f32* o, const Taps* t, int last_spills, int NR, int CLAMP) {
  int OW = g->OW;
  if (8 <= g->width) dw_group(g, o, 0, t, last_spills, NR, 1, 0, CLAMP);
  else dw_group(g, o, 0, t, last_spills, NR, 1, 1, CLAMP);
  int j = 4;
  for (; j < OW && 2 * j + 8 <= g->width; j += 4) dw_group(g, o, j, t, last_spills, NR, 0, 0, CLAMP);
  for (; j < OW; j += 4) dw_group(g, o, j, t, last_spills, NR, 0, 1, CLAMP);
}

INLINE void dw_plane_s2(const f32* x, f32* o, const Taps* t, const f32* zeros, int H, int W, int OH, int OW, int pt,
                        int pl, int CLAMP) {
  int shift = 1 - pl; /* y = row + shift */
  Rows g;
  g.OW = OW, g.width = W - shift;
  for (int oh = 0; oh < OH; oh += 2) {
    int nr = imin(2, OH - oh);
    for (int i = 0; i < 2 * nr + 1; i++) {
      int ih = 2 * oh - pt + i;
      int inside = (unsigned)ih < (unsigned)H;
      g.y[i] = inside ? x + ih * W + shift : zeros;
      g.first[i] = inside && shift ? x[ih * W] : 0.0f;
    }
    /* Spill past the last row only while it stays inside this plane (the next belongs to another task). */
    int spills = oh + nr < OH;
    if (nr == 2) dw_rows(&g, o + oh * OW, t, spills, 2, CLAMP);
    else dw_rows(&g, o + oh * OW, t, spills, 1, CLAMP);
  }
}

EXPORT(depthwise_s2_scratch) int depthwise_s2_scratch(int OW);

void task_depthwise_s2(const Job* job, int task, int tid) {
  const int* a = job->i;
  int N = a[5], C = a[6], H = a[7], W = a[8], OC = a[9], OH = a[10], OW = a[11], pt = a[16], pl = a[17];
  int per = a[20], multiplier = OC / C;
  f32* zeros = scratch_of(job, tid);
  for (int q = 0; q < depthwise_s2_scratch(OW); q += 4) ST(zeros + q, SPLAT(0.0f));
  v128 lo = SPLAT(job->f[0]), hi = SPLAT(job->f[1]);
  int clamped = job->f[0] > -__builtin_inff() || job->f[1] < __builtin_inff();
  const f32* bias = (const f32*)a[3];
  f32* out = (f32*)a[1];
  for (int plane = task * per; plane < imin(N * OC, (task + 1) * per); plane++) {
    int n = plane / OC, oc = plane - n * OC;
    const f32* x = (const f32*)a[0] + (n * C + oc / multiplier) * H * W;
    Taps t;
    const f32* wk = (const f32*)a[2] + oc * 9;
    for (int k = 0; k < 9; k++) t.w[k] = SPLAT(wk[k]);
    t.bias = SPLAT(bias ? bias[oc] : 0.0f), t.lo = lo, t.hi = hi;
    f32* o = out + plane * OH * OW;
    if (clamped) dw_plane_s2(x, o, &t, zeros, H, W, OH, OW, pt, pl, 1);
    else dw_plane_s2(x, o, &t, zeros, H, W, OH, OW, pt, pl, 0);
    if (a[4]) ew_apply(a[4], out, plane, 0, 1, OH * OW, 0);
  }
}

/* Scratch floats one task needs: a zero row as long as the widest read of a row. */
EXPORT(depthwise_s2_scratch) int depthwise_s2_scratch(int OW) { return 2 * ((OW + 3) & ~3) + 16; }
