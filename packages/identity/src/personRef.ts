import { createHmac } from 'node:crypto';
import { normaliseIdNumber } from './idNumber';

/**
 * One person, one reference, one data key across the suite.
 *
 * - A person with a resident ID number is `personRefOf(key, idNumber)`: a keyed hash of the normalised number,
 *   so every programme that knows the number (the hotline's child, relief's applicant) arrives at the same
 *   reference without sharing the number. The key is the suite's pseudonym key (CAREBRIDGE_PSEUDONYM_KEY).
 * - A person without one keeps the reference the first programme gave them (the hotline's `ch-…`), and a
 *   programme that receives a referral adopts `referral.person.personRef` instead of minting its own.
 * - Every programme seals that person's personal fields under `personSubject(personRef)`. The key vault is shared,
 *   so destroying that one key (the hotline's EraseChild) erases the person in every programme at once.
 */
export const personRefOf = (key: string | Buffer, idNumber: string): string =>
  `p${createHmac('sha256', key)
    .update(normaliseIdNumber(idNumber))
    .digest('base64url')
    .slice(0, 32)
    .replace(/[^A-Za-z0-9]/g, '0')}`;

/** The key-vault subject of a person's data key: `person:<personRef>`, the same name in every programme. */
export const personSubject = (personRef: string): string => {
  if (!personRef) throw new RangeError('a person subject needs a person reference');
  return `person:${personRef}`;
};
