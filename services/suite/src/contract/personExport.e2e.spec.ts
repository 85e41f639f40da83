// A person's data export (PIPL access and portability): a hotline child referred to relief, dispatch and the
// catalog is listed by every programme's ExportPersonRecords, and the ops tool assembles one document with the
// child's name opened in each; after EraseChild the same export says erased and holds no name or ID number; a
// caller without the privacy.officer role is refused by every programme.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idNumberCheckCharacter } from '@carebridge/identity';
import type { FixtureCaller } from '@carebridge/grpc-kit/testing';
import { issueTestToken } from '@carebridge/grpc-kit/testing';
import { exportPerson, personProgrammes, runPersonExport, type PersonExportDocument } from '@carebridge/ops-tools';
import { eventually } from '@carebridge/test-engines';
import { creditCodeCheckCharacter } from '../../../service-catalog/src/domain/creditCode';
import { validItem } from '../../../service-catalog/src/testing/rpcFixtures';
import { wuhanCommunities } from '../../../volunteer-dispatch/src/demo/wuhanCommunities';
import { startSuite, type Engine, type RunningSuite } from '../testing/suiteOnEngines';

jest.setTimeout(600_000);

const HOTLINE = 'carebridge.hotline.v1.HotlineService';
const CATALOG = 'carebridge.catalog.v1.ServiceCatalog';

const operator: FixtureCaller = { sub: 'px-op-xining', roles: ['hotline.operator'], division: '630100' };
const handler: FixtureCaller = { sub: 'px-h-datong', roles: ['hotline.handler'], division: '630121' };
const supervisor: FixtureCaller = { sub: 'px-sup-qinghai', roles: ['hotline.supervisor'], division: '630000' };
const officer: FixtureCaller = { sub: 'px-officer-deqing', roles: ['catalog.officer'], division: '330521' };
const staff: FixtureCaller = { sub: 'px-staff-deqing', roles: ['catalog.org_staff'], division: '330521' };
const dpo: FixtureCaller = { sub: 'px-dpo', roles: ['privacy.officer'], division: '110000' };
const DISTRICT = '420102'; // 江岸区 (Wuhan)

/** A child of Datong county with an ID number no other run used (the hotline derives the person reference from it). */
const freshChild = () => {
  const digits = String(Date.now()).slice(-7);
  const month = String((Number(digits.slice(0, 2)) % 12) + 1).padStart(2, '0');
  const day = String((Number(digits.slice(2, 4)) % 28) + 1).padStart(2, '0');
  const first17 = `6301212014${month}${day}${digits.slice(4)}`;
  return { name: `卓玛${digits}`, idNumber: first17 + idNumberCheckCharacter(first17), phone: '13909712351' };
};

const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
  eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error('not there yet');
      return value;
    },
    { what, timeoutMs: 180_000, intervalMs: 500 },
  );

const engines: readonly Engine[] = ['embedded', 'real'];

