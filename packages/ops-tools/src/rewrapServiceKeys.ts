import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import {
  createMongoKeyVault,
  createSqliteKeyVault,
  loadMasterKey,
  rewrapKeys,
  type RewrapPage,
  type RewrapSummary,
} from '@carebridge/personal-data';
import { configFromEnv, defaultGrpcPorts, redactUri } from '@carebridge/service-host';

export type RewrapServiceResult = RewrapSummary & {
  /** Where the vault lives (credentials hidden). */
  readonly vault: string;
  readonly previousMasterKeyIds: readonly string[];
};

/**
 * Rewraps the key vault of one service, found exactly as the service finds it (configFromEnv: its MongoDB
 * database, or `<CAREBRIDGE_DATA_DIR>/<service>.keys.sqlite` on the embedded default), under the master keys of
 * the same environment: CAREBRIDGE_MASTER_KEY (current) and CAREBRIDGE_MASTER_KEY_PREVIOUS.
 */
export const rewrapServiceKeys = async (
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { batchSize?: number; onPage?: (page: RewrapPage) => void } = {},
): Promise<RewrapServiceResult> => {
  if (!Object.hasOwn(defaultGrpcPorts, serviceName)) {
    throw new Error(
      `--service must be one of ${Object.keys(defaultGrpcPorts).join(', ')}; got ${JSON.stringify(serviceName)}`,
    );
  }
  const config = configFromEnv(serviceName, env);
  const masterKey = config.masterKey ?? loadMasterKey(env);
  const previousMasterKeyIds = (masterKey.previous ?? []).map((k) => k.id);
  const rewrapOptions = {
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.onPage ? { onPage: options.onPage } : {}),
  };
  if (config.mode === 'real') {
    const client = await MongoClient.connect(config.mongodbUri, { appName: `${serviceName}-keys-rewrap` });
    try {
      const vault = await createMongoKeyVault({ db: client.db(config.database), masterKey });
      const summary = await rewrapKeys(vault, rewrapOptions);
      return {
        ...summary,
        vault: `MongoDB ${redactUri(config.mongodbUri)} database ${config.database}`,
        previousMasterKeyIds,
      };
    } finally {
      await client.close();
    }
  }
  const filename = path.join(config.dataDir, `${serviceName}.keys.sqlite`);
  // Opening would create an empty vault: a wrong data dir must fail, not report success on nothing.
  if (!existsSync(filename)) throw new Error(`no key vault at ${filename} (check CAREBRIDGE_DATA_DIR)`);
  const vault = createSqliteKeyVault({ filename, masterKey });
  try {
    return { ...(await rewrapKeys(vault, rewrapOptions)), vault: `SQLite ${filename}`, previousMasterKeyIds };
  } finally {
    await vault.close();
  }
};
