/**
 * Values built on first use and kept for the life of the execution environment (a Lambda instance,
 * or the local runtime's process, where every function shares them as they shared one composition
 * root before): what a function never asks for is never built.
 */

/** `build()` on the first call, the same value after. */
/* @__NO_SIDE_EFFECTS__ */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

/** `build()` on the first call, the same promise after; a rejected build is tried again on the next call. */
/* @__NO_SIDE_EFFECTS__ */
export function onceAsync<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
