import { startTelemetry } from '@carebridge/telemetry';
import type { ProbeReport } from './probeEvents';

/**
 * The probe service as a real process: telemetry starts before anything else is loaded, as in a service's
 * main.ts, so the MongoDB driver's auto-instrumentation hooks the driver (it cannot under jest's module
 * registry). Spans leave over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, logs go to stdout.
 */
const telemetry = startTelemetry({ serviceName: 'trace-probe' });
const report = (line: ProbeReport): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const main = async (): Promise<void> => {
  // Required only now, after the instrumentation hooks are in place (a static import would load first).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after startTelemetry; import() would need a .js path that the TypeScript require hook cannot resolve
  const { startProbeRuntime } = require('./probeRuntime') as typeof import('./probeRuntime');
  const runtime = await startProbeRuntime(report);
  process.once('SIGTERM', () => {
    void (async () => {
      await runtime.stop();
      await telemetry.shutdown();
      report({ probe: 'stopped' });
      process.exit(0);
    })();
  });
  report({ probe: 'ready', port: runtime.port });
};

main().catch((error: unknown) => {
  report({ probe: 'fatal', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  process.exit(1);
});
