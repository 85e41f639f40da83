import { createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { SealedValue } from '@carebridge/event-schema';
import { SubjectErasedError, type KeyVault } from '../keyVault';
import { masterKeyOf, type MasterKey } from '../masterKey';
import { createPersonalDataCipher, InvalidPersonalDataError } from '../personalDataCipher';
import { childNoted, registry, subjectIdOf } from './fixtures';

export type KeyVaultFixture = {
  readonly vault: KeyVault;
  /** Everything the vault has stored, read past the port (documents, or the database and WAL file bytes). */
  raw(): Promise<string>;
  dispose(): Promise<void>;
};

const TYPE = 'test.ChildNoted';
const clearValuesOf = (data: ReturnType<typeof childNoted>) => [
  data.child.name,
  data.child.idNumber,
  data.child.birth.place,
  data.siblings[0]!.name,
  data.caller.phone,
];

/** One behaviour for every KeyVault adapter; each adapter binds it with a fixture factory. */
export const keyVaultContract = (
  adapter: string,
  createFixture: (masterKey: MasterKey) => Promise<KeyVaultFixture>,
): void => {
  const masterKey = masterKeyOf(randomBytes(32));
  describe(`KeyVault contract: ${adapter}`, () => {
    let fixture: KeyVaultFixture;
    let cases = 0;
    beforeEach(async () => {
      fixture = await createFixture(masterKey);
      cases += 1;
    });
    afterEach(() => fixture.dispose());
    afterAll(() => expect(cases).toBe(10)); // guard: no case silently skipped

    it('gives one key per subject, the same on every call and by id, stored only wrapped', async () => {
      const a = await fixture.vault.keyFor('child:a');
      expect(await fixture.vault.keyFor('child:a')).toEqual(a);
      expect((await fixture.vault.keyFor('child:b')).kid).not.toBe(a.kid);
      expect(a.key).toHaveLength(32);
      expect(await fixture.vault.keyById(a.kid)).toEqual(a.key);
      expect(await fixture.vault.keyById(randomUUID())).toBeNull();
      const raw = await fixture.raw();
      for (const form of [a.key.toString('base64'), a.key.toString('hex'), a.key.toString('latin1')])
        expect(raw).not.toContain(form);
    });

    it('creates one key when many callers race for a new subject', async () => {
      const keys = await Promise.all(Array.from({ length: 10 }, () => fixture.vault.keyFor('child:race')));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    });

    it('seals every personal field, still passes the store check, and opens back', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const data = childNoted('c1');
      const sealed = await cipher.sealPersonalFields(registry, TYPE, data, subjectIdOf);
      const text = JSON.stringify(sealed);
      for (const value of clearValuesOf(data)) expect(text).not.toContain(value);
      expect(text).toContain('not personal by schema');
      expect(registry.validate(TYPE, sealed)).toEqual([]);
      expect(registry.validateClear(TYPE, sealed)).not.toEqual([]);
      expect(await cipher.openPersonalFields(registry, TYPE, sealed)).toEqual({ data, erased: false, erasedPaths: [] });
    });

    it('refuses bad data naming the field, and creates no key for it', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const bad = { ...childNoted('bad'), child: { ...childNoted('bad').child, name: '' } };
      await expect(cipher.sealPersonalFields(registry, TYPE, bad, subjectIdOf)).rejects.toThrow(
        InvalidPersonalDataError,
      );
      await expect(cipher.sealPersonalFields(registry, TYPE, bad, subjectIdOf)).rejects.toThrow(/child\.name/);
      await expect(cipher.sealPersonalFields(registry, TYPE, childNoted('c2'), () => undefined)).rejects.toThrow(
        /child\.name has no child/,
      );
      expect(await fixture.raw()).not.toContain('child:bad');
    });

    it('does not open a sealed value moved to another field', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const sealed = (await cipher.sealPersonalFields(registry, TYPE, childNoted('c3'), subjectIdOf)) as ReturnType<
        typeof childNoted
      >;
      const moved = { ...sealed, child: { ...sealed.child, name: sealed.child.idNumber } };
      await expect(cipher.openPersonalFields(registry, TYPE, moved)).rejects.toThrow(
        /child\.name: sealed value does not open/,
      );
    });

    it('erases one person: their fields read as null, the others still open', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const data = childNoted('c4');
      const sealed = await cipher.sealPersonalFields(registry, TYPE, data, subjectIdOf);
      expect(await cipher.destroySubjectKey('child:c4')).toBe(true);
      expect(await cipher.destroySubjectKey('child:c4')).toBe(false);
      const opened = await cipher.openPersonalFields(registry, TYPE, sealed);
      expect(opened.erased).toBe(true);
      expect(opened.erasedPaths).toEqual(['child.name', 'child.idNumber', 'child.birth']);
      expect(opened.data).toEqual({ ...data, child: { ...data.child, name: null, idNumber: null, birth: null } });
    });

    it('a record key under a person key: destroying the record spares the person and the other records', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const underCase = (caseId: string) => () => ({ subject: `case:${caseId}`, parent: 'person:p1' });
      const inCase1 = await cipher.sealPersonalFields(registry, TYPE, childNoted('p1'), underCase('1'));
      const inCase2 = await cipher.sealPersonalFields(registry, TYPE, childNoted('p1'), underCase('2'));
      const ownRecord = await cipher.sealPersonalFields(registry, TYPE, childNoted('p1'), () => 'person:p1');
      const record = await fixture.vault.keyFor('case:1', 'person:p1');
      const person = await fixture.vault.keyFor('person:p1');
      expect(record.kid).not.toBe(person.kid);
      expect(await fixture.vault.keyById(record.kid)).toEqual(record.key);
      // A record keeps the parent it was made under.
      await expect(fixture.vault.keyFor('case:1', 'person:p2')).rejects.toThrow(/kept under person:p1/);
      await expect(fixture.vault.keyFor('case:1')).rejects.toThrow(/kept under person:p1/);
      // Stored wrapped by the person's key, so neither key is at rest in the clear.
      const raw = await fixture.raw();
      for (const key of [record.key, person.key]) expect(raw).not.toContain(key.toString('base64'));

      expect(await fixture.vault.destroy('case:1')).toBe(true);
      // Every personal field of that record was sealed under its key (siblings and caller included).
      expect([...(await cipher.openPersonalFields(registry, TYPE, inCase1)).erasedPaths].sort()).toEqual([
        'caller.phone',
        'child.birth',
        'child.idNumber',
        'child.name',
        'siblings.0.name',
      ]);
      expect((await cipher.openPersonalFields(registry, TYPE, inCase2)).data).toEqual(childNoted('p1'));
      expect((await cipher.openPersonalFields(registry, TYPE, ownRecord)).data).toEqual(childNoted('p1'));
      await expect(fixture.vault.keyFor('case:1', 'person:p1')).rejects.toThrow(SubjectErasedError);
    });

    it('destroying the person key makes every record key under it unopenable, and refuses new ones', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const sealed = await cipher.sealPersonalFields(registry, TYPE, childNoted('p3'), () => ({
        subject: 'case:3',
        parent: 'person:p3',
      }));
      const { kid } = await fixture.vault.keyFor('case:3', 'person:p3');
      expect(await fixture.vault.destroy('person:p3')).toBe(true);
      expect(await fixture.vault.keyById(kid)).toBeNull();
      expect((await cipher.openPersonalFields(registry, TYPE, sealed)).erased).toBe(true);
      await expect(fixture.vault.keyFor('case:3', 'person:p3')).rejects.toThrow(SubjectErasedError);
      await expect(fixture.vault.keyFor('case:4', 'person:p3')).rejects.toThrow(/person:p3/);
      await expect(fixture.vault.keyFor('case:4', 'person:p3')).rejects.toThrow(SubjectErasedError);
    });

    it('refuses to make a new key for an erased subject', async () => {
      await fixture.vault.keyFor('child:gone');
      await fixture.vault.destroy('child:gone');
      await expect(fixture.vault.keyFor('child:gone')).rejects.toThrow(SubjectErasedError);
    });

    it('after destroy, nothing in the vault or in the sealed data yields the clear value', async () => {
      const cipher = createPersonalDataCipher(fixture.vault);
      const data = childNoted('c5');
      const sealed = (await cipher.sealPersonalFields(registry, TYPE, data, subjectIdOf)) as ReturnType<
        typeof childNoted
      >;
      const { key } = await fixture.vault.keyFor('child:c5');
      const envelope = sealed.child.name as unknown as SealedValue;
      const opens = (candidate: Buffer) => {
        try {
          const d = createDecipheriv('aes-256-gcm', candidate, Buffer.from(envelope.iv, 'base64')).setAAD(
            Buffer.from('carebridge-field:child.name'),
          );
          d.setAuthTag(Buffer.from(envelope.tag, 'base64'));
          return Buffer.concat([d.update(Buffer.from(envelope.ct, 'base64')), d.final()]).toString();
        } catch {
          return undefined;
        }
      };
      expect(opens(key)).toBe(JSON.stringify(data.child.name)); // the probe works while the key lives
      // The wrapped key, found by unwrapping every stored token with the master key.
      const unwrapsToKey = (token: string) => {
        const raw = Buffer.from(token, 'base64');
        try {
          const d = createDecipheriv('aes-256-gcm', masterKey.key, raw.subarray(0, 12)).setAAD(
            Buffer.from(`carebridge-data-key:child:c5:${envelope.kid}`),
          );
          d.setAuthTag(raw.subarray(12, 28));
          return Buffer.concat([d.update(raw.subarray(28)), d.final()]).equals(key);
        } catch {
          return false;
        }
      };
      // Stored columns may run into each other on disk: look at every 80-character window (a wrapped key's size).
      const tokensOf = (text: string) =>
        [
          ...new Set(
            text
              .split(/[^A-Za-z0-9+/=]+/)
              .flatMap((t) =>
                t.length <= 80 ? [t] : Array.from({ length: t.length - 79 }, (_, i) => t.slice(i, i + 80)),
              ),
          ),
        ].filter((t) => t.length >= 16);
      expect(tokensOf(await fixture.raw()).filter(unwrapsToKey)).toHaveLength(1);

      await cipher.destroySubjectKey('child:c5');
      const left = tokensOf(`${await fixture.raw()} ${JSON.stringify(sealed)}`);
      expect(left.filter(unwrapsToKey)).toEqual([]);
      // Nor does any token left behind, read as a key itself, open the field.
      for (const token of left) {
        for (const candidate of [Buffer.from(token, 'base64').subarray(0, 32), Buffer.from(token, 'hex')]) {
          if (candidate.length === 32) expect(opens(candidate)).toBeUndefined();
        }
      }
      expect(await fixture.vault.keyById(envelope.kid)).toBeNull();
    });
  });
};
