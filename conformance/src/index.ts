export { benchMain } from './bench/main.js';
export { buildOpCase, OP_CASES, type OpCaseData, type OpCaseDefinition } from './bench/op-cases.js';
export { createRuntimes } from './bench/runtimes/index.js';
export { computeTfjsCall, loadTfjs } from './bench/runtimes/tfjs.js';
export type { BenchRuntime, LoadedCase } from './bench/runtimes/types.js';
export { main as conformanceMain } from './cli/main.js';
export { type CompareOptions, compareTensors, type TensorComparison } from './compare.js';
export { isDelegate, type LoadedDelegate, loadDelegate } from './delegate-loader.js';
export { type DeclaredDelegate, opSupportMatrix } from './docs/op-matrix.js';
export { ConformanceSetupError } from './errors.js';
export {
  checkExpectations,
  type Expectation,
  type ExpectationCheck,
  type Expectations,
  type ExpectedOutcome,
  expectationKey,
  type NowPassing,
  type Regression,
  readExpectations,
  updateExpectations,
  writeExpectations,
} from './expectations.js';
export { createFlow, type Flow, flowTolerance, RECIPES, type Recipe, type RecipeName, sessionOptionsFor } from './flows.js';
export {
  type LightModel,
  lightModelInput,
  lightModels,
  type ModelUnderTest,
  onnxConformanceDir,
  type PaddleOcrModel,
  type PaddleOcrModels,
  paddleOcrModels,
} from './models.js';
export { createRng, type Rng, randomTensor, type ValueRange } from './random.js';
export {
  disposeReferenceSessions,
  type ReferenceOptions,
  ReferenceRunError,
  runOnnxRuntime,
  runOnnxRuntimeOnce,
} from './reference-ort.js';
export { renderReportHtml } from './report/html.js';
export { renderMatrixMarkdown } from './report/matrix-md.js';
export { buildReport, type ConformanceReport, type FlowReport, REPORT_SCHEMA, serializeReport } from './report/report-json.js';
export { writeReports } from './report/write-reports.js';
export {
  CASE_OUTCOMES,
  type CaseMetrics,
  type CaseOutcome,
  type CaseResult,
  type CrossCheck,
  caseId,
  NOT_JUDGED_OUTCOMES,
  type NodeCount,
} from './results.js';
export { type ConformanceRun, type ConformanceRunOptions, runConformance, type SuiteSummary } from './runner.js';
export { DEFAULT_GENERATED_SEED, GENERATED_MODES, type GeneratedMode, type SizeBudget } from './suites/generated/budget.js';
export { type GeneratedSuiteOptions, generatedSuite } from './suites/generated/suite.js';
export { createSuites, knownSuiteNames, SUITE_FACTORIES } from './suites/index.js';
export { lightSuite } from './suites/light.js';
export { modelsSuite } from './suites/models.js';
export { onnxNodeSuite } from './suites/onnx-node.js';
export { ReferenceUnavailableError } from './suites/run-case.js';
export type { Suite, SuiteOptions } from './suites/types.js';
export { readTensorProtoFile } from './tensor-file.js';
export { allowedError, type DelegateKind, TOLERANCES, type Tolerance, toleranceFor, withinTolerance } from './tolerances.js';
