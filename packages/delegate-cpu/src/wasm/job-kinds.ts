/** Job kinds and elementwise-program codes, as wasm/common.h and wasm/elementwise.c number them. */
export const JOB = {
  convGemm: 1,
  winograd: 2,
  depthwise: 3,
  elementwise: 4,
  pool: 5,
  globalPool: 6,
  matmul: 7,
  convTranspose: 8,
  lrn: 9,
  softmax: 10,
  resize: 11,
  depthwiseC4: 12,
  depthwiseS2: 13,
} as const;

export const OPERAND = { full: 1, row: 2, col: 3, scalar: 4 } as const;

export const EW_OP = {
  Add: 1,
  Sub: 2,
  Mul: 3,
  Div: 4,
  Min: 5,
  Max: 6,
  PRelu: 7,
  Relu: 10,
  Clip: 11,
  Sigmoid: 12,
  HardSigmoid: 13,
  HardSwish: 14,
  Tanh: 15,
  LeakyRelu: 16,
  Neg: 17,
  Abs: 18,
  Exp: 19,
  Sqrt: 20,
  Copy: 21,
  Reciprocal: 22,
  AddImmediate: 24,
  MulImmediate: 25,
  /** x · p0 + p1 */
  Affine: 26,
} as const;

/** Most operands and registers a program may use (wasm/elementwise.c). */
export const MAX_OPERANDS = 8;
export const MAX_REGISTERS = 8;
/** Source code of "the output itself" in an epilogue program. */
export const SRC_OUT = 255;
export const SRC_OPERAND = 16;
