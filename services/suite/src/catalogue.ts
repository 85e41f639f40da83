import { defaultGrpcPorts } from '@carebridge/service-host';

/** What the banner and the suite test know of each service: ports, a role to try it with, one read-only call. */
export type CatalogueEntry = {
  readonly grpcPort: number;
  /** The kit's /livez, /readyz, /metrics. */
  readonly httpPort: number;
  /** The service's own public HTTP API, when it has one. */
  readonly publicHttpPort?: number;
  readonly demo: { readonly role: string; readonly division: string };
  readonly probe: {
    readonly programme: string;
    readonly service: string;
    readonly method: string;
    readonly request: object;
  };
};

const grpc = (name: string): number => defaultGrpcPorts[name] ?? 50050;

export const catalogue: Readonly<Record<string, CatalogueEntry>> = {
  'relief-intake': {
    grpcPort: grpc('relief-intake'),
    httpPort: 8081,
    demo: { role: 'relief.provincial', division: '320000' },
    probe: {
      programme: 'relief',
      service: 'carebridge.relief.v1.ReliefIntake',
      method: 'ListApplications',
      request: {},
    },
  },
  hotline: {
    grpcPort: grpc('hotline'),
    httpPort: 8082,
    demo: { role: 'hotline.supervisor', division: '630000' },
    probe: {
      programme: 'hotline',
      service: 'carebridge.hotline.v1.HotlineService',
      method: 'ListCases',
      request: { division: '630000' },
    },
  },
  'volunteer-dispatch': {
    grpcPort: grpc('volunteer-dispatch'),
    httpPort: 8083,
    demo: { role: 'dispatch.dispatcher', division: '420102' },
    probe: {
      programme: 'dispatch',
      service: 'carebridge.dispatch.v1.DispatchService',
      method: 'ListOrders',
      request: {},
    },
  },
  'service-catalog': {
    grpcPort: grpc('service-catalog'),
    httpPort: 8084,
    publicHttpPort: 8094,
    demo: { role: 'catalog.officer', division: '330521' },
    probe: {
      programme: 'catalog',
      service: 'carebridge.catalog.v1.ServiceCatalog',
      method: 'ListServiceItems',
      request: {},
    },
  },
  projections: {
    grpcPort: grpc('projections'),
    httpPort: 8085,
    publicHttpPort: 8095,
    demo: { role: 'relief.provincial', division: '320000' },
    probe: {
      programme: 'projections',
      service: 'carebridge.projections.v1.Projections',
      method: 'GetReliefFundUse',
      request: {},
    },
  },
};

/** `relief-intake` → `RELIEF_INTAKE`: prefix of the suite's per-service port variables. */
export const envPrefixOf = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

const portFrom = (env: NodeJS.ProcessEnv, variable: string, fallback: number): number => {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${variable} must be a port number; got ${JSON.stringify(raw)}`);
  return value;
};

/** Ports of one service in the suite: RELIEF_INTAKE_GRPC_PORT, ..._HTTP_PORT, ..._PUBLIC_HTTP_PORT override the defaults. */
export const suitePorts = (name: string, env: NodeJS.ProcessEnv) => {
  const entry = catalogue[name];
  if (!entry) throw new Error(`no catalogue entry for service ${name} (services/suite/src/catalogue.ts)`);
  const prefix = envPrefixOf(name);
  return {
    grpcPort: portFrom(env, `${prefix}_GRPC_PORT`, entry.grpcPort),
    httpPort: portFrom(env, `${prefix}_HTTP_PORT`, entry.httpPort),
    publicHttpPort: portFrom(env, `${prefix}_PUBLIC_HTTP_PORT`, entry.publicHttpPort ?? 0),
  };
};
