import { personSubject } from '@carebridge/identity';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import type { TestClient } from '@carebridge/grpc-kit/testing';
import { eventually } from '@carebridge/test-engines';
import { programmeTopics } from './topics';
import { startSuiteOnEngines, type SuiteOnEngines } from './testing/suiteOnEngines';
import { withCheckDigit } from './testing/seed';

jest.setTimeout(600_000);

/**
 * A child only this file uses, and the phone the contact was recorded with (the hotline keeps a phone on the
 * caller, not on the child): none of these strings may be in relief's store once the child is erased.
 */
const child = { name: '才让卓玛', idNumber: withCheckDigit('63012120120508003'), phone: '13909712349' };

type Application = { application: { form: { applicant: { name: string; idNumber: string; phone: string } } | null } };

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> =>
  eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error('not there yet');
      return value;
    },
    { what, timeoutMs, intervalMs: 500 },
  );

describe('one person, one key: erasing a hotline child erases them in relief (FerretDB + Kafka)', () => {
  let suite: SuiteOnEngines;

  beforeAll(async () => {
    suite = await startSuiteOnEngines('pj_erasure', programmeTopics(), '2020-10-10T08:00:00.000Z');
  }, 300_000);
  afterAll(async () => suite?.stop(), 120_000);

  /** Every document relief keeps (commits, outbox, inbox, read models), as stored. */
  const reliefAtRest = async (): Promise<string> => {
    const collections = await suite.reliefDb.listCollections().toArray();
    const dumps = await Promise.all(
      collections.map(async (c) => JSON.stringify(await suite.reliefDb.collection(c.name).find({}).toArray())),
    );
    return dumps.join('\n');
  };

  test('referred child: relief shows the name, EraseChild, relief shows it erased and keeps no plaintext', async () => {
    const operator = await suite.hotlineClient({ sub: 'op-xining', roles: ['hotline.operator'], division: '630100' });
    const handler = await suite.hotlineClient({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
    const supervisor = await suite.hotlineClient({
      sub: 'sup-qinghai',
      roles: ['hotline.supervisor'],
      division: '630000',
    });
    const contact = await operator.call<{ contactId: string; childRef: string }>(
      'RecordContact',
      {
        channel: 'phone',
        caller: { name: '韩老师', phone: child.phone, relation: 'teacher' },
        child: {
          name: child.name,
          age: 8,
          idNumber: child.idNumber,
          locationDivision: '630121',
          locationDetail: '桥头镇',
        },
        caseType: 'living_hardship',
        urgency: 'urgent',
        narrative: 'the family home burnt down',
      },
      { idempotencyKey: 'er-contact' },
    );
    const { childRef } = contact;
    expect(childRef).toBeTruthy();
    const { caseId } = await operator.call<{ caseId: string }>(
      'OpenCase',
      { contactIds: [contact.contactId] },
      { idempotencyKey: 'er-open' },
    );
    await operator.call('AssignCase', { caseId, county: '' }, { idempotencyKey: 'er-assign' });
    await handler.call('AcceptCase', { caseId }, { idempotencyKey: 'er-accept' });
    const referred = await handler.call<{ referralId: string }>(
      'ReferCase',
      { caseId, target: { programme: { programme: 'relief', request: 'property_loss' } } },
      { idempotencyKey: 'er-refer' },
    );

    // Relief drafts from referrals.v1 under an id derived from the referral (as its consumer names it).
    const applicationId = `ref-${referred.referralId}`;
    const caseworker: TestClient = await suite.reliefClient({
      sub: 'cw-xining',
      roles: ['relief.caseworker'],
      division: '630100',
    });
    const get = () => caseworker.call<Application>('GetApplication', { applicationId });
    const before = await until('the relief draft', async () => {
      try {
        return await get();
      } catch {
        return undefined;
      }
    });
    // Positive control: before erasure relief opens the child's fields.
    expect(before.application.form?.applicant).toEqual({ name: child.name, idNumber: child.idNumber, phone: '' });

    // The draft's commit is sealed under the child's one key, the subject the hotline erases.
    const commits = await suite.reliefDb
      .collection<{ streamId: string; events: { type: string; data: Record<string, unknown> }[] }>('commits')
      .find({})
      .toArray();
    const drafted = commits
      .flatMap((c) => c.events ?? [])
      .find((e) => e.type === 'relief.ApplicationDrafted' && e.data.applicationId === applicationId);
    expect(drafted).toBeDefined();
    const kid = ((drafted!.data.person as Record<string, unknown>).name as { kid: string }).kid;
    expect((await suite.hotline.keyVault.keyFor(personSubject(childRef))).kid).toBe(kid);
    const cipher = createPersonalDataCipher(suite.hotline.keyVault);
    const openedBefore = await cipher.openPersonalFields(suite.hotline.registry, drafted!.type, drafted!.data);
    expect(openedBefore.erased).toBe(false);

    await supervisor.call('EraseChild', { childRef }, { idempotencyKey: 'er-erase' });

    // Relief's read answers (not INTERNAL) with the person erased: the hotline's marker, empty fields.
    const after = await get();
    expect(after.application.form?.applicant).toEqual({ name: '', idNumber: '', phone: '' });
    // The key is gone: relief's stored fields for the child no longer open.
    expect(await suite.hotline.keyVault.keyById(kid)).toBeNull();
    const openedAfter = await cipher.openPersonalFields(suite.hotline.registry, drafted!.type, drafted!.data);
    expect(openedAfter.erased).toBe(true);
    expect((openedAfter.data.person as Record<string, unknown>).name).toBeNull();
    // Nothing relief stores holds the child's name, ID number or phone in plaintext.
    const stored = await reliefAtRest();
    expect(stored).toContain(applicationId);
    for (const secret of Object.values(child)) expect(stored).not.toContain(secret);
  });
});
