/**
 * Parameters as a request gives them to a template (by name), on their own so that the agent
 * registration body does not load the template schemas. Each value is checked against the template
 * when it is applied (instantiate.ts); here only their number, and no `__proto__` key, which a
 * record would otherwise drop without a word (the caller would get defaults it did not ask for).
 */
import * as z from 'zod';

/** Parameters a template has at most, and parameters given to one. */
export const MAX_TEMPLATE_PARAMETERS = 20;

export const TemplateParametersInputSchema = z
  .record(z.string(), z.unknown())
  .refine((parameters) => Object.keys(parameters).length <= MAX_TEMPLATE_PARAMETERS, {
    message: `at most ${MAX_TEMPLATE_PARAMETERS} parameters`,
  });

/** The parameters, refused (naming `__proto__`) when the raw input holds that key as its own. */
export const TemplateParametersSchema = z.preprocess((value, ctx) => {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__'))
    ctx.issues.push({ code: 'custom', message: 'not a parameter name', path: ['__proto__'], input: value });
  return value;
}, TemplateParametersInputSchema);
