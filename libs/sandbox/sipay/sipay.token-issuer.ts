import { randomBytes } from 'node:crypto';

/** Opaque Sipay access tokens with a lifetime, so expiry (401, then one refresh) can be rehearsed. */
export class SipayTokenIssuer {
  private tokens = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  issue(): { accessToken: string; expiresInSeconds: number } {
    const nowMs = this.now().getTime();
    if (this.tokens.size >= 10_000) this.forgetExpired(nowMs);
    const accessToken = `sbx.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, nowMs + this.ttlMs);
    return { accessToken, expiresInSeconds: Math.max(1, Math.ceil(this.ttlMs / 1000)) };
  }

  /** Unknown and expired tokens are both refused (401). */
  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiresAtMs = this.tokens.get(token);
    if (expiresAtMs === undefined) return false;
    if (this.now().getTime() < expiresAtMs) return true;
    this.tokens.delete(token);
    return false;
  }

  private forgetExpired(nowMs: number): void {
    for (const [token, expiresAtMs] of this.tokens) if (expiresAtMs <= nowMs) this.tokens.delete(token);
  }
}
