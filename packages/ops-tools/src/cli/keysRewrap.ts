import { rewrapServiceKeys } from '../rewrapServiceKeys';
import { main, parseOptions, positiveInteger, required, runCli, type Output } from './cliOptions';

const USAGE = `usage: npm run keys:rewrap -- --service <relief-intake|hotline|volunteer-dispatch|service-catalog|projections> [--batch-size <n>]
  reads the service's own environment: MONGODB_URI + MONGODB_DATABASE (or CAREBRIDGE_DATA_DIR), CAREBRIDGE_MASTER_KEY, CAREBRIDGE_MASTER_KEY_PREVIOUS`;

export const runKeysRewrap = (argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> =>
  runCli(USAGE, output, async () => {
    const o = parseOptions(argv, { service: { type: 'string' }, 'batch-size': { type: 'string' } });
    if (o.help) return (output.out(USAGE), 0);
    const batchSize = positiveInteger(o['batch-size'], 'batch-size');
    let pages = 0;
    const r = await rewrapServiceKeys(required(o.service, 'service'), env, {
      ...(batchSize ? { batchSize } : {}),
      onPage: (page) => {
        pages += 1;
        if (pages % 10 === 0) output.err(`  ... ${pages} pages, last page: ${page.rewrapped} rewrapped`);
      },
    });
    output.out(`${r.vault}: ${r.scanned} data keys`);
    output.out(
      `  rewrapped ${r.rewrapped}, already under the current master key ${r.current}, destroyed (left destroyed) ${r.destroyed}`,
    );
    output.out(`  every live data key is now wrapped by master key ${r.masterKeyId} (CAREBRIDGE_MASTER_KEY)`);
    if (r.previousMasterKeyIds.length > 0) {
      output.out(
        `  once every service's vault reports this, remove CAREBRIDGE_MASTER_KEY_PREVIOUS (${r.previousMasterKeyIds.join(', ')}) and restart`,
      );
    }
    return 0;
  });

if (require.main === module) main(runKeysRewrap);
