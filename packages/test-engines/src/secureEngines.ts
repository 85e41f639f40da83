import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The engines' TLS listeners, as `infra/engines.sh up` describes them in .engines/tls/endpoints.json. */
export type SecureEngines = {
  /** Kafka's SASL_SSL listener (SCRAM over TLS), host:port. */
  readonly kafkaSaslSslBrokers: string;
  readonly kafkaSaslMechanism: 'SCRAM-SHA-512';
  readonly kafkaSaslUsername: string;
  /** The SCRAM password lives in this file, never in the description or a log. */
  readonly kafkaSaslPasswordFile: string;
  /** The CA that signed both listeners' certificates. */
  readonly caFile: string;
  /** FerretDB's TLS listener, `mongodb://host:port/?tls=true`; add tlsCAFile and credentials as a client would. */
  readonly mongoTlsUri: string;
};

/**
 * Reads the description of the local engines' TLS listeners (CAREBRIDGE_SECURE_ENGINES_FILE names another, for
 * engines elsewhere). `npm test` runs engines.sh up, which makes the certificates and writes the file.
 */
export const secureEngines = (): SecureEngines => {
  const home = process.env.CAREBRIDGE_ENGINES_HOME ?? join(resolve(__dirname, '../../..'), '.engines');
  const file = process.env.CAREBRIDGE_SECURE_ENGINES_FILE ?? join(home, 'tls/endpoints.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`the engines' TLS listeners are not described at ${file}: run \`bash infra/engines.sh up\``, {
      cause: err,
    });
  }
  const parsed = JSON.parse(text) as Partial<SecureEngines>;
  const keys = ['kafkaSaslSslBrokers', 'kafkaSaslUsername', 'kafkaSaslPasswordFile', 'caFile', 'mongoTlsUri'] as const;
  const missing = keys.filter((k) => typeof parsed[k] !== 'string' || parsed[k] === '');
  if (missing.length > 0 || parsed.kafkaSaslMechanism !== 'SCRAM-SHA-512')
    throw new Error(`${file} lacks ${missing.join(', ') || 'kafkaSaslMechanism SCRAM-SHA-512'}`);
  return parsed as SecureEngines;
};
