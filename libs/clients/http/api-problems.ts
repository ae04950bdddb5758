import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '@libs/platform/errors';
import { ERROR_STATUS, problemOf } from '@libs/platform/http';

export class FieldErrorDto {
  @ApiProperty({ example: 'beneficiary.iban' })
  field!: string;

  @ApiProperty({ example: 'has wrong check digits (ISO 13616 mod-97)' })
  message!: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 7343,
    description: 'batch_invalid only: the item’s 0-based position in `items` (CSV: among the data rows)',
  })
  index?: number;

  @ApiPropertyOptional({
    example: 'row-7344',
    description: 'batch_invalid only: the item’s itemReference, if it has one',
  })
  itemReference?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 7345,
    description: 'batch_invalid of a CSV only: the item’s first line in the file, the header being line 1',
  })
  line?: number;
}

/** RFC 9457 problem details, as every error of this API is answered. */
export class ProblemDto {
  @ApiProperty({ example: 'https://payouts.internal/problems/validation-failed', format: 'uri' })
  type!: string;

  @ApiProperty({ example: 'The request is not valid' })
  title!: string;

  @ApiProperty({ example: 400, type: 'integer', minimum: 400, maximum: 599 })
  status!: number;

  @ApiProperty({ example: 'beneficiary.iban: has wrong check digits (ISO 13616 mod-97)' })
  detail!: string;

  @ApiProperty({
    enum: ERROR_CODES,
    example: 'validation_failed',
    description: 'stable machine code; each response lists the codes it can carry',
  })
  code!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'one entry per invalid field, named by its path' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'only on `internal`: the id the error was logged under (also in `detail`)',
  })
  errorId?: string;
}

const DESCRIPTIONS: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid; `errors` names each field.',
  batch_invalid:
    'The batch is not valid and nothing was stored; `errors` lists every problem of every invalid item (`index`, `itemReference`, `line` for CSV, `field`, `message`).',
  unauthorized: 'No API key, or an unknown or revoked one.',
  forbidden: 'The API key lacks a scope this route needs.',
  not_found: 'No such resource visible to this client.',
  idempotency_key_reused: 'This Idempotency-Key was used with another body.',
  idempotency_key_in_use: 'A request with this Idempotency-Key is still running.',
  invalid_state: 'Not possible in the resource’s current state.',
  rate_limited: 'Too many requests from this client; see Retry-After.',
  payload_too_large: 'The body is larger than 256 kB.',
  unsupported_media_type: 'The body is not application/json.',
  internal: 'Unexpected error; the detail carries an error id that is also logged.',
  service_unavailable:
    'The action needs Redis, which is unreachable right now; nothing was changed. Send it again after Retry-After.',
};

/** A code answered with another status than its usual one on some route (`validation_failed` as 422 at intake). */
export interface ProblemAtStatus {
  code: ErrorCode;
  status: number;
  description: string;
}

/**
 * Documents problem+json answers. Several codes may share a status (409): each is described in that status's entry,
 * with an example of its own.
 */
export function ApiProblems(...answers: (ErrorCode | ProblemAtStatus)[]) {
  const byStatus = new Map<number, { code: ErrorCode; description: string }[]>();
  for (const answer of answers) {
    const entry =
      typeof answer === 'string'
        ? { code: answer, status: ERROR_STATUS[answer], description: DESCRIPTIONS[answer] }
        : answer;
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), entry]);
  }
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto),
    ...[...byStatus.entries()].map(([status, sameStatus]) =>
      ApiResponse({
        status,
        description: sameStatus.map(({ code, description }) => `\`${code}\`: ${description}`).join(' '),
        content: {
          'application/problem+json': {
            // The codes this route can answer with this status, so a typed client can switch over them.
            schema: {
              allOf: [
                { $ref: '#/components/schemas/ProblemDto' },
                {
                  type: 'object',
                  properties: {
                    code: { type: 'string', enum: [...new Set(sameStatus.map(({ code }) => code))] },
                    status: { type: 'integer', enum: [status] },
                  },
                },
              ],
            },
            examples: Object.fromEntries(
              sameStatus.map(({ code, description }) => [
                status === ERROR_STATUS[code] ? code : `${code}_${status}`,
                // Built by the filter's own function: the example's type and title are the ones the API sends.
                { summary: code, value: { ...problemOf(code, description.replace(/`/g, '')), status } },
              ]),
            ),
          },
        },
        ...(status === 429 || status === 503
          ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 0 } } } }
          : {}),
      }),
    ),
  );
}
