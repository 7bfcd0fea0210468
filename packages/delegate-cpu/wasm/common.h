/*
 * Shared definitions of Tessera's WebAssembly SIMD kernels (float32, NCHW).
 *
 * The module imports its memory; JavaScript owns the heap (it allocates tensors, packed weights and
 * per-thread scratch) and passes byte offsets. Every heavy kernel is a "job": JavaScript writes its
 * arguments into a Job block and every thread calls run_tasks(), which hands out task indices until
 * none are left (see jobs.c). No static data, no libc: the same code builds for one thread (plain
 * memory) and for many (shared memory, atomics).
 */
#ifndef TESSERA_COMMON_H
#define TESSERA_COMMON_H

#include <wasm_simd128.h>

typedef float f32;
typedef v128_t v128;

#define EXPORT(name) __attribute__((export_name(#name))) __attribute__((visibility("default")))
#define INLINE __attribute__((always_inline)) static inline
#define NOINLINE __attribute__((noinline)) static

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store((p), (v))
#define SPLAT(x) wasm_f32x4_splat(x)
#define SPLAT_LD(p) wasm_v128_load32_splat(p)
#define VADD wasm_f32x4_add
#define VSUB wasm_f32x4_sub
#define VMUL wasm_f32x4_mul
#define VDIV wasm_f32x4_div
/* acc + a·b, unfused (baseline SIMD has no FMA; on AMD Zen the separate ports run as fast). */
#define VMADD(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))

/* Job kinds, as JavaScript numbers them (src/wasm/job-kinds.ts). */
enum {
  JOB_CONV_GEMM = 1,
  JOB_WINOGRAD = 2,
  JOB_DEPTHWISE = 3,
  JOB_ELEMENTWISE = 4,
  JOB_POOL = 5,
  JOB_GLOBAL_POOL = 6,
  JOB_MATMUL = 7,
  JOB_CONV_TRANSPOSE = 8,
  JOB_LRN = 9,
  JOB_SOFTMAX = 10,
  JOB_RESIZE = 11,
  JOB_DEPTHWISE_C4 = 12,
  JOB_DEPTHWISE_S2 = 13,
};

/* Words of a Job block; JavaScript writes `i` and `f` (job-layout.ts mirrors this). */
#define JOB_INTS 56
#define JOB_FLOATS 8
typedef struct Job {
  int kind;
  /* gen (8 bits) | ntasks (12 bits) | next task (12 bits), claimed by compare-and-swap. */
  int claim;
  int finished;
  int scratch;        /* first thread's scratch */
  int scratch_stride; /* bytes of scratch per thread */
  int pad[3];
  int i[JOB_INTS];
  f32 f[JOB_FLOATS];
} Job;

INLINE f32* scratch_of(const Job* job, int tid) {
  return (f32*)(job->scratch + tid * job->scratch_stride);
}

INLINE int imin(int a, int b) { return a < b ? a : b; }
INLINE int imax(int a, int b) { return a > b ? a : b; }

/* Epilogue of a GEMM or direct kernel: y = clamp(acc + bias, lo, hi); then an optional elementwise
 * program (elementwise.c) over whole rows of the output. */
typedef struct Epilogue {
  const f32* bias; /* per output row (channel), or 0 */
  f32 lo, hi;
  int program; /* Program offset, or 0 */
} Epilogue;

/* pmax/pmin are one instruction each (V8 lowers f32x4.min/max to about eight); v first keeps a NaN. */
INLINE v128 clamp4(v128 v, v128 lo, v128 hi) { return wasm_f32x4_pmin(wasm_f32x4_pmax(v, lo), hi); }
INLINE f32 clamp1(f32 v, f32 lo, f32 hi) {
  v = v < lo ? lo : v;
  return hi < v ? hi : v;
}

/* Applies an elementwise program to `nrows` lines of `ncols` values starting at flat index `col0`
 * of output row `row` (lines `ld` apart): see elementwise.c. */
void ew_apply(int program, f32* out, int row, int col0, int nrows, int ncols, int ld);

/* Packed GEMM core (gemm.c). A is packed in panels of 4 rows ([panel][k][4]), B in panels of 8
 * columns ([panel][k][8]); C is row-major with leading dimension ldc. */
void gemm_packed(int m, int n, int k, const f32* ap, const f32* bp, f32* c, int ldc, const f32* bias, f32 lo, f32 hi);
/* The same with B unpacked: k rows of n floats, ldb apart (the last tile may read up to 7 floats past
 * a row; they only reach discarded lanes). For small k, where packing would cost about as much as the
 * multiply. */
void gemm_rows(int m, int n, int k, const f32* ap, const f32* b, int ldb, f32* c, int ldc, const f32* bias, f32 lo,
               f32 hi);
void pack_b_rows(const f32* b, int ldb, int k, int n, f32* bp);
void pack_b_cols(const f32* b, int ldb, int k, int n, f32* bp);

#endif
