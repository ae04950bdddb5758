import { json, Reply } from '../server/http-io';
import type { PientegraErrorDetail } from './pientegra.types';

/** Pientegra's error body: `{ error: { code, message, details? } }`. */
export function pientegraError(
  status: number,
  code: string,
  message: string,
  details?: PientegraErrorDetail[],
  headers?: Record<string, string>,
): Reply {
  return json(status, { error: details ? { code, message, details } : { code, message } }, headers);
}

export const notFound = (): Reply => pientegraError(404, 'not_found', 'no such resource');
