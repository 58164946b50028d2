import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './static.js';
import { securityHeaders } from './security-headers.js';

describe('security headers', () => {
  it("are helmet's, with our content security policy", () => {
    const h = securityHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY });
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('refuses an invalid policy at start rather than serving without one', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'; script-src *"] } },
      }),
    ).toThrow();
  });
});
