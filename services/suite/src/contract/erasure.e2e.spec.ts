// One person, one key, in every programme: a hotline child referred to relief, dispatch and the catalog is shown
// by each of them, then erased by the hotline's EraseChild; afterwards every programme answers with the person
// erased, its stored commits no longer open, and no store, topic or log line of the run holds the child in plaintext.
import fs from 'node:fs';
import { idNumberCheckCharacter, personSubject } from '@carebridge/identity';
import { randomUUID } from 'node:crypto';
import { toKafkaRecord } from '@carebridge/event-schema';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import type { FixtureCaller } from '@carebridge/grpc-kit/testing';
import { eventually } from '@carebridge/test-engines';
import { creditCodeCheckCharacter } from '../../../service-catalog/src/domain/creditCode';
import { validItem } from '../../../service-catalog/src/testing/rpcFixtures';
import { wuhanCommunities } from '../../../volunteer-dispatch/src/demo/wuhanCommunities';
import { startSuite, type AtRest, type Engine, type RunningSuite } from '../testing/suiteOnEngines';

jest.setTimeout(600_000);

const HOTLINE = 'carebridge.hotline.v1.HotlineService';
const RELIEF = 'carebridge.relief.v1.ReliefIntake';
const DISPATCH = 'carebridge.dispatch.v1.DispatchService';
const CATALOG = 'carebridge.catalog.v1.ServiceCatalog';

const first17 = '63012120130617004';
/** A child only this file uses; the phone is the caller's (the hotline keeps it on the caller, not the child). */
const child = { name: '索南拉毛', idNumber: first17 + idNumberCheckCharacter(first17), phone: '13909712350' };
const secrets = Object.values(child);

const operator: FixtureCaller = { sub: 'er-op-xining', roles: ['hotline.operator'], division: '630100' };
const handler: FixtureCaller = { sub: 'er-h-datong', roles: ['hotline.handler'], division: '630121' };
const supervisor: FixtureCaller = { sub: 'er-sup-qinghai', roles: ['hotline.supervisor'], division: '630000' };
/** Relief drafts a referral for the city of the person's division (Xining). */
const caseworker: FixtureCaller = { sub: 'er-cw-xining', roles: ['relief.caseworker'], division: '630100' };
const DISTRICT = '420102'; // 江岸区 (Wuhan)
const dispatcher: FixtureCaller = { sub: 'er-dispatcher-jiangan', roles: ['dispatch.dispatcher'], division: DISTRICT };
const DEQING = '330521';
const WUKANG = '330521001';
const officer: FixtureCaller = { sub: 'er-officer-deqing', roles: ['catalog.officer'], division: DEQING };
const staff: FixtureCaller = { sub: 'er-staff-deqing', roles: ['catalog.org_staff'], division: DEQING };

const until = <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = Number(process.env.ERASURE_WAIT_MS ?? 180_000),
): Promise<T> =>
  eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error('not there yet');
      return value;
    },
    { what, timeoutMs, intervalMs: 500 },
  );

/** Where a secret lies in plaintext: `<where>: <secret>` for each hit. */
const plaintextIn = (stored: readonly AtRest[]): string[] =>
  stored.flatMap((s) => secrets.filter((secret) => s.text.includes(secret)).map((secret) => `${s.where}: ${secret}`));

/** A unified social credit code (GB 32100) registered in Deqing that nobody else in this run has. */
const creditCode = (digits: string): string => {
  const first = `51${DEQING}MJ${digits}`;
  return first + creditCodeCheckCharacter(first)!;
};

const programmeItem = {
  ...validItem,
  title: { zh: '困境儿童上门探访', en: 'Home visits to children in difficulty' },
  description: { zh: '社工每周上门探访', en: 'Weekly visits by social workers' },
  eligibility: { situations: ['困境儿童'] },
};

type Application = {
  application: { form: { applicant: { name: string; idNumber: string; phone: string } } | null };
};

const engines: readonly Engine[] = ['embedded', 'real'];

