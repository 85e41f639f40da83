/**
 * A valid call for each RPC, one file per service (services/<name>/src/testing/rpcFixtures.ts), so that the
 * suite's generated tests can make every RPC succeed before they try it wrongly. Reflection lists the RPCs;
 * the fixtures say how to call each one. The suite's guard test fails when a reflected RPC has no fixture.
 */

/** A token's claims: who calls, with which roles, from which division (GB/T 2260). */
export type FixtureCaller = { readonly sub: string; readonly roles: readonly string[]; readonly division: string };

/** What a fixture may use to prepare its request: any RPC of the running suite, as any caller. */
export type FixtureApi = {
  /**
   * Calls `<package>.<Service>/<Method>` (e.g. `carebridge.hotline.v1.HotlineService/OpenCase`) with a fresh
   * idempotency key and answers the response as the test client decodes it (lowerCamel fields).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are read loosely by fixtures
  readonly call: (rpc: string, request: object, caller: FixtureCaller) => Promise<any>;
  /** A value no other call in this run has used: for names, numbers and codes that must not repeat. */
  readonly unique: (prefix: string) => string;
  /** A digit string no other call in this run has used, `length` digits long (phone numbers, sequences). */
  readonly uniqueDigits: (length: number) => string;
};

export type RpcFixture = {
  /** A caller the RPC allows, in the jurisdiction of what the request names. */
  readonly caller: FixtureCaller;
  /**
   * A valid request. Creates what it refers to first, so that each call gives a request that succeeds on its own
   * (a write acts on a fresh object; a read finds data to answer with).
   */
  readonly request: (api: FixtureApi) => Promise<object>;
};

/** One service's fixtures: an entry per RPC of its .proto, by method name as written there. */
export type RpcFixtures = {
  /** Fully qualified service name: `carebridge.hotline.v1.HotlineService`. */
  readonly service: string;
  readonly rpcs: Readonly<Record<string, RpcFixture>>;
};
