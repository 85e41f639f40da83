import { ValidationError, DomainRuleError } from '@carebridge/decider';
import { makeIdNumber } from '@carebridge/identity';
import { openDispatch, type EngineKind } from '../testing/realEngines';

const JILIN = '420102012001';
const NEXT_DOOR = '420102012002';
const communities = [
  { code: JILIN, name: '吉林社区', streetName: '永清街道', neighbours: [NEXT_DOOR] },
  { code: NEXT_DOOR, name: '二七社区', streetName: '永清街道', neighbours: [] },
];
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
const ctx = (id: string) => ({
  commandId: id,
  actor: { subject: 'dispatcher-1', role: 'dispatcher', division: '420102' },
});
const volunteer = (n: number, overrides: Record<string, unknown> = {}) => ({
  name: `志愿者${n}`,
  idNumber: makeIdNumber('420102', '19800214', n),
  skills: ['pharmacy'],
  homeCommunity: JILIN,
  servedCommunities: [],
  availability: allWeek,
  maxConcurrentTasks: 2,
  maxHoursPerDay: 12,
  ...overrides,
});
const order = (n: number, overrides: Record<string, unknown> = {}) => {
  // One-hour windows on distinct hours, so only the caps (not overlaps) limit who takes what.
  const start = Date.parse('2020-02-17T08:00:00+08:00') + n * 61 * 60_000;
  return {
    need: 'medicine_delivery',
    community: JILIN,
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(start + 60 * 60_000).toISOString(),
    urgency: 'urgent',
    requiredSkills: [],
    estimatedHours: 1,
    requesterName: '王阿姨',
    source: { kind: 'resident' as const },
    requester: { name: '王阿姨', phone: '13800000000', address: '吉林街 3 号' },
    placedBy: 'resident-1',
    ...overrides,
  };
};

jest.setTimeout(400_000);

describe.each<EngineKind>(['mongodb', 'sqlite'])('dispatch on the real %s engine', (kind) => {
  let world: Awaited<ReturnType<typeof openDispatch>>;
  beforeAll(async () => {
    world = await openDispatch(kind, communities, '2020-02-17T06:00:00+08:00');
  });
  afterAll(() => world.close());

  it('race: 100 orders dispatched at once against 30 volunteers with cap 2', async () => {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, n) => world.app.volunteers.register(volunteer(n), ctx(`reg-${n}`))),
    );
    const orderIds = await Promise.all(
      Array.from({ length: 100 }, (_, n) => world.app.orders.place(order(n), ctx(`place-${n}`))),
    );
    const outcomes = await Promise.all(orderIds.map((id) => world.app.engine.dispatch(id, ctx(`dispatch-${id}`))));

    const offered = outcomes.filter((o) => o.kind === 'offered');
    expect(offered).toHaveLength(60);
    expect(outcomes.filter((o) => o.kind === 'unfilled')).toHaveLength(40);

    // Read back from the store, not from memory: every ledger within its cap, every order held by at most one.
    const holders = new Map<string, string[]>();
    for (const id of ids) {
      const { holdings } = await world.app.volunteers.hours(id);
      expect(holdings.length).toBeLessThanOrEqual(2);
      for (const h of holdings) holders.set(h.orderId, [...(holders.get(h.orderId) ?? []), id]);
    }
    for (const orderId of orderIds) {
      const state = await world.app.engine.loadOrder(orderId);
      const held = holders.get(orderId) ?? [];
      expect(held.length).toBeLessThanOrEqual(1);
      expect(state.offer?.assignee.id).toBe(held[0]);
    }
    await world.app.catchUp();
    expect((await world.app.board.unfilled({ community: JILIN })).items).toHaveLength(40);
  });

  // The race left 40 medicine orders unfilled; these two drivers cannot take them (no pharmacy knowledge).
  it('timeout: an unanswered offer goes to the next candidate; accept, complete, hours credited once', async () => {
    const a = await world.app.volunteers.register(
      volunteer(500, { homeCommunity: NEXT_DOOR, skills: ['driving'] }),
      ctx('reg-a'),
    );
    const b = await world.app.volunteers.register(
      volunteer(501, { homeCommunity: NEXT_DOOR, skills: ['driving'] }),
      ctx('reg-b'),
    );
    const { orderId, outcome } = await world.app.placeAndDispatch(
      order(0, { community: NEXT_DOOR, urgency: 'critical', need: 'groceries' }),
      ctx('late-order'),
    );
    expect(outcome.kind).toBe('offered');
    const first = outcome.kind === 'offered' ? outcome.assignee.id : '';
    const second = first === a ? b : a;

    world.clock.advanceMinutes(4);
    expect(await world.app.tick()).toMatchObject({ expired: 0 });
    world.clock.advanceMinutes(2); // critical orders wait 5 minutes
    expect((await world.app.tick()).expired).toBe(1);
    const state = await world.app.engine.loadOrder(orderId);
    expect(state.offer?.assignee.id).toBe(second);
    expect((await world.app.volunteers.hours(first)).holdings).toEqual([]);

    await expect(world.app.tasks.accept(orderId, { kind: 'volunteer', id: first }, ctx('accept-late'))).rejects.toThrow(
      DomainRuleError,
    );
    await world.app.tasks.accept(orderId, { kind: 'volunteer', id: second }, ctx('accept'));
    await world.app.tasks.start(orderId, { kind: 'volunteer', id: second }, ctx('start'));
    await world.app.tasks.complete(orderId, 450, ctx('complete'));
    await expect(world.app.tasks.complete(orderId, 60, ctx('complete-again'))).rejects.toThrow(/credited once/);
    expect((await world.app.volunteers.hours(second)).totalMinutes).toBe(450);
  });

  it('bad input names every field and stores nothing', async () => {
    const before = (await world.raw.readAll({ after: 0, limit: 5000 })).checkpoint;
    const error = await world.app.orders
      .place(
        order(1, {
          requiredSkills: ['juggling'],
          windowEnd: '2020-02-17T07:00:00+08:00',
          community: '420102012099',
          estimatedHours: -1,
        }),
        ctx('bad'),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field).sort()).toEqual([
      'community',
      'estimated_hours',
      'required_skills[0]',
      'window.end',
    ]);
    expect((await world.raw.readAll({ after: 0, limit: 5000 })).checkpoint).toBe(before);
  });

  it('keeps ID numbers and names out of the stored events in clear', async () => {
    const idNumber = makeIdNumber('420102', '19750101', 900);
    await world.app.volunteers.register(volunteer(900, { idNumber, name: '叶九思' }), ctx('reg-ye'));
    const stored = JSON.stringify(await world.raw.readAll({ after: 0, limit: 5000 }));
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain('叶九思');
    expect(stored).toContain('"sealed":"v1"');
  });
});
