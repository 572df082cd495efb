export {
  BundleRefusedError,
  CentralRefusalError,
  createEvaluator,
  type Evaluator,
  type EvaluatorAnswer,
  type EvaluatorOptions,
  type EvaluatorStats,
} from './evaluator';
export { createDecisionPoint, type DecisionPoint, type DecisionPointOptions } from './decision-point';
