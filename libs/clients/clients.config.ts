import { defineSlice, integer } from '@libs/platform/config';

export const clientsConfig = defineSlice('clients', {
  rateLimitPerMinute: integer(1, 1_000_000)('API_RATE_LIMIT_PER_MINUTE', {
    description: 'requests per minute one API client may make, across all api processes (429 rate_limited beyond)',
    default: '6000',
  }),
});
