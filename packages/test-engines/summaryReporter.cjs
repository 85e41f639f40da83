// Jest's own report (progress, failures, its summary), then one plain closing line, the last of every run:
// "jest: N passed, N failed[, N skipped]". A test file that failed to load counts as a failure even when no test in
// it ran. Jest always prints its summary after every configured reporter, so this reporter drives jest's default and
// summary reporters itself, in order, and writes its line after them.
const { DefaultReporter, SummaryReporter } = require('@jest/reporters');

const HOOKS = ['onRunStart', 'onTestStart', 'onTestFileStart', 'onTestCaseStart', 'onTestCaseResult', 'onTestResult'];

class CareBridgeReporter {
  constructor(globalConfig) {
    this.reporters = [new DefaultReporter(globalConfig), new SummaryReporter(globalConfig, {})];
    for (const hook of HOOKS) {
      this[hook] = async (...args) => {
        for (const reporter of this.reporters) await reporter[hook]?.(...args);
      };
    }
  }

  async onRunComplete(contexts, results) {
    for (const reporter of this.reporters) await reporter.onRunComplete?.(contexts, results);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${failed} failed`;
    process.stderr.write(`${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`);
  }

  getLastError() {
    return this.reporters.map((r) => r.getLastError?.()).find(Boolean);
  }
}

module.exports = CareBridgeReporter;
