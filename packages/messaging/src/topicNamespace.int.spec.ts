import { createEmbeddedBus } from './embedded/embeddedBus';
import { consumerContract } from './testing';
import { collect, contractName, waitFor } from './testing/contractHelpers';
import { withTopicNamespace } from './topicNamespace';

// Behind a prefix the bus keeps every promise of the port: the whole consumer contract, bound once more.
consumerContract('embedded behind a topic namespace', {
  open: () => Promise.resolve(withTopicNamespace(createEmbeddedBus({ path: ':memory:', pollIntervalMs: 50 }), 'ns1.')),
});

describe('withTopicNamespace', () => {
  it('writes prefixed topics on the wire, shows the code its own names, and keeps two namespaces apart', async () => {
    const raw = createEmbeddedBus({ path: ':memory:', pollIntervalMs: 50 });
    const a = withTopicNamespace(raw, 'run-a.');
    const b = withTopicNamespace(raw, 'run-b.');
    try {
      const topic = contractName('ns');
      await a.publisher.send([{ topic, key: 'k', value: 'from a' }]);
      await b.publisher.send([{ topic, key: 'k', value: 'from b' }]);

      const onWire = await collect(raw, contractName('wire'), [`run-a.${topic}`]);
      const seenByB = await collect(b, contractName('b'), [topic]);
      await waitFor('one record on each', () => onWire.received.length === 1 && seenByB.received.length === 1);
      await Promise.all([onWire.subscription.stop(), seenByB.subscription.stop()]);

      expect(onWire.received.map((r) => [r.topic, r.value.toString()])).toEqual([[`run-a.${topic}`, 'from a']]);
      expect(seenByB.received.map((r) => [r.topic, r.value.toString()])).toEqual([[topic, 'from b']]);
      const offsets = await b.admin.topicOffsets(topic);
      expect(offsets.reduce((n, p) => n + p.high - p.low, 0)).toBe(1);
    } finally {
      await raw.close();
    }
  });

  it('refuses a prefix Kafka could not name a topic with', () => {
    const raw = createEmbeddedBus({ path: ':memory:', pollIntervalMs: 50 });
    expect(() => withTopicNamespace(raw, 'bad prefix/')).toThrow(/has a character Kafka refuses/);
    return raw.close();
  });
});
