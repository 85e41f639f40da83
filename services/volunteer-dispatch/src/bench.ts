import { performance } from 'node:perf_hooks';
import { demoOrders } from './demo/demoOrders';
import { demoWorld } from './demo/demoIndex';
import { volunteerStreamId } from './domain/dispatch/candidateIndex';
import { rankCandidates } from './domain/dispatch/rankCandidates';
import { toSpan } from './domain/time';

/**
 * Dispatch decisions per second and decision latency with the Wuhan-sized world loaded: 20,000 volunteers,
 * 1,394 communities. Each decision ranks every candidate of the community and its neighbours; the winner's
 * reservation is applied, so load and fairness build up as they would over a busy week.
 */
const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 20_000);

const main = (): void => {
  const loadStart = performance.now();
  const { directory, index } = demoWorld();
  const loadMs = performance.now() - loadStart;
  const orders = demoOrders(directory.all(), ORDERS);
  const latencies: number[] = [];
  let filled = 0;
  const started = performance.now();
  orders.forEach((order, i) => {
    const span = toSpan({ start: order.windowStart, end: order.windowEnd });
    const t0 = performance.now();
    const decision = rankCandidates(
      { orderId: `bench-${i}`, community: order.community, span, minutes: order.minutes, requiredSkills: order.requiredSkills, passedOver: new Set(), now: span.start - 3_600_000 },
      index,
      directory,
    );
    latencies.push(performance.now() - t0);
    const top = decision.ranked[0];
    if (top) {
      filled++;
      index.apply(volunteerStreamId(top.volunteerId), {
        type: 'dispatch.VolunteerTaskReserved',
        data: { orderId: `bench-${i}`, window: { start: order.windowStart, end: order.windowEnd }, minutes: order.minutes, holdUntil: '2030-01-01T00:00:00.000Z', at: new Date(span.start - 3_600_000).toISOString() },
      });
    }
  });
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(3);
  const report = {
    volunteers: index.size,
    communities: directory.size,
    loadMs: Math.round(loadMs),
    decisions: latencies.length,
    decisionsPerSecond: Math.round(latencies.length / (elapsed / 1000)),
    p50Ms: Number(pct(50)),
    p99Ms: Number(pct(99)),
    maxMs: Number(latencies.at(-1)!.toFixed(3)),
    filled,
    unfilled: latencies.length - filled,
    p99TargetMs: 50,
  };
  console.log(JSON.stringify(report, null, 2));
  if (report.p99Ms >= 50) process.exitCode = 1;
};

main();
