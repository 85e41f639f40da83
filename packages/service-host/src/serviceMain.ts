import { configFromEnv, type HostConfig } from './config';
import { openInfrastructure } from './openInfrastructure';
import { redactUri } from './realInfrastructure';
import { runService } from './runService';
import type { ServiceDeps, ServiceRuntime } from './types';

/** What a production entry needs from telemetry: started before anything else is loaded, flushed on a failed start. */
export type EntryTelemetry = {
  readonly flush: () => Promise<void>;
};

export type ServiceMainOptions = {
  readonly name: string;
  readonly telemetry: EntryTelemetry;
  /** Builds the runtime from the process's deps; config and env for a service that reads its own settings. */
  readonly create: (
    deps: ServiceDeps,
    context: { readonly config: HostConfig; readonly env: NodeJS.ProcessEnv },
  ) => ServiceRuntime | Promise<ServiceRuntime>;
};

/**
 * Why a start failed, fit for stderr: the error's name, code and message with any URI credentials masked. Startup
 * errors come from configuration and connections, never from a request, so they hold no personal data.
 */
export const startFailureOf = (name: string, error: unknown): string => {
  if (!(error instanceof Error)) return `${name} failed to start: ${typeof error}`;
  const code = (error as { code?: unknown }).code;
  const shownCode = typeof code === 'string' || typeof code === 'number' ? ` ${code}` : '';
  const cause = error.cause instanceof Error ? ` (cause ${error.cause.name}: ${redactUri(error.cause.message)})` : '';
  return `${name} failed to start: ${error.name}${shownCode}: ${redactUri(error.message)}${cause}`;
};

/**
 * Every service image's entry: configuration from the environment, its infrastructure, its runtime, runService
 * (which logs "service started" with the bound ports). A failed start says why on stderr and exits 1.
 */
export const serviceMain = (options: ServiceMainOptions, env: NodeJS.ProcessEnv = process.env): void => {
  const start = async (): Promise<void> => {
    const config = configFromEnv(options.name, env);
    const infra = await openInfrastructure(config);
    const runtime = await options.create(infra.depsFor(options.name), { config, env });
    await runService(runtime, infra, config);
  };
  start().catch(async (error: unknown) => {
    process.stderr.write(`${startFailureOf(options.name, error)}\n`);
    await options.telemetry.flush().catch(() => undefined);
    process.exit(1);
  });
};
