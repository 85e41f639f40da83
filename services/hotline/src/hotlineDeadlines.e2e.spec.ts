import type { TestClient } from '@carebridge/grpc-kit/testing';
import { eventually } from '@carebridge/test-engines';
import { startHotlineServer, type HotlineServer } from './testing/hotlineServer';

jest.setTimeout(300_000);

type Timeline = { type: string; dataJson: string }[];
type Read = { summary: { overdue: boolean; breaches: string[]; escalatedTo: string[] }; timeline: Timeline };

/** The deadline watcher job runs inside the service (every 200 ms) on the clock the test moves by hand. */
describe('deadlines with a controllable clock, through the real gRPC server', () => {
  let hotline: HotlineServer;
  let operator: TestClient;
  let handler: TestClient;
  let supervisor: TestClient;

  beforeAll(async () => {
    hotline = await startHotlineServer('hotline_deadlines', { watchIntervalMs: 200 });
    operator = await hotline.clientFor({ sub: 'op-xining', roles: ['hotline.operator'], division: '630100' });
    handler = await hotline.clientFor({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
    supervisor = await hotline.clientFor({ sub: 'sup-qh', roles: ['hotline.supervisor'], division: '630000' });
  }, 120_000);
  afterAll(() => hotline?.stop(), 60_000);

  const read = (caseId: string) => supervisor.call<Read>('GetCase', { caseId });
  const escalations = (r: Read) =>
    r.timeline
      .filter((e) => e.type === 'hotline.CaseEscalated')
      .map((e) => (JSON.parse(e.dataJson) as { to: string }).to);
  const breaches = (r: Read) =>
    r.timeline
      .filter((e) => e.type === 'hotline.DeadlineBreached')
      .map((e) => (JSON.parse(e.dataJson) as { stage: string }).stage);

  /**
   * Two whole passes of the watcher from now on: the first may join a pass already running (tick never runs two at
   * once), the second starts after it. The background job keeps ticking too; these are the passes we wait for.
   */
  const twoMorePasses = async (): Promise<void> => {
    await hotline.runtime.app.jobs.deadlineWatcher.tick();
    await hotline.runtime.app.jobs.deadlineWatcher.tick();
  };

  /** Waits until the watcher has done what `done` describes, then for two more of its passes. */
  const watchUntil = async (caseId: string, done: (r: Read) => boolean): Promise<Read> => {
    await eventually(async () => done(await read(caseId)), {
      what: 'the deadline watcher to act',
      timeoutMs: 120_000,
      intervalMs: 300,
    });
    await twoMorePasses();
    return read(caseId);
  };

  test('an unaccepted emergency escalates exactly once per level; the late acceptance is recorded as late', async () => {
    const { contactId } = await operator.call<{ contactId: string }>(
      'RecordContact',
      {
        channel: 'phone',
        caller: { phone: '13800000001', relation: 'neighbour' },
        child: { name: '李小川', age: 6, locationDivision: '630121' },
        caseType: 'rights_violation',
        urgency: 'emergency',
        narrative: 'a child is heard crying behind a locked door for hours',
      },
      { idempotencyKey: 'deadline-contact' },
    );
    const { caseId } = await operator.call<{ caseId: string }>(
      'OpenCase',
      { contactIds: [contactId] },
      { idempotencyKey: 'deadline-open' },
    );
    await operator.call('AssignCase', { caseId }, { idempotencyKey: 'deadline-assign' });

    // 59 minutes: inside the one-hour acceptance deadline, nothing happens however often the watcher looks.
    hotline.clock.advanceMinutes(59);
    await twoMorePasses();
    const early = await read(caseId);
    expect(breaches(early)).toEqual([]);
    expect(escalations(early)).toEqual([]);

    // 61 minutes: breached, and the prefecture (the level above the county) is told, once.
    hotline.clock.advanceMinutes(2);
    const first = await watchUntil(caseId, (r) => escalations(r).length >= 1);
    expect(breaches(first)).toEqual(['acceptance']);
    expect(escalations(first)).toEqual(['prefecture']);
    expect(first.summary).toMatchObject({ overdue: true, breaches: ['acceptance'], escalatedTo: ['prefecture'] });
    const overdue = await operator.call<{ cases: { caseId: string }[] }>('ListCases', { overdueOnly: true });
    expect(overdue.cases.map((c) => c.caseId)).toEqual([caseId]);

    // One escalation step (60 minutes) later the province is told, once; hours more add nothing.
    hotline.clock.advanceMinutes(60);
    const second = await watchUntil(caseId, (r) => escalations(r).length >= 2);
    expect(escalations(second)).toEqual(['prefecture', 'province']);
    hotline.clock.advanceMinutes(180);
    const later = await watchUntil(caseId, () => true);
    expect(escalations(later)).toEqual(['prefecture', 'province']);
    expect(breaches(later)).toEqual(['acceptance']);

    const accepted = await handler.call<{ status: string; late: boolean }>(
      'AcceptCase',
      { caseId },
      { idempotencyKey: 'deadline-accept' },
    );
    expect(accepted).toMatchObject({ status: 'accepted', late: true });
    const after = await read(caseId);
    const acceptance = after.timeline.find((e) => e.type === 'hotline.CaseAccepted');
    expect(JSON.parse(acceptance!.dataJson)).toMatchObject({ late: true, dueAt: '2026-03-01T09:00:00.000Z' });
  });
});
