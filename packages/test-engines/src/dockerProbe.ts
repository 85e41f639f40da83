import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

type DockerEndpoint = { readonly socketPath: string } | { readonly host: string; readonly port: number };

/** Where a Docker engine may listen: DOCKER_HOST first, then the usual socket paths. */
const candidates = (): DockerEndpoint[] => {
  const fromEnv = process.env.DOCKER_HOST;
  if (fromEnv) {
    if (fromEnv.startsWith('unix://')) return [{ socketPath: fromEnv.slice('unix://'.length) }];
    const url = new URL(fromEnv.replace(/^tcp:/, 'http:'));
    return [{ host: url.hostname, port: Number(url.port || 2375) }];
  }
  const sockets = [
    '/var/run/docker.sock',
    join(homedir(), '.docker/run/docker.sock'),
    join(homedir(), '.docker/desktop/docker.sock'),
  ];
  if (process.env.XDG_RUNTIME_DIR) sockets.push(join(process.env.XDG_RUNTIME_DIR, 'docker.sock'));
  return sockets.map((socketPath) => ({ socketPath }));
};

const ping = (endpoint: DockerEndpoint, timeoutMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', method: 'GET' }, (res) => {
      clearTimeout(deadline);
      res.resume();
      resolve(res.statusCode === 200);
    });
    // No engine must mean a quick "no", never a hang: a missing socket errors at once, a dead host times out.
    // A plain timer rather than the socket's idle timeout, so the whole ping has one deadline (and jest's fake
    // timers can stand in for it).
    const deadline = setTimeout(() => req.destroy(), timeoutMs);
    req.on('error', () => {
      clearTimeout(deadline);
      resolve(false);
    });
    req.end();
  });

/** True when a Docker engine answers its ping within the timeout. */
export const dockerAnswers = async (timeoutMs = 1500): Promise<boolean> => {
  const answers = await Promise.all(candidates().map((endpoint) => ping(endpoint, timeoutMs)));
  return answers.includes(true);
};
