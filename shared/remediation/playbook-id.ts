/**
 * A playbook's id, on its own so that path validation does not load the playbook schemas (and
 * the event catalog they check conditions against).
 */
import * as z from 'zod';

/** Lowercase letters, digits and inner hyphens, 1 to 48 characters (`defaults` names the built-in set). */
export const PlaybookIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens, 1 to 48 characters')
  .refine((id) => id !== 'defaults', '"defaults" is reserved');
