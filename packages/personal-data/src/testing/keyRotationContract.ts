import { randomBytes } from 'node:crypto';
import { SubjectErasedError, type RotatingKeyVault } from '../keyVault';
import { masterKeyOf, withPreviousMasterKeys, type MasterKey } from '../masterKey';
import { createPersonalDataCipher } from '../personalDataCipher';
import { rewrapKeys } from '../rewrapKeys';
import { childNoted, registry, subjectIdOf } from './fixtures';

/** One storage opened again and again with different master keys, as a rotation does across restarts. */
export type RotationFixture = {
  open(masterKey: MasterKey): Promise<RotatingKeyVault>;
  /** The stored wrapped key of a subject, read past the port: null once destroyed. */
  wrappedOf(subject: string): Promise<string | null>;
  dispose(): Promise<void>;
};

const TYPE = 'test.ChildNoted';

/** Master-key rotation, bound by each KeyVault adapter. */
export const keyRotationContract = (adapter: string, createFixture: () => Promise<RotationFixture>): void => {
  describe(`master key rotation: ${adapter}`, () => {
    let fixture: RotationFixture;
    const opened: RotatingKeyVault[] = [];
    const open = async (masterKey: MasterKey) => {
      const vault = await fixture.open(masterKey);
      opened.push(vault);
      return vault;
    };
    beforeEach(async () => {
      fixture = await createFixture();
    });
    afterEach(async () => {
      for (const vault of opened.splice(0)) await vault.close();
      await fixture.dispose();
    });

    it('opens old data during the overlap, rewraps every live key, then opens with the old key gone; erased stays erased', async () => {
      const oldKey = masterKeyOf(randomBytes(32));
      const newKey = masterKeyOf(randomBytes(32));
      const before = await open(oldKey);
      const cipher = createPersonalDataCipher(before);
      const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
      const sealed = await Promise.all(
        ids.map((id) => cipher.sealPersonalFields(registry, TYPE, childNoted(id), subjectIdOf)),
      );
      expect(await cipher.destroySubjectKey('child:r2')).toBe(true);

      // Without the previous key, old data does not open, and the message names the missing master key.
      const withoutPrevious = createPersonalDataCipher(await open(newKey));
      await expect(withoutPrevious.openPersonalFields(registry, TYPE, sealed[0]!)).rejects.toThrow(
        new RegExp(`wrapped by master key ${oldKey.id}, which is not configured`),
      );

      const overlap = await open(withPreviousMasterKeys(newKey, [oldKey]));
      const during = createPersonalDataCipher(overlap);
      expect((await during.openPersonalFields(registry, TYPE, sealed[0]!)).data).toEqual(childNoted('r1'));
      // A subject first seen during the overlap gets a key under the NEW master key.
      const fresh = await during.sealPersonalFields(registry, TYPE, childNoted('r6'), subjectIdOf);
      // A record key under a person key made before the rotation: the rotation leaves it under its parent.
      const inRecord = await cipher.sealPersonalFields(registry, TYPE, childNoted('r7'), () => ({
        subject: 'record:r7',
        parent: 'child:r1',
      }));

      // Interrupted after the first page, then run again: it picks up what is left.
      const pages: number[] = [];
      await expect(
        rewrapKeys(overlap, {
          batchSize: 3,
          onPage: (page) => {
            pages.push(page.rewrapped);
            throw new Error('interrupted');
          },
        }),
      ).rejects.toThrow('interrupted');
      expect(pages).toHaveLength(1);
      const summary = await rewrapKeys(overlap, { batchSize: 3 });
      // Two subjects per record (child, sibling) + the one caller: child:r2 destroyed, r6 and r6-sib new, and
      // record:r7 under child:r1 (current: it moves with its parent).
      expect(summary).toEqual({
        masterKeyId: newKey.id,
        scanned: 14,
        rewrapped: 10 - pages[0]!,
        current: 3 + pages[0]!,
        destroyed: 1,
      });
      expect(await rewrapKeys(overlap, { batchSize: 3 })).toEqual({
        masterKeyId: newKey.id,
        scanned: 14,
        rewrapped: 0,
        current: 13,
        destroyed: 1,
      });

      // The previous master key retired: everything live opens under the new key alone.
      const after = await open(newKey);
      const reader = createPersonalDataCipher(after);
      for (const [i, id] of ids.entries()) {
        const result = await reader.openPersonalFields(registry, TYPE, sealed[i]!);
        if (id === 'r2') {
          expect(result.erased).toBe(true);
          expect(result.erasedPaths).toEqual(['child.name', 'child.idNumber', 'child.birth']);
        } else {
          expect(result).toEqual({ data: childNoted(id), erased: false, erasedPaths: [] });
        }
      }
      expect((await reader.openPersonalFields(registry, TYPE, fresh)).data).toEqual(childNoted('r6'));
      expect((await reader.openPersonalFields(registry, TYPE, inRecord)).data).toEqual(childNoted('r7'));
      await expect(after.keyFor('child:r2')).rejects.toThrow(SubjectErasedError);
      // The old master key alone opens nothing any more.
      const oldOnly = createPersonalDataCipher(await open(oldKey));
      await expect(oldOnly.openPersonalFields(registry, TYPE, sealed[0]!)).rejects.toThrow(
        new RegExp(`wrapped by master key ${newKey.id}`),
      );
      // Erasing the parent after the rotation still reaches the record under it.
      await after.destroy('child:r1');
      expect((await reader.openPersonalFields(registry, TYPE, inRecord)).erased).toBe(true);
      expect(await rewrapKeys(after)).toMatchObject({ scanned: 14, rewrapped: 0, destroyed: 3 });
    });

    it('a destroy racing a rewrap wins: no destroyed key comes back', async () => {
      const oldKey = masterKeyOf(randomBytes(32));
      const newKey = masterKeyOf(randomBytes(32));
      const before = await open(oldKey);
      const subjects = Array.from({ length: 24 }, (_, i) => `child:race${String(i).padStart(2, '0')}`);
      for (const subject of subjects) await before.keyFor(subject);
      const overlap = await open(withPreviousMasterKeys(newKey, [oldKey]));
      const doomed = subjects.filter((_, i) => i % 2 === 0);
      const [summary] = await Promise.all([
        rewrapKeys(overlap, { batchSize: 4 }),
        ...doomed.map((s) => overlap.destroy(s)),
      ]);
      expect(summary.scanned).toBe(24);
      const after = await open(newKey);
      for (const subject of subjects) {
        if (doomed.includes(subject)) {
          await expect(after.keyFor(subject)).rejects.toThrow(SubjectErasedError);
          // Not just refused: the key material is gone from storage.
          expect(await fixture.wrappedOf(subject)).toBeNull();
        } else {
          expect((await after.keyFor(subject)).key).toHaveLength(32);
        }
      }
      expect(await rewrapKeys(after)).toMatchObject({ rewrapped: 0, current: 12, destroyed: 12 });
    });
  });
};
