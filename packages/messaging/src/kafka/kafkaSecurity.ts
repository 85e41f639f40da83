import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/**
 * How a client reaches the brokers: plaintext (a closed network, tests), TLS, or SASL/SCRAM over TLS. SCRAM over a
 * plaintext connection is not offered: the records themselves would travel unencrypted.
 */
export type KafkaSecurity =
  | { readonly protocol: 'PLAINTEXT' }
  | { readonly protocol: 'SSL'; readonly tls: KafkaTls }
  | { readonly protocol: 'SASL_SSL'; readonly tls: KafkaTls; readonly sasl: KafkaScram };

export type KafkaTls = {
  /** PEM bundle of the CAs that issue the brokers' certificates; the system's CAs when absent. */
  readonly caFile?: string;
  /** A client certificate and key (PEM), for brokers that authenticate clients by certificate. */
  readonly certFile?: string;
  readonly keyFile?: string;
};

export type KafkaScram = {
  readonly mechanism: 'scram-sha-512' | 'scram-sha-256';
  readonly username: string;
  readonly password: string;
};

export const PLAINTEXT: KafkaSecurity = { protocol: 'PLAINTEXT' };

const setting = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === '' ? undefined : value;
};

const readSecret = (file: string, name: string): string => {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new Error(`${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
};

/**
 * KAFKA_SECURITY_PROTOCOL (PLAINTEXT | SSL | SASL_SSL, Kafka's own names; PLAINTEXT by default), KAFKA_SSL_CA_FILE,
 * KAFKA_SSL_CERT_FILE + KAFKA_SSL_KEY_FILE, KAFKA_SASL_MECHANISM (SCRAM-SHA-512 by default, or SCRAM-SHA-256),
 * KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE (a mounted Secret).
 */
export const kafkaSecurityFromEnv = (env: NodeJS.ProcessEnv = process.env): KafkaSecurity => {
  const protocol = setting(env, 'KAFKA_SECURITY_PROTOCOL') ?? 'PLAINTEXT';
  if (protocol === 'PLAINTEXT') return PLAINTEXT;
  if (protocol !== 'SSL' && protocol !== 'SASL_SSL')
    throw new Error(`KAFKA_SECURITY_PROTOCOL must be PLAINTEXT, SSL or SASL_SSL; got ${protocol}`);
  const certFile = setting(env, 'KAFKA_SSL_CERT_FILE');
  const keyFile = setting(env, 'KAFKA_SSL_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new Error('set both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE, or neither');
  const caFile = setting(env, 'KAFKA_SSL_CA_FILE');
  const tls: KafkaTls = { ...(caFile ? { caFile } : {}), ...(certFile && keyFile ? { certFile, keyFile } : {}) };
  if (protocol === 'SSL') return { protocol, tls };
  const mechanism = (setting(env, 'KAFKA_SASL_MECHANISM') ?? 'SCRAM-SHA-512').toLowerCase();
  if (mechanism !== 'scram-sha-512' && mechanism !== 'scram-sha-256')
    throw new Error(`KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 or SCRAM-SHA-256; got ${mechanism.toUpperCase()}`);
  const username = setting(env, 'KAFKA_SASL_USERNAME');
  const passwordFile = setting(env, 'KAFKA_SASL_PASSWORD_FILE');
  const password = passwordFile
    ? readSecret(passwordFile, 'KAFKA_SASL_PASSWORD_FILE')
    : setting(env, 'KAFKA_SASL_PASSWORD');
  if (!username || !password)
    throw new Error('KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD(_FILE)');
  return { protocol, tls, sasl: { mechanism, username, password } };
};

/** The part of kafkajs' client configuration that `security` decides. Files are read now, once per client. */
export const kafkaClientSecurity = (security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> => {
  if (security.protocol === 'PLAINTEXT') return {};
  const { caFile, certFile, keyFile } = security.tls;
  const ssl = {
    // Brokers' names are checked against their certificates (Node's default), as with any TLS peer.
    rejectUnauthorized: true,
    ...(caFile ? { ca: [readFileSync(caFile)] } : {}),
    ...(certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : {}),
  };
  if (security.protocol === 'SSL') return { ssl };
  const { mechanism, username, password } = security.sasl;
  const sasl: SASLOptions =
    mechanism === 'scram-sha-512' ? { mechanism, username, password } : { mechanism, username, password };
  return { ssl, sasl };
};
