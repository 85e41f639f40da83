import { randomBytes } from 'node:crypto';
import { masterKeyOf } from '@carebridge/personal-data';
import { GrpcStatus } from '@carebridge/grpc-kit';
import {
  createTestClient,
  decodeStatusDetails,
  issueTestToken,
  testAuthOptions,
  type TestClient,
} from '@carebridge/grpc-kit/testing';
import { openInfrastructure, runService, type Infrastructure, type RunningService } from '@carebridge/service-host';
import { kafkaBrokers, mongoUri, uniqueName } from '@carebridge/test-engines';
import { ROLES } from './domain/access';
import { creditCode, DEQING, WUKANG } from './domain/testing/fixtures';
import { createServiceCatalogService, SERVICE_CATALOG_SERVICE } from './service';
import { validItem } from './testing/rpcFixtures';

jest.setTimeout(600_000);

type GrpcError = Error & { code: number };

/**
 * The service as production runs it: service.ts on the host, MongoDB (FerretDB) for its store and read models,
 * Kafka for its topics, the kit's gRPC server with JWT auth, the public HTTP API on its own port.
 */
describe('service catalog through the real gRPC server on MongoDB and Kafka', () => {
  let infra: Infrastructure;
  let running: RunningService;
  let client: TestClient;
  let officer: string;
  let otherCounty: string;
  let staff: string;
  let otherStaff: string;
  let resident: string;
  let organizationId = '';
  let n = 0;

  const call = <T = Record<string, unknown>>(method: string, request: object, token: string) =>
    client.call<T>(method, request, { token, idempotencyKey: `e2e-${++n}-${Date.now()}` });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: GrpcError) => e,
    );
    if (!error) throw new Error('expected the call to fail');
    return { code: error.code, fields: (decodeStatusDetails(error)?.fieldViolations ?? []).map((v) => v.field) };
  };
  const stored = async () => ({
    commits: (await infra.depsFor('service-catalog').eventStore.readAll({ after: 0, limit: 10_000 })).commits.length,
    items: await infra.depsFor('service-catalog').documents.collection('catalog_items').count({}),
    organizations: await infra.depsFor('service-catalog').documents.collection('catalog_organizations').count({}),
  });
  const publicGet = async (path: string) => fetch(`http://127.0.0.1:${running.publicHttpPort}${path}`);

  beforeAll(async () => {
    infra = await openInfrastructure({
      mode: 'real',
      serviceName: 'service-catalog',
      mongodbUri: mongoUri(),
      database: uniqueName('catalog_e2e'),
      kafkaBrokers: kafkaBrokers(),
      // Topics of this run alone: its read models must count only what this test wrote.
      topicPrefix: `${uniqueName('catalog_e2e')}.`,
      masterKey: masterKeyOf(randomBytes(32)),
      pseudonymKey: randomBytes(32),
    });
    running = await runService(createServiceCatalogService(infra.depsFor('service-catalog')), infra, {
      grpcPort: 0,
      httpPort: false,
      publicHttpPort: 0,
      auth: testAuthOptions(),
      host: '127.0.0.1',
      handleSignals: false,
    });
    client = createTestClient({
      address: `127.0.0.1:${running.grpcPort}`,
      protoFiles: ['carebridge/catalog/v1/service_catalog.proto'],
      service: SERVICE_CATALOG_SERVICE,
    });
    officer = await issueTestToken({ sub: 'officer-deqing', roles: [ROLES.officer], division: DEQING });
    otherCounty = await issueTestToken({ sub: 'officer-changxing', roles: [ROLES.officer], division: '330522' });
    staff = await issueTestToken({ sub: 'staff-a', roles: [ROLES.orgStaff], division: DEQING });
    otherStaff = await issueTestToken({ sub: 'staff-b', roles: [ROLES.orgStaff], division: DEQING });
    resident = await issueTestToken({ sub: 'resident-1', roles: [ROLES.resident], division: DEQING });
    const org = await call<{ organizationId: string }>(
      'RegisterOrganization',
      {
        creditCode: creditCode('51330521MJ3000001'),
        county: DEQING,
        profile: {
          name: '德清县武康街道邻里互助协会',
          registrationAuthority: '德清县民政局',
          charterScope: '邻里互助、助老服务',
          serviceTowns: [WUKANG],
          staff: ['staff-a'],
        },
      },
      officer,
    );
    organizationId = org.organizationId;
  });
  afterAll(async () => {
    client?.close();
    await running?.stop(5_000);
    await infra?.close();
  });

  it('bad credit code checksum: INVALID_ARGUMENT naming each field, nothing stored', async () => {
    const before = await stored();
    const code = creditCode('51330521MJ3000002');
    const wrong = code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A');
    const { code: status, fields } = await failure(
      call(
        'RegisterOrganization',
        {
          creditCode: wrong,
          county: '3305',
          profile: { name: '', registrationAuthority: '德清县民政局', charterScope: '助老', serviceTowns: [WUKANG] },
        },
        officer,
      ),
    );
    expect(status).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(fields).toEqual(['credit_code', 'county', 'name', 'service_towns[0]']);
    expect(await stored()).toEqual(before);
  });

  it('unknown category, coordinates outside China, schedule ending before it starts: each named, nothing stored', async () => {
    const before = await stored();
    const { code, fields } = await failure(
      call(
        'DraftServiceItem',
        {
          organizationId,
          item: {
            ...validItem,
            category: 'astrology',
            locations: [{ name: '伦敦', latitude: 51.5, longitude: -0.12 }],
            schedule: { startDate: '2020-08-01', endDate: '2020-07-01', weekly: [] },
          },
        },
        staff,
      ),
    );
    expect(code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(fields).toEqual(['category', 'locations[0].longitude', 'schedule.end_date']);
    expect(await stored()).toEqual(before);
  });

  it('staff act only for their organisation; the county officer publishes only in the county', async () => {
    expect((await failure(call('DraftServiceItem', { organizationId, item: validItem }, otherStaff))).code).toBe(
      GrpcStatus.PERMISSION_DENIED,
    );
    const item = await call<{ serviceId: string; status: string }>(
      'DraftServiceItem',
      { organizationId, item: validItem },
      staff,
    );
    expect(item.status).toBe('DRAFT');
    await call('SubmitServiceItem', { serviceId: item.serviceId }, staff);
    expect((await failure(call('PublishServiceItem', { serviceId: item.serviceId }, otherCounty))).code).toBe(
      GrpcStatus.PERMISSION_DENIED,
    );
    expect((await failure(call('PublishServiceItem', { serviceId: item.serviceId }, staff))).code).toBe(
      GrpcStatus.PERMISSION_DENIED,
    );
    expect((await failure(call('PublishServiceItem', { serviceId: item.serviceId }, resident))).code).toBe(
      GrpcStatus.PERMISSION_DENIED,
    );
    expect((await publicGet(`/services/${item.serviceId}`)).status).toBe(404);
    const published = await call<{ status: string; item: { eligibility: { minAge?: number; maxAge?: number } } }>(
      'PublishServiceItem',
      { serviceId: item.serviceId },
      officer,
    );
    expect(published.status).toBe('PUBLISHED');
    expect(published.item.eligibility.minAge).toBe(70);
    expect(published.item.eligibility.maxAge ?? undefined).toBeUndefined();

    const listed = (await (await publicGet('/services')).json()) as { total_items: number; contents: { id: string }[] };
    expect(listed.contents.map((c) => c.id)).toEqual([item.serviceId]);
    const request = await call<{ status: string; requestId: string }>(
      'RequestService',
      { serviceId: item.serviceId, requester: { name: '李奶奶', division: DEQING } },
      resident,
    );
    expect(request.status).toBe('REQUESTED');
    expect((await failure(call('AcceptRequest', { requestId: request.requestId }, otherStaff))).code).toBe(
      GrpcStatus.PERMISSION_DENIED,
    );
    expect((await call<{ status: string }>('AcceptRequest', { requestId: request.requestId }, staff)).status).toBe(
      'ACCEPTED',
    );

    await call('WithdrawServiceItem', { serviceId: item.serviceId, reason: '暂停' }, staff);
    expect((await publicGet(`/services/${item.serviceId}`)).status).toBe(404);
    await call('RetireServiceItem', { serviceId: item.serviceId, reason: '项目结束' }, officer);
    const refused = await failure(
      call('RequestService', { serviceId: item.serviceId, requester: { name: '王大伯', division: DEQING } }, resident),
    );
    expect(refused.code).toBe(GrpcStatus.FAILED_PRECONDITION);
  });
});
