import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '../publication/publishedSchema';
import { checkErratum, checkRepublication, loadErrata, type Erratum } from './errata';

const schemasDir = join(__dirname, '../../schemas');
const committed = (file: string): JsonSchema => JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as JsonSchema;
const errata = loadErrata();

describe('errata of published schemas', () => {
  it('lists each corrected file once', () => {
    const files = errata.map((e) => e.schema);
    expect(new Set(files).size).toBe(files.length);
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(errata.map((e) => [e.schema, e] as const))(
    '%s: undone, the corrections give back the text first published, and they own every incompatibility',
    (file, erratum) => {
      expect(checkErratum(committed(file), erratum)).toEqual([]);
    },
  );

  describe('refuses what an erratum does not cover', () => {
    const erratum = errata.find((e) => e.schema === 'hotline.ContactRecorded/v1.json')!;
    const corrected = committed(erratum.schema);
    const previousText = readFileSync(join(schemasDir, erratum.schema), 'utf8');

    it('a correction left out of the list', () => {
      const partial: Erratum = { ...erratum, corrections: erratum.corrections.slice(1) };
      expect(checkErratum(corrected, partial)).toContain(
        'its corrections, undone, do not give back the text it supersedes',
      );
    });

    it('a listed correction where nothing incompatible changed', () => {
      const contactId = (corrected.properties as Record<string, JsonSchema>).contactId!;
      const padded: Erratum = {
        ...erratum,
        corrections: [...erratum.corrections, { path: 'contactId', pointer: '/properties/contactId', was: contactId }],
      };
      expect(checkErratum(corrected, padded)).toEqual([
        'contactId: listed as a correction, but nothing incompatible changed there',
      ]);
    });

    it('a change beside the corrections, or a correction that names another field than it corrects', () => {
      const more = { ...corrected, required: [...(corrected.required as string[]), 'extra'] };
      expect(checkErratum(more, erratum)).toContain('its corrections, undone, do not give back the text it supersedes');
      const [first, ...rest] = erratum.corrections;
      const mislabelled: Erratum = { ...erratum, corrections: [{ ...first!, path: 'contactId' }, ...rest] };
      expect(checkErratum(corrected, mislabelled)).toEqual([
        expect.stringMatching(
          new RegExp(`^${first!.path.replace('.', '\\.')}: type-narrowed .* is not a correction it lists$`),
        ),
        'contactId: listed as a correction, but nothing incompatible changed there',
      ]);
    });

    it('a republished text with no erratum, or with one that supersedes another text', () => {
      const more = { ...corrected, required: [...(corrected.required as string[]), 'extra'] };
      expect(checkRepublication(previousText, more, undefined)).toEqual([
        'a published schema never changes: add version n+1 with an upcaster, or an erratum',
      ]);
      expect(checkRepublication(previousText, corrected, undefined)).toEqual([]);
      expect(checkRepublication(`${previousText} `, corrected, erratum)[0]).toMatch(/the erratum supersedes sha256:/);
    });
  });
});
