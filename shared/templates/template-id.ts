/**
 * A template's id, on its own so that path validation does not load the template schemas (and the
 * regular expression engine they check patterns with).
 */
import * as z from 'zod';

/** A template id: kebab-case, at most 48 characters. */
export const TemplateIdSchema = z
  .string()
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case: lowercase letters and digits joined by "-"');
