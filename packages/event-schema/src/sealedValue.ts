import { Type, type Static } from '@sinclair/typebox';

/**
 * What a personal field holds at rest once encrypted (see @carebridge/personal-data): AES-256-GCM under the
 * data key `kid` of the person the field belongs to. Destroying that key erases the field everywhere it was copied.
 * The marker key has no leading `$`: MongoDB-wire servers (FerretDB among them) refuse such field names.
 */
export const SealedValue = Type.Object(
  {
    sealed: Type.Literal('v1', { description: 'Format of the envelope.' }),
    kid: Type.String({ minLength: 1, description: "Id of the data key (the person's key) that sealed the value." }),
    iv: Type.String({ minLength: 1, description: 'AES-GCM nonce, base64.' }),
    ct: Type.String({ description: "Ciphertext, base64, of the field's clear value as JSON." }),
    tag: Type.String({ minLength: 1, description: 'AES-GCM authentication tag, base64.' }),
  },
  { additionalProperties: false },
);
export type SealedValue = Static<typeof SealedValue>;

export const isSealedValue = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === 'v1';
