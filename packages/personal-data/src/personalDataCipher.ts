import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  isSealedValue,
  locateField,
  type EventRegistry,
  type SchemaViolation,
  type SealedValue,
} from '@carebridge/event-schema';
import type { KeyVault } from './keyVault';

/**
 * The key-vault subject whose data key seals a field: a person's (`person:<ref>`), or a record's under the
 * person's (`{ subject: 'hotline-case:<id>', parent: 'person:<ref>' }`), which one retention purge can destroy alone.
 */
export type KeySubject = string | { readonly subject: string; readonly parent: string };

/** Maps a personal field's subject (`child`, `applicant`) to the key subject of the person it belongs to. */
export type SubjectIdOf = (subject: string, data: Record<string, unknown>, path: string) => KeySubject | undefined;

export class InvalidPersonalDataError extends Error {
  constructor(readonly violations: readonly SchemaViolation[]) {
    super(`invalid event data: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
    this.name = 'InvalidPersonalDataError';
  }
}

export type Opened = {
  readonly data: Record<string, unknown>;
  /** True when at least one field's key was destroyed: those fields read as null. */
  readonly erased: boolean;
  readonly erasedPaths: readonly string[];
};

export type PersonalDataCipher = {
  sealPersonalFields(
    registry: EventRegistry,
    type: string,
    data: Record<string, unknown>,
    subjectIdOf: SubjectIdOf,
  ): Promise<Record<string, unknown>>;
  openPersonalFields(registry: EventRegistry, type: string, data: Record<string, unknown>): Promise<Opened>;
  destroySubjectKey(subject: string): Promise<boolean>;
};

const ALGORITHM = 'aes-256-gcm';
// The field path is bound as additional data: a sealed value copied to another field does not open.
const aadOf = (path: string) => Buffer.from(`carebridge-field:${path}`);

/**
 * Crypto-shredding of personal fields: each x-personal field is encrypted under the data key of the person it
 * belongs to, so destroying that key erases the field in the store, on every topic and in every copy.
 */
export const createPersonalDataCipher = (vault: KeyVault): PersonalDataCipher => ({
  async sealPersonalFields(registry, type, data, subjectIdOf) {
    // Schemas describe clear values: check them now, since once sealed they can no longer be checked.
    const violations = registry.validateClear(type, data);
    if (violations.length > 0) throw new InvalidPersonalDataError(violations);
    const sealed = structuredClone(data);
    const locations = registry
      .personalFields(type)
      .flatMap((field) => locateField(sealed, field.path).map((at) => ({ field, at })));
    const missing = locations.filter(({ field, at }) => !subjectIdOf(field.subject, data, at.path));
    if (missing.length > 0) {
      throw new InvalidPersonalDataError(
        missing.map(({ field, at }) => ({ path: at.path, message: `has no ${field.subject} to seal it for` })),
      );
    }
    for (const { field, at } of locations) {
      if (at.value === undefined) continue;
      const keySubject = subjectIdOf(field.subject, data, at.path)!;
      const { kid, key } =
        typeof keySubject === 'string'
          ? await vault.keyFor(keySubject)
          : await vault.keyFor(keySubject.subject, keySubject.parent);
      const iv = randomBytes(12);
      const cipher = createCipheriv(ALGORITHM, key, iv).setAAD(aadOf(at.path));
      const ct = Buffer.concat([cipher.update(JSON.stringify(at.value), 'utf8'), cipher.final()]);
      const value: SealedValue = {
        sealed: 'v1',
        kid,
        iv: iv.toString('base64'),
        ct: ct.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
      };
      (at.parent as Record<string | number, unknown>)[at.key] = value;
    }
    return sealed;
  },

  async openPersonalFields(registry, type, data) {
    const opened = structuredClone(data);
    const erasedPaths: string[] = [];
    const keys = new Map<string, Buffer | null>();
    for (const field of registry.personalFields(type)) {
      for (const at of locateField(opened, field.path)) {
        if (!isSealedValue(at.value)) continue;
        const { kid, iv, ct, tag } = at.value;
        if (!keys.has(kid)) keys.set(kid, await vault.keyById(kid));
        const key = keys.get(kid)!;
        const target = at.parent as Record<string | number, unknown>;
        if (key === null) {
          target[at.key] = null;
          erasedPaths.push(at.path);
          continue;
        }
        const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64')).setAAD(aadOf(at.path));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        try {
          target[at.key] = JSON.parse(
            Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8'),
          );
        } catch {
          throw new Error(`${at.path}: sealed value does not open (moved from another field, or tampered with)`);
        }
      }
    }
    return { data: opened, erased: erasedPaths.length > 0, erasedPaths };
  },

  destroySubjectKey: (subject) => vault.destroy(subject),
});
