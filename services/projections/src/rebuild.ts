import { configFromEnv, openInfrastructure } from '@carebridge/service-host';
import { createProjectionsService } from './service';

/**
 * `npm run rebuild -w @carebridge/projections -- <model>`: drops one read model (or `all`) and replays its topics
 * from offset zero with a progress bar on stderr, then prints the count and the lag left. Run it while the
 * service is stopped (its consumer group must be empty); a running service rebuilds through its admin RPC.
 */
const main = async (argv = process.argv.slice(2), env = process.env): Promise<void> => {
  const config = configFromEnv('projections', env);
  const infra = await openInfrastructure(config);
  const service = createProjectionsService({
    ...infra.depsFor('projections'),
    topicPrefix: env.CAREBRIDGE_TOPIC_PREFIX ?? '',
    topicSuffix: env.CAREBRIDGE_TOPIC_SUFFIX ?? '',
  });
  const { names } = service.readModels;
  const wanted = argv[0] === 'all' ? names.filter((n) => !n.startsWith('analytics.')) : argv.slice(0, 1);
  if (wanted.length === 0 || wanted.some((m) => !names.includes(m))) {
    process.stderr.write(`usage: rebuild <model>|all\nmodels: ${names.join(', ')}\n`);
    await infra.close();
    process.exitCode = 2;
    return;
  }
  try {
    for (const model of wanted) {
      const result = await service.readModels.rebuild(model, process.stderr);
      const lag = await service.readModels.lag(model);
      process.stdout.write(
        `${JSON.stringify({ model, events: result.events, durationMs: result.durationMs, lag: lag.total })}\n`,
      );
    }
  } finally {
    await infra.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : 'error'}\n`);
  process.exit(1);
});
