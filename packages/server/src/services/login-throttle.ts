/**
 * Wrong passwords per account, across addresses: after `maxFailures` within `windowMs` the account refuses
 * sign-in attempts until the oldest failure leaves the window (a guessing attack spread over many IPs stops;
 * the account's owner can still be helped by an admin resetting the password, which clears the count).
 * Kept in memory, per server process; with N processes an attacker gets at most N× the attempts.
 */
export const LOGIN_ACCOUNT_LIMIT = { maxFailures: 10, windowMs: 15 * 60_000 } as const;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: { readonly maxFailures: number; readonly windowMs: number } = LOGIN_ACCOUNT_LIMIT,
  ) {}

  private recent(account: string, nowMs: number): number[] {
    const kept = (this.failures.get(account) ?? []).filter((t) => nowMs - t < this.limit.windowMs);
    if (kept.length === 0) this.failures.delete(account);
    else this.failures.set(account, kept);
    return kept;
  }

  /** Milliseconds until the account may try again; 0 when it may try now. */
  retryAfterMs(account: string, nowMs: number): number {
    const r = this.recent(account, nowMs);
    if (r.length < this.limit.maxFailures) return 0;
    return (r[0] ?? nowMs) + this.limit.windowMs - nowMs;
  }

  fail(account: string, nowMs: number): void {
    this.failures.set(account, [...this.recent(account, nowMs), nowMs]);
  }

  clear(account: string): void {
    this.failures.delete(account);
  }
}
