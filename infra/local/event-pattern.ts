/**
 * EventBridge event-pattern matching (the subset Warden's rules use, with EventBridge's
 * semantics): every field of the pattern must match; a list of matchers matches when any does; an
 * array value in the event matches when any element does. Matchers: literal values, `prefix`,
 * `suffix`, `anything-but` (value, list or `{prefix}`), `exists`, `numeric`, `equals-ignore-case`.
 */

type Matcher = string | number | boolean | null | Record<string, unknown>;

function matchesOne(matcher: Matcher, value: unknown, present: boolean): boolean {
  if (matcher === null || typeof matcher !== 'object') return present && value === matcher;
  const [operator, operand] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'exists':
      return operand === present;
    case 'prefix':
      return present && typeof value === 'string' && value.startsWith(String(operand));
    case 'suffix':
      return present && typeof value === 'string' && value.endsWith(String(operand));
    case 'equals-ignore-case':
      return present && typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'anything-but': {
      if (!present) return false;
      if (Array.isArray(operand)) return !operand.includes(value);
      if (operand !== null && typeof operand === 'object' && 'prefix' in operand) {
        return !(typeof value === 'string' && value.startsWith(String((operand as { prefix: unknown }).prefix)));
      }
      return value !== operand;
    }
    case 'numeric': {
      if (!present || typeof value !== 'number' || !Array.isArray(operand)) return false;
      for (let i = 0; i < operand.length; i += 2) {
        const op = operand[i] as string;
        const bound = operand[i + 1] as number;
        const ok =
          op === '='
            ? value === bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : op === '<'
                  ? value < bound
                  : op === '<='
                    ? value <= bound
                    : false;
        if (!ok) return false;
      }
      return true;
    }
    default:
      throw new Error(`Unsupported event pattern operator: ${operator}`);
  }
}

/** True when `event` matches `pattern`. */
export function matchesPattern(pattern: Readonly<Record<string, unknown>>, event: unknown): boolean {
  const fields = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([name, expected]) => {
    const present = Object.hasOwn(fields, name);
    const value = fields[name];
    if (Array.isArray(expected)) {
      const values = Array.isArray(value) ? value : [value];
      return (expected as Matcher[]).some((matcher) =>
        values.length === 0 ? matchesOne(matcher, undefined, false) : values.some((one) => matchesOne(matcher, one, present)),
      );
    }
    if (expected !== null && typeof expected === 'object') return present && matchesPattern(expected as Record<string, unknown>, value);
    throw new Error(`Event pattern field ${name} must be a list or an object`);
  });
}
