import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { payloadSha256, storedPayloadSha256 } from './signed-records.js';

describe('stored payload hash', () => {
  const record = { b: [2, { d: 1, c: 'x' }], a: 'é' };
  const expected = payloadSha256(record);

  it('hashes canonical text as it is', () => {
    expect(storedPayloadSha256(canonicalJson(record), expected)).toBe(expected);
  });

  it('verifies older rows stored unsorted the same way', () => {
    const unsorted = JSON.stringify(record);
    expect(unsorted).not.toBe(canonicalJson(record));
    expect(storedPayloadSha256(unsorted, expected)).toBe(expected);
  });

  it('gives another hash for an edited payload, and none for text that is not JSON', () => {
    const edited = canonicalJson({ ...record, a: 'e' });
    expect(storedPayloadSha256(edited, expected)).not.toBe(expected);
    expect(storedPayloadSha256('{"a":', expected)).toBeUndefined();
  });
});
