export { BundleRefusedError, createEvaluator, type Evaluator, type EvaluatorOptions } from './evaluator';
