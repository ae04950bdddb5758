/** The Redis `npm test` provided (REDIS_URL), on another db number when a test wants one to itself. */
export function testRedisUrl(db?: number): string {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15');
  if (db !== undefined) url.pathname = `/${db}`;
  return url.toString();
}
