/**
 * The policy engine: documents (schema, YAML/JSON), validation, compilation with an action index,
 * decisions exactly per POLICY.md, and the test library runner. Pure code, no I/O.
 */
export * from './action-index';
export * from './compile';
export * from './conditions';
export * from './decide';
export * from './document';
export * from './glob';
export * from './test-runner';
export * from './validate';
