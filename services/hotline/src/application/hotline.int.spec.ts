import { PermissionDeniedError, ValidationError } from '@carebridge/decider';
import {
  CHILD_NAME,
  emergencyContact,
  principals as p,
  startHarness,
  type EventLog,
  type Harness,
} from '../testing/harness';

jest.setTimeout(60_000);

describe.each<EventLog>(['mongodb', 'sqlite'])('hotline application, event log on %s', (log) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(`hotline_app_${log}`, log);
  });
  afterAll(async () => h.close());

  const openAssigned = async (key: string) => {
    const { contactId, childRef } = await h.service.contacts.recordContact(
      p.xiningOperator,
      emergencyContact(),
      `${key}-contact`,
    );
    const { caseId } = await h.service.contacts.openCase(p.xiningOperator, [contactId], `${key}-open`);
    await h.service.cases.assignCase(p.xiningOperator, caseId, '', `${key}-assign`);
    return { contactId, caseId, childRef };
  };

  const typesOf = async (caseId: string) =>
    (await h.service.queries.getCase(p.supervisor, caseId)).timeline.map((e) => e.type);

  describe('deadlines with a controllable clock', () => {
    test('an unaccepted emergency escalates once per level; a late acceptance is recorded as late', async () => {
      const { caseId } = await openAssigned('late');
      const watcher = h.service.jobs.deadlineWatcher;
      h.clock.advanceMinutes(59);
      await watcher.tick();
      expect((await typesOf(caseId)).filter((t) => t === 'hotline.CaseEscalated')).toHaveLength(0);
      h.clock.advanceMinutes(2); // 61 minutes: past the one-hour acceptance deadline
      await watcher.tick();
      await watcher.tick();
      const listed = await h.service.queries.listCases(p.xiningOperator, { overdueOnly: true });
      expect(listed.items.map((c) => c.id)).toContain(caseId);
      h.clock.advanceMinutes(30);
      await watcher.tick();
      h.clock.advanceMinutes(31); // 122 minutes: one escalation step later
      await watcher.tick();
      await watcher.tick();
      h.clock.advanceMinutes(60);
      await watcher.tick();
      const { timeline } = await h.service.queries.getCase(p.supervisor, caseId);
      const escalations = timeline.filter((e) => e.type === 'hotline.CaseEscalated').map((e) => e.data.to);
      expect(escalations).toEqual(['prefecture', 'province']);
      expect(timeline.filter((e) => e.type === 'hotline.DeadlineBreached').map((e) => e.data.stage)).toEqual([
        'acceptance',
      ]);
      const accepted = await h.service.cases.acceptCase(p.datongHandler, caseId, 'late-accept');
      expect(accepted.late).toBe(true);
      const after = await h.service.queries.getCase(p.supervisor, caseId);
      expect(after.timeline.find((e) => e.type === 'hotline.CaseAccepted')?.data.late).toBe(true);
    });
  });

  describe('object-level authorisation', () => {
    const rpcs: [string, (caseId: string, who: typeof p.xiningOperator) => Promise<unknown>][] = [
      ['GetCase', (id, who) => h.service.queries.getCase(who, id)],
      ['AssignCase', (id, who) => h.service.cases.assignCase(who, id, '', 'x-assign')],
      ['AcceptCase', (id, who) => h.service.cases.acceptCase(who, id, 'x-accept')],
      ['RecordAction', (id, who) => h.service.cases.recordAction(who, id, 'visit', 'v', 'x-act')],
      ['ReferCase', (id, who) => h.service.cases.referCase(who, id, { hotline: '110' }, '', 'x-ref')],
      ['RecordReply', (id, who) => h.service.cases.recordReply(who, id, 'phone', 's', 'x-reply')],
      ['CloseCase', (id, who) => h.service.cases.closeCase(who, id, 'resolved', 's', 'x-close')],
      ['ReopenCase', (id, who) => h.service.cases.reopenCase(who, id, 'r', 'x-reopen')],
    ];
    const outsiders = [p.haidongOperator, p.chengdongHandler, p.leduHandler, p.stranger];

    test.each(rpcs)('%s is refused to every other county, prefecture and role, and audited', async (rpc, call) => {
      const { caseId } = await openAssigned(`authz-${rpc}`);
      const before = (await h.service.queries.getCase(p.supervisor, caseId)).timeline.length;
      for (const who of outsiders) await expect(call(caseId, who)).rejects.toBeInstanceOf(PermissionDeniedError);
      expect((await h.service.queries.getCase(p.supervisor, caseId)).timeline.length).toBe(before);
      const audit = await h.service.deps.eventStore.readStream(`hotline-audit-${caseId}`);
      const refused = audit
        .filter((e) => e.data.decision === 'refused' && e.data.rpc === rpc)
        .map((e) => e.data.subject);
      expect(refused).toEqual(outsiders.map((o) => o.subject));
    });

    test("OpenCase and RecordContact outside the caller's prefecture are refused and audited", async () => {
      const { contactId } = await h.service.contacts.recordContact(p.xiningOperator, emergencyContact(), 'authz-oc');
      await expect(h.service.contacts.openCase(p.haidongOperator, [contactId], 'authz-oc-open')).rejects.toBeInstanceOf(
        PermissionDeniedError,
      );
      await expect(
        h.service.contacts.recordContact(p.haidongOperator, emergencyContact(), 'authz-rc'),
      ).rejects.toBeInstanceOf(PermissionDeniedError);
      const audit = await h.service.deps.eventStore.readStream(`hotline-audit-${contactId}`);
      expect(audit.map((e) => [e.data.rpc, e.data.decision, e.data.subject])).toEqual([
        ['OpenCase', 'refused', 'op-haidong'],
      ]);
    });

    test('ListCases shows each level only its own cases', async () => {
      const { caseId } = await openAssigned('authz-list');
      const ids = async (who: typeof p.xiningOperator) =>
        (await h.service.queries.listCases(who, { pageSize: 500 })).items.map((c) => c.id);
      expect(await ids(p.datongHandler)).toContain(caseId);
      expect(await ids(p.xiningOperator)).toContain(caseId);
      expect(await ids(p.supervisor)).toContain(caseId);
      expect(await ids(p.chengdongHandler)).not.toContain(caseId);
      expect(await ids(p.haidongOperator)).not.toContain(caseId);
      await expect(h.service.queries.listCases(p.stranger, {})).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(h.service.queries.listCases(p.haidongOperator, { division: '630100' })).rejects.toBeInstanceOf(
        PermissionDeniedError,
      );
    });

    test('every allowed read is audited with the reader', async () => {
      const { caseId } = await openAssigned('audit-read');
      await h.service.queries.getCase(p.datongHandler, caseId);
      const audit = await h.service.deps.eventStore.readStream(`hotline-audit-${caseId}`);
      expect(
        audit.filter((e) => e.data.rpc === 'GetCase' && e.data.decision === 'allowed').map((e) => e.data.subject),
      ).toContain('h-datong');
    });
  });

  describe('bad input', () => {
    test('names every bad field and stores nothing', async () => {
      const before = (await h.service.deps.eventStore.readAll({ after: 0, limit: 10_000 })).commits.length;
      const bad = emergencyContact({
        caseType: 'gossip',
        narrative: ' ',
        child: { name: CHILD_NAME, age: 18, locationDivision: '110101' },
      });
      const error = await h.service.contacts.recordContact(p.xiningOperator, bad, 'bad-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual([
        'child.age',
        'child.locationDivision',
        'caseType',
        'narrative',
      ]);
      const negative = await h.service.contacts
        .recordContact(
          p.xiningOperator,
          emergencyContact({ child: { name: 'x', age: -1, locationDivision: '630121' } }),
          'bad-2',
        )
        .catch((e: unknown) => e);
      expect((negative as ValidationError).violations.map((v) => v.field)).toEqual(['child.age']);
      expect((await h.service.deps.eventStore.readAll({ after: 0, limit: 10_000 })).commits.length).toBe(before);
    });
  });

  describe('erasure', () => {
    const everyEventOpened = async () => {
      const { commits } = await h.service.deps.eventStore.readAll({ after: 0, limit: 100_000 });
      const events = commits.flatMap((c) => c.events);
      const opened = await Promise.all(events.map((e) => h.service.deps.personalData.open(e.type, e.data)));
      return { stored: JSON.stringify(events), opened: JSON.stringify(opened) };
    };
    const readModelsAndVault = async () => {
      const raw: string[] = [];
      for (const { name } of await h.db.db.listCollections().toArray())
        raw.push(JSON.stringify(await h.db.db.collection(name).find().toArray()));
      return raw.join('\n');
    };

    test("after the child's key is destroyed, neither store nor read model yields the name or ID", async () => {
      // A child of its own: other tests of this file record other children under the common fixture name.
      const NAME = '祁小禾';
      const ID = '630121201701010021';
      const { contactId } = await h.service.contacts.recordContact(
        p.xiningOperator,
        emergencyContact({ child: { name: NAME, age: 7, idNumber: ID, locationDivision: '630121' } }),
        'erase-contact',
      );
      const { caseId } = await h.service.contacts.openCase(p.xiningOperator, [contactId], 'erase-open');
      await h.service.cases.assignCase(p.xiningOperator, caseId, '', 'erase-assign');
      const opened = await h.service.queries.getCase(p.supervisor, caseId);
      const childRef = opened.state.status === 'exists' ? opened.state.child.childRef : '';
      await h.service.cases.referCase(
        p.datongHandler,
        caseId,
        { hotline: '110' },
        `${NAME} reported to police`,
        'erase-ref',
      );
      const before = await everyEventOpened();
      // At rest the log holds only sealed values; opened with the live key the name and ID are there.
      expect(before.stored).not.toContain(NAME);
      expect(before.opened).toContain(NAME);
      expect(before.opened).toContain(ID);

      await h.service.eraseChild(p.supervisor, childRef);

      const after = await everyEventOpened();
      expect(after.opened).not.toContain(NAME);
      expect(after.opened).not.toContain(ID);
      const read = await h.service.queries.getCase(p.supervisor, caseId);
      expect(read.state.status === 'exists' && read.state.child.name).toBeNull();
      expect(JSON.stringify(read)).not.toContain(NAME);
      const mongo = await readModelsAndVault();
      expect(mongo).toContain(caseId);
      expect(mongo).not.toContain(NAME);
      expect(mongo).not.toContain(ID);
    });
  });

  // Last: it moves the clock years ahead.
  describe('retention purge on a moved clock', () => {
    test("purges one closed case past its retention with its contact; the same child's other case stays", async () => {
      const NAME = '冶小梅';
      const child = { name: NAME, age: 8, locationDivision: '630121' };
      const first = await h.service.contacts.recordContact(p.xiningOperator, emergencyContact({ child }), 'ret-c1');
      const { childRef } = first;
      const second = await h.service.contacts.recordContact(
        p.xiningOperator,
        emergencyContact({ child: { ...child, childRef } }),
        'ret-c2',
      );
      expect(second.childRef).toBe(childRef);
      const { caseId: expired } = await h.service.contacts.openCase(p.xiningOperator, [first.contactId], 'ret-o1');
      const { caseId: kept } = await h.service.contacts.openCase(p.xiningOperator, [second.contactId], 'ret-o2');
      await h.service.cases.recordReply(p.xiningOperator, expired, 'phone', 'told the caller', 'ret-reply');
      await h.service.cases.closeCase(p.xiningOperator, expired, 'resolved', 'safe again', 'ret-close');
      const purger = h.service.jobs.retentionPurge;
      const nameOf = async (caseId: string) => {
        const read = await h.service.queries.getCase(p.supervisor, caseId);
        return read.state.status === 'exists' ? read.state.child.name : undefined;
      };

      // Exactly the retention period after closure: not yet past it.
      h.clock.advanceMinutes(h.service.deps.retention.closedCaseMinutes);
      expect(await purger.tick()).toMatchObject({ ran: true, changed: 0 });
      expect(await nameOf(expired)).toBe(NAME);
      h.clock.advanceMinutes(1);
      expect(await purger.tick()).toMatchObject({ ran: true, changed: 1 });

      const read = await h.service.queries.getCase(p.supervisor, expired);
      expect(read.summary?.status).toBe('purged');
      expect(read.state.status === 'exists' && read.state.child.name).toBeNull();
      expect(read.timeline.at(-1)).toMatchObject({ type: 'hotline.CasePurged' });
      expect(JSON.stringify(read)).not.toContain(NAME);
      const contact = await h.service.deps.personalData.openEvents(
        await h.service.deps.eventStore.readStream(`hotline-contact-${first.contactId}`),
      );
      expect(JSON.stringify(contact)).not.toContain(NAME);
      const listed = await h.service.queries.listCases(p.xiningOperator, { status: 'purged', pageSize: 500 });
      expect(listed.items.map((c) => c.id)).toContain(expired);
      // The child's key and other records live on.
      expect(await nameOf(kept)).toBe(NAME);

      // Once only; the purged case takes no more commands.
      expect(await purger.tick()).toMatchObject({ ran: true, changed: 0 });
      await expect(h.service.cases.reopenCase(p.xiningOperator, expired, 'r', 'ret-reopen')).rejects.toThrow(/purged/);
    });
  });
});
