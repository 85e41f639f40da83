import type { Logger } from '@carebridge/telemetry';

/**
 * SIGTERM / SIGINT: run `stop` once and exit 0; exit 1 when it fails or outlives `graceMs` (the orchestrator
 * would kill the process soon after anyway, and a non-zero exit says the drain was cut short).
 */
export const exitOnSignals = (stop: () => Promise<void>, graceMs: number, log: Logger): void => {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs }, 'shutting down');
    setTimeout(() => {
      log.error({ graceMs }, 'shutdown outlived the grace period');
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ errName: (error as Error).name, err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
};

/** How much of the grace period the gRPC drain may use; the rest is for the relay, consumers and closing. */
export const drainBudget = (graceMs: number): number => Math.max(500, Math.floor(graceMs * 0.7));
