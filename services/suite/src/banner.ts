import type { RunningService } from '@carebridge/service-host';
import { catalogue } from './catalogue';

export type StartedService = RunningService & { readonly health: string };

/** One line a service, then how to get a token: what a newcomer needs to try the suite at once. */
export const bannerText = (options: {
  started: readonly StartedService[];
  host: string;
  dataDir: string;
  developmentAuth: boolean;
}): string => {
  const { started, host } = options;
  const width = Math.max(...started.map((s) => s.name.length), 8);
  const rows = started.map((s) => {
    const urls = [
      `gRPC ${host}:${s.grpcPort}`,
      `health ${s.health}`,
      s.httpPort ? `probes http://${host}:${s.httpPort}/readyz` : '',
      s.publicHttpPort ? `api http://${host}:${s.publicHttpPort}/` : '',
    ].filter(Boolean);
    return `  ${s.name.padEnd(width)}  ${urls.join('   ')}`;
  });
  const example = started.map((s) => ({ port: s.grpcPort, entry: catalogue[s.name] })).find((e) => e.entry);
  const token = example?.entry
    ? [
        `Get a token (${options.developmentAuth ? 'signed with the PUBLIC development secret: never use it in production' : 'signed with CAREBRIDGE_JWT_SECRET'}):`,
        `  TOKEN=$(npm run -s token -- --role ${example.entry.demo.role} --division ${example.entry.demo.division})`,
        `  grpcurl -plaintext -H "authorization: Bearer $TOKEN" -d '{}' ${host}:${example.port} ${example.entry.probe.service}/${example.entry.probe.method}`,
        `Roles to try: ${started
          .map((s) => catalogue[s.name]?.demo.role)
          .filter(Boolean)
          .join(', ')}`,
      ]
    : [];
  return [
    '',
    `CareBridge suite: ${started.length} service${started.length === 1 ? '' : 's'} on the embedded default`,
    ...rows,
    `Data: ${options.dataDir}`,
    ...token,
    'Stop with Ctrl-C (drains in-flight calls first).',
    '',
  ].join('\n');
};

export const printBanner = (options: Parameters<typeof bannerText>[0]): void => {
  process.stdout.write(`${bannerText(options)}\n`);
  // One machine-readable line for scripts and tests.
  process.stdout.write(
    `${JSON.stringify({ suite: 'started', services: options.started.map((s) => ({ name: s.name, grpcPort: s.grpcPort, httpPort: s.httpPort, publicHttpPort: s.publicHttpPort, health: s.health })) })}\n`,
  );
};
