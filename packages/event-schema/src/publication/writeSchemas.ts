import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { eventRegistry } from '../events';
import { topics } from '../topics';
import { checkRepublication, loadErrata } from '../compatibility/errata';
import { ASYNCAPI_FILE, publishedFilesOf, renderAsyncApi, renderSchema, SCHEMAS_DIR } from './publication';
import { renderStrimziTopics, renderTopicList, STRIMZI_TOPICS_FILE, TOPIC_LIST_FILE } from './strimziTopics';

/**
 * `npm run schemas`: writes the JSON Schema of every event version not yet published and regenerates the
 * AsyncAPI document. A published schema is rewritten only as an erratum (schemas/errata.json) that owns every
 * incompatibility of the change: otherwise this stops and says to add a new version (with an upcaster) instead.
 */
const root = resolve(__dirname, '../../../..');
const errata = loadErrata();
let written = 0;
const changed: string[] = [];
for (const { file, schema } of publishedFilesOf(eventRegistry)) {
  const path = join(root, SCHEMAS_DIR, file);
  const text = renderSchema(schema);
  if (existsSync(path)) {
    const previous = readFileSync(path, 'utf8');
    if (previous === text) continue;
    const problems = checkRepublication(
      previous,
      schema,
      errata.find((e) => e.schema === file),
    );
    if (problems.length > 0) {
      changed.push(`${file}: ${problems.join('; ')}`);
      continue;
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  written += 1;
}
const asyncApiPath = join(root, ASYNCAPI_FILE);
mkdirSync(dirname(asyncApiPath), { recursive: true });
writeFileSync(asyncApiPath, renderAsyncApi(eventRegistry, topics));
writeFileSync(join(root, STRIMZI_TOPICS_FILE), renderStrimziTopics(topics));
writeFileSync(join(root, TOPIC_LIST_FILE), renderTopicList(topics));
console.log(
  `schemas: ${written} file(s) written in ${SCHEMAS_DIR}; ${ASYNCAPI_FILE} ${STRIMZI_TOPICS_FILE} and ${TOPIC_LIST_FILE} regenerated (${topics.length} topics)`,
);
if (changed.length > 0) {
  console.error(
    `published schemas differ from the code. Once a version is on main it never changes: add version n+1 with an upcaster; where it was wrong about the wire, record an erratum in schemas/errata.json (docs/analytics.md). (A version never merged may be deleted and regenerated.)\n  ${changed.join('\n  ')}`,
  );
  process.exitCode = 1;
}
