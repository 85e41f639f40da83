import { GrpcStatus } from '@carebridge/grpc-kit';
import { decodeStatusDetails, type TestClient } from '@carebridge/grpc-kit/testing';
import { failure, startHotlineServer, type Caller, type HotlineServer } from './testing/hotlineServer';

jest.setTimeout(300_000);

const xining: Caller = { sub: 'op-xining', roles: ['hotline.operator'], division: '630100' };
const datong: Caller = { sub: 'h-datong', roles: ['hotline.handler'], division: '630121' };
const supervisorQh: Caller = { sub: 'sup-qh', roles: ['hotline.supervisor'], division: '630000' };
const intruders: Record<string, Caller> = {
  'another county of the same prefecture': { sub: 'h-chengdong', roles: ['hotline.handler'], division: '630102' },
  'a county of another prefecture': { sub: 'h-ledu', roles: ['hotline.handler'], division: '630202' },
  'another prefecture': { sub: 'op-haidong', roles: ['hotline.operator'], division: '630200' },
  'another province': { sub: 'sup-beijing', roles: ['hotline.supervisor'], division: '110000' },
};

const contactIn = (division: string, over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  caller: { name: '王老师', phone: '13800000002', relation: 'teacher' },
  child: { name: '赵小禾', age: 10, locationDivision: division },
  caseType: 'rights_violation',
  urgency: 'urgent',
  narrative: 'bruises seen at school several times',
  ...over,
});

describe('object-level authorisation and bad input through the real gRPC server', () => {
  let hotline: HotlineServer;
  let operator: TestClient;
  let handler: TestClient;
  let supervisor: TestClient;

  beforeAll(async () => {
    hotline = await startHotlineServer('hotline_access');
    operator = await hotline.clientFor(xining);
    handler = await hotline.clientFor(datong);
    supervisor = await hotline.clientFor(supervisorQh);
  }, 120_000);
  afterAll(() => hotline?.stop(), 60_000);

  const refusalsOf = async (subject: string) => {
    const { commits } = await hotline.runtime.app.deps.eventStore.readAll({ after: 0, limit: 100_000 });
    return commits
      .flatMap((c) => c.events)
      .filter((e) => e.type === 'hotline.CaseAccessed' && e.data.subject === subject && e.data.decision === 'refused')
      .map((e) => String(e.data.rpc));
  };

  test('every read and write RPC refuses tokens of another county, prefecture or province, the same way, and audits each refusal once', async () => {
    const recorded = await operator.call<{ contactId: string; childRef: string }>(
      'RecordContact',
      contactIn('630121'),
      { idempotencyKey: 'acl-contact' },
    );
    const spare = await operator.call<{ contactId: string }>('RecordContact', contactIn('630121'), {
      idempotencyKey: 'acl-spare',
    });
    const { caseId } = await operator.call<{ caseId: string }>(
      'OpenCase',
      { contactIds: [recorded.contactId] },
      { idempotencyKey: 'acl-open' },
    );
    await operator.call('AssignCase', { caseId }, { idempotencyKey: 'acl-assign' });
    await handler.call('AcceptCase', { caseId }, { idempotencyKey: 'acl-accept' });
    const before = await operator.call<{ timeline: unknown[] }>('GetCase', { caseId });

    const rpcs: [string, object][] = [
      ['RecordContact', contactIn('630121')],
      ['OpenCase', { contactIds: [spare.contactId] }],
      ['AssignCase', { caseId, county: '' }],
      ['AcceptCase', { caseId }],
      ['RecordAction', { caseId, kind: 'visit', note: 'went to the house' }],
      ['ReferCase', { caseId, target: { hotline: '110' }, note: 'police asked to attend' }],
      ['RecordReply', { caseId, channel: 'phone', summary: 'caller told' }],
      ['CloseCase', { caseId, outcome: 'resolved', summary: 'done' }],
      ['ReopenCase', { caseId, reason: 'new report' }],
      ['GetCase', { caseId }],
      ['ListCases', { division: '630121' }],
      ['EraseChild', { childRef: recorded.childRef }],
    ];
    for (const [who, caller] of Object.entries(intruders)) {
      const client = await hotline.clientFor(caller);
      for (const [rpc, request] of rpcs) {
        const err = await failure(client.call(rpc, request, { idempotencyKey: `acl-${caller.sub}-${rpc}` }));
        expect({ who, rpc, code: err.code }).toEqual({ who, rpc, code: GrpcStatus.PERMISSION_DENIED });
      }
      // Each refusal is one audit entry naming the caller and the RPC (whether the kit or the case refused it).
      expect((await refusalsOf(caller.sub)).sort()).toEqual(rpcs.map(([rpc]) => rpc).sort());
      // Nor does an unfiltered listing leak the case.
      const own = await client.call<{ cases: { caseId: string }[] }>('ListCases', {}).catch(() => ({ cases: [] }));
      expect(own.cases.map((c) => c.caseId)).not.toContain(caseId);
    }

    // Nothing changed: the case has the same timeline, the spare contact opens a case for its own prefecture.
    expect((await operator.call<{ timeline: unknown[] }>('GetCase', { caseId })).timeline).toHaveLength(
      before.timeline.length,
    );
    await handler.call(
      'RecordAction',
      { caseId, kind: 'visit', note: 'went to the house' },
      { idempotencyKey: 'acl-own-visit' },
    );
    expect((await supervisor.call<{ timeline: unknown[] }>('GetCase', { caseId })).timeline).toHaveLength(
      before.timeline.length + 1,
    );
    expect(
      await operator.call('OpenCase', { contactIds: [spare.contactId] }, { idempotencyKey: 'acl-own-open' }),
    ).toMatchObject({ status: 'open' });
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown case type', { caseType: 'gossip' }, ['case_type']],
    ['an age below 0', { child: { name: '小明', age: -1, locationDivision: '630121' } }, ['child.age']],
    ['an age above 17', { child: { name: '小明', age: 18, locationDivision: '630121' } }, ['child.age']],
    [
      'a division outside the jurisdiction (Beijing)',
      { child: { name: '小明', age: 9, locationDivision: '110101' } },
      ['child.location_division'],
    ],
    [
      'a division that does not exist',
      { child: { name: '小明', age: 9, locationDivision: '639999' } },
      ['child.location_division'],
    ],
    ['an empty narrative', { narrative: '  ' }, ['narrative']],
    [
      'all of them at once',
      { caseType: 'gossip', narrative: '', child: { name: '小明', age: 30, locationDivision: '110101' } },
      ['child.age', 'child.location_division', 'case_type', 'narrative'],
    ],
  ])('%s is INVALID_ARGUMENT naming each field, and nothing is stored', async (_name, over, fields) => {
    const commits = hotline.database.db.collection('commits');
    const stored = await commits.countDocuments();
    const err = await failure(
      operator.call('RecordContact', contactIn('630121', over), {
        idempotencyKey: `bad-${fields.join('-')}-${String(over.caseType)}`,
      }),
    );
    expect(err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(decodeStatusDetails(err)?.fieldViolations.map((v) => v.field)).toEqual(fields);
    expect(await commits.countDocuments()).toBe(stored);
  });
});
