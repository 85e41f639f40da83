import { principals as p, startHarness, type EventLog, type Harness } from '../testing/harness';
import { demoCases, seedDemo } from './seedDemo';

jest.setTimeout(120_000);

describe.each<EventLog>(['sqlite', 'mongodb'])('hotline demo cases (event log on %s)', (log) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(`hotline_demo_${log}`, log);
  });
  afterAll(async () => h.close());

  test('five cases across four prefectures, each at its intended point; seeding again changes nothing', async () => {
    const first = await seedDemo(h.service);
    expect(first.cases).toBe(5);
    const versions = async () =>
      Promise.all(first.caseIds.map(async (id) => (await h.service.queries.getCase(p.supervisor, id)).timeline.length));
    const before = await versions();
    const again = await seedDemo(h.service);
    expect(again.caseIds).toEqual(first.caseIds);
    expect(await versions()).toEqual(before);

    const byKey = Object.fromEntries(
      await Promise.all(
        demoCases.map(
          async (d, i) => [d.key, await h.service.queries.getCase(p.supervisor, first.caseIds[i]!)] as const,
        ),
      ),
    );
    expect(byKey['menyuan-referral']!.summary).toMatchObject({ status: 'open', prefecture: '632200' });
    expect(byKey['golmud-counselling']!.summary).toMatchObject({ status: 'assigned', county: '632801' });
    expect(byKey['datong-fire']!.summary).toMatchObject({ status: 'accepted', county: '630121' });
    expect(byKey['datong-fire']!.timeline.map((e) => e.type)).toContain('hotline.CaseReferred');
    const referral = byKey['datong-fire']!.timeline.find((e) => e.type === 'hotline.CaseReferred')!;
    expect(referral.data.target).toMatchObject({ programme: 'relief' });
    for (const key of ['pingan-neglect', 'yushu-policy'])
      expect(byKey[key]!.summary).toMatchObject({ status: 'closed' });

    // The provincial supervisor's list shows them all; a prefecture sees only its own.
    const all = await h.service.queries.listCases(p.supervisor, {});
    expect(all.items.map((c) => c.id)).toEqual(expect.arrayContaining(first.caseIds));
    const xining = await h.service.queries.listCases(p.xiningOperator, {});
    expect(xining.items.map((c) => c.id)).toEqual([first.caseIds[0]]);
  });
});
