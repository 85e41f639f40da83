// A retention purge takes one record, erasure takes the person: a hotline child referred to relief, the hotline
// case closed and then purged when its retention runs out on a moved clock. The case reads as purged and its
// stored events no longer open, while relief still shows the child; erasing the child afterwards still reaches relief.
import type { HotlineRuntime } from '@carebridge/hotline';
import { idNumberCheckCharacter } from '@carebridge/identity';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import type { FixtureCaller } from '@carebridge/grpc-kit/testing';
import { eventually } from '@carebridge/test-engines';
import { startSuite, type Engine, type RunningSuite } from '../testing/suiteOnEngines';

jest.setTimeout(600_000);

const HOTLINE = 'carebridge.hotline.v1.HotlineService';
const RELIEF = 'carebridge.relief.v1.ReliefIntake';

const first17 = '63012120140923005';
/** A child only this file uses. */
const child = { name: '马阿依', idNumber: first17 + idNumberCheckCharacter(first17) };

const operator: FixtureCaller = { sub: 'rp-op-xining', roles: ['hotline.operator'], division: '630100' };
const handler: FixtureCaller = { sub: 'rp-h-datong', roles: ['hotline.handler'], division: '630121' };
const supervisor: FixtureCaller = { sub: 'rp-sup-qinghai', roles: ['hotline.supervisor'], division: '630000' };
const caseworker: FixtureCaller = { sub: 'rp-cw-xining', roles: ['relief.caseworker'], division: '630100' };

type Application = { application: { form: { applicant: { name: string; idNumber: string } } | null } };
type HotlineCase = { summary: { status: string }; child: { name: string; idNumber: string }; timeline: object[] };

const engines: readonly Engine[] = ['embedded', 'real'];

describe.each(engines)('a retention purge of one hotline case spares the child elsewhere (%s engines)', (engine) => {
  let suite: RunningSuite;
  beforeAll(async () => {
    suite = await startSuite(engine);
  }, 300_000);
  afterAll(() => suite?.stop());

  test('refer to relief, close, purge on a moved clock; relief keeps the child; EraseChild still reaches relief', async () => {
    const call = <T>(rpc: string, request: object, caller: FixtureCaller): Promise<T> =>
      suite.call(rpc, request, caller) as Promise<T>;
    const hotline = suite.services.find((s) => s.name === 'hotline')!;
    const app = (hotline.runtime as HotlineRuntime).app;

    const { contactId, childRef } = await call<{ contactId: string; childRef: string }>(
      `${HOTLINE}/RecordContact`,
      {
        channel: 'phone',
        caller: { name: '马老师', phone: '13909712351', relation: 'teacher' },
        child: { name: child.name, age: 6, idNumber: child.idNumber, locationDivision: '630121' },
        caseType: 'living_hardship',
        urgency: 'urgent',
        narrative: 'the family home burnt down',
      },
      operator,
    );
    const { caseId } = await call<{ caseId: string }>(`${HOTLINE}/OpenCase`, { contactIds: [contactId] }, operator);
    await call(`${HOTLINE}/AssignCase`, { caseId, county: '' }, operator);
    await call(`${HOTLINE}/AcceptCase`, { caseId }, handler);
    const { referralId } = await call<{ referralId: string }>(
      `${HOTLINE}/ReferCase`,
      { caseId, target: { programme: { programme: 'relief', request: 'property_loss' } } },
      handler,
    );
    const getApplication = () =>
      call<Application>(`${RELIEF}/GetApplication`, { applicationId: `ref-${referralId}` }, caseworker);
    await eventually(getApplication, { what: 'the relief draft', timeoutMs: 180_000, intervalMs: 500 });
    await call(`${HOTLINE}/RecordReply`, { caseId, channel: 'phone', summary: 'relief is on its way' }, operator);
    await call(`${HOTLINE}/CloseCase`, { caseId, outcome: 'referred', summary: 'handed to relief' }, operator);

    const getCase = () => call<HotlineCase>(`${HOTLINE}/GetCase`, { caseId }, supervisor);
    const cipher = createPersonalDataCipher(hotline.infra.depsFor('hotline').keyVault);
    const openedCaseEvents = async () => {
      const stored = await hotline.infra.depsFor('hotline').eventStore.readStream(`hotline-case-${caseId}`);
      const opened = await Promise.all(
        stored.map((e) => cipher.openPersonalFields(hotline.infra.registry, e.type, e.data)),
      );
      return { stored: JSON.stringify(stored), opened: JSON.stringify(opened.map((o) => o.data)) };
    };

    // Positive control: before the purge the case, its stored events and relief all show the child.
    expect((await getCase()).child).toMatchObject({ name: child.name, idNumber: child.idNumber });
    const before = await openedCaseEvents();
    expect(before.stored).not.toContain(child.name);
    expect(before.opened).toContain(child.name);
    expect((await getApplication()).application.form?.applicant).toMatchObject({ name: child.name });

    // An hour before the end of the retention period nothing happens; an hour after it the case is purged, once.
    // (The suite's clock also runs at the wall clock's pace: seconds here.)
    const retention = app.deps.retention.closedCaseMinutes;
    suite.advanceClock(retention - 60);
    expect(await app.jobs.retentionPurge.tick()).toMatchObject({ ran: true, changed: 0 });
    suite.advanceClock(120);
    expect(await app.jobs.retentionPurge.tick()).toMatchObject({ ran: true, changed: 1 });
    expect(await app.jobs.retentionPurge.tick()).toMatchObject({ ran: true, changed: 0 });

    // The case reads as purged, the way an erased person reads: its fields empty.
    const purged = await getCase();
    expect(purged.summary.status).toBe('purged');
    expect(purged.child).toMatchObject({ name: '', idNumber: '' });
    expect(JSON.stringify(purged)).not.toContain(child.name);
    expect(JSON.stringify(purged.timeline.at(-1))).toContain('hotline.CasePurged');
    const after = await openedCaseEvents();
    expect(after.opened).not.toContain(child.name);
    expect(after.opened).not.toContain(child.idNumber);

    // The same child's relief record is untouched.
    expect((await getApplication()).application.form?.applicant).toMatchObject({
      name: child.name,
      idNumber: child.idNumber,
    });

    // Erasing the child still reaches every programme.
    await call(`${HOTLINE}/EraseChild`, { childRef }, supervisor);
    expect((await getApplication()).application.form?.applicant).toMatchObject({ name: '', idNumber: '' });
  });
});
