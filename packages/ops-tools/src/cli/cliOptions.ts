import { parseArgs } from 'node:util';

export type Output = { out(line: string): void; err(line: string): void };

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

type Spec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses `--name value` options; unknown options and stray arguments are errors that name them. */
export const parseOptions = <S extends Spec>(argv: readonly string[], spec: S) =>
  parseArgs({ args: [...argv], options: { ...spec, help: { type: 'boolean' } }, strict: true, allowPositionals: false })
    .values as {
    [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string;
  } & { help?: boolean };

export const required = (value: string | undefined, name: string): string => {
  if (value === undefined || value === '') throw new Error(`--${name} is required`);
  return value;
};

export const positiveInteger = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw new Error(`--${name} must be a positive whole number; got ${JSON.stringify(value)}`);
  return Number(value);
};

export const instant = (value: string | undefined, name: string): Date | undefined => {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    throw new Error(`--${name} must be an ISO 8601 date or time; got ${JSON.stringify(value)}`);
  return at;
};

/** Brokers from --brokers, else KAFKA_BROKERS (what the services read). */
export const brokersFrom = (flag: string | undefined, env: NodeJS.ProcessEnv): string[] => {
  // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- an empty --brokers counts as not given
  const brokers = (flag || (env.KAFKA_BROKERS ?? ''))
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error('--brokers (or KAFKA_BROKERS) is required, e.g. 127.0.0.1:19092');
  return brokers;
};

/** Runs a CLI body: usage on --help, the error message (no stack) and exit code 1 on failure. */
export const runCli = async (usage: string, output: Output, body: () => Promise<number>): Promise<number> => {
  try {
    return await body();
  } catch (error) {
    output.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    output.err(usage);
    return 1;
  }
};

/** Entry point of a CLI file run by node. */
export const main = (run: (argv: string[], env: NodeJS.ProcessEnv, output: Output) => Promise<number>): void => {
  void run(process.argv.slice(2), process.env, consoleOutput).then((code) => {
    process.exitCode = code;
  });
};
