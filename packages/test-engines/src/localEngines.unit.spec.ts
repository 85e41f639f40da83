import { parseEndpointsFile } from './localEngines';

describe("parseEndpointsFile: the engines' endpoints, and nothing else", () => {
  it('reads KAFKA_BROKERS and MONGODB_URI', () => {
    expect(parseEndpointsFile('KAFKA_BROKERS=127.0.0.1:19092\nMONGODB_URI=mongodb://127.0.0.1:27028/\n')).toEqual({
      kafkaBrokers: '127.0.0.1:19092',
      mongoUri: 'mongodb://127.0.0.1:27028/',
    });
  });

  it('refuses a line with terminal escape codes rather than taking them into a key', () => {
    expect(() =>
      parseEndpointsFile('\u001b[0m\u001b[0mKAFKA_BROKERS=127.0.0.1:19092\nMONGODB_URI=mongodb://127.0.0.1:27028/\n'),
    ).toThrow(/unexpected line/);
  });

  it('refuses a file without both endpoints', () => {
    expect(() => parseEndpointsFile('KAFKA_BROKERS=127.0.0.1:19092\n')).toThrow(/lacks KAFKA_BROKERS or MONGODB_URI/);
  });
});
