import { Type, type Static } from '@sinclair/typebox';

/**
 * What a personal field holds at rest once encrypted (see @carebridge/personal-data): AES-256-GCM under the
 * data key `kid` of the person the field belongs to. Destroying that key erases the field everywhere it was copied.
 * The marker key has no leading `$`: MongoDB-wire servers (FerretDB among them) refuse such field names.
 */
export const SealedValue = Type.Object(
  {
    sealed: Type.Literal('v1'),
    kid: Type.String({ minLength: 1 }),
    iv: Type.String({ minLength: 1 }),
    ct: Type.String(),
    tag: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type SealedValue = Static<typeof SealedValue>;

export const isSealedValue = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === 'v1';
