import { startFailureOf } from './serviceMain';

describe('a failed start, as written to stderr', () => {
  it('names the error, its code and its message', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:50051'), {
      code: 'EADDRINUSE',
    });
    expect(startFailureOf('hotline', error)).toBe(
      'hotline failed to start: Error EADDRINUSE: listen EADDRINUSE: address already in use 0.0.0.0:50051',
    );
  });

  it('masks the credentials of every URI in the message and its cause', () => {
    const error = new Error('cannot reach mongodb://ops:s3cret@db:27017/ and mongodb://u:p@replica:27017/', {
      cause: new Error('auth failed for mongodb://ops:s3cret@db:27017/'),
    });
    const line = startFailureOf('relief-intake', error);
    expect(line).not.toContain('s3cret');
    expect(line).not.toContain('u:p@');
    expect(line).toBe(
      'relief-intake failed to start: Error: cannot reach mongodb://***@db:27017/ and mongodb://***@replica:27017/ (cause Error: auth failed for mongodb://***@db:27017/)',
    );
  });

  it('says only the type of a thrown non-error', () => {
    expect(startFailureOf('projections', 'boom')).toBe('projections failed to start: string');
  });
});
