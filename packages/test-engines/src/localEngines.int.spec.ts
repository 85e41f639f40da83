import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kafkaClusterId } from './describeEngines';
import { startLocalEngines } from './localEngines';
import { kafkaBrokers, mongoUri } from './testHelpers';

const repoRoot = resolve(__dirname, '../../..');
const ESC = '\u001b';

/** The port of a 127.0.0.1 endpoint, so that `up` finds the engines this run already uses and reuses them. */
const portOf = (endpoint: string): string => /:(\d+)\/?$/.exec(endpoint)?.[1] ?? '';

describe('infra/engines.sh up, as the harness runs it', () => {
  let home: string;
  let bin: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'carebridge-engines-home-'));
    bin = join(home, 'fake-bin');
    await mkdir(bin);
    // A Maven that, like a real one fetching for the first time on a terminal, writes escape codes to stdout.
    const realMvn = execFileSync('bash', ['-c', 'command -v mvn'], { encoding: 'utf8' }).trim();
    await writeFile(
      join(bin, 'mvn'),
      `#!/bin/sh\nprintf '${ESC}[0m${ESC}[0mDownloading from central: kafka.pom\\n'\n` +
        `printf '${ESC}[1;34mINFO${ESC}[m noise on stderr\\n' >&2\nexec "${realMvn}" "$@"\n`,
    );
    await chmod(join(bin, 'mvn'), 0o755);
    // FerretDB's binary and grpcurl are reused when this checkout has built them (builds take minutes); Kafka's
    // jars are not.
    const ferretBin = join(repoRoot, '.engines/ferretdb/bin');
    if (existsSync(ferretBin)) {
      await mkdir(join(home, 'ferretdb'));
      await symlink(ferretBin, join(home, 'ferretdb/bin'));
    }
    const tools = join(repoRoot, '.engines/tools');
    if (existsSync(tools)) await symlink(tools, join(home, 'tools'));
  });

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('fetches Kafka into a fresh engines home through a noisy Maven and still hands over clean endpoints', async () => {
    const endpoints = await startLocalEngines(repoRoot, {
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        CAREBRIDGE_ENGINES_HOME: home,
        CAREBRIDGE_KAFKA_PORT: portOf(kafkaBrokers()[0]!),
        CAREBRIDGE_FERRETDB_PORT: portOf(mongoUri()),
      },
    });

    expect(existsSync(join(home, 'kafka/libs/.complete'))).toBe(true);
    expect(endpoints.kafkaBrokers).toBe(`127.0.0.1:${portOf(kafkaBrokers()[0]!)}`);
    expect(endpoints.mongoUri).toBe(`mongodb://127.0.0.1:${portOf(mongoUri())}/`);
    expect(endpoints.source).toBe('local scripts');
    await expect(kafkaClusterId(endpoints.kafkaBrokers)).resolves.toMatch(/^[A-Za-z0-9_-]{10,}$/);
  });

  it('prints the endpoints alone on stdout, and writes them to the file the caller names', async () => {
    const file = join(home, 'named.env');
    const stdout = execFileSync('bash', [join(repoRoot, 'infra/engines.sh'), 'env'], {
      env: { ...process.env, CAREBRIDGE_ENGINES_HOME: home, CAREBRIDGE_ENDPOINTS_FILE: file },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(stdout).toMatch(/^KAFKA_BROKERS=127\.0\.0\.1:\d+\nMONGODB_URI=mongodb:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(await readFile(file, 'utf8')).toBe(stdout);
  });

  it('stops with a message naming the missing tool and how to get it, instead of skipping', async () => {
    // A PATH with the shell's basic tools but no Java, Maven or Go.
    const basics = join(home, 'basic-bin');
    await mkdir(basics);
    for (const tool of ['dirname', 'sed', 'mkdir', 'rm', 'cat']) await symlink(`/usr/bin/${tool}`, join(basics, tool));
    let message = '';
    try {
      execFileSync('/bin/bash', [join(repoRoot, 'infra/engines.sh'), 'install'], {
        env: { PATH: basics, CAREBRIDGE_ENGINES_HOME: join(home, 'no-tools') },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      message = String((error as { stderr?: string }).stderr);
    }
    expect(message).toContain('Java 17+ (to run Kafka) is missing');
    expect(message).toContain('apt-get install openjdk-17-jre-headless');
  });
});
