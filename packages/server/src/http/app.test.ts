import { describe, expect, it } from 'vitest';
import { requestLogSerializer } from './app.js';

describe('request logging', () => {
  it('logs the method and path, never the query string (a search may hold a name)', () => {
    expect(requestLogSerializer({ method: 'GET', url: '/api/patients?q=Kim%20Min-ji&limit=5' })).toEqual({
      method: 'GET',
      url: '/api/patients',
    });
  });
});
