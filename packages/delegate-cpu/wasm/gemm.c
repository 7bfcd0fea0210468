/*
 * Packed single-precision GEMM: C = A·B (+ bias per row, clamped to [lo, hi]).
 *
 * A is packed in panels of 4 rows ([panel][k][4]) and B in panels of 8 columns ([panel][k][8]), so
 * the 4×8 micro-kernel reads both as straight streams. The 4×8 tile keeps 8 accumulators: with the
 * two B vectors and a broadcast A value that is what V8's x64 register allocator holds without
 * spilling (6×8 and 8×8 tiles measured slower). Weights (constant A or B) are packed once, at compile.
 */
#include "common.h"

INLINE void store_tile(f32* c, int ldc, int rows, int cols, const f32* bias, v128 lo, v128 hi, v128 c00, v128 c01,
                       v128 c10, v128 c11, v128 c20, v128 c21, v128 c30, v128 c31) {
  if (bias) {
    v128 b0 = SPLAT(bias[0]), b1 = rows > 1 ? SPLAT(bias[1]) : b0, b2 = rows > 2 ? SPLAT(bias[2]) : b0,
         b3 = rows > 3 ? SPLAT(bias[3]) : b0;
    c00 = VADD(c00, b0), c01 = VADD(c01, b0), c10 = VADD(c10, b1), c11 = VADD(c11, b1);
    c20 = VADD(c20, b2), c21 = VADD(c21, b2), c30 = VADD(c30, b3), c31 = VADD(c31, b3);
  }
  c00 = clamp4(c00, lo, hi), c01 = clamp4(c01, lo, hi), c10 = clamp4(c10, lo, hi), c11 = clamp4(c11, lo, hi);
  c20 = clamp4(c20, lo, hi), c21 = clamp4(c21, lo, hi), c30 = clamp4(c30, lo, hi), c31 = clamp4(c31, lo, hi);
  if (rows == 4 && cols == 8) {
    ST(c, c00), ST(c + 4, c01);
    c += ldc;
    ST(c, c10), ST(c + 4, c11);
    c += ldc;
    ST(c, c20), ST(c + 4, c21);
    c += ldc;
    ST(c, c30), ST(c + 4, c31);
    return;
  }
  f32 t[32];
  ST(t, c00), ST(t + 4, c01), ST(t + 8, c10), ST(t + 12, c11);
  ST(t + 16, c20), ST(t + 20, c21), ST(t + 24, c30), ST(t + 28, c31);
  for (int r = 0; r < rows; r++)
    for (int q = 0; q < cols; q++) c[r * ldc + q] = t[r * 8 + q];
}

/* One 4×8 tile of C from a k-deep A panel and B panel. */
INLINE void ukernel_4x8(int k, const f32* a, const f32* b, f32* c, int ldc, int rows, int cols, const f32* bias, v128 lo,
                        v128 hi) {
  v128 c00 = SPLAT(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int q = 0; q < k; q++) {
    v128 b0 = LD(b), b1 = LD(b + 4), x;
    x = SPLAT_LD(a);
    c00 = VMADD(c00, x, b0), c01 = VMADD(c01, x, b1);
    x = SPLAT_LD(a + 1);
    c10 = VMADD(c10, x, b0), c11 = VMADD(c11, x, b1);
    x = SPLAT_LD(a + 2);
    c20 = VMADD(c20, x, b0), c21 = VMADD(c21, x, b1);
    x = SPLAT_LD(a + 3);
    c30 = VMADD(c30, x, b0), c31 = VMADD(c31, x, b1);
    a += 4, b += 8;
  }
  store_tile(c, ldc, rows, cols, bias, lo, hi, c00, c01, c10, c11, c20, c21, c30, c31);
}

/* One 4×8 tile of C from a k-deep A panel and B read in place: 8 columns of k rows, ldb apart. */
INLINE void ukernel_4x8_rows(int k, const f32* a, const f32* b, int ldb, f32* c, int ldc, int rows, int cols,
                             const f32* bias, v128 lo, v128 hi) {
  v128 c00 = SPLAT(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int q = 0; q < k; q++) {
    v128 b0 = LD(b), b1 = LD(b + 4), x;
    x = SPLAT_LD(a);
    c00 = VMADD(c00, x, b0), c01 = VMADD(c01, x, b1);
    x = SPLAT_LD(a + 1);
    c10 = VMADD(c10, x, b0), c11 = VMADD(c11, x, b1);
    x = SPLAT_LD(a + 2);
    c20 = VMADD(c20, x, b0), c21 = VMADD(c21, x, b1);
    x = SPLAT_LD(a + 3);
    c30 = VMADD(c30, x, b0), c31 = VMADD(c31, x, b1);
    a += 4, b += ldb;
  }
  store_tile(c, ldc, rows, cols, bias, lo, hi, c00, c01, c10, c11, c20, c21, c30, c31);
}

