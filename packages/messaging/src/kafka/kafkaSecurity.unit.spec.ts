import { kafkaClientSecurity, kafkaSecurityFromEnv, PLAINTEXT } from './kafkaSecurity';

describe('kafkaSecurityFromEnv', () => {
  it('is plaintext unless KAFKA_SECURITY_PROTOCOL says otherwise', () => {
    expect(kafkaSecurityFromEnv({})).toBe(PLAINTEXT);
    expect(kafkaClientSecurity(PLAINTEXT)).toEqual({});
  });

  it('reads SCRAM-SHA-512 over TLS by default for SASL_SSL, with the system CAs unless a bundle is named', () => {
    const env = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' };
    expect(kafkaSecurityFromEnv(env)).toEqual({
      protocol: 'SASL_SSL',
      tls: {},
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
    });
    expect(kafkaClientSecurity(kafkaSecurityFromEnv(env))).toEqual({
      ssl: { rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
    });
    expect(kafkaSecurityFromEnv({ ...env, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' })).toMatchObject({
      sasl: { mechanism: 'scram-sha-256' },
    });
  });

  it('refuses settings it cannot honour, naming them', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT' })).toThrow(
      'KAFKA_SECURITY_PROTOCOL must be PLAINTEXT, SSL or SASL_SSL',
    );
    expect(() => kafkaSecurityFromEnv({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'svc' })).toThrow(
      'needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD(_FILE)',
    );
    const sasl = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' };
    expect(() => kafkaSecurityFromEnv({ ...sasl, KAFKA_SASL_MECHANISM: 'PLAIN' })).toThrow('KAFKA_SASL_MECHANISM');
    expect(() => kafkaSecurityFromEnv({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: '/c.pem' })).toThrow(
      'set both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
    );
    expect(() => kafkaSecurityFromEnv({ ...sasl, KAFKA_SASL_PASSWORD_FILE: '/no/such/file' })).toThrow(
      'KAFKA_SASL_PASSWORD_FILE: cannot read /no/such/file (ENOENT)',
    );
  });
});
