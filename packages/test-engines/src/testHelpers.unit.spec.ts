import { createServer } from 'node:net';
import { dockerAnswers } from './dockerProbe';
import { uniqueName } from './testHelpers';

describe('uniqueName', () => {
  it('keeps the prefix, only uses characters valid for databases and topics, and differs per call', () => {
    const a = uniqueName('Relief Intake/Read-model');
    const b = uniqueName('Relief Intake/Read-model');
    expect(a).toMatch(/^relief_intake_read_model_[a-z0-9]+$/);
    expect(a).not.toEqual(b);
  });
});

describe('dockerAnswers', () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it('says no at once when nothing listens on the Docker socket', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    const started = Date.now();
    await expect(dockerAnswers(5000)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up within its timeout when a host does not answer', async () => {
    // A listening socket that never replies stands in for a hung engine.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const started = Date.now();
    try {
      await expect(dockerAnswers(300)).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.close();
    }
  });
});
