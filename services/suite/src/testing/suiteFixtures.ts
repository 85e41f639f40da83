import type { RpcFixtures } from '@carebridge/grpc-kit/testing';
import { rpcFixtures as hotline } from '../../../hotline/src/testing/rpcFixtures';
import { rpcFixtures as projections } from '../../../projections/src/testing/rpcFixtures';
import { rpcFixtures as relief } from '../../../relief-intake/src/testing/rpcFixtures';
import { rpcFixtures as catalog } from '../../../service-catalog/src/testing/rpcFixtures';
import { rpcFixtures as dispatch } from '../../../volunteer-dispatch/src/testing/rpcFixtures';

/** The fixtures file of every composed service (services/<name>/src/testing/rpcFixtures.ts). */
export const suiteFixtures: readonly RpcFixtures[] = [hotline, projections, relief, catalog, dispatch];
