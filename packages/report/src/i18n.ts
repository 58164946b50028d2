/**
 * Every fixed patient-facing phrase of the report and the aftercare sheet, in English and Korean
 * (glossary-ko-en.md; Korean in 합니다/하십시오체). Tests lint all of it (wording rules, Medical Service Act
 * Art. 56): no guarantees, no superlatives, side effects stated plainly.
 */
import type {
  Elasticity,
  FatVolume,
  Fixation,
  Material,
  MetricId,
  Plane,
  Region,
  RiskFlag,
  Side,
  SkinThickness,
  Tension,
  ThreadKind,
} from '@liftplan/domain';
import type { Bilingual } from './types.js';
import { RISK_TEXT_KO, riskText } from '@liftplan/domain';

export const T = {
  reportTitle: { en: 'Thread-lift consultation report', ko: '실리프팅 상담 보고서' },
  aftercareTitle: { en: 'Aftercare after your thread lift', ko: '실리프팅 시술 후 관리 안내' },
  visit: { en: 'Visit details', ko: '방문 정보' },
  clinic: { en: 'Clinic', ko: '병원' },
  address: { en: 'Address', ko: '주소' },
  phone: { en: 'Phone', ko: '전화' },
  doctor: { en: 'Doctor', ko: '담당 의사' },
  licence: { en: 'Licence no.', ko: '면허 번호' },
  patientId: { en: 'Patient ID', ko: '환자 번호' },
  ageSex: { en: 'Age / sex', ko: '나이 / 성별' },
  visitDate: { en: 'Visit date', ko: '방문일' },
  caseId: { en: 'Case', ko: '케이스' },
  planVersion: { en: 'Plan', ko: '계획' },
  planSigned: { en: 'version {v}, signed by {by} on {at}', ko: '제{v}판, {by} 서명 ({at})' },
  ruleSet: { en: 'Rule set', ko: '규칙 버전' },
  years: { en: '{n} years', ko: '{n}세' },

  findings: { en: 'What was found', ko: '평가 결과' },
  photosIntro: {
    en: 'Your standard photos from this visit.',
    ko: '이번 방문에서 촬영한 표준 사진입니다.',
  },
  noPhotoFiles: {
    en: 'No photo files were attached to this report; the measurements below come from the landmarks recorded at the visit.',
    ko: '이 보고서에는 사진 파일이 첨부되지 않았습니다. 아래 측정값은 방문 시 기록된 얼굴 기준점에서 계산했습니다.',
  },
  measurements: { en: 'Measurements from your front photo', ko: '정면 사진 측정값' },
  measurementsIntro: {
    en: 'These values are measured on a two-dimensional photo. Left and right are your own left and right. A left/right difference of more than {mm} mm or {deg}° is usually noticeable and is marked. Values marked "estimate" rest on an average scale because the photo could not be calibrated. Measurements support the doctor’s examination; they do not replace it.',
    ko: '이 값들은 2차원 사진에서 측정했습니다. 좌우는 환자 본인 기준입니다. 좌우 차이가 {mm} mm 또는 {deg}°를 넘으면 보통 눈에 띄며 표시했습니다. "추정"으로 표시된 값은 사진의 크기 보정이 어려워 평균 크기를 기준으로 계산한 값입니다. 측정값은 의사의 진찰을 돕는 자료이며 진찰을 대신하지 않습니다.',
  },
  scaleIris: { en: 'Scale: iris diameter (11.77 mm).', ko: '크기 기준: 홍채 지름(11.77 mm).' },
  scalePd: { en: 'Scale: your measured pupillary distance.', ko: '크기 기준: 측정한 동공 간 거리.' },
  scalePopulation: {
    en: 'Scale: population average (all millimetre values are estimates).',
    ko: '크기 기준: 인구 평균(모든 mm 값은 추정치입니다).',
  },
  noFrontPhoto: {
    en: 'There is no front photo, so nothing was measured.',
    ko: '정면 사진이 없어 측정하지 않았습니다.',
  },
  colRegion: { en: 'Area', ko: '부위' },
  colMeasure: { en: 'Measure', ko: '측정 항목' },
  colLeft: { en: 'Left', ko: '왼쪽' },
  colRight: { en: 'Right', ko: '오른쪽' },
  colDifference: { en: 'Left − right', ko: '좌 − 우' },
  colNote: { en: 'Note', ko: '비고' },
  colValue: { en: 'Value', ko: '값' },
  estimate: { en: 'estimate', ko: '추정' },
  notMeasurable: { en: 'not measurable', ko: '측정 불가' },
  noticeable: {
    en: 'noticeable difference; {side} side lower',
    ko: '눈에 띄는 좌우 차이, {side}이 더 처짐',
  },
  wholeFace: { en: 'Whole-face proportions', ko: '얼굴 전체 비율' },

  grades: { en: 'The doctor’s assessment', ko: '의사의 평가' },
  gradesIntro: {
    en: 'The doctor grades each area from 0 (none) to 4 (very severe). These grades are the doctor’s clinical judgement and are kept separate from the photo measurements.',
    ko: '의사가 각 부위를 0(없음)부터 4(매우 심함)까지 평가했습니다. 이 등급은 의사의 임상 판단이며 사진 측정값과 구분하여 기록합니다.',
  },
  colGrade: { en: 'Grade (0–4)', ko: '등급 (0–4)' },
  colMeaning: { en: 'Meaning', ko: '의미' },
  skinThickness: { en: 'Skin thickness', ko: '피부 두께' },
  elasticity: { en: 'Elasticity', ko: '탄력' },
  fat: { en: 'Fat / volume', ko: '지방 분포 / 볼륨' },
  glogau: { en: 'Photo-ageing (Glogau)', ko: '광노화 (Glogau)' },
  fitzpatrick: { en: 'Skin type (Fitzpatrick)', ko: '피부 유형 (Fitzpatrick)' },

  candidacy: { en: 'Is a thread lift suitable for you?', ko: '실리프팅이 적합한지' },
  verdict: { en: 'Result', ko: '판단' },
  noReasons: {
    en: 'No cautions: none of the conditions checked before a thread lift applies.',
    ko: '주의 사항이 없습니다. 실리프팅 전에 확인하는 조건 중 해당하는 항목이 없습니다.',
  },

  plan: { en: 'The proposed plan', ko: '시술 계획' },
  overlayCaptionPhoto: {
    en: '{view}: planned thread paths (lines) and entry points (dots)',
    ko: '{view}: 계획한 실 경로(선)와 자입점(점)',
  },
  overlayCaptionPlain: {
    en: '{view}: planned thread paths (lines) and entry points (dots) on an outline of your face',
    ko: '{view}: 얼굴 윤곽 위에 표시한 실 경로(선)와 자입점(점)',
  },
  noPlacements: {
    en: 'No threads are planned at this visit.',
    ko: '이번 방문에서는 실리프팅 계획이 없습니다.',
  },
  colSide: { en: 'Side', ko: '좌우' },
  colThread: { en: 'Thread', ko: '실' },
  colGauge: { en: 'Size (USP)', ko: '굵기 (USP)' },
  colLength: { en: 'Length', ko: '길이' },
  colCount: { en: 'Count', ko: '개수' },
  colFixation: { en: 'Fixation', ko: '고정' },
  colPlane: { en: 'Layer', ko: '층' },
  totalThreads: { en: 'Total: {n} threads', ko: '합계: 실 {n}개' },
  planNote: {
    en: 'The doctor may adjust the plan during the procedure; any change is recorded.',
    ko: '시술 중 의사가 계획을 조정할 수 있으며, 변경 사항은 기록됩니다.',
  },

  course: { en: 'What to expect over time', ko: '시간에 따른 경과' },
  durability: { en: 'How long results typically last', ko: '효과는 보통 얼마나 지속되는지' },
  durabilityIntro: {
    en: 'A thread lift does not give a permanent result. Reported duration ranges from 1 month to 2 years, even within single studies, and objective follow-up of absorbable threads extends to 2 years. In one meta-analysis satisfaction was 98 % right after the procedure and 88 % at 6 months. Results vary from person to person.',
    ko: '실리프팅의 효과는 영구적이지 않습니다. 보고된 지속 기간은 같은 연구 안에서도 1개월에서 2년까지 다양하며, 녹는 실에 대한 객관적 추적 연구는 2년까지 있습니다. 한 메타분석에서 만족도는 시술 직후 98 %, 6개월에 88 %였습니다. 결과는 개인에 따라 차이가 있습니다.',
  },
  colMaterial: { en: 'Material', ko: '재질' },
  colAbsorption: { en: 'Absorption', ko: '흡수' },
  colReported: { en: 'What studies report', ko: '연구 결과' },

  risks: { en: 'Side effects and risks', ko: '부작용과 위험' },
  risksIntro: {
    en: 'Side effects can occur after a thread lift. The table lists the side effects that apply to your plan with their published rates; your own risk may be higher or lower. Results and side effects vary from person to person.',
    ko: '실리프팅 후 부작용이 발생할 수 있습니다. 아래 표는 이 계획에 해당하는 부작용과 연구에서 보고된 발생률입니다. 실제 위험은 이보다 높거나 낮을 수 있으며, 개인에 따라 결과와 부작용에 차이가 있을 수 있습니다.',
  },
  risksSerious: {
    en: 'Some complications do not settle on their own: contour irregularities, injury to a blood vessel or gland, infection and inflammatory reactions. They may need treatment or removal of a thread.',
    ko: '일부 합병증은 저절로 좋아지지 않습니다: 윤곽 불규칙, 혈관이나 침샘 손상, 감염, 염증 반응. 이 경우 치료나 실 제거가 필요할 수 있습니다.',
  },
  colSideEffect: { en: 'Side effect', ko: '부작용' },
  colRate: { en: 'Published rate', ko: '보고된 발생률' },
  colWhy: { en: 'Why it applies', ko: '해당 이유' },
  colLevel: { en: 'For you', ko: '본인 해당' },
  levelElevated: { en: 'higher', ko: '더 높음' },
  levelStandard: { en: 'usual', ko: '일반' },

  alternatives: { en: 'Alternatives', ko: '다른 선택지' },
  alternativesIntro: {
    en: 'A thread lift is one option. The doctor can explain these alternatives and how they compare for you:',
    ko: '실리프팅은 여러 선택지 중 하나입니다. 아래 대안과 본인에게 어떤 차이가 있는지 의사가 설명해 드립니다:',
  },
  altSurgery: {
    en: 'Surgical facelift: removes excess skin; for people who want a longer-lasting change and can accept a longer recovery.',
    ko: '안면거상술(거상 수술): 늘어진 피부를 제거하는 수술로, 더 오래 지속되는 변화를 원하고 더 긴 회복 기간을 받아들일 수 있는 경우에 고려합니다.',
  },
  altFillers: {
    en: 'Fillers: restore lost volume rather than lift tissue; no randomised trial has compared them with threads.',
    ko: '필러: 조직을 당기기보다 꺼진 볼륨을 채웁니다. 실리프팅과 비교한 무작위 임상시험은 없습니다.',
  },
  altDevices: {
    en: 'Energy-based devices (radiofrequency, HIFU): heat the deeper skin layers to tighten them, usually over several sessions.',
    ko: '에너지 기반 장비(고주파, 초음파 HIFU): 피부 깊은 층에 열을 가해 탄력을 높이며, 보통 여러 번 시술합니다.',
  },
  altNone: {
    en: 'No treatment: you can always choose not to have a procedure.',
    ko: '시술하지 않기: 시술을 받지 않는 것도 언제든 선택할 수 있습니다.',
  },

  aftercare: { en: 'Aftercare', ko: '시술 후 관리' },
  aftercareIntro: {
    en: 'The full day-by-day sheet is given to you separately. The main restrictions, from the procedure date {date}:',
    ko: '날짜별 안내문은 따로 드립니다. 시술일({date})부터의 주요 주의 사항:',
  },
  colInstruction: { en: 'Instruction', ko: '안내' },
  colUntil: { en: 'Until (last day)', ko: '기간 (마지막 날)' },
  colDays: { en: 'Days', ko: '일수' },
  colLastDay: { en: 'Last day', ko: '마지막 날' },
  daysN: { en: '{n} days', ko: '{n}일' },
  day1: { en: '1 day', ko: '1일' },
  warningSigns: { en: 'Call the clinic if you notice', ko: '다음 증상이 있으면 병원에 연락하십시오' },
  followUps: { en: 'Follow-up visits', ko: '경과 관찰 내원' },
  colWhen: { en: 'When', ko: '시기' },
  colDate: { en: 'Date', ko: '날짜' },
  colPurpose: { en: 'Purpose', ko: '목적' },
  dateWindow: { en: '{from} to {to}', ko: '{from} ~ {to}' },
  noProcedure: {
    en: 'No procedure is planned, so there is no aftercare schedule.',
    ko: '예정된 시술이 없어 시술 후 관리 일정이 없습니다.',
  },

  notice: { en: 'Notice', ko: '안내 및 고지' },
  legalNotice: {
    en: 'This document was written for information in compliance with Article 56 of the Medical Service Act. Every treatment carries a risk of side effects and complications, and results and side effects vary from person to person. Please make your decision only after sufficient consultation with the medical staff. The measurements and the plan in this report support the doctor’s judgement and do not replace it.',
    ko: '본 문서는 의료법 제56조를 준수하여 정보 제공 목적으로 작성되었습니다. 모든 시술에는 부작용과 합병증이 발생할 수 있으며, 개인에 따라 결과와 부작용에 차이가 있을 수 있습니다. 의료진과 충분히 상담한 후 결정하십시오. 이 보고서의 측정값과 계획은 의사의 판단을 돕는 자료이며 이를 대신하지 않습니다.',
  },
  signatures: { en: 'Signatures', ko: '서명' },
  signDoctor: { en: 'Doctor', ko: '담당 의사' },
  signPatient: { en: 'Patient (or representative)', ko: '환자 (또는 보호자)' },
  signDate: { en: 'Date', ko: '날짜' },

  sheetTreated: { en: 'Treated areas', ko: '시술 부위' },
  sheetProcedureDate: { en: 'Procedure date', ko: '시술일' },
  sheetAnchored: {
    en: 'threads anchored at the temple, so some restrictions last longer',
    ko: '관자놀이 고정 실을 사용하여 일부 주의 기간이 더 깁니다',
  },
  sheetFloating: { en: 'threads not anchored (floating)', ko: '비고정 실' },
  sheetSchedule: { en: 'Day by day and week by week', ko: '날짜별·주별 안내' },
  sheetScheduleIntro: {
    en: 'A dot (●) means the instruction applies in that period; each column starts on the day shown, and the last column gives the last day it applies.',
    ko: '점(●)은 해당 기간에 지켜야 하는 안내입니다. 각 열은 표시된 날에 시작하며, 마지막 열은 안내를 지키는 마지막 날입니다.',
  },
  sheetCourse: { en: 'What is common while you heal', ko: '회복 중 흔히 나타나는 증상' },
  sheetCall: { en: 'Clinic phone', ko: '병원 전화' },

  // ------------------------------------------------------------ copies, banner, bands, clinic, dates
  reportTitlePatient: {
    en: 'Thread-lift consultation report (patient copy)',
    ko: '실리프팅 상담 보고서 (환자용)',
  },
  reportTitleClinician: {
    en: 'Thread-lift consultation report (clinician copy)',
    ko: '실리프팅 상담 보고서 (의료진용)',
  },
  provisionalTitle: { en: 'Provisional measurements', ko: '잠정 측정값' },
  provisionalText: {
    en: 'Some photos did not pass the quality check, so the measurements and the plan below are provisional. The doctor will confirm them, and new photos may be taken.',
    ko: '일부 사진이 품질 기준을 통과하지 못해 아래 측정값과 계획은 잠정적입니다. 의사가 확인하며, 사진을 다시 촬영할 수 있습니다.',
  },
  provisionalReasons: { en: 'Reasons: {list}.', ko: '사유: {list}.' },
  provisionalOther: { en: '{n} other reason(s)', ko: '기타 사유 {n}건' },
  bandPlusMinus: { en: '± {v}', ko: '± {v}' },
  bandMissingMark: { en: '†', ko: '†' },
  bandMissingNote: {
    en: '† The error band of this measurement has not been measured yet (no repeated photos), so a small value or difference may be measurement error.',
    ko: '† 이 측정값의 오차 범위는 아직 측정되지 않았습니다(반복 촬영 자료 없음). 작은 값이나 차이는 측정 오차일 수 있습니다.',
  },
  bandNote: {
    en: '± is the error band: repeated photos of the same face give values within this range 95 times in 100.',
    ko: '±는 오차 범위입니다. 같은 얼굴을 반복 촬영하면 100번 중 95번은 이 범위 안의 값이 나옵니다.',
  },
  findingsPlainIntro: {
    en: 'What the photo measurements show, in plain words (left and right are your own):',
    ko: '사진 측정 결과를 쉽게 정리했습니다(좌우는 환자 본인 기준입니다):',
  },
  findingDiff: {
    en: '{measure}: the {side} side is {v} lower than the other ({band}).',
    ko: '{measure}: {side}이 반대쪽보다 {v} 낮습니다({band}).',
  },
  findingDiffNumbers: {
    en: '{measure}: left and right differ by {v} ({band}).',
    ko: '{measure}: 좌우 차이는 {v}입니다({band}).',
  },
  findingNoticeable: { en: 'This difference is usually noticeable.', ko: '이 정도 차이는 보통 눈에 띕니다.' },
  findingNotNoticeable: {
    en: 'A difference this small is usually not noticeable.',
    ko: '이 정도 차이는 보통 눈에 띄지 않습니다.',
  },
  findingWithinError: {
    en: 'This is within measurement error: the sides may well be equal.',
    ko: '측정 오차 범위 안의 차이로, 좌우가 같을 수도 있습니다.',
  },
  findingNotMeasurable: {
    en: '{measure}: could not be measured on this photo.',
    ko: '{measure}: 이 사진에서는 측정할 수 없었습니다.',
  },
  errorBand: { en: 'error band ± {v}', ko: '오차 범위 ± {v}' },
  errorBandMissing: { en: 'error band not measured', ko: '오차 범위 미측정' },
  findingsNone: {
    en: 'No left/right difference could be measured on this photo.',
    ko: '이 사진에서는 좌우 차이를 측정할 수 없었습니다.',
  },
  colNo: { en: 'No.', ko: '번호' },
  colTension: { en: 'Tension', ko: '장력' },
  planPicturesIntro: {
    en: 'Each numbered line is one planned thread, drawn from its entry point (dot); the numbers match the rows of the table below.',
    ko: '번호가 붙은 선은 계획한 실 하나이며, 점은 자입점입니다. 번호는 아래 표의 행 번호와 같습니다.',
  },
  planPicturesZones: {
    en: 'Danger zones (shaded; dashed where estimated) are drawn from the landmarks; individual anatomy varies.',
    ko: '위험 부위(음영, 추정 부위는 점선)는 얼굴 기준점으로 그렸으며 개인의 해부 구조는 다를 수 있습니다.',
  },
  overlayCaptionNumbered: {
    en: '{view}: planned threads (numbered lines) and entry points (dots)',
    ko: '{view}: 계획한 실(번호 선)과 자입점(점)',
  },
  zonesHeading: { en: 'Danger zones drawn', ko: '표시한 위험 부위' },
  colZone: { en: 'Danger zone', ko: '위험 부위' },
  colSeverity: { en: 'Severity', ko: '위험도' },
  severityCritical: { en: 'critical', ko: '매우 높음' },
  severityHigh: { en: 'high', ko: '높음' },
  severityModerate: { en: 'moderate', ko: '중간' },
  zoneEstimated: { en: 'estimated', ko: '추정' },
  planFindingsHeading: { en: 'Plan check findings', ko: '계획 점검 결과' },
  planFindingsNone: {
    en: 'No thread crosses a danger zone.',
    ko: '위험 부위를 지나는 실이 없습니다.',
  },
  colFinding: { en: 'Finding', ko: '점검 결과' },
  colJustification: { en: 'Justification', ko: '사유' },
  colLevelShort: { en: 'Level', ko: '단계' },
  traceHeading: { en: 'Rules that fired', ko: '적용된 규칙' },
  colRule: { en: 'Rule', ko: '규칙' },
  colBecause: { en: 'Because', ko: '근거 사실' },
  colCites: { en: 'Evidence', ko: '근거 자료' },
  citationsHeading: { en: 'Citations', ko: '인용 문헌' },
  colHowOften: { en: 'How often', ko: '발생 빈도' },
  colWhyYou: { en: 'Why it applies to you', ko: '해당 이유' },
  riskRatesSource: {
    en: 'The figures come from published studies of many patients; the clinician copy lists the studies.',
    ko: '수치는 여러 환자를 대상으로 한 연구 결과이며, 연구 목록은 의료진용 보고서에 있습니다.',
  },
  untilDayN: { en: 'day {n} after the procedure', ko: '시술 후 {n}일째까지' },
  dayN: { en: 'day {n}', ko: '{n}일째' },
  aftercareIntroNoDate: {
    en: 'No procedure date is recorded yet, so the restrictions are counted in days from the day of the procedure. The full day-by-day sheet is given to you separately:',
    ko: '시술일이 아직 기록되지 않아 주의 기간을 시술일로부터의 일수로 안내합니다. 날짜별 안내문은 따로 드립니다.',
  },
  followUpAfterProcedure: { en: 'booked after the procedure', ko: '시술 후 예약' },
  callClinic: {
    en: 'Questions or a concern after the procedure: call {clinic} at {phone}.',
    ko: '시술 후 궁금한 점이나 걱정되는 증상이 있으면 {clinic}({phone})으로 전화하십시오.',
  },
  callClinicNoPhone: {
    en: 'Questions or a concern after the procedure: call {clinic}.',
    ko: '시술 후 궁금한 점이나 걱정되는 증상이 있으면 {clinic}에 전화하십시오.',
  },
  doctorLine: { en: '{name} (licence no. {licence})', ko: '{name} (면허 번호 {licence})' },
  findingLevelError: { en: 'error', ko: '오류' },
  findingLevelWarning: { en: 'warning', ko: '주의' },
  findingLevelInfo: { en: 'note', ko: '참고' },
  findingEntryInZone: { en: 'entry point inside {zone}', ko: '자입점이 {zone} 안에 있음' },
  findingPathCrossesZone: { en: 'path crosses {zone}', ko: '실 경로가 {zone}을(를) 지남' },
  colSource: { en: 'Source', ko: '출처' },
  justifiedByRule: { en: 'accepted by rule {rule}', ko: '규칙 {rule}에 따라 허용' },
} as const satisfies Record<string, Bilingual>;

