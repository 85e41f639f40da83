import { kafkaBrokers } from '@carebridge/test-engines';
import { consumerContract } from '../testing/consumerContract';
import { createKafkaBus } from './kafkaBus';

consumerContract('kafka (kafkajs)', {
  open: () => Promise.resolve(createKafkaBus({ brokers: kafkaBrokers(), clientId: 'messaging-contract' })),
});
