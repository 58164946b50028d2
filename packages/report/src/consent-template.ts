/**
 * The thread-lift consent template (Medical Service Act Art. 24-2), versioned: a signed consent stores the
 * template id and version with the filled text, so a later wording change never alters what a patient signed.
 * Bump `CONSENT_TEMPLATE.version` for any change of wording. Korean in 합쇼체, glossary terms.
 *
 * The five elements the Act requires are the five sections: diagnosis, method, the doctors' names, expected
 * side effects, care instructions. Photo consent has three scopes, each agreed or refused on its own.
 */
import type { Bilingual } from './types.js';

import type { ConsentSectionId, PhotoScope } from '@liftplan/api';

/** The sections and photo scopes are vocabularies of the API contract (@liftplan/api), defined once there. */
export { CONSENT_SECTIONS, PHOTO_SCOPES, type ConsentSectionId, type PhotoScope } from '@liftplan/api';

export interface ConsentTemplate {
  readonly id: string;
  readonly version: number;
  readonly title: Bilingual;
  readonly intro: Bilingual;
  readonly headings: Readonly<Record<ConsentSectionId, Bilingual>>;
  readonly sectionIntro: Readonly<Record<ConsentSectionId, Bilingual>>;
  readonly photoHeading: Bilingual;
  readonly photoIntro: Bilingual;
  readonly photoScopes: Readonly<Record<PhotoScope, Bilingual>>;
  readonly declaration: Bilingual;
  readonly notice: Bilingual;
  readonly labels: Readonly<
    Record<
      | 'clinic'
      | 'patient'
      | 'planVersion'
      | 'signedBy'
      | 'signedAt'
      | 'signature'
      | 'choice'
      | 'agreed'
      | 'refused'
      | 'templateVersion'
      | 'noPlacements'
      | 'verdict'
      | 'concerns'
      | 'grades'
      | 'totalThreads'
      | 'performingDoctor'
      | 'planningDoctor'
      | 'warningSigns',
      Bilingual
    >
  >;
}

export const CONSENT_TEMPLATE: ConsentTemplate = {
  id: 'liftplan.consent.thread-lift',
  // 2: side-effect rates in the patient's words (no study shorthand).
  version: 2,
  title: { en: 'Consent to a thread lift', ko: '실리프팅 시술 동의서' },
  intro: {
    en: 'The doctor has explained the following to you before the procedure (Medical Service Act, Article 24-2). Please read it, ask about anything that is unclear, and sign only if you agree.',
    ko: '시술 전에 의사가 아래 내용을 설명하였습니다(의료법 제24조의2). 내용을 읽어 보시고 궁금한 점은 질문하신 후, 동의하시는 경우에만 서명하십시오.',
  },
  headings: {
    diagnosis: { en: '1. Diagnosis', ko: '1. 진단' },
    method: { en: '2. Method of the procedure', ko: '2. 시술 방법' },
    doctors: { en: '3. Doctors', ko: '3. 담당 의사' },
    sideEffects: { en: '4. Expected side effects', ko: '4. 예상되는 부작용' },
    care: { en: '5. Care after the procedure', ko: '5. 시술 후 관리 및 주의사항' },
  },
  sectionIntro: {
    diagnosis: {
      en: 'What the doctor found at the consultation:',
      ko: '상담 시 의사가 평가한 내용은 다음과 같습니다.',
    },
    method: {
      en: 'Absorbable threads are placed under the skin through small entry points, as planned:',
      ko: '작은 자입점을 통해 녹는 실을 피부 아래에 넣으며, 계획은 다음과 같습니다.',
    },
    doctors: {
      en: 'The doctors who planned and will perform the procedure:',
      ko: '시술을 계획하고 시행하는 의사는 다음과 같습니다.',
    },
    sideEffects: {
      en: 'Side effects may occur. The rates below are published figures; they vary by individual.',
      ko: '부작용이 발생할 수 있습니다. 아래 빈도는 발표된 연구의 수치이며, 개인에 따라 차이가 있을 수 있습니다.',
    },
    care: {
      en: 'After the procedure, please follow these instructions:',
      ko: '시술 후에는 다음 주의사항을 지켜 주십시오.',
    },
  },
  photoHeading: { en: 'Consent to photographs', ko: '사진 촬영 및 이용 동의' },
  photoIntro: {
    en: 'Each use of your photographs is a separate choice. You may refuse any of them; refusing does not affect your treatment.',
    ko: '사진의 각 이용 목적에 대해 따로 선택하실 수 있습니다. 어느 항목이든 거부하실 수 있으며, 거부하셔도 진료에는 영향이 없습니다.',
  },
  photoScopes: {
    record: {
      en: 'Medical record: photographs kept in your medical record to plan the procedure and follow its course.',
      ko: '진료 기록: 시술 계획과 경과 관찰을 위해 진료 기록에 사진을 보관합니다.',
    },
    marketing: {
      en: 'Promotion: photographs used in the clinic’s advertising or online posts, with your face recognisable.',
      ko: '홍보: 병원 광고나 온라인 게시물에 얼굴을 알아볼 수 있는 사진을 사용합니다.',
    },
    research: {
      en: 'Research and education: photographs used without your name in research, conferences or teaching.',
      ko: '연구 및 교육: 이름을 밝히지 않고 연구, 학회 발표, 교육에 사진을 사용합니다.',
    },
  },
  declaration: {
    en: 'I have been told about the diagnosis, the method, the doctors, the expected side effects and the care after the procedure, I was able to ask questions, and I agree to the procedure described above.',
    ko: '본인은 진단, 시술 방법, 담당 의사, 예상되는 부작용, 시술 후 관리에 대해 설명을 들었고 질문할 기회가 있었으며, 위에 적힌 시술에 동의합니다.',
  },
  notice: {
    en: 'Every treatment carries a risk of side effects and complications, and results and side effects vary from person to person. You may withdraw this consent before the procedure begins. Keep this copy.',
    ko: '모든 시술에는 부작용과 합병증이 발생할 수 있으며, 개인에 따라 결과와 부작용에 차이가 있을 수 있습니다. 시술이 시작되기 전에는 언제든지 동의를 철회하실 수 있습니다. 이 사본을 보관하십시오.',
  },
  labels: {
    clinic: { en: 'Clinic', ko: '의료기관' },
    patient: { en: 'Patient', ko: '환자' },
    planVersion: { en: 'Treatment plan', ko: '시술 계획' },
    signedBy: { en: 'Signed by', ko: '서명인' },
    signedAt: { en: 'Signed at', ko: '서명 일시' },
    signature: { en: 'Signature', ko: '서명' },
    choice: { en: 'Choice', ko: '선택' },
    agreed: { en: 'agreed', ko: '동의함' },
    refused: { en: 'refused', ko: '동의하지 않음' },
    templateVersion: { en: 'Form', ko: '서식' },
    noPlacements: { en: 'no threads are planned', ko: '계획된 실이 없습니다' },
    verdict: { en: 'Assessment', ko: '평가 결과' },
    concerns: { en: 'Your concerns', ko: '고민 부위' },
    grades: { en: 'Sagging grade (0 none – 4 very severe)', ko: '처짐 정도 (0 없음 ~ 4 매우 심함)' },
    totalThreads: { en: 'Threads in total', ko: '총 실 개수' },
    performingDoctor: { en: 'performing', ko: '시술' },
    planningDoctor: { en: 'planned and signed the plan', ko: '계획 및 서명' },
    warningSigns: {
      en: 'Call the clinic at once if you notice',
      ko: '다음 증상이 있으면 즉시 병원에 연락하십시오',
    },
  },
};
