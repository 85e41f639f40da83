import { benchDispatch } from './bench';

describe('benchDispatch', () => {
  it('reports decisions per second and latency over the loaded world', () => {
    const r = benchDispatch({ volunteers: 2_000, orders: 300 });
    expect(r).toMatchObject({ volunteers: 2_000, communities: 1_394, decisions: 300 });
    expect(r.decisionsPerSec).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.filled).toBeGreaterThan(0);
    expect(r.filled).toBeLessThanOrEqual(300);
  });
});