describe.each(engines)("a person's data export across every programme (%s engines)", (engine) => {
  let suite: RunningSuite;
  beforeAll(async () => {
    suite = await startSuite(engine);
  }, 300_000);
  afterAll(async () => {
    await suite?.stop();
  });

  const call = <T>(rpc: string, request: object, caller: FixtureCaller): Promise<T> =>
    suite.call(rpc, request, caller) as Promise<T>;

  /** The ops tool against this suite's programmes, as `caller`. */
  const exportAs = async (caller: FixtureCaller, personRef: string): Promise<PersonExportDocument> =>
    exportPerson({
      personRef,
      token: await issueTestToken({ ...caller, expiresIn: 600 }),
      addresses: Object.fromEntries(personProgrammes.map((p) => [p.programme, suite.serviceOf(p.grpcService).address])),
    });

  test('lists the referred child in hotline, relief, dispatch and catalog; erased after EraseChild; refused without the role', async () => {
    const child = freshChild();

    // A published catalog item of a Deqing organisation for the referral to ask for.
    const first = `51330521MJ${String(Date.now()).slice(-7)}`;
    const { organizationId } = await call<{ organizationId: string }>(
      `${CATALOG}/RegisterOrganization`,
      {
        creditCode: first + creditCodeCheckCharacter(first)!,
        county: '330521',
        profile: {
          name: '德清县未成年人保护中心',
          registrationAuthority: '德清县民政局',
          charterScope: '困境儿童关爱服务',
          serviceTowns: ['330521001'],
          contact: { phone: '0572-8000001' },
          staff: [staff.sub],
        },
      },
      officer,
    );
    const { serviceId } = await call<{ serviceId: string }>(
      `${CATALOG}/DraftServiceItem`,
      { organizationId, item: validItem },
      staff,
    );
    await call(`${CATALOG}/SubmitServiceItem`, { serviceId }, staff);
    await call(`${CATALOG}/PublishServiceItem`, { serviceId }, officer);

    // The hotline records the child, takes the case on and refers it to every programme.
    const { contactId, childRef } = await call<{ contactId: string; childRef: string }>(
      `${HOTLINE}/RecordContact`,
      {
        channel: 'phone',
        caller: { name: '韩老师', phone: child.phone, relation: 'teacher' },
        child: { name: child.name, age: 11, idNumber: child.idNumber, locationDivision: '630121' },
        caseType: 'living_hardship',
        urgency: 'urgent',
        narrative: 'the family home burnt down',
      },
      operator,
    );
    const { caseId } = await call<{ caseId: string }>(`${HOTLINE}/OpenCase`, { contactIds: [contactId] }, operator);
    await call(`${HOTLINE}/AssignCase`, { caseId, county: '' }, operator);
    await call(`${HOTLINE}/AcceptCase`, { caseId }, handler);
    const refer = async (programme: object): Promise<string> =>
      (await call<{ referralId: string }>(`${HOTLINE}/ReferCase`, { caseId, target: { programme } }, handler))
        .referralId;
    const community = wuhanCommunities().find((c) => c.code.startsWith(DISTRICT))!.code;
    const toRelief = await refer({ programme: 'relief', request: 'property_loss' });
    const toDispatch = await refer({ programme: 'dispatch', request: 'groceries', serviceId: community });
    await refer({ programme: 'catalog', request: 'home_visit', serviceId });

    // One document, every programme answering with the child's record and name.
    const before = await until('every programme lists the child', async () => {
      const document = await exportAs(dpo, childRef);
      return document.programmes.every((p) => p.records > 0) ? document : undefined;
    });
    expect(before).toMatchObject({ personRef: childRef, complete: true });
    expect(before.programmes.map((p) => p.programme)).toEqual(['hotline', 'relief', 'dispatch', 'catalog']);
    const byProgramme = (document: PersonExportDocument, programme: string) =>
      document.records.filter((r) => r.programme === programme);
    expect(byProgramme(before, 'hotline').map((r) => [r.kind, r.id])).toEqual([['case', caseId]]);
    expect(byProgramme(before, 'relief').map((r) => [r.kind, r.id])).toEqual([['application', `ref-${toRelief}`]]);
    expect(byProgramme(before, 'dispatch').map((r) => [r.kind, r.id])).toEqual([['order', `ref-${toDispatch}`]]);
    expect(byProgramme(before, 'catalog').map((r) => r.kind)).toEqual(['request']);
    for (const record of before.records) {
      const name = record.fields.find((f) => f.path.endsWith('.name'));
      expect({ programme: record.programme, name: name?.value, erased: [name?.erased, record.erased] }).toEqual({
        programme: record.programme,
        name: child.name,
        erased: [false, false],
      });
      expect(record.jurisdiction).toMatch(/^\d{6}$/);
      expect(record.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(record.updatedAt >= record.createdAt).toBe(true);
      expect(record.status).not.toBe('');
    }
    // The hotline gives the child's own fields, not the caller's (who may have reported the family).
    const hotlinePaths = byProgramme(before, 'hotline').flatMap((r) => r.fields.map((f) => f.path));
    expect(hotlinePaths).toEqual(expect.arrayContaining(['child.name', 'child.idNumber']));
    expect(JSON.stringify(before)).not.toContain(child.phone);
    // The officer's one command writes the same document to a file of their own, and prints no personal data.
    const dir = mkdtempSync(join(tmpdir(), 'person-export-'));
    try {
      const out = join(dir, 'export.json');
      const printed: string[] = [];
      const argv = ['--person-ref', childRef, '--out', out];
      for (const p of personProgrammes) argv.push(`--${p.programme}`, suite.serviceOf(p.grpcService).address);
      const token = await issueTestToken({ ...dpo, expiresIn: 600 });
      const print = (line: string) => void printed.push(line);
      expect(await runPersonExport(argv, { CAREBRIDGE_TOKEN: token }, { out: print, err: print })).toBe(0);
      const written = JSON.parse(readFileSync(out, 'utf8')) as PersonExportDocument;
      expect(written.records.map((r) => [r.programme, r.id])).toEqual(before.records.map((r) => [r.programme, r.id]));
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(printed.join('\n')).not.toContain(child.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Someone the deployment holds nothing about: every programme answers, with nothing.
    expect(await exportAs(dpo, `nobody-${childRef}`)).toMatchObject({ complete: true, records: [] });

    // Without the role: every programme refuses, and the document says it is not the whole answer.
    for (const programme of personProgrammes)
      await expect(
        call(`${programme.grpcService}/ExportPersonRecords`, { personRef: childRef }, supervisor),
      ).rejects.toMatchObject({ code: 7 });
    const refused = await exportAs(supervisor, childRef);
    expect(refused).toMatchObject({ complete: false, records: [] });
    expect(refused.programmes.map((p) => p.error?.split(':')[0])).toEqual([
      'PERMISSION_DENIED',
      'PERMISSION_DENIED',
      'PERMISSION_DENIED',
      'PERMISSION_DENIED',
    ]);

    await call(`${HOTLINE}/EraseChild`, { childRef }, supervisor);

    // After erasure: the same records, each marked erased, with no name or ID number left to give.
    const after = await exportAs(dpo, childRef);
    expect(after.complete).toBe(true);
    expect(after.records.map((r) => [r.programme, r.id])).toEqual(before.records.map((r) => [r.programme, r.id]));
    for (const record of after.records) {
      expect({ programme: record.programme, erased: record.erased }).toEqual({
        programme: record.programme,
        erased: true,
      });
      expect(record.fields.find((f) => f.path.endsWith('.name'))).toMatchObject({ value: '', erased: true });
    }
    const text = JSON.stringify(after);
    expect([child.name, child.idNumber].filter((secret) => text.includes(secret))).toEqual([]);
  });
});
