import { publicHttpTlsFromEnv } from './publicHttpTls';

describe('publicHttpTlsFromEnv', () => {
  it('serves plain HTTP (behind an ingress) unless both files are named', () => {
    expect(publicHttpTlsFromEnv({})).toBeUndefined();
    expect(publicHttpTlsFromEnv({ PUBLIC_HTTP_TLS_CERT_FILE: '', PUBLIC_HTTP_TLS_KEY_FILE: '' })).toBeUndefined();
    expect(() => publicHttpTlsFromEnv({ PUBLIC_HTTP_TLS_CERT_FILE: '/c.pem' })).toThrow(
      'set both PUBLIC_HTTP_TLS_CERT_FILE and PUBLIC_HTTP_TLS_KEY_FILE, or neither',
    );
  });

  it('reloads the files every 60 s unless told otherwise', () => {
    const files = { PUBLIC_HTTP_TLS_CERT_FILE: '/c.pem', PUBLIC_HTTP_TLS_KEY_FILE: '/k.pem' };
    expect(publicHttpTlsFromEnv(files)).toEqual({ certFile: '/c.pem', keyFile: '/k.pem', reloadIntervalMs: 60_000 });
    expect(publicHttpTlsFromEnv({ ...files, PUBLIC_HTTP_TLS_RELOAD_SECONDS: '5' })).toMatchObject({
      reloadIntervalMs: 5_000,
    });
    expect(() => publicHttpTlsFromEnv({ ...files, PUBLIC_HTTP_TLS_RELOAD_SECONDS: 'soon' })).toThrow(
      'PUBLIC_HTTP_TLS_RELOAD_SECONDS',
    );
  });
});
