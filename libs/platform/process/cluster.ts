import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** One metric as prom-client's getMetricsAsJSON gives it (and AggregatorRegistry.aggregate takes it). */
interface MetricJson {
  name: string;
  type: string;
  aggregator: string;
  values: unknown[];
}

/** A worker that dies this soon after it was forked counts towards a crash loop. */
const EARLY_EXIT_MS = 10_000;
/** Early deaths in a row after which the primary gives up and exits 1: the app cannot start (bad config, no port). */
const MAX_EARLY_EXITS_IN_A_ROW = 5;
/** How long a worker waits for the primary's aggregated metrics before answering its own. */
const METRICS_TIMEOUT_MS = 5_000;

const METRICS_REQUEST = 'payouts:cluster-metrics-request';
const METRICS_ANSWER = 'payouts:cluster-metrics-answer';
const LOCAL_METRICS_REQUEST = 'payouts:local-metrics-request';
const LOCAL_METRICS_ANSWER = 'payouts:local-metrics-answer';

interface Message {
  type?: string;
  id?: number;
  text?: string;
  metrics?: MetricJson[];
  error?: string;
}

export interface ClusterOptions {
  processes: number;
  logger: Logger;
  /** Signals that stop the cluster: forwarded to every worker, whose own handler closes it (closeOnSignals). */
  stopSignals?: readonly NodeJS.Signals[];
}

export const isClusterWorker = (): boolean => cluster.isWorker;

/**
 * The primary of an api cluster: forks `processes` workers that share the listening port (Node's cluster module
 * hands connections out round-robin), replaces a worker that dies, forwards SIGTERM/SIGINT to every worker and exits
 * once they all have (0 when each exited cleanly). It runs no app itself; it also answers the workers' requests for
 * the metrics of all of them (aggregatedMetrics), so that a scrape of `/metrics` sees the cluster, not one process.
 */
export function runClusterPrimary(options: ClusterOptions): void {
  const { processes, logger } = options;
  let stopping = false;
  let earlyExitsInARow = 0;
  let failedExit = false;
  const forkedAt = new Map<number, number>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    forkedAt.set(worker.id, Date.now());
    worker.on('message', (message: Message) => {
      if (message?.type === METRICS_REQUEST) void answerMetrics(worker, message.id ?? 0);
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (forkedAt.get(worker.id) ?? 0);
    forkedAt.delete(worker.id);
    if (stopping) {
      if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') failedExit = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failedExit ? 1 : 0);
      return;
    }
    earlyExitsInARow = lived < EARLY_EXIT_MS ? earlyExitsInARow + 1 : 0;
    if (earlyExitsInARow >= MAX_EARLY_EXITS_IN_A_ROW) {
      logger.error({ code, signal }, `api processes keep exiting right after they start; giving up`);
      stopAll();
      failedExit = true;
      return;
    }
    logger.warn(
      { pid: worker.process.pid, code, signal },
      `api process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`,
    );
    fork();
  });

  const stopAll = (signal: NodeJS.Signals = 'SIGTERM') => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(failedExit ? 1 : 0);
    for (const worker of workers) worker.process.kill(signal);
  };
  // `on`, not `once`: a signal sent to the process group arrives here and at each worker directly; workers tolerate
  // the repeat (closeOnSignals), and so does this.
  for (const signal of options.stopSignals ?? (['SIGTERM', 'SIGINT'] as const)) {
    process.on(signal, () => {
      if (!stopping) logger.info({ signal }, `${signal}: stopping ${processes} api processes`);
      stopAll(signal);
    });
  }

  logger.info({ processes }, `api cluster primary ${process.pid}: starting ${processes} api processes`);
  for (let i = 0; i < processes; i++) fork();
}

/**
 * The metrics of every worker, merged with prom-client's cluster aggregation: counters and histograms add up, and so
 * do the process metrics (CPU, memory); Node's own gauges keep the aggregation prom-client gives them (lag: average).
 * Our gauges that are not set to another aggregation are read from shared state (payouts by status, queue depths,
 * a circuit, Redis degraded): every process reports the same figure, so they take the maximum rather than N× it.
 */
async function answerMetrics(requester: Worker, id: number): Promise<void> {
  try {
    const perWorker = await Promise.all(
      Object.values(cluster.workers ?? {})
        .filter((worker): worker is Worker => worker !== undefined && worker.isConnected())
        .map((worker) => localMetricsOf(worker)),
    );
    const merged = AggregatorRegistry.aggregate(perWorker.map((metrics) => metrics.map(sharedGaugesAsMax)));
    requester.send({ type: METRICS_ANSWER, id, text: await merged.metrics() });
  } catch (error) {
    requester.send({ type: METRICS_ANSWER, id, error: (error as Error).message });
  }
}

function sharedGaugesAsMax(entry: MetricJson): MetricJson {
  const nodeOwn = entry.name.startsWith('process_') || entry.name.startsWith('nodejs_');
  return entry.type === 'gauge' && entry.aggregator === 'sum' && !nodeOwn ? { ...entry, aggregator: 'max' } : entry;
}

let localRequests = 0;
function localMetricsOf(worker: Worker): Promise<MetricJson[]> {
  const id = ++localRequests;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.off('message', onMessage);
      reject(new Error(`api process ${worker.process.pid} did not send its metrics`));
    }, METRICS_TIMEOUT_MS);
    const onMessage = (message: Message) => {
      if (message?.type !== LOCAL_METRICS_ANSWER || message.id !== id) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(message.metrics ?? []);
    };
    worker.on('message', onMessage);
    worker.send({ type: LOCAL_METRICS_REQUEST, id });
  });
}

/** In a cluster worker: answers the primary's requests for this process's metrics (as prom-client JSON). */
export function serveLocalMetricsToPrimary(registry: Registry): void {
  process.on('message', (message: Message) => {
    if (message?.type !== LOCAL_METRICS_REQUEST) return;
    void registry
      .getMetricsAsJSON()
      .then((metrics) =>
        process.send?.({ type: LOCAL_METRICS_ANSWER, id: message.id, metrics: JSON.parse(JSON.stringify(metrics)) }),
      );
  });
}

let clusterRequests = 0;
/** In a cluster worker: the Prometheus text of every api process, merged by the primary. */
export function aggregatedMetrics(): Promise<string> {
  const id = ++clusterRequests;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the cluster primary did not answer with the metrics'));
    }, METRICS_TIMEOUT_MS * 2);
    const onMessage = (message: Message) => {
      if (message?.type !== METRICS_ANSWER || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    };
    process.on('message', onMessage);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}
