import { parseArgs } from 'node:util';
import { hostAuthFromEnv, mintToken } from '@carebridge/service-host';

const usage =
  'usage: npm run -s token -- --role <role> [--role <role> ...] --division <six-digit GB/T 2260 code> [--sub <subject>] [--ttl <seconds>]';

/** Prints a token the running suite accepts (development secret, or CAREBRIDGE_JWT_SECRET when set). */
const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      division: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const roles = values.role ?? [];
  const problems = [
    ...(roles.length === 0 ? ['--role is required'] : []),
    ...(values.division && /^\d{6}$/.test(values.division) ? [] : ['--division must be a six-digit GB/T 2260 code']),
    ...(values.ttl === undefined || /^\d+$/.test(values.ttl) ? [] : ['--ttl must be whole seconds']),
  ];
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${usage}`);
  const { auth } = hostAuthFromEnv(process.env, process.env.NODE_ENV === 'production');
  const token = await mintToken(
    {
      roles,
      division: values.division!,
      subject: values.sub ?? 'dev-user',
      ttlSeconds: Number(values.ttl ?? 8 * 3600),
    },
    auth,
  );
  process.stdout.write(`${token}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
