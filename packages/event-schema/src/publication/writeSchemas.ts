import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { eventRegistry } from '../events';
import { topics } from '../topics';
import { ASYNCAPI_FILE, publishedFilesOf, renderAsyncApi, renderSchema, SCHEMAS_DIR } from './publication';
import { renderStrimziTopics, renderTopicList, STRIMZI_TOPICS_FILE, TOPIC_LIST_FILE } from './strimziTopics';

/**
 * `npm run schemas`: writes the JSON Schema of every event version not yet published and regenerates the
 * AsyncAPI document. A published schema is never rewritten: if the code now yields something else for a
 * published version, this stops and says to add a new version (with an upcaster) instead.
 */
const root = resolve(__dirname, '../../../..');
let written = 0;
const changed: string[] = [];
for (const { file, schema } of publishedFilesOf(eventRegistry)) {
  const path = join(root, SCHEMAS_DIR, file);
  if (existsSync(path)) {
    if (!isDeepStrictEqual(JSON.parse(readFileSync(path, 'utf8')), schema)) changed.push(file);
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderSchema(schema));
  written += 1;
}
const asyncApiPath = join(root, ASYNCAPI_FILE);
mkdirSync(dirname(asyncApiPath), { recursive: true });
writeFileSync(asyncApiPath, renderAsyncApi(eventRegistry, topics));
writeFileSync(join(root, STRIMZI_TOPICS_FILE), renderStrimziTopics(topics));
writeFileSync(join(root, TOPIC_LIST_FILE), renderTopicList(topics));
console.log(
  `schemas: ${written} new file(s) in ${SCHEMAS_DIR}; ${ASYNCAPI_FILE} ${STRIMZI_TOPICS_FILE} and ${TOPIC_LIST_FILE} regenerated (${topics.length} topics)`,
);
if (changed.length > 0) {
  console.error(
    `published schemas differ from the code. Once a version is on main it never changes: add version n+1 with an upcaster. (A version never merged may be deleted and regenerated.)\n  ${changed.join('\n  ')}`,
  );
  process.exitCode = 1;
}
