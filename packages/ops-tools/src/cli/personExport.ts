import * as fs from 'node:fs/promises';
import { exportPerson, personProgrammes } from '../exportPerson';
import { main, parseOptions, required, runCli, type Output } from './cliOptions';

const USAGE = `usage: npm run person:export -- --person-ref <ref> --out <file.json> [--hotline <host:port>] [--relief <host:port>] [--dispatch <host:port>] [--catalog <host:port>]
  asks every programme for its records of the person (ExportPersonRecords) and writes one JSON document to --out
  (created, never overwritten, readable by its owner only); the token of a privacy.officer comes from CAREBRIDGE_TOKEN
  (e.g. npm run -s token -- --role privacy.officer --division <code>). Exit code 2 when a programme did not answer.`;

/** One command for the data-protection officer: the person's records in every programme, in one document. */
export const runPersonExport = (argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> =>
  runCli(USAGE, output, async () => {
    const o = parseOptions(argv, {
      'person-ref': { type: 'string' },
      out: { type: 'string' },
      hotline: { type: 'string' },
      relief: { type: 'string' },
      dispatch: { type: 'string' },
      catalog: { type: 'string' },
    });
    if (o.help) return (output.out(USAGE), 0);
    const personRef = required(o['person-ref'], 'person-ref');
    const out = required(o.out, 'out');
    const token = env.CAREBRIDGE_TOKEN;
    if (!token) throw new Error('CAREBRIDGE_TOKEN (a privacy.officer token) is required');
    const addresses: Record<string, string> = {};
    for (const p of personProgrammes) {
      const given = o[p.programme as 'hotline' | 'relief' | 'dispatch' | 'catalog'];
      if (given) addresses[p.programme] = given;
    }
    const document = await exportPerson({ personRef, token, addresses });
    // The document holds personal data: it goes to a file of the officer's own, never to the terminal or a log.
    await fs.writeFile(out, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    for (const p of document.programmes)
      output.err(`${p.programme}: ${p.answered ? `${p.records} record(s)` : `did not answer (${p.error ?? ''})`}`);
    output.err(`${document.records.length} record(s) written to ${out}${document.complete ? '' : ' (INCOMPLETE)'}`);
    return document.complete ? 0 : 2;
  });

if (require.main === module) main(runPersonExport);
