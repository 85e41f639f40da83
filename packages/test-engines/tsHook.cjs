// Lets a child process run the TypeScript sources directly (tests spawn real relay, service and projections
// processes; `npm run bench` runs the benchmarks with it): transpiles .ts on require with the installed compiler and
// maps @carebridge/<name> to packages/<name>/src/index.ts and @carebridge/<name>/testing to its test helpers,
// packages/<name>/src/testing/index.ts, as jest does. Passed as `node --require <tsHookPath>`.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const packages = path.resolve(__dirname, '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const match = /^@carebridge\/([^/]+)(\/testing)?$/.exec(request);
  const mapped =
    match && fs.existsSync(path.join(packages, match[1]))
      ? path.join(packages, match[1], 'src', ...(match[2] ? ['testing'] : []), 'index.ts')
      : request;
  return resolve.call(this, mapped, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};
