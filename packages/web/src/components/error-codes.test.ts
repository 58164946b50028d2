/**
 * The server's detail-code vocabulary (ERROR_DETAIL_CODES in packages/server/src/errors.ts) and the vision
 * package's error codes are all worded in both languages: a new server code cannot reach the UI as English.
 */
import { ERROR_DETAIL_CODES } from '@liftplan/api';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { ko } from '../i18n/ko.js';
import { ANALYSIS_ERRORS, QUALITY_CHECKS } from './QualityText.js';
import { DETAIL_CODES } from './ErrorAlert.js';

const TEXT = import.meta.glob<string>(['../../../server/src/errors.ts', '../../../vision/src/errors.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const listOf = (file: string, name: string): string[] => {
  const src = TEXT[file] ?? '';
  const body = new RegExp(`${name} = \\[([^\\]]*)\\]`).exec(src)?.[1] ?? '';
  return [...body.matchAll(/'([\w-]+)'/g)].map((m) => m[1] ?? '');
};

describe('error and quality codes are worded', () => {
  it('the web knows every server detail code, worded in Korean and English', () => {
    // One list, in the API contract; the web's DETAIL_CODES is that list.
    const server = [...ERROR_DETAIL_CODES];
    expect(server.length).toBeGreaterThan(10);
    expect(DETAIL_CODES).toBe(ERROR_DETAIL_CODES);
    const has = (r: Record<string, unknown>, k: string) => k in r || `${k}_other` in r;
    for (const c of server) {
      expect(has(en.serverErrors, c), `en ${c}`).toBe(true);
      expect(has(ko.serverErrors, c), `ko ${c}`).toBe(true);
    }
  });

  it('every vision error code and quality check has its plain words', () => {
    const vision = listOf('../../../vision/src/errors.ts', 'VISION_ERROR_CODES');
    expect([...ANALYSIS_ERRORS].sort()).toEqual([...vision].sort());
    for (const c of vision) expect(ko.analysisErrors[c as keyof typeof ko.analysisErrors], c).toBeTruthy();
    for (const c of QUALITY_CHECKS) {
      for (const s of ['pass', 'warn', 'fail'] as const) {
        expect(ko.qualityText[c][s], `${c}.${s}`).toMatch(/[가-힣]/);
      }
      expect(ko.qualityText.details[c]).toContain('{{value}}');
    }
  });
});
