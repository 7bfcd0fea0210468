/**
 * The GEMM's inner loops in the asm.js subset of JavaScript: every 2×4 result tile of a block of
 * packed panels (layout in gemm-kernel.ts), each accumulated in float64 over k steps.
 *
 * Why asm.js: V8 validates this module and compiles it through its WebAssembly pipeline, so the heap
 * reads carry no bounds checks and the loop over tiles runs without a JavaScript call per tile. Over
 * a 256×784×128 product on Node 20 it runs at 3.6–3.7 G multiply-adds a second, against 3.0–3.1 for
 * the best plain-JavaScript micro-kernel (a 2×3 tile, called per tile); tiles of 2×3, 3×3, 3×4, 4×4,
 * 2×5 and 2×6 measured 2.4–3.4 here. An engine that does not validate asm.js runs it as ordinary
 * JavaScript, with the same results.
 *
 * The body must stay inside the asm.js subset (`x | 0` and `+x` coercions, `imul`, `var`, no other
 * calls); a test checks that V8 still validates it, as built and as the test runner transpiles it.
 * asm.js types a local by its initializer: a double's needs a decimal point, and transpilers print
 * `0.0` as `0`, so double locals start at 0.5 and are set with `+0`. Offsets are in doubles.
 */
export function gemmAsmModule(
  stdlib: { Float64Array: Float64ArrayConstructor; Float32Array: Float32ArrayConstructor; Math: Math },
  _foreign: unknown,
  heap: ArrayBuffer,
) {
  'use asm';
  var H = new stdlib.Float64Array(heap);
  var F = new stdlib.Float32Array(heap);
  var imul = stdlib.Math.imul;
  var fround = stdlib.Math.fround;

  /**
   * C[i][j] = Σ_q A-panel[q][i] · B-panel[q][j] for an m × n block (m a multiple of 2, n of 4): A's
   * panels of 2 rows at `a` (k steps each), B's panels of 4 columns at `b`, C's rows `ldc` apart at `c`.
   * C is doubles, or (`single` ≠ 0) floats rounded from the float64 sums, with `c` and `ldc` counted
   * in floats: a result a caller copies to float32 memory as it is.
   */
  function blockTiles(m: number, n: number, k: number, a: number, b: number, c: number, ldc: number, single: number) {
    m = m | 0;
    n = n | 0;
    k = k | 0;
    a = a | 0;
    b = b | 0;
    c = c | 0;
    ldc = ldc | 0;
    single = single | 0;
    var ir = 0;
    var jr = 0;
    var pa = 0;
    var pb = 0;
    var end = 0;
    var out = 0;
    var c00 = 0.5;
    var c01 = 0.5;
    var c02 = 0.5;
    var c03 = 0.5;
    var c10 = 0.5;
    var c11 = 0.5;
    var c12 = 0.5;
    var c13 = 0.5;
    var a0 = 0.5;
    var a1 = 0.5;
    var v = 0.5;
    for (jr = 0; (jr | 0) < (n | 0); jr = (jr + 4) | 0) {
      for (ir = 0; (ir | 0) < (m | 0); ir = (ir + 2) | 0) {
        // Byte offsets from here: a double is 8 bytes.
        pa = (a + imul(ir, k)) << 3;
        pb = (b + imul(jr, k)) << 3;
        end = (pb + (k << 5)) | 0;
        c00 = +0;
        c01 = +0;
        c02 = +0;
        c03 = +0;
        c10 = +0;
        c11 = +0;
        c12 = +0;
        c13 = +0;
        for (; (pb | 0) < (end | 0); pb = (pb + 32) | 0) {
          a0 = +H[pa >> 3];
          a1 = +H[(pa + 8) >> 3];
          v = +H[pb >> 3];
          c00 = c00 + a0 * v;
          c10 = c10 + a1 * v;
          v = +H[(pb + 8) >> 3];
          c01 = c01 + a0 * v;
          c11 = c11 + a1 * v;
          v = +H[(pb + 16) >> 3];
          c02 = c02 + a0 * v;
          c12 = c12 + a1 * v;
          v = +H[(pb + 24) >> 3];
          c03 = c03 + a0 * v;
          c13 = c13 + a1 * v;
          pa = (pa + 16) | 0;
        }
        if (single) {
          out = (c + imul(ir, ldc) + jr) << 2;
          F[out >> 2] = fround(c00);
          F[(out + 4) >> 2] = fround(c01);
          F[(out + 8) >> 2] = fround(c02);
          F[(out + 12) >> 2] = fround(c03);
          out = (out + (ldc << 2)) | 0;
          F[out >> 2] = fround(c10);
          F[(out + 4) >> 2] = fround(c11);
          F[(out + 8) >> 2] = fround(c12);
          F[(out + 12) >> 2] = fround(c13);
        } else {
          out = (c + imul(ir, ldc) + jr) << 3;
          H[out >> 3] = c00;
          H[(out + 8) >> 3] = c01;
          H[(out + 16) >> 3] = c02;
          H[(out + 24) >> 3] = c03;
          out = (out + (ldc << 3)) | 0;
          H[out >> 3] = c10;
          H[(out + 8) >> 3] = c11;
          H[(out + 16) >> 3] = c12;
          H[(out + 24) >> 3] = c13;
        }
      }
    }
  }

  /**
   * Packs rows × cols of the float matrix at f32[x …] (rows `ld` apart), plus `sign` times the one at
   * f32[y …] unless `y` is −1, into A panels of 2 rows at p[dst …] (rows even). The sums are float64.
   * Addresses are byte offsets stepped along, so an access is one add and its bounds check.
   */
  function rowPairPanels(x: number, y: number, sign: number, ld: number, rows: number, cols: number, dst: number) {
    x = x | 0;
    y = y | 0;
    sign = +sign;
    ld = ld | 0;
    rows = rows | 0;
    cols = cols | 0;
    dst = dst | 0;
    var i = 0;
    var q = 0;
    var xb = 0;
    var yb = 0;
    var next = 0;
    var d = 0;
    next = ld << 2;
    d = dst << 3;
    for (i = 0; (i | 0) < (rows | 0); i = (i + 2) | 0) {
      xb = (x + imul(i, ld)) << 2;
      yb = (y + imul(i, ld)) << 2;
      for (q = 0; (q | 0) < (cols | 0); q = (q + 1) | 0) {
        if ((y | 0) >= 0) {
          H[d >> 3] = +F[xb >> 2] + sign * +F[yb >> 2];
          H[(d + 8) >> 3] = +F[(xb + next) >> 2] + sign * +F[(yb + next) >> 2];
        } else {
          H[d >> 3] = +F[xb >> 2];
          H[(d + 8) >> 3] = +F[(xb + next) >> 2];
        }
        xb = (xb + 4) | 0;
        yb = (yb + 4) | 0;
        d = (d + 16) | 0;
      }
    }
  }

  /**
   * Packs rows × cols of the float matrix at f32[x …] (rows `ld` apart), plus `sign` times the one at
   * f32[y …] unless `y` is −1, into B panels of 4 columns at p[dst …] (cols a multiple of 4).
   */
  function columnQuadPanels(x: number, y: number, sign: number, ld: number, rows: number, cols: number, dst: number) {
    x = x | 0;
    y = y | 0;
    sign = +sign;
    ld = ld | 0;
    rows = rows | 0;
    cols = cols | 0;
    dst = dst | 0;
    var j = 0;
    var q = 0;
    var xb = 0;
    var yb = 0;
    var next = 0;
    var d = 0;
    next = ld << 2;
    d = dst << 3;
    for (j = 0; (j | 0) < (cols | 0); j = (j + 4) | 0) {
      xb = (x + j) << 2;
      yb = (y + j) << 2;
      for (q = 0; (q | 0) < (rows | 0); q = (q + 1) | 0) {
        if ((y | 0) >= 0) {
          H[d >> 3] = +F[xb >> 2] + sign * +F[yb >> 2];
          H[(d + 8) >> 3] = +F[(xb + 4) >> 2] + sign * +F[(yb + 4) >> 2];
          H[(d + 16) >> 3] = +F[(xb + 8) >> 2] + sign * +F[(yb + 8) >> 2];
          H[(d + 24) >> 3] = +F[(xb + 12) >> 2] + sign * +F[(yb + 12) >> 2];
        } else {
          H[d >> 3] = +F[xb >> 2];
          H[(d + 8) >> 3] = +F[(xb + 4) >> 2];
          H[(d + 16) >> 3] = +F[(xb + 8) >> 2];
          H[(d + 24) >> 3] = +F[(xb + 12) >> 2];
        }
        xb = (xb + next) | 0;
        yb = (yb + next) | 0;
        d = (d + 32) | 0;
      }
    }
  }

  /**
   * Rows of Strassen's four result blocks from its seven products (rows × cols doubles each, rows `cols`
   * apart, consecutive from p[m …]), rounded once to floats at f32[out …] with rows `ldo` apart, the
   * lower blocks `half` rows further down:
   * C11 = M1 + M4 − M5 + M7, C12 = M3 + M5, C21 = M2 + M4, C22 = M1 − M2 + M3 + M6.
   */
  function combineStrassen(m: number, rows: number, cols: number, out: number, ldo: number, half: number) {
    m = m | 0;
    rows = rows | 0;
    cols = cols | 0;
    out = out | 0;
    ldo = ldo | 0;
    half = half | 0;
    var s1 = 0;
    var s2 = 0;
    var s3 = 0;
    var s4 = 0;
    var s5 = 0;
    var s6 = 0;
    var right = 0;
    var down = 0;
    var i = 0;
    var j = 0;
    var e = 0;
    var o = 0;
    var m1 = 0.5;
    var m2 = 0.5;
    var m3 = 0.5;
    var m4 = 0.5;
    var m5 = 0.5;
    var m6 = 0.5;
    var m7 = 0.5;
    // Byte distances from M1's element to the same element of M2 … M7, and from C11's to C12's and C21's.
    s1 = imul(rows, cols) << 3;
    s2 = s1 << 1;
    s3 = imul(s1, 3) | 0;
    s4 = s1 << 2;
    s5 = imul(s1, 5) | 0;
    s6 = imul(s1, 6) | 0;
    right = cols << 2;
    down = imul(half, ldo) << 2;
    e = m << 3;
    for (i = 0; (i | 0) < (rows | 0); i = (i + 1) | 0) {
      o = (out + imul(i, ldo)) << 2;
      for (j = 0; (j | 0) < (cols | 0); j = (j + 1) | 0) {
        m1 = +H[e >> 3];
        m2 = +H[(e + s1) >> 3];
        m3 = +H[(e + s2) >> 3];
        m4 = +H[(e + s3) >> 3];
        m5 = +H[(e + s4) >> 3];
        m6 = +H[(e + s5) >> 3];
        m7 = +H[(e + s6) >> 3];
        F[o >> 2] = fround(m1 + m4 - m5 + m7);
        F[(o + right) >> 2] = fround(m3 + m5);
        F[(o + down) >> 2] = fround(m2 + m4);
        F[(o + down + right) >> 2] = fround(m1 - m2 + m3 + m6);
        e = (e + 8) | 0;
        o = (o + 4) | 0;
      }
    }
  }

  // Keys differ from the functions' names: a transpiler writes `{ f: f }` as `{ f }`, which asm.js rejects.
  return { tiles: blockTiles, packRowPairs: rowPairPanels, packColumnQuads: columnQuadPanels, strassenCombine: combineStrassen };
}
