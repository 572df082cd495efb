/**
 * The limits of what an agent may ask about (docs/api.md "Limits"): an action, tool and resource
 * of bounded length, and a context of bounded size and depth. Beyond them a request is refused
 * with the field named, before any policy sees it, so a decision's work stays bounded whatever
 * the agent sends.
 */
import * as z from 'zod';

export const REQUEST_LIMITS = {
  /** Characters of `action` and of `tool`. */
  maxNameLength: 200,
  /** Characters of `resource`. */
  maxResourceLength: 1024,
  /** Characters of `context` written as JSON. */
  maxContextCharacters: 16_384,
  /** Nesting of objects and lists in `context`, the context itself counting as one. */
  maxContextDepth: 8,
} as const;

/** How deeply `value` nests objects and lists, counted without recursion and only up to `limit + 1`. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The request's `context`: a JSON object the agent writes, which conditions read. */
export const RequestContextSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (context) => nestingDepth(context, REQUEST_LIMITS.maxContextDepth) <= REQUEST_LIMITS.maxContextDepth,
    `the context may nest objects and lists at most ${REQUEST_LIMITS.maxContextDepth} deep`,
  )
  .refine(
    (context) => JSON.stringify(context).length <= REQUEST_LIMITS.maxContextCharacters,
    `the context may be at most ${REQUEST_LIMITS.maxContextCharacters / 1024} Ki characters of JSON`,
  );
