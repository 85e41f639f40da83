import { createHmac } from 'node:crypto';

/** Stream ids of the dispatch aggregates. */
export const orderStream = (orderId: string): string => `order-${orderId}`;
export const teamStream = (teamId: string): string => `team-${teamId}`;
export const menuStream = (itemId: string): string => `menu-${itemId}`;
export { volunteerStreamId as volunteerStream } from '../domain/dispatch/candidateIndex';

/**
 * A volunteer's id is a keyed hash of their ID number: one person, one registration, enforced by the
 * store (the second registration finds the stream taken) with no lookup table holding ID numbers in clear.
 */
export const volunteerIdOf = (idNumber: string, pseudonymKey: Buffer): string =>
  `v${createHmac('sha256', pseudonymKey).update(`volunteer:${idNumber}`).digest('hex').slice(0, 24)}`;