/*
 * One 1×8 tile of C from a k-deep A panel (only its first row is real) and B panel: a matrix-vector
 * product. Four k steps run on separate accumulators, so the adds are not one dependent chain, and
 * no work goes to the panel's three padding rows.
 */
INLINE void ukernel_1x8(int k, const f32* a, const f32* b, f32* c, int cols, const f32* bias, v128 lo, v128 hi) {
  v128 p0 = SPLAT(0.0f), p1 = p0, q0 = p0, q1 = p0, r0 = p0, r1 = p0, s0 = p0, s1 = p0;
  int q = 0;
  for (; q + 4 <= k; q += 4, a += 16, b += 32) {
    v128 x0 = SPLAT_LD(a), x1 = SPLAT_LD(a + 4), x2 = SPLAT_LD(a + 8), x3 = SPLAT_LD(a + 12);
    p0 = VMADD(p0, x0, LD(b)), p1 = VMADD(p1, x0, LD(b + 4));
    q0 = VMADD(q0, x1, LD(b + 8)), q1 = VMADD(q1, x1, LD(b + 12));
    r0 = VMADD(r0, x2, LD(b + 16)), r1 = VMADD(r1, x2, LD(b + 20));
    s0 = VMADD(s0, x3, LD(b + 24)), s1 = VMADD(s1, x3, LD(b + 28));
  }
  for (; q < k; q++, a += 4, b += 8) {
    v128 x = SPLAT_LD(a);
    p0 = VMADD(p0, x, LD(b)), p1 = VMADD(p1, x, LD(b + 4));
  }
  v128 c0 = VADD(VADD(p0, q0), VADD(r0, s0)), c1 = VADD(VADD(p1, q1), VADD(r1, s1));
  if (bias) c0 = VADD(c0, SPLAT(bias[0])), c1 = VADD(c1, SPLAT(bias[0]));
  c0 = clamp4(c0, lo, hi), c1 = clamp4(c1, lo, hi);
  if (cols == 8) {
    ST(c, c0), ST(c + 4, c1);
    return;
  }
  f32 t[8];
  ST(t, c0), ST(t + 4, c1);
  for (int j = 0; j < cols; j++) c[j] = t[j];
}

void gemm_rows(int m, int n, int k, const f32* ap, const f32* b, int ldb, f32* c, int ldc, const f32* bias, f32 lo,
               f32 hi) {
  v128 vlo = SPLAT(lo), vhi = SPLAT(hi);
  for (int i = 0; i < m; i += 4) {
    int rows = imin(4, m - i);
    const f32* a = ap + (i >> 2) * k * 4;
    const f32* bi = bias ? bias + i : 0;
    f32* ci = c + i * ldc;
    for (int j = 0; j < n; j += 8)
      ukernel_4x8_rows(k, a, b + j, ldb, ci + j, ldc, rows, imin(8, n - j), bi, vlo, vhi);
  }
}

void gemm_packed(int m, int n, int k, const f32* ap, const f32* bp, f32* c, int ldc, const f32* bias, f32 lo, f32 hi) {
  v128 vlo = SPLAT(lo), vhi = SPLAT(hi);
  for (int i = 0; i < m; i += 4) {
    int rows = imin(4, m - i);
    const f32* a = ap + (i >> 2) * k * 4;
    const f32* bi = bias ? bias + i : 0;
    f32* ci = c + i * ldc;
    for (int j = 0; j < n; j += 8) {
      int cols = imin(8, n - j);
      if (rows == 1) ukernel_1x8(k, a, bp + (j >> 3) * k * 8, ci + j, cols, bi, vlo, vhi);
      else ukernel_4x8(k, a, bp + (j >> 3) * k * 8, ci + j, ldc, rows, cols, bi, vlo, vhi);
    }
  }
}

/* B stored k×n row-major (leading dimension ldb) → panels of 8 columns, zero-padded. */
void pack_b_rows(const f32* b, int ldb, int k, int n, f32* bp) {
  for (int j = 0; j < n; j += 8, bp += k * 8) {
    int cols = imin(8, n - j);
    const f32* src = b + j;
    if (cols == 8) {
      for (int q = 0; q < k; q++, src += ldb) ST(bp + q * 8, LD(src)), ST(bp + q * 8 + 4, LD(src + 4));
    } else {
      for (int q = 0; q < k; q++, src += ldb)
        for (int t = 0; t < 8; t++) bp[q * 8 + t] = t < cols ? src[t] : 0.0f;
    }
  }
}

/* B stored n×k (op(B) = Bᵀ of a row-major n×k matrix, leading dimension ldb) → panels of 8 columns. */
void pack_b_cols(const f32* b, int ldb, int k, int n, f32* bp) {
  for (int j = 0; j < n; j += 8, bp += k * 8) {
    int cols = imin(8, n - j);
    for (int t = 0; t < 8; t++) {
      const f32* src = b + (j + t) * ldb;
      for (int q = 0; q < k; q++) bp[q * 8 + t] = t < cols ? src[q] : 0.0f;
    }
  }
}