describe.each(engines)('erasing a hotline child erases them in every programme (%s engines)', (engine) => {
  let suite: RunningSuite;
  const logged: string[] = [];
  let restoreLogs: (() => void) | undefined;

  beforeAll(async () => {
    // The services log through pino straight to file descriptor 1 (sonic-boom: fs.write/fs.writeSync): keep every
    // line of the run, at level info so there is something to read, instead of printing it.
    const { write, writeSync } = fs;
    const level = process.env.LOG_LEVEL;
    const keep = (fd: unknown, data: unknown): boolean => {
      if (fd !== 1 && fd !== 2) return false;
      logged.push(typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));
      return true;
    };
    const patched = fs as unknown as Record<'write' | 'writeSync', (...args: unknown[]) => unknown>;
    patched.writeSync = (...args: unknown[]) =>
      keep(args[0], args[1])
        ? Buffer.byteLength(args[1] as string | Uint8Array)
        : (writeSync as (...a: unknown[]) => unknown)(...args);
    patched.write = (...args: unknown[]) => {
      if (!keep(args[0], args[1])) return (write as (...a: unknown[]) => unknown)(...args);
      const done = args.at(-1) as (err: null, written: number) => void;
      process.nextTick(() => done(null, Buffer.byteLength(args[1] as string | Uint8Array)));
      return undefined;
    };
    // (pino writes to process.stdout itself when something has replaced its write method)
    const stdoutWrite = Object.getOwnPropertyDescriptor(process.stdout, 'write');
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      keep(1, chunk);
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    };
    process.env.LOG_LEVEL = 'info';
    restoreLogs = () => {
      Object.assign(fs, { write, writeSync });
      if (stdoutWrite) Object.defineProperty(process.stdout, 'write', stdoutWrite);
      else delete (process.stdout as { write?: unknown }).write;
      if (level === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = level;
    };
    suite = await startSuite(engine);
  }, 300_000);
  afterAll(async () => {
    await suite?.stop();
    restoreLogs?.();
  });

  /** The stored events of a service that hold any of `markers` (the person's key id, reference, ids), as recorded. */
  const eventsOf = async (serviceName: string, markers: readonly string[]) => {
    const service = suite.services.find((s) => s.name === serviceName)!;
    const store = service.infra.depsFor(serviceName).eventStore;
    const found: { type: string; data: Record<string, unknown> }[] = [];
    let after = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: 500 });
      for (const c of page.commits)
        for (const e of c.events) if (markers.some((m) => JSON.stringify(e.data).includes(m))) found.push(e);
      if (page.commits.length === 0 || page.checkpoint === after) return found;
      after = page.checkpoint;
    }
  };

  /** Each of those events opened with the shared key vault: does any still yield the child's name? */
  const openedNames = async (serviceName: string, markers: readonly string[]): Promise<string[]> => {
    const service = suite.services.find((s) => s.name === serviceName)!;
    const cipher = createPersonalDataCipher(service.infra.depsFor(serviceName).keyVault);
    const names: string[] = [];
    for (const e of await eventsOf(serviceName, markers)) {
      const opened = await cipher.openPersonalFields(service.infra.registry, e.type, e.data);
      if (JSON.stringify(opened.data).includes(child.name)) names.push(e.type);
    }
    return names;
  };

  test('referred to relief, dispatch and the catalog; EraseChild; no programme keeps the child', async () => {
    const call = <T>(rpc: string, request: object, caller: FixtureCaller): Promise<T> =>
      suite.call(rpc, request, caller) as Promise<T>;

    // The catalog item the referral asks for: an organisation of Deqing with a published item.
    const { organizationId } = await call<{ organizationId: string }>(
      `${CATALOG}/RegisterOrganization`,
      {
        creditCode: creditCode(String(Date.now()).slice(-7)),
        county: DEQING,
        profile: {
          name: '德清县儿童关爱服务中心',
          registrationAuthority: '德清县民政局',
          charterScope: '困境儿童关爱服务',
          serviceTowns: [WUKANG],
          contact: { phone: '0572-8000000' },
          staff: [staff.sub],
        },
      },
      officer,
    );
    const { serviceId } = await call<{ serviceId: string }>(
      `${CATALOG}/DraftServiceItem`,
      { organizationId, item: programmeItem },
      staff,
    );
    await call(`${CATALOG}/SubmitServiceItem`, { serviceId }, staff);
    await call(`${CATALOG}/PublishServiceItem`, { serviceId }, officer);
    const community = wuhanCommunities().find((c) => c.code.startsWith(DISTRICT))!.code;

    // The hotline records the child, opens, assigns and accepts a case, and refers it to every programme.
    const contact = await call<{ contactId: string; childRef: string }>(
      `${HOTLINE}/RecordContact`,
      {
        channel: 'phone',
        caller: { name: '韩老师', phone: child.phone, relation: 'teacher' },
        child: {
          name: child.name,
          age: 7,
          idNumber: child.idNumber,
          locationDivision: '630121',
          locationDetail: '桥头镇',
        },
        caseType: 'living_hardship',
        urgency: 'urgent',
        narrative: 'the family home burnt down',
      },
      operator,
    );
    const { childRef } = contact;
    expect(childRef).toBeTruthy();
    const { caseId } = await call<{ caseId: string }>(
      `${HOTLINE}/OpenCase`,
      { contactIds: [contact.contactId] },
      operator,
    );
    await call(`${HOTLINE}/AssignCase`, { caseId, county: '' }, operator);
    await call(`${HOTLINE}/AcceptCase`, { caseId }, handler);
    const refer = async (programme: object): Promise<string> =>
      (await call<{ referralId: string }>(`${HOTLINE}/ReferCase`, { caseId, target: { programme } }, handler))
        .referralId;
    const toRelief = await refer({ programme: 'relief', request: 'property_loss' });
    const toDispatch = await refer({ programme: 'dispatch', request: 'groceries', serviceId: community });
    const toCatalog = await refer({ programme: 'catalog', request: 'home_visit', serviceId });

    // Each programme shows the referred person.
    const applicationId = `ref-${toRelief}`;
    const orderId = `ref-${toDispatch}`;
    const getApplication = () => call<Application>(`${RELIEF}/GetApplication`, { applicationId }, caseworker);
    const getOrder = () => call<object>(`${DISPATCH}/GetOrder`, { orderId }, dispatcher);
    await until('the relief draft', getApplication);
    await until('the dispatch order', getOrder);
    const listed = await until('the dispatch order listed', async () => {
      const { orders } = await call<{ orders: { orderId: string }[] }>(
        `${DISPATCH}/ListOrders`,
        { community, pageSize: 50 },
        dispatcher,
      );
      return orders.some((o) => o.orderId === orderId) ? true : undefined;
    });
    expect(listed).toBe(true);
    const listRequests = async (): Promise<{ requestId: string; referralId: string }[]> =>
      (
        await call<{ requests: { requestId: string; referralId: string }[] }>(
          `${CATALOG}/ListRequests`,
          { organizationId, pageSize: 50 },
          staff,
        )
      ).requests;
    const requestId = await until('the catalog request', async () => {
      const found = (await listRequests()).find((r) => r.referralId === toCatalog);
      return found?.requestId;
    });
    const getRequest = () =>
      call<{ requester: Record<string, unknown> }>(`${CATALOG}/GetRequest`, { requestId }, staff);

    // Positive control: each programme's read shows the name, or its stored commits open to it; the scan finds it.
    const application = (await getApplication()).application;
    expect(application.form?.applicant).toMatchObject({ name: child.name, idNumber: child.idNumber });
    expect((await getRequest()).requester).toMatchObject({ name: child.name });
    const kid = (await suite.services[0]!.infra.depsFor('relief-intake').keyVault.keyFor(personSubject(childRef))).kid;
    const markers = [kid, childRef, applicationId, orderId, requestId];
    for (const service of ['relief-intake', 'volunteer-dispatch', 'service-catalog'])
      expect({ service, opened: (await openedNames(service, markers)).length > 0 }).toEqual({ service, opened: true });
    // The raw scan reaches each programme's store: each holds the child's fields sealed under the child's key.
    const storedBefore = await suite.storesAtRest();
    for (const database of ['relief', 'dispatch', 'catalog'])
      expect({
        database,
        sealed: storedBefore.some((s) => s.where.includes(database) && s.text.includes(kid)),
      }).toEqual({
        database,
        sealed: true,
      });

    await call(`${HOTLINE}/EraseChild`, { childRef }, supervisor);

    // Every read answers (never INTERNAL) with the person erased.
    expect((await getApplication()).application.form?.applicant).toEqual({ name: '', idNumber: '', phone: '' });
    expect((await getRequest()).requester).toMatchObject({ name: '', phone: '' });
    const order = await getOrder();
    expect(JSON.stringify(order)).not.toContain(child.name);
    const { orders } = await call<{ orders: { orderId: string }[] }>(
      `${DISPATCH}/ListOrders`,
      { community, pageSize: 50 },
      dispatcher,
    );
    expect(orders.map((o) => o.orderId)).toContain(orderId);
    const requests = await listRequests();
    expect(requests.map((r) => r.requestId)).toContain(requestId);
    expect(JSON.stringify(requests)).not.toContain(child.name);

    // The key is gone: no programme's stored commits open to the name any more.
    expect(await suite.services[0]!.infra.depsFor('relief-intake').keyVault.keyById(kid)).toBeNull();
    for (const service of ['hotline', 'relief-intake', 'volunteer-dispatch', 'service-catalog', 'projections'])
      expect({ service, opened: await openedNames(service, markers) }).toEqual({ service, opened: [] });

    // Nothing at rest, on any topic (dead letters included) or in the run's log holds the child in plaintext.
    const stored = await suite.storesAtRest();
    expect(stored.length).toBeGreaterThan(10);
    expect(stored.some((s) => s.text.includes(applicationId))).toBe(true);
    expect(plaintextIn(stored)).toEqual([]);
    const onTopics = await suite.topicsAtRest();
    expect(onTopics.some((t) => t.text.includes(toCatalog))).toBe(true);
    expect(plaintextIn(onTopics)).toEqual([]);

    // A referral of the child that arrives only after the erasure (sent before it, delivered late; here: the
    // hotline's referrals again, under new ids): every programme takes it without retrying forever or dead-lettering
    // it, and none of them makes anything for the erased person.
    const hotline = suite.services.find((s) => s.name === 'hotline')!;
    const late = (await eventsOf('hotline', [childRef])).filter((e) => e.type === 'referral.Requested');
    expect(late).toHaveLength(3);
    const lateIds: Record<string, string> = {};
    await hotline.infra.bus.publisher.send(
      late.map((e) => {
        const referralId = `${String(e.data.referralId)}-late`;
        lateIds[String(e.data.to)] = referralId;
        const record = toKafkaRecord(
          {
            eventId: randomUUID(),
            streamId: `late-${referralId}`,
            version: 1,
            type: e.type,
            schemaVersion: 1,
            data: { ...e.data, referralId },
            recordedAt: new Date(),
          },
          { source: 'hotline', registry: hotline.infra.registry },
        );
        return { topic: 'referrals.v1', ...record };
      }),
    );
    await until('every consumer past the late referrals', async () =>
      (await suite.consumerLag()) === 0 ? true : undefined,
    );
    await expect(
      call(`${RELIEF}/GetApplication`, { applicationId: `ref-${lateIds.relief}` }, caseworker),
    ).rejects.toMatchObject({ code: 5 });
    await expect(
      call(`${DISPATCH}/GetOrder`, { orderId: `ref-${lateIds.dispatch}` }, dispatcher),
    ).rejects.toMatchObject({ code: 5 });
    expect((await listRequests()).map((r) => r.referralId)).not.toContain(lateIds.catalog);
    const deadLetters = (await suite.topicsAtRest()).filter((t) => t.text.includes('.dlq') || t.where.includes('.dlq'));
    expect(deadLetters.filter((t) => Object.values(lateIds).some((id) => t.text.includes(id)))).toEqual([]);

    const lines = logged.join('');
    expect(lines).toContain('"level"');
    expect(secrets.filter((s) => lines.includes(s))).toEqual([]);
  });
});
