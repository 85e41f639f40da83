import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { checkHealth, GrpcStatus } from '@carebridge/grpc-kit';
import { askReflection, decodeStatusDetails, issueTestToken, type TestClient } from '@carebridge/grpc-kit/testing';
import { RELIEF_INTAKE_SERVICE } from './service';
import { startReliefServer, type ReliefServer } from './testing/reliefServer';

const run = promisify(execFile);
const grpcurl = [
  process.env.GRPCURL,
  ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'grpcurl')),
  '/tmp/gobin/grpcurl',
]
  .filter((p): p is string => Boolean(p))
  .find((p) => fs.existsSync(p));

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
    if (!grpcurl) return;
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
  }, 60_000);
});
