/**
 * Korean for the planner's published-rate and reason texts (risk-rates.ts), fragment by fragment: a merged
 * risk joins several fragments with "; ". One table for every patient-facing surface (web, PDF report); the
 * report and web tests check that every risk template has a translation.
 */
export const RISK_TEXT_KO: readonly (readonly [string, string])[] = [
  [
    'swelling 35 % (Niu 2021 MA), 16 % (Zhou & Zhuang 2025 MA), 16.8 % (absorbable-only SR)',
    '부기 35 % (Niu 2021 메타분석), 16 % (Zhou & Zhuang 2025 메타분석), 16.8 % (녹는 실 체계적 문헌고찰)',
  ],
  [
    'ecchymosis/bruising 26 % (Zhou & Zhuang 2025 MA), 19.5 % (absorbable-only SR)',
    '멍 26 % (Zhou & Zhuang 2025 메타분석), 19.5 % (녹는 실 체계적 문헌고찰)',
  ],
  [
    'pain/tenderness 11 % (Zhou & Zhuang 2025 MA), 10.0 % (absorbable-only SR)',
    '통증·압통 11 % (Zhou & Zhuang 2025 메타분석), 10.0 % (녹는 실 체계적 문헌고찰)',
  ],
  [
    'dimpling/irregularity 10 % (Niu 2021 MA), 7 % dimpling/asymmetry (Zhou & Zhuang 2025 MA)',
    '피부 함몰·불규칙 10 % (Niu 2021 메타분석), 함몰·비대칭 7 % (Zhou & Zhuang 2025 메타분석)',
  ],
  [
    'paresthesia 6 % (Niu 2021 MA), 10 % (Zhou & Zhuang 2025 MA), 1.1 % (absorbable-only SR)',
    '감각 이상 6 % (Niu 2021 메타분석), 10 % (Zhou & Zhuang 2025 메타분석), 1.1 % (녹는 실 체계적 문헌고찰)',
  ],
  [
    'visible/palpable thread 4 % (Niu 2021 MA), 6 % (Zhou & Zhuang 2025 MA)',
    '실 비침·만져짐 4 % (Niu 2021 메타분석), 6 % (Zhou & Zhuang 2025 메타분석)',
  ],
  [
    'thread extrusion/exposure 2 % (Niu 2021 MA), 5 % (Zhou & Zhuang 2025 MA)',
    '실 돌출·노출 2 % (Niu 2021 메타분석), 5 % (Zhou & Zhuang 2025 메타분석)',
  ],
  [
    'infection 2 % (Niu 2021 MA), 2 % (Zhou & Zhuang 2025 MA), 2.5 % (absorbable-only SR)',
    '감염 2 % (Niu 2021 메타분석), 2 % (Zhou & Zhuang 2025 메타분석), 2.5 % (녹는 실 체계적 문헌고찰)',
  ],
  [
    'PDO barbed threads: improvement gone by 12 months (Bertossi 2019); satisfaction 98 % → 88 % at 6 months (Niu 2021)',
    '돌기 있는 PDO 실: 12개월에 효과 소실 (Bertossi 2019); 만족도 98 % → 6개월에 88 % (Niu 2021)',
  ],
  [
    'dimpling 16 % over 50 vs 5.6 % (Niu 2021 MA)',
    '피부 함몰: 50세 초과 16 %, 이하 5.6 % (Niu 2021 메타분석)',
  ],
  ['infection 5.9 % over 50 vs 0.7 % (Niu 2021 MA)', '감염: 50세 초과 5.9 %, 이하 0.7 % (Niu 2021 메타분석)'],
  [
    'no rate published for thin skin; pooled dimpling 10 % (Niu 2021 MA)',
    '얇은 피부에 대한 발생률은 보고되지 않음; 전체 피부 함몰 10 % (Niu 2021 메타분석)',
  ],
  [
    'no rate published for thin skin; pooled visible/palpable thread 4–6 % (Niu 2021, Zhou & Zhuang 2025)',
    '얇은 피부에 대한 발생률은 보고되지 않음; 전체 실 비침·만져짐 4–6 % (Niu 2021, Zhou & Zhuang 2025)',
  ],
  [
    'dimpling 12–18 % with U-shaped temple-anchored threads; I-shaped floating threads < 5 % per complication (Hong 2025)',
    '관자놀이 고정 U자형 실의 피부 함몰 12–18 %; 비고정 I자형 실은 합병증별 5 % 미만 (Hong 2025)',
  ],
  [
    'bleeding 15–20 % with U-shaped temple-anchored threads (Hong 2025)',
    '관자놀이 고정 U자형 실의 출혈 15–20 % (Hong 2025)',
  ],
  [
    'alopecia 2.1 % with temporal anchoring (Yeo 2017, 144 pts)',
    '관자놀이 고정 시 탈모 2.1 % (Yeo 2017, 144명)',
  ],
  [
    'no pooled rate published; bunching of lax tissue can widen the midface (Kang 2020)',
    '종합 발생률은 보고되지 않음; 늘어진 조직이 뭉치면 중안부가 넓어 보일 수 있음 (Kang 2020)',
  ],
  [
    'no pooled rate published; an anti-widening design reduced bizygomatic width 4.7–17.9 mm at 6 months (Kang 2020, n = 3)',
    '종합 발생률은 보고되지 않음; 넓어짐을 줄이는 설계로 6개월에 광대 너비가 4.7–17.9 mm 줄었다는 보고 (Kang 2020, 3명)',
  ],
  [
    'asymmetry 0.7 % (Yeo 2017, 144 pts), 5.8 % (Wang 2019, 103 pts); pooled 7 % dimpling/asymmetry (Zhou & Zhuang 2025)',
    '비대칭 0.7 % (Yeo 2017, 144명), 5.8 % (Wang 2019, 103명); 종합 함몰·비대칭 7 % (Zhou & Zhuang 2025)',
  ],
  // reasons
  ['expected after any thread lift', '모든 실리프팅 후 흔히 나타남'],
  ['published pooled rate', '연구에서 보고된 종합 발생률'],
  ['absorbable threads do not give a permanent result', '녹는 실의 효과는 시간이 지나면 줄어듦'],
  ['age over 50', '50세 초과'],
  [
    'thin skin, low elasticity and little fat lead to dimpling and visible threads',
    '얇은 피부, 낮은 탄력, 적은 지방은 피부 함몰과 실 비침으로 이어질 수 있음',
  ],
  ['thin skin: superficial threads show', '얇은 피부: 얕게 들어간 실이 비칠 수 있음'],
  ['temple-anchored (U-shaped) threads', '관자놀이 고정(U자형) 실'],
  ['anchoring in the hair-bearing temple', '모발이 있는 관자놀이에 고정'],
  ['midface threads planned', '중안부 실 계획'],
  [
    'midface already wide relative to the jaw (low lower-face width ratio)',
    '턱에 비해 중안부가 이미 넓음 (턱·광대 너비 비율이 낮음)',
  ],
  [
    'perceptible measured asymmetry: sides planned differently',
    '측정된 좌우 차이가 눈에 띔: 좌우를 다르게 계획',
  ],
  [
    'no rate published for patients on anticoagulants or antiplatelets; pooled ecchymosis 26 % (Zhou & Zhuang 2025 MA), 19.5 % and hematoma 0.6 % (absorbable-only SR); sharp needles bleed more than blunt cannulas',
    '항응고제·항혈소판제 복용자에 대한 보고된 비율은 없습니다. 전체 멍 26 % (Zhou & Zhuang 2025 메타분석), 19.5 %, 혈종 0.6 % (녹는 실 체계적 문헌고찰); 날카로운 바늘이 무딘 캐뉼라보다 출혈이 많습니다',
  ],
  ['takes anticoagulants or antiplatelets', '항응고제 또는 항혈소판제 복용'],
  [
    'midface already wide (lower-face width ratio or width-to-height at the liftplan-default cut-off)',
    '중안면이 이미 넓음 (하안면 너비 비율 또는 너비 대 높이가 프로그램 기본 기준에 해당)',
  ],
];

/** A planner risk text in the reader's language (fragments replaced longest first). */
export function riskText(en: string, lang: 'ko' | 'en'): string {
  if (lang === 'en') return en;
  let out = en;
  for (const [from, to] of [...RISK_TEXT_KO].sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(from).join(to);
  }
  return out;
}
