import type { NextFunction, Request, Response } from 'express';
import { problemOf, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '@libs/platform/http';
import { aggregatedMetrics } from '@libs/platform/process';

/**
 * `GET /metrics` in one api process of a cluster (API_PROCESSES > 1): the metrics of every api process, merged by the
 * primary (counters and histograms summed, shared-state gauges once), so a scrape sees the service whichever process
 * the connection reached. 503 when the primary does not answer in time.
 */
export function clusterMetricsRoute(contentType: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' || (request.path !== '/' && request.path !== '')) return next();
    aggregatedMetrics().then(
      (text) => {
        response.status(200).setHeader('Content-Type', contentType);
        response.setHeader('Cache-Control', 'no-store');
        response.end(text);
      },
      (error: Error) => {
        const problem = problemOf(
          'service_unavailable',
          `the api cluster's metrics are not available: ${error.message}`,
        );
        response.status(problem.status).setHeader('Content-Type', 'application/problem+json');
        response.setHeader('Retry-After', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
        response.end(JSON.stringify(problem));
      },
    );
  };
}