/* A stored m×k row-major (lda), or k×m when `trans`, → panels of 4 rows, zero-padded. */
EXPORT(pack_a) void pack_a(const f32* a, int lda, int trans, int m, int k, f32* ap) {
  for (int i = 0; i < m; i += 4, ap += k * 4) {
    int rows = imin(4, m - i);
    for (int q = 0; q < k; q++)
      for (int r = 0; r < 4; r++) ap[q * 4 + r] = r < rows ? (trans ? a[q * lda + i + r] : a[(i + r) * lda + q]) : 0.0f;
  }
}

/* B stored k×n (or n×k when `trans`) → panels of 8 columns: for a constant right-hand operand. */
EXPORT(pack_b) void pack_b(const f32* b, int ldb, int trans, int k, int n, f32* bp) {
  if (trans) pack_b_cols(b, ldb, k, n, bp);
  else pack_b_rows(b, ldb, k, n, bp);
}

/* c[i][j] = clamp(c[i][j] + bias[j], lo, hi) over rows × cols (ldc apart). */
static void add_column_bias(f32* c, int ldc, int rows, int cols, const f32* bias, f32 lo, f32 hi) {
  v128 vlo = SPLAT(lo), vhi = SPLAT(hi);
  for (int i = 0; i < rows; i++, c += ldc) {
    int j = 0;
    for (; j + 4 <= cols; j += 4) ST(c + j, clamp4(VADD(LD(c + j), LD(bias + j)), vlo, vhi));
    for (; j < cols; j++) c[j] = clamp1(c[j] + bias[j], lo, hi);
  }
}

/*
 * Batched MatMul / Gemm job: C[b] = op(A[b]) · op(B[b]) (+ bias row, clamp, program), row-major.
 * Args: 0 a, 1 lda, 2 transA, 3 aBatchStride, 4 b, 5 ldb, 6 transB, 7 bBatchStride, 8 bPacked
 * (1: b holds panels of all of op(B), per batch bBatchStride floats apart), 9 c, 10 ldc,
 * 11 cBatchStride, 12 m, 13 n, 14 k, 15 batch, 16 mBlock (multiple of 4), 17 mBlocks, 18 nBlock
 * (multiple of 8), 19 nBlocks, 20 program, 21 rowBias (per row of C, or 0), 22 colBias (per column
 * of C, or 0: Gemm's C); f 0 lo, 1 hi.
 * Tasks: batch × mBlocks × nBlocks. Scratch: packed A block then packed B block.
 */
void task_matmul(const Job* job, int task, int tid) {
  const int* a = job->i;
  int mBlocks = a[17], nBlocks = a[19];
  int nb = task % nBlocks, mb = (task / nBlocks) % mBlocks, batch = task / (nBlocks * mBlocks);
  int m = a[12], n = a[13], k = a[14];
  int m0 = mb * a[16], m1 = imin(m, m0 + a[16]);
  int n0 = nb * a[18], n1 = imin(n, n0 + a[18]);
  if (m0 >= m1 || n0 >= n1) return;
  f32* scratch = scratch_of(job, tid);
  const f32* A = (const f32*)a[0] + batch * a[3];
  const f32* B = (const f32*)a[4] + batch * a[7];
  f32* C = (f32*)a[9] + batch * a[11];
  int trA = a[2], trB = a[6], lda = a[1], ldb = a[5];
  f32* ap = scratch;
  pack_a(trA ? A + m0 : A + m0 * lda, lda, trA, m1 - m0, k, ap);
  const f32* bp;
  if (a[8]) {
    bp = B + (n0 >> 3) * k * 8;
  } else {
    f32* packed = scratch + ((m1 - m0 + 3) >> 2) * 4 * k;
    if (trB) pack_b_cols(B + n0 * ldb, ldb, k, n1 - n0, packed);
    else pack_b_rows(B + n0, ldb, k, n1 - n0, packed);
    bp = packed;
  }
  const f32* bias = a[21] ? (const f32*)a[21] + m0 : 0;
  f32* tile = C + m0 * a[10] + n0;
  if (a[22]) {
    /* A column bias goes on before the clamp, so the tile is clamped here, while it is in cache. */
    gemm_packed(m1 - m0, n1 - n0, k, ap, bp, tile, a[10], bias, -__builtin_inff(), __builtin_inff());
    add_column_bias(tile, a[10], m1 - m0, n1 - n0, (const f32*)a[22] + n0, job->f[0], job->f[1]);
  } else {
    gemm_packed(m1 - m0, n1 - n0, k, ap, bp, tile, a[10], bias, job->f[0], job->f[1]);
  }
  if (a[20]) ew_apply(a[20], (f32*)a[9], batch * m + m0, n0, m1 - m0, n1 - n0, a[10]);
}
