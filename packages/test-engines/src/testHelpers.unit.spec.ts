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

  // Timers are jest's: no time passes unless the test moves it, so an answer that comes is not the timeout's.
  it('says no at once when nothing listens on the Docker socket', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    await expect(dockerAnswers(5000)).resolves.toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up at its timeout, and not before, when a host does not answer', async () => {
    // A listening socket that never replies stands in for a hung engine.
    let connected!: () => void;
    const reached = new Promise<void>((resolve) => (connected = resolve));
    const server = createServer(() => undefined).on('connection', () => connected());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      let answer: boolean | undefined;
      const answered = dockerAnswers(300).then((a) => (answer = a));
      await reached;
      await jest.advanceTimersByTimeAsync(299);
      expect(answer).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      await answered;
      expect(answer).toBe(false);
    } finally {
      server.close();
    }
  });
});
