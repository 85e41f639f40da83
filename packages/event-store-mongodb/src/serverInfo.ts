import type { Db } from 'mongodb';

export type ServerInfo = {
  /** `FerretDB` or `MongoDB`. */
  readonly product: string;
  /** The product's own release, e.g. `v1.24.2` for FerretDB. */
  readonly version: string;
  /** The MongoDB version the server speaks (FerretDB emulates one). */
  readonly mongoVersion: string;
};

/** Which server a Db talks to. FerretDB names itself in buildInfo.ferretdbVersion; MongoDB has no such field. */
export const serverInfo = async (db: Db): Promise<ServerInfo> => {
  const info = await db.admin().command({ buildInfo: 1 });
  const mongoVersion = String(info.version);
  const ferret: unknown = info.ferretdbVersion;
  return typeof ferret === 'string'
    ? { product: 'FerretDB', version: ferret, mongoVersion }
    : { product: 'MongoDB', version: mongoVersion, mongoVersion };
};
