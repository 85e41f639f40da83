import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { topics } from '../topics';
import { renderStrimziTopics, renderTopicList, STRIMZI_TOPICS_FILE, TOPIC_LIST_FILE } from './strimziTopics';

const root = join(__dirname, '../../../..');

/** What this test reads of a KafkaTopic resource. */
type KafkaTopicDoc = { spec: { topicName: string; replicas: number; config: Record<string, string> } };

describe('Kafka topics as code (Strimzi)', () => {
  const committed = readFileSync(join(root, STRIMZI_TOPICS_FILE), 'utf8');

  it('the committed KafkaTopic resources are what the topic registry yields (run `npm run schemas`)', () => {
    expect(committed).toBe(renderStrimziTopics(topics));
  });

  it('the committed topic list for docker-compose is what the registry yields', () => {
    expect(readFileSync(join(root, TOPIC_LIST_FILE), 'utf8')).toBe(renderTopicList(topics));
  });

  it('declares every topic with replication factor 3 and min.insync.replicas 2', () => {
    const docs = parseAllDocuments(committed).map((d) => d.toJS() as KafkaTopicDoc);
    expect(docs.map((d) => d.spec.topicName).sort()).toEqual(topics.map((t) => t.name).sort());
    for (const doc of docs) {
      expect(doc.spec.replicas).toBe(3);
      expect(doc.spec.config['min.insync.replicas']).toBe('2');
    }
  });
});
