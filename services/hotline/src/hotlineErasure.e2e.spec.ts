import type { IncomingRecord } from '@carebridge/messaging';
import { startHotlineServer, type HotlineServer } from './testing/hotlineServer';

jest.setTimeout(300_000);

const CHILD = '祁小禾';
const CHILD_ID = '630121201701010021';
const CALLER = '韩春梅';
const PHONE = '13912340000';
const secrets = [CHILD, CHILD_ID, CALLER, PHONE];

const containsAny = (text: string) => secrets.filter((s) => text.includes(s));

describe('erasure through the real gRPC server: the store, the read models and the topics', () => {
  let hotline: HotlineServer;

  beforeAll(async () => {
    hotline = await startHotlineServer('hotline_erasure');
  }, 120_000);
  afterAll(() => hotline?.stop(), 60_000);

  /** Every record of the hotline topics and the referrals topic, from the beginning, once all commits are out. */
  const everyRecord = async (): Promise<IncomingRecord[]> => {
    await hotline.published();
    const topics = [
      ...new Set(hotline.registry.definitions.filter((d) => /^(hotline|referral)\./.test(d.type)).map((d) => d.topic)),
    ];
    const { commits } = await hotline.runtime.app.deps.eventStore.readAll({ after: 0, limit: 100_000 });
    const expected = commits.reduce((n, c) => n + c.events.length, 0);
    return hotline.readTopics(topics, (records) => records.length >= expected);
  };
  const openedText = async (records: readonly IncomingRecord[]) =>
    JSON.stringify(await Promise.all(records.map((r) => hotline.openRecord(r))));
  const rawText = (records: readonly IncomingRecord[]) => records.map((r) => r.value.toString('utf8')).join('\n');
  const databaseText = async () => {
    const db = hotline.database.db;
    const texts: string[] = [];
    for (const { name } of await db.listCollections().toArray())
      texts.push(JSON.stringify(await db.collection(name).find().toArray()));
    return texts.join('\n');
  };

  test('after EraseChild neither the commit documents, any read model nor any topic yields the child', async () => {
    const operator = await hotline.clientFor({ sub: 'op-xining', roles: ['hotline.operator'], division: '630100' });
    const handler = await hotline.clientFor({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
    const supervisor = await hotline.clientFor({ sub: 'sup-qh', roles: ['hotline.supervisor'], division: '630000' });
    const { contactId, childRef } = await operator.call<{ contactId: string; childRef: string }>(
      'RecordContact',
      {
        channel: 'phone',
        caller: { name: CALLER, phone: PHONE, relation: 'mother' },
        child: { name: CHILD, age: 8, idNumber: CHILD_ID, locationDivision: '630121', locationDetail: '桥头镇' },
        caseType: 'living_hardship',
        urgency: 'urgent',
        narrative: `${CHILD} has had no meals at home this week`,
      },
      { idempotencyKey: 'erase-contact' },
    );
    const { caseId } = await operator.call<{ caseId: string }>(
      'OpenCase',
      { contactIds: [contactId] },
      { idempotencyKey: 'erase-open' },
    );
    await operator.call('AssignCase', { caseId }, { idempotencyKey: 'erase-assign' });
    await handler.call('AcceptCase', { caseId }, { idempotencyKey: 'erase-accept' });
    // The referral puts the child on referrals.v1 too.
    await handler.call(
      'ReferCase',
      { caseId, target: { programme: { programme: 'relief', request: 'basic_living' } }, note: `${CHILD} needs food` },
      { idempotencyKey: 'erase-refer' },
    );
    expect(JSON.stringify(await supervisor.call('GetCase', { caseId }))).toContain(CHILD);

    // Before: at rest and on the wire only sealed values, which the live key opens (so the scans below can find the child).
    const before = await everyRecord();
    expect(before.some((r) => r.topic.startsWith('referrals.v1'))).toBe(true);
    expect(containsAny(rawText(before))).toEqual([]);
    expect(containsAny(await openedText(before))).toEqual(secrets);
    expect(containsAny(await databaseText())).toEqual([]);

    expect(await supervisor.call('EraseChild', { childRef }, { idempotencyKey: 'erase-child' })).toEqual({
      erased: true,
    });

    const after = await everyRecord();
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(containsAny(rawText(after))).toEqual([]);
    expect(containsAny(await openedText(after))).toEqual([]);
    const stored = await databaseText();
    expect(stored).toContain(caseId); // the scan does see the case's commits and listing
    expect(containsAny(stored)).toEqual([]);
    const { commits } = await hotline.runtime.app.deps.eventStore.readAll({ after: 0, limit: 100_000 });
    const opened = await Promise.all(
      commits.flatMap((c) => c.events).map((e) => hotline.runtime.app.deps.personalData.open(e.type, e.data)),
    );
    expect(containsAny(JSON.stringify(opened))).toEqual([]);

    // The case itself lives on without the child: the API answers, with the personal fields empty.
    const read = await supervisor.call<{ child: { childRef: string; name: string; idNumber: string } }>('GetCase', {
      caseId,
    });
    expect(read.child).toMatchObject({ childRef, name: '', idNumber: '' });
    expect(containsAny(JSON.stringify(read))).toEqual([]);
  });
});
