import { createHash, randomUUID } from 'node:crypto';

/**
 * Ids derived from the caller's idempotency key, so a retried create lands on the same stream and changes
 * nothing. Hashed with the caller's subject so two callers' keys never collide.
 */
const derive = (prefix: string, ...parts: string[]): string =>
  `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;

export const ids = {
  contact: (subject: string, key: string) => derive('ct', 'contact', subject, key),
  case: (subject: string, key: string) => derive('cs', 'case', subject, key),
  action: (caseId: string, key: string) => derive('act', caseId, key),
  referral: (caseId: string, key: string) => derive('ref', caseId, key),
  /** A child recorded without an ID number: a random reference, never derived from a name. */
  child: () => `ch-${randomUUID()}`,
};
