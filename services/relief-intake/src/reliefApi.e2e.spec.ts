import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { checkHealth, GrpcStatus } from '@carebridge/grpc-kit';
import { askReflection, decodeStatusDetails, issueTestToken, type TestClient } from '@carebridge/grpc-kit/testing';
import { idNumberCheckCharacter } from '@carebridge/identity';
import { RELIEF_INTAKE_SERVICE } from './service';
import { grpcurlPath } from '@carebridge/test-engines';
import { startReliefServer, type ReliefServer } from './testing/reliefServer';

const run = promisify(execFile);
const grpcurl = grpcurlPath();

const xuzhouCaseworker = { sub: 'cw-xz-api', roles: ['relief.caseworker'], division: '320300' };
const provincial = { sub: 'officer-js-api', roles: ['relief.provincial'], division: '320000' };

describe('relief intake over the real gRPC server (FerretDB)', () => {
  let server: ReliefServer;
  let caseworker: TestClient;
  let province: TestClient;

  beforeAll(async () => {
    server = await startReliefServer({ prefix: 'relief_api_e2e', clock: () => new Date('2020-09-01T02:00:00Z') });
    caseworker = await server.clientFor(xuzhouCaseworker);
    province = await server.clientFor(provincial);
  }, 60_000);
  afterAll(() => server.stop(), 60_000);

  it('refuses bad input with INVALID_ARGUMENT naming each bad field, and stores nothing', async () => {
    const before = await server.eventStore.readAll({ after: 0 });
    const error = await caseworker
      .call(
        'SubmitApplication',
        {
          form: {
            applicant: { name: '张三', idNumber: '32030219800101001' },
            householdDivision: '329999',
            standard: '',
            amounts: { propertyLossFen: '-100', compensationFen: '12.5', insurancePaidFen: 'ten' },
          },
        },
        { idempotencyKey: 'bad-submit-1' },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    const details = decodeStatusDetails(error);
    expect(details?.fieldViolations.map((v) => v.field).sort()).toEqual([
      'form.amounts.compensation_fen',
      'form.amounts.insurance_paid_fen',
      'form.amounts.property_loss_fen',
      'form.applicant.id_number',
      'form.household_division',
      'form.standard',
    ]);
    const byField = Object.fromEntries(details!.fieldViolations.map((v) => [v.field, v.description]));
    expect(byField['form.amounts.property_loss_fen']).toMatch(/negative/);
    expect(byField['form.amounts.compensation_fen']).toMatch(/whole number of fen/);
    expect(byField['form.household_division']).toMatch(/not a known GB\/T 2260 division/);
    expect(byField['form.applicant.id_number']).toMatch(/18 characters/);
    expect(byField['form.standard']).toMatch(/required/);

    // A write without an idempotency key is refused by the kit before the form is read; with one, the form's
    // own bad field is named.
    const badForm = {
      form: {
        applicant: { name: '李四', idNumber: '320302198001010011' },
        householdDivision: '320321',
        standard: 'property_loss',
        amounts: { propertyLossFen: '6000000' },
      },
    };
    const keyless = await caseworker.call('SubmitApplication', badForm).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(keyless).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    expect(decodeStatusDetails(keyless)?.fieldViolations.map((v) => v.field)).toEqual(['idempotency_key']);
    const keyed = await caseworker.call('SubmitApplication', badForm, { idempotencyKey: randomUUID() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(decodeStatusDetails(keyed)?.fieldViolations.map((v) => v.field)).toEqual(['form.applicant.id_number']);

    const after = await server.eventStore.readAll({ after: 0 });
    expect(after.commits.length).toBe(before.commits.length);
    const listed = await province.call<{ applications: unknown[] }>('ListApplications', {});
    expect(listed.applications).toEqual([]);
  }, 60_000);

  it('names bad amounts and dates of the other writes the same way', async () => {
    const error = await caseworker
      .call(
        'RecordGovernmentRelief',
        { applicationId: 'app-missing', scheme: '', amountFen: '1.5', grantedOn: '2020-02-30' },
        { idempotencyKey: 'bad-gov-1' },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    expect(decodeStatusDetails(error)?.fieldViolations.map((v) => v.field)).toEqual([
      'scheme',
      'amount_fen',
      'granted_on',
    ]);
  }, 60_000);

  it('is discoverable: reflection lists the service and health answers SERVING', async () => {
    await expect(checkHealth(server.address)).resolves.toBe('SERVING');
    await expect(checkHealth(server.address, RELIEF_INTAKE_SERVICE)).resolves.toBe('SERVING');
    const listed = await askReflection(server.address, { listServices: '*' });
    expect(listed.listServicesResponse?.service.map((s) => s.name)).toEqual(
      expect.arrayContaining([RELIEF_INTAKE_SERVICE, 'grpc.health.v1.Health']),
    );
    const list = await run(grpcurl, ['-plaintext', server.address, 'list']);
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining([RELIEF_INTAKE_SERVICE, 'grpc.health.v1.Health']));
    const described = await run(grpcurl, [
      '-plaintext',
      server.address,
      'describe',
      `${RELIEF_INTAKE_SERVICE}.Approve`,
    ]);
    expect(described.stdout).toContain(
      'rpc Approve ( .carebridge.relief.v1.ApplicationRef ) returns ( .carebridge.relief.v1.ApplicationResponse )',
    );
    const health = await run(grpcurl, [
      '-plaintext',
      '-d',
      `{"service":"${RELIEF_INTAKE_SERVICE}"}`,
      server.address,
      'grpc.health.v1.Health/Check',
    ]);
    expect(JSON.parse(health.stdout)).toEqual({ status: 'SERVING' });
    const token = await issueTestToken({ ...provincial, expiresIn: 600 });
    const balance = await run(grpcurl, [
      '-plaintext',
      '-H',
      `authorization: Bearer ${token}`,
      '-d',
      '{"programmeId":"jiangsu-2020"}',
      server.address,
      `${RELIEF_INTAKE_SERVICE}/GetFundBalance`,
    ]);
    expect(JSON.parse(balance.stdout)).toMatchObject({ programmeId: 'jiangsu-2020', availableFen: '0' });
    // A refusal's google.rpc.BadRequest details decode through reflection alone: grpcurl names the field.
    const refused = await run(grpcurl, [
      '-plaintext',
      '-H',
      `authorization: Bearer ${token}`,
      '-d',
      '{"programmeId":""}',
      server.address,
      `${RELIEF_INTAKE_SERVICE}/GetFundBalance`,
    ]).then(
      () => '',
      (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
    );
    expect(refused).toContain('google.rpc.BadRequest');
    expect(refused).toContain('"field": "programme_id"');
  }, 60_000);
});

describe('relief jurisdiction over gRPC: one rule for every RPC, lists and creates included', () => {
  const beijingFederation = { sub: 'fed-bj-jur', roles: ['relief.federation'], division: '110000' };
  const beijingProvincial = { sub: 'officer-bj-jur', roles: ['relief.provincial'], division: '110000' };
  const qinghaiProvincial = { sub: 'officer-qh-jur', roles: ['relief.provincial'], division: '630000' };
  const suzhouProvincial = { sub: 'officer-sz-jur', roles: ['relief.provincial'], division: '320500' };
  const jiangsuProvincial = { sub: 'officer-js-jur', roles: ['relief.provincial'], division: '320000' };
  const suzhouCaseworker = { sub: 'cw-sz-jur', roles: ['relief.caseworker'], division: '320500' };
  const xuzhou = { sub: 'cw-xz-jur', roles: ['relief.caseworker'], division: '320300' };

  let server: ReliefServer;
  const client = (caller: typeof xuzhou) => server.clientFor(caller);

  /** Commits on the application and fund streams (reads are logged on streams of their own). */
  const writes = async (): Promise<number> =>
    (await server.eventStore.readAll({ after: 0 })).commits.filter(
      (c) => c.streamId.startsWith('relief-application-') || c.streamId.startsWith('relief-fund-'),
    ).length;

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  const referral = (householdDivision: string) => ({
    programmeId: 'jiangsu-2020',
    referringAgency: '丰县民政局',
    agencyCaseId: `FX-${randomUUID()}`,
    agencyDivision: '320321',
    name: '李四',
    householdDivision,
    requestedStandard: 'property_loss',
  });

  const form = (householdDivision: string, idNumber: string) => ({
    applicant: { name: '张三', idNumber },
    householdDivision,
    standard: 'property_loss',
    amounts: { propertyLossFen: '6000000' },
  });

  /** A GB 11643 number from its first 17 characters. */
  const idNumber = (first17: string): string => first17 + idNumberCheckCharacter(first17);

  let submittedId: string;

  beforeAll(async () => {
    server = await startReliefServer({ prefix: 'relief_jur_e2e', clock: () => new Date('2020-09-01T02:00:00Z') });
    const submitted = await (
      await client(xuzhou)
    ).call<{ application: { applicationId: string } }>(
      'SubmitApplication',
      { programmeId: 'jiangsu-2020', form: form('320321', idNumber('32030219800101021')) },
      { idempotencyKey: randomUUID() },
    );
    submittedId = submitted.application.applicationId;
  }, 60_000);
  afterAll(() => server.stop(), 60_000);

  it('ReferPerson: a Beijing federation (or a Suzhou caseworker) may not refer a Feng county household; nothing is stored', async () => {
    const before = await writes();
    for (const outsider of [beijingFederation, beijingProvincial, suzhouProvincial, suzhouCaseworker]) {
      const error = await refusal(
        (await client(outsider)).call('ReferPerson', referral('320321'), { idempotencyKey: randomUUID() }),
      );
      expect(error).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    }
    expect(await writes()).toBe(before);
    // The Xuzhou caseworker and the Jiangsu provincial federation may.
    for (const insider of [xuzhou, jiangsuProvincial]) {
      const done = await (
        await client(insider)
      ).call<{ application: { status: string } }>('ReferPerson', referral('320321'), { idempotencyKey: randomUUID() });
      expect(done.application.status).toBe('draft');
    }
  }, 60_000);

  it('ListApplications answers what GetApplication would: other provinces and prefectures see nothing', async () => {
    for (const outsider of [beijingProvincial, qinghaiProvincial, suzhouProvincial, suzhouCaseworker]) {
      const c = await client(outsider);
      const listed = await c.call<{ applications: unknown[] }>('ListApplications', {});
      expect(listed.applications).toEqual([]);
      // Naming a city outside the caller's division is refused, as opening one of its applications is.
      expect(await refusal(c.call('ListApplications', { city: '320300' }))).toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
      expect(await refusal(c.call('GetApplication', { applicationId: submittedId }))).toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
    }
    for (const insider of [jiangsuProvincial, xuzhou]) {
      const c = await client(insider);
      for (const request of [{}, { city: '320300' }]) {
        const listed = await c.call<{ applications: { applicationId: string; city: string }[] }>(
          'ListApplications',
          request,
        );
        expect(listed.applications.map((a) => a.applicationId)).toContain(submittedId);
        expect(listed.applications.every((a) => a.city === '320300')).toBe(true);
      }
      await expect(c.call('GetApplication', { applicationId: submittedId })).resolves.toBeDefined();
    }
    // A Jiangsu provincial may name another Jiangsu city (and gets none of Xuzhou's); a caseworker may not.
    const suzhouList = await (
      await client(jiangsuProvincial)
    ).call<{ applications: unknown[] }>('ListApplications', { city: '320500' });
    expect(suzhouList.applications).toEqual([]);
    expect(await refusal((await client(xuzhou)).call('ListApplications', { city: '320500' }))).toMatchObject({
      code: GrpcStatus.PERMISSION_DENIED,
    });
  }, 60_000);

  it('CompleteDraft may not move an application into a city the caller does not cover', async () => {
    const xz = await client(xuzhou);
    const draft = await xz.call<{ application: { applicationId: string } }>('ReferPerson', referral('320321'), {
      idempotencyKey: randomUUID(),
    });
    const before = await writes();
    const error = await refusal(
      xz.call(
        'CompleteDraft',
        { applicationId: draft.application.applicationId, form: form('320506', idNumber('32030219800101022')) },
        { idempotencyKey: randomUUID() },
      ),
    );
    expect(error).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    expect(await writes()).toBe(before);
  }, 60_000);

  it('ContributeToFund: the caller must cover the contributor division of the Jiangsu fund', async () => {
    const contribution = (contributorDivision: string) => ({
      programmeId: 'jiangsu-2020',
      contributionId: `C-${randomUUID()}`,
      contributorDivision,
      amountFen: '1000000',
      receivedOn: '2020-08-20',
    });
    const before = await writes();
    for (const [outsider, division] of [
      [beijingProvincial, '320000'],
      [beijingProvincial, '320300'],
      [qinghaiProvincial, '320300'],
      [suzhouProvincial, '320300'],
      [suzhouProvincial, '320000'],
      [beijingFederation, '320300'],
    ] as const) {
      const error = await refusal(
        (await client(outsider)).call('ContributeToFund', contribution(division), { idempotencyKey: randomUUID() }),
      );
      expect(error).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    }
    expect(await writes()).toBe(before);
    const paid = await (
      await client(jiangsuProvincial)
    ).call<{ total: { contributedFen: string } }>('ContributeToFund', contribution('320300'), {
      idempotencyKey: randomUUID(),
    });
    expect(paid.total.contributedFen).toBe('1000000');
  }, 60_000);
});
