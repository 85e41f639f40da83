/** Where the integration tests find their engines, and how they were obtained (for the log line). */
export type EngineSource = 'environment' | 'testcontainers' | 'local scripts';

export type EngineEndpoints = {
  /** Comma-separated host:port list, as in KAFKA_BROKERS. */
  readonly kafkaBrokers: string;
  readonly mongoUri: string;
  readonly source: EngineSource;
  /** Stops what this run started (containers); absent when the engines outlive the run. */
  readonly stop?: () => Promise<void>;
};
