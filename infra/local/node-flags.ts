/**
 * The Node flags the local runtime runs with, wherever it is started (`npm start`, the test and
 * bench harnesses). The runtime is one long-lived process serving every function, the stream
 * consumers included, and allocates as a busy server does: a young generation of 64 MB semi-spaces
 * (Node 20's default is 16 MB) cuts the scavenges that took ~17 % of its CPU while it shipped local
 * decisions (docs/decisions/local-runtime.md). On AWS each function has its own process and memory
 * setting; this does not apply there.
 */
export const LOCAL_RUNTIME_NODE_FLAGS = ['--max-semi-space-size=64'] as const;
