import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import {
  createTestCa,
  issueClientCertificate,
  issueServerCertificate,
  issueTestToken,
  TEST_JWT_SECRET,
  type CertificateFiles,
  type TestCa,
} from '@carebridge/grpc-kit/testing';
import { eventually, grpcurlPath, secureEngines, uniqueName } from '@carebridge/test-engines';
import { toyEvents } from '../test/fixtures/toyDecider';
import { createToyService, TOY_SERVICE } from '../test/fixtures/toyService';
import { configFromEnv } from './config';
import { openInfrastructure } from './openInfrastructure';
import { runService } from './runService';
import type { Infrastructure, RunningService } from './types';

const run = promisify(execFile);
const grpcurl = grpcurlPath();
const engines = secureEngines();

/** FerretDB's TLS listener with the CA and credentials in the URI, as a deployment sets MONGODB_URI. */
const mongoTlsUri = (user: string, options: { caFile?: string } = { caFile: engines.caFile }): string => {
  const uri = new URL(engines.mongoTlsUri);
  uri.username = user;
  uri.password = 'not-checked-by-trust-auth';
  // FerretDB 1.x hands the credentials to PostgreSQL, which it reaches with PLAIN.
  uri.searchParams.set('authMechanism', 'PLAIN');
  if (options.caFile) uri.searchParams.set('tlsCAFile', options.caFile);
  return uri.toString();
};

/** GET over HTTPS, trusting `ca` only. */
const getJson = (url: string, ca: Buffer): Promise<{ status: number; hsts: unknown; body: unknown }> =>
  new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            hsts: res.headers['strict-transport-security'],
            body: JSON.parse(text),
          }),
        );
      })
      .on('error', reject);
  });

describe('a service configured from its environment for TLS everywhere', () => {
  const topic = uniqueName('tls_toy');
  const database = uniqueName('tls_toy');
  let dir: string;
  let serverCa: TestCa;
  let agency: CertificateFiles;
  let infra: Infrastructure;
  let running: RunningService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'carebridge-host-tls-'));
    serverCa = await createTestCa(join(dir, 'server-ca'), 'CareBridge test server CA');
    const agencyCa = await createTestCa(join(dir, 'agency-ca'), 'CareBridge test agency CA');
    const server = await issueServerCertificate(serverCa, join(dir, 'server'));
    agency = await issueClientCertificate(agencyCa, join(dir, 'agency'), { subject: '/CN=agency-haidong' });
    const env: NodeJS.ProcessEnv = {
      MONGODB_URI: mongoTlsUri('postgres'),
      MONGODB_DATABASE: database,
      KAFKA_BROKERS: engines.kafkaSaslSslBrokers,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: engines.caFile,
      KAFKA_SASL_MECHANISM: engines.kafkaSaslMechanism,
      KAFKA_SASL_USERNAME: engines.kafkaSaslUsername,
      KAFKA_SASL_PASSWORD_FILE: engines.kafkaSaslPasswordFile,
      GRPC_PORT: '0',
      GRPC_TLS_MODE: 'mtls',
      GRPC_TLS_CERT_FILE: server.certFile,
      GRPC_TLS_KEY_FILE: server.keyFile,
      GRPC_TLS_CA_FILE: agencyCa.certFile,
      HTTP_PORT: '0',
      PUBLIC_HTTP_PORT: '0',
      PUBLIC_HTTP_TLS_CERT_FILE: server.certFile,
      PUBLIC_HTTP_TLS_KEY_FILE: server.keyFile,
      JWT_SECRET: TEST_JWT_SECRET,
      CAREBRIDGE_MASTER_KEY: randomBytes(32).toString('base64'),
      CAREBRIDGE_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    };
    const config = configFromEnv('toy', env);
    expect(config).toMatchObject({ mode: 'real', kafkaSecurity: { protocol: 'SASL_SSL' }, grpcTls: { mode: 'mtls' } });
    infra = await openInfrastructure({ ...config, registry: toyEvents(topic).registry });
    running = await runService(createToyService(infra.depsFor('toy'), topic), infra, {
      ...config,
      host: '127.0.0.1',
      handleSignals: false,
    });
  });

  afterAll(async () => {
    await running?.stop(5_000);
    await infra?.close();
    const mongo = await MongoClient.connect(mongoTlsUri('postgres'));
    await mongo.db(database).dropDatabase();
    await mongo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a command over mTLS gRPC into FerretDB over TLS, through Kafka over SASL_SSL, to HTTPS', async () => {
    const counterId = `c-${randomUUID().slice(0, 8)}`;
    const token = await issueTestToken({
      sub: 'w-1',
      roles: ['toy.writer'],
      division: '630200',
      agency: 'agency-haidong',
    });
    const tlsArgs = ['-cacert', serverCa.certFile, '-cert', agency.certFile, '-key', agency.keyFile];
    const reply = await run(grpcurl, [
      ...tlsArgs,
      ...['-H', `authorization: Bearer ${token}`, '-H', `idempotency-key: ${randomUUID()}`],
      ...['-d', JSON.stringify({ counterId, by: 4 }), `localhost:${running.grpcPort}`, `${TOY_SERVICE}/Increment`],
    ]);
    expect(JSON.parse(reply.stdout)).toMatchObject({ total: 4 });

    // The relay publishes over SASL_SSL and the projection consumes over SASL_SSL into the TLS store.
    const ca = await readFile(serverCa.certFile);
    const url = `https://localhost:${running.publicHttpPort}/totals/${counterId}`;
    const seen = await eventually(
      async () => {
        const answer = await getJson(url, ca);
        return answer.status === 200 && answer;
      },
      { what: 'the projection to show the total over HTTPS', timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(seen).toEqual({ status: 200, hsts: 'max-age=31536000', body: { id: counterId, total: 4, events: 1 } });
  });

  it("FerretDB's TLS listener refuses a client that does not trust it, and a user its PostgreSQL does not know", async () => {
    const attempt = async (uri: string): Promise<string> => {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.connect();
        await client.db(database).command({ ping: 1 });
        return 'connected';
      } catch (err) {
        return (err as Error).message;
      } finally {
        await client.close();
      }
    };
    expect(await attempt(mongoTlsUri('postgres'))).toBe('connected');
    expect(await attempt(mongoTlsUri('postgres', {}))).toMatch(/unable to verify the first certificate/);
    expect(await attempt(mongoTlsUri('no_such_role'))).toMatch(
      /authentication failed|role "no_such_role" does not exist/i,
    );
  });
});
