import { grpcTlsFromEnv } from './transportSecurity';

describe('grpcTlsFromEnv', () => {
  it('is off unless GRPC_TLS_MODE asks for tls or mtls', () => {
    expect(grpcTlsFromEnv({})).toBeUndefined();
    expect(grpcTlsFromEnv({ GRPC_TLS_MODE: 'off', GRPC_TLS_CERT_FILE: '/c.pem' })).toBeUndefined();
    expect(() => grpcTlsFromEnv({ GRPC_TLS_MODE: 'TLS' })).toThrow('GRPC_TLS_MODE must be off, tls or mtls');
  });

  it('reads the files, a reload interval of 60 s and the CN as the agency by default', () => {
    expect(grpcTlsFromEnv({ GRPC_TLS_MODE: 'tls', GRPC_TLS_CERT_FILE: '/c.pem', GRPC_TLS_KEY_FILE: '/k.pem' })).toEqual(
      {
        mode: 'tls',
        certFile: '/c.pem',
        keyFile: '/k.pem',
        reloadIntervalMs: 60_000,
        agencyAttribute: 'CN',
      },
    );
    const env = {
      GRPC_TLS_MODE: 'mtls',
      GRPC_TLS_CERT_FILE: '/c.pem',
      GRPC_TLS_KEY_FILE: '/k.pem',
      GRPC_TLS_CA_FILE: '/ca.pem',
      GRPC_TLS_RELOAD_SECONDS: '5',
      GRPC_TLS_AGENCY_ATTRIBUTE: 'O',
    };
    expect(grpcTlsFromEnv(env)).toMatchObject({
      mode: 'mtls',
      caFile: '/ca.pem',
      reloadIntervalMs: 5000,
      agencyAttribute: 'O',
    });
  });

  it('refuses to start without the files its mode needs, or with settings it cannot honour', () => {
    expect(() => grpcTlsFromEnv({ GRPC_TLS_MODE: 'tls', GRPC_TLS_CERT_FILE: '/c.pem' })).toThrow(
      'GRPC_TLS_MODE=tls needs GRPC_TLS_KEY_FILE',
    );
    const mtls = { GRPC_TLS_MODE: 'mtls', GRPC_TLS_CERT_FILE: '/c.pem', GRPC_TLS_KEY_FILE: '/k.pem' };
    expect(() => grpcTlsFromEnv(mtls)).toThrow('GRPC_TLS_MODE=mtls needs GRPC_TLS_CA_FILE');
    const tls = { ...mtls, GRPC_TLS_MODE: 'tls' };
    expect(() => grpcTlsFromEnv({ ...tls, GRPC_TLS_RELOAD_SECONDS: '0' })).toThrow('GRPC_TLS_RELOAD_SECONDS');
    expect(() => grpcTlsFromEnv({ ...tls, GRPC_TLS_AGENCY_ATTRIBUTE: 'emailAddress' })).toThrow(
      'GRPC_TLS_AGENCY_ATTRIBUTE must be one of CN, O, OU, L, ST, C',
    );
  });
});
