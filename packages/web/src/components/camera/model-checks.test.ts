import type { QualityCheck } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { ko } from '../../i18n/ko.js';
import { MODEL_CHECK_ORDER, modelCheckRows, uiLanguage } from './model-checks.js';

const q = (check: string, status: QualityCheck['status']): QualityCheck => ({
  check,
  status,
  message: { en: `${check} en`, ko: `${check} 한국어` },
});

const ERR = {
  noFace: en.camera.model.noFace,
  ambiguous: en.camera.model.ambiguous,
  failed: (m: string) => `failed: ${m}`,
};

describe('live face-model checks in the camera', () => {
  it('shows every gate check in the gate order, with the message in the UI language', () => {
    const quality = [...MODEL_CHECK_ORDER].reverse().map((c, i) => q(c, i % 3 === 0 ? 'warn' : 'pass'));
    const rowsKo = modelCheckRows({ ok: true, quality }, 'ko', ERR);
    expect(rowsKo.map((r) => r.check)).toEqual([...MODEL_CHECK_ORDER]);
    expect(rowsKo.every((r) => r.text.endsWith('한국어'))).toBe(true);
    const rowsEn = modelCheckRows({ ok: true, quality }, 'en', ERR);
    expect(rowsEn.find((r) => r.check === 'pose')?.text).toBe('pose en');
    expect(rowsEn.find((r) => r.check === 'expression')?.status).toBe('warn');
  });

  it('turns a rejected frame into a face-count failure', () => {
    expect(modelCheckRows({ ok: false, code: 'no-face', message: 'x' }, 'en', ERR)).toEqual([
      { check: 'face-count', status: 'fail', text: en.camera.model.noFace },
    ]);
    expect(modelCheckRows({ ok: false, code: 'ambiguous-subject', message: 'x' }, 'en', ERR)[0]?.text).toBe(
      en.camera.model.ambiguous,
    );
    expect(modelCheckRows({ ok: false, code: 'detector-failed', message: 'boom' }, 'en', ERR)[0]?.text).toBe(
      'failed: boom',
    );
  });

  it('maps i18next languages to en/ko and has Korean for the camera texts', () => {
    expect(uiLanguage('ko-KR')).toBe('ko');
    expect(uiLanguage('en-GB')).toBe('en');
    expect(uiLanguage(undefined)).toBe('en');
    expect(ko.camera.model.failed).toMatch(/[가-힣]/);
  });
});
