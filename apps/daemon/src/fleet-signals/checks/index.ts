export { CheckPolicy, type CheckPolicyDeps, type PolicyTarget, type PolicyTodo } from './check-policy';
export { CheckStore, type DecisionListItem, type Outcome } from './check-store';
export { type Classification, type ClassifyThresholds, classify, type OutcomeRow } from './classify';