export type PhraseId = keyof typeof T;

/** A phrase in one language with {placeholders} filled. */
export function t(id: PhraseId, lang: keyof Bilingual, vars: Record<string, string | number> = {}): string {
  return T[id][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export const SEX: Record<'female' | 'male' | 'other', Bilingual> = {
  female: { en: 'female', ko: '여성' },
  male: { en: 'male', ko: '남성' },
  other: { en: 'other', ko: '기타' },
};

export const REGION_NAME: Record<Region, Bilingual> = {
  brow: { en: 'Brow', ko: '눈썹' },
  midface: { en: 'Midface (cheek)', ko: '중안부(볼)' },
  nasolabial: { en: 'Nasolabial fold', ko: '팔자주름' },
  jowl: { en: 'Jowl', ko: '턱살 처짐(불독살)' },
  marionette: { en: 'Marionette line', ko: '마리오네트 라인' },
  neck: { en: 'Neck', ko: '목' },
};

export const SIDE_NAME: Record<Side, Bilingual> = {
  left: { en: 'left', ko: '왼쪽' },
  right: { en: 'right', ko: '오른쪽' },
};

export const VIEW_NAME: Record<
  'front' | 'oblique-left' | 'oblique-right' | 'profile-left' | 'profile-right',
  Bilingual
> = {
  front: { en: 'Front', ko: '정면' },
  'oblique-left': { en: 'Left oblique', ko: '왼쪽 45도' },
  'oblique-right': { en: 'Right oblique', ko: '오른쪽 45도' },
  'profile-left': { en: 'Left profile', ko: '왼쪽 측면' },
  'profile-right': { en: 'Right profile', ko: '오른쪽 측면' },
};

export const METRIC_NAME: Record<MetricId, Bilingual> = {
  'lateral-brow-height': { en: 'Brow-tail height', ko: '눈썹 꼬리 높이' },
  'commissure-height': { en: 'Mouth-corner height', ko: '입꼬리 높이' },
  'commissure-angle': { en: 'Mouth-corner angle', ko: '입꼬리 각도' },
  'jowl-depth': { en: 'Jowl depth', ko: '턱살 처짐 깊이' },
  'lower-face-width-ratio': { en: 'Jaw to cheekbone width ratio', ko: '턱·광대 너비 비율' },
  'bizygomatic-width': { en: 'Cheekbone width', ko: '광대 너비' },
  'bigonial-width': { en: 'Jaw width', ko: '턱 너비' },
  'malar-descent': { en: 'Cheek descent', ko: '볼 처짐' },
  'nasolabial-length': { en: 'Nasolabial fold length', ko: '팔자주름 길이' },
  'nasolabial-angle': { en: 'Nasolabial fold angle', ko: '팔자주름 각도' },
  'upper-third': { en: 'Upper third of the face', ko: '얼굴 상안부 길이' },
  'middle-third': { en: 'Middle third of the face', ko: '얼굴 중안부 길이' },
  'lower-third': { en: 'Lower third of the face', ko: '얼굴 하안부 길이' },
  'lower-to-middle-third-ratio': { en: 'Lower to middle third ratio', ko: '하안부·중안부 비율' },
};

/** The paired metrics that speak for each region (as the planner reads them). */
export const REGION_METRICS: Record<Region, readonly MetricId[]> = {
  brow: ['lateral-brow-height'],
  midface: ['malar-descent'],
  nasolabial: ['nasolabial-length', 'nasolabial-angle'],
  jowl: ['jowl-depth'],
  marionette: ['commissure-height', 'commissure-angle'],
  neck: [],
};

export const GRADE_MEANING: readonly Bilingual[] = [
  { en: 'none', ko: '없음' },
  { en: 'mild', ko: '경미' },
  { en: 'moderate', ko: '중등도' },
  { en: 'severe', ko: '심함' },
  { en: 'very severe', ko: '매우 심함' },
];

export const SKIN_THICKNESS_NAME: Record<SkinThickness, Bilingual> = {
  thin: { en: 'thin', ko: '얇음' },
  normal: { en: 'normal', ko: '보통' },
  thick: { en: 'thick', ko: '두꺼움' },
};
export const ELASTICITY_NAME: Record<Elasticity, Bilingual> = {
  good: { en: 'good', ko: '좋음' },
  fair: { en: 'fair', ko: '보통' },
  poor: { en: 'poor', ko: '낮음' },
};
export const FAT_NAME: Record<FatVolume, Bilingual> = {
  deflated: { en: 'low volume', ko: '볼륨 감소' },
  balanced: { en: 'balanced', ko: '균형' },
  heavy: { en: 'heavy', ko: '많음' },
};

export const KIND_NAME: Record<ThreadKind, Bilingual> = {
  mono: { en: 'smooth (mono) thread', ko: '모노실' },
  screw: { en: 'screw thread', ko: '스크류실' },
  'bidirectional-cog': { en: 'bidirectional cog thread', ko: '양방향 코그실' },
  'molded-cog': { en: 'molded cog thread', ko: '몰딩 코그실' },
  cones: { en: 'cone thread', ko: '콘 실' },
};

export const FIXATION_NAME: Record<Fixation, Bilingual> = {
  floating: { en: 'not anchored', ko: '비고정' },
  'anchored-deep-temporal-fascia': { en: 'anchored at the temple', ko: '측두근막 고정' },
};

export const PLANE_NAME: Record<Plane, Bilingual> = {
  subcutaneous: { en: 'under the skin', ko: '피하층' },
  'superficial-to-smas': { en: 'just above the SMAS', ko: 'SMAS층 바로 위' },
  'sub-smas': { en: 'beneath the SMAS', ko: 'SMAS층 아래' },
};

export const TENSION_NAME: Record<Tension, Bilingual> = {
  low: { en: 'low', ko: '낮음' },
  moderate: { en: 'moderate', ko: '중간' },
  firm: { en: 'firm', ko: '강함' },
};

/** Absorption and reported durability per material (clinical-facts §1 and §6). */
export const MATERIAL_DURABILITY: Record<Material, { absorption: Bilingual; reported: Bilingual }> = {
  PDO: {
    absorption: { en: 'mostly absorbed within 6 months', ko: '대부분 6개월 안에 흡수' },
    reported: {
      en: 'with barbed PDO threads the improvement declined by 6 months and was gone by 12 months in one series',
      ko: '돌기 있는 PDO 실은 한 연구에서 효과가 6개월에 줄고 12개월에 사라졌습니다',
    },
  },
  'PLLA/PLGA': {
    absorption: { en: 'degrades over 6 to 24 months', ko: '6~24개월에 걸쳐 분해' },
    reported: {
      en: 'claims of about 18 months are not supported by controlled studies',
      ko: '약 18개월이라는 주장은 대조군 연구로 뒷받침되지 않습니다',
    },
  },
  PCL: {
    absorption: { en: 'no published figure in our evidence base', ko: '근거 자료에 보고된 수치 없음' },
    reported: {
      en: 'claims of 18 to 24 months are not supported by controlled studies',
      ko: '18~24개월이라는 주장은 대조군 연구로 뒷받침되지 않습니다',
    },
  },
  'P(LA/CL)': {
    absorption: { en: 'no published figure in our evidence base', ko: '근거 자료에 보고된 수치 없음' },
    reported: {
      en: 'reviewed for degradation and tissue tolerance; no controlled data on how long results last',
      ko: '분해와 조직 적합성에 대한 검토만 있으며, 지속 기간에 대한 대조군 자료는 없습니다',
    },
  },
};

export const RISK_NAME: Record<RiskFlag['id'], Bilingual> = {
  dimpling: { en: 'Dimpling (skin puckering)', ko: '피부 함몰(딤플)' },
  'visible-thread': { en: 'Visible or palpable thread', ko: '실 비침·만져짐' },
  'midface-widening': { en: 'Wider-looking midface', ko: '중안부 넓어짐(광대 돌출)' },
  asymmetry: { en: 'Asymmetry', ko: '좌우 비대칭' },
  infection: { en: 'Infection', ko: '감염' },
  swelling: { en: 'Swelling', ko: '부기' },
  bruising: { en: 'Bruising or bleeding', ko: '멍·출혈' },
  pain: { en: 'Pain or tenderness', ko: '통증·압통' },
  paresthesia: { en: 'Numbness or tingling', ko: '감각 이상(저림)' },
  extrusion: { en: 'Thread coming out through the skin', ko: '실 돌출' },
  alopecia: { en: 'Hair loss at the temple', ko: '관자놀이 탈모' },
  recurrence: { en: 'The effect fading', ko: '효과 감소(재처짐)' },
};

/** Translates a planner risk text (possibly several fragments joined by "; ") into Korean. */
export const riskTextKo = (en: string): string => riskText(en, 'ko');
export { RISK_TEXT_KO };
