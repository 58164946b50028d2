/**
 * Candidacy criteria as a table (clinical-facts §3): each has a verdict, citations and a pure check over the
 * case. Order inside a verdict is the order reasons are listed in. Day counts use the case's visit date.
 */
import type { CaseFile } from '../case/schema.js';
import { REGIONS, type HistoryFlag, type PreviousProcedureKind, type Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { daysBetween } from './dates.js';
import { asymmetrySummary } from '../metrics/asymmetry-summary.js';
import type { ViewMeasurements } from '../metrics/types.js';
import { regionList } from './region-names.js';
import type { Bilingual, CandidacyVerdict } from './types.js';

export interface CriterionHit {
  readonly text: Bilingual;
  readonly regions?: readonly Region[];
}

export interface CandidacyCriterion {
  readonly id: string;
  readonly verdict: CandidacyVerdict;
  /** One line for docs/clinical-rules.md. */
  readonly description: string;
  readonly cite: readonly CitationKey[];
  /** `front`: measurements of the front photo (null without one), for the measured criteria. */
  readonly check: (c: CaseFile, front: ViewMeasurements | null) => CriterionHit | null;
}

const flag =
  (f: HistoryFlag, text: Bilingual) =>
  (c: CaseFile): CriterionHit | null =>
    c.patient.history[f] ? { text } : null;

/** Regions the clinician graded above 0: the ones a plan would treat. */
const treatedRegions = (c: CaseFile): Region[] => REGIONS.filter((r) => c.assessment.grades[r] > 0);

/** Previous procedures of some kinds in treated regions, with their age in days at the visit. */
function priorInTreated(
  c: CaseFile,
  kinds: readonly PreviousProcedureKind[],
  maxDays: number,
  minDays = 0,
): { regions: Region[]; days: number } | null {
  const treated = new Set(treatedRegions(c));
  const regions = new Set<Region>();
  let days = Infinity;
  for (const p of c.patient.previousProcedures) {
    if (!kinds.includes(p.kind)) continue;
    const d = daysBetween(p.date, c.visitDate);
    if (d < minDays || d >= maxDays) continue;
    const hit = p.regions.filter((r) => treated.has(r));
    if (hit.length === 0) continue;
    hit.forEach((r) => regions.add(r));
    days = Math.min(days, d);
  }
  if (regions.size === 0) return null;
  return { regions: REGIONS.filter((r) => regions.has(r)), days };
}

const maxGrade = (c: CaseFile): number => Math.max(...REGIONS.map((r) => c.assessment.grades[r]));

const T = THRESHOLDS;

export const CANDIDACY_CRITERIA: readonly CandidacyCriterion[] = [
  // --- contraindicated ---
  {
    id: 'contra-pregnancy',
    verdict: 'contraindicated',
    description: 'Pregnancy',
    cite: ['contra-general'],
    check: flag('pregnant', {
      en: 'Pregnancy: thread lifting is contraindicated.',
      ko: '임신 중에는 실리프팅이 금기입니다.',
    }),
  },
  {
    id: 'contra-breastfeeding',
    verdict: 'contraindicated',
    description: 'Breastfeeding (lactation)',
    cite: ['contra-general'],
    check: flag('breastfeeding', {
      en: 'Breastfeeding: thread lifting is contraindicated.',
      ko: '수유 중에는 실리프팅이 금기입니다.',
    }),
  },
  {
    id: 'contra-bleeding-disorder',
    verdict: 'contraindicated',
    description: 'Bleeding disorder (coagulation disorder, bleeding tendency)',
    cite: ['contra-bleeding'],
    check: flag('bleedingDisorder', {
      en: 'Bleeding disorder: thread lifting is contraindicated.',
      ko: '혈액응고 장애(출혈 경향)가 있어 실리프팅이 금기입니다.',
    }),
  },
  {
    id: 'contra-skin-infection',
    verdict: 'contraindicated',
    description: 'Active skin infection or lesion at the entry sites',
    cite: ['contra-skin-lesion'],
    check: flag('activeSkinInfectionAtEntrySites', {
      en: 'Active skin infection or lesion at the entry sites: contraindicated until it has resolved; reassess then.',
      ko: '자입점 부위에 활동성 피부 감염이나 병변이 있어 금기입니다. 치료된 후 다시 평가합니다.',
    }),
  },
  {
    id: 'contra-acute-infection',
    verdict: 'contraindicated',
    description: 'Acute infectious disease',
    cite: ['contra-general'],
    check: flag('acuteInfectiousDisease', {
      en: 'Acute infectious disease: contraindicated.',
      ko: '급성 감염성 질환이 있어 금기입니다.',
    }),
  },
  {
    id: 'contra-active-cancer',
    verdict: 'contraindicated',
    description: 'Active cancer',
    cite: ['contra-general'],
    check: flag('activeCancer', {
      en: 'Active cancer: contraindicated.',
      ko: '활동성 암이 있어 금기입니다.',
    }),
  },
  {
    id: 'contra-autoimmune',
    verdict: 'contraindicated',
    description: 'Autoimmune or connective-tissue disease',
    cite: ['contra-autoimmune'],
    check: flag('autoimmuneDisease', {
      en: 'Autoimmune or connective-tissue disease: contraindicated.',
      ko: '자가면역 질환 또는 결합조직 질환이 있어 금기입니다.',
    }),
  },
  {
    id: 'contra-keloid',
    verdict: 'contraindicated',
    description: 'Keloid or hypertrophic scarring tendency',
    cite: ['contra-keloid'],
    check: flag('keloidTendency', {
      en: 'Keloid or hypertrophic scarring tendency: contraindicated.',
      ko: '켈로이드(비후성 흉터) 경향이 있어 금기입니다.',
    }),
  },
  {
    id: 'contra-immunodeficiency',
    verdict: 'contraindicated',
    description: 'Immunodeficiency',
    cite: ['contra-immune-diabetes'],
    check: flag('immunodeficiency', {
      en: 'Immunodeficiency: contraindicated.',
      ko: '면역결핍이 있어 금기입니다.',
    }),
  },
  // --- defer ---
  {
    id: 'defer-uncontrolled-diabetes',
    verdict: 'defer',
    description: 'Diabetes not well controlled: defer until it is',
    cite: ['contra-immune-diabetes'],
    check: flag('uncontrolledDiabetes', {
      en: 'Diabetes is not well controlled: defer until it is.',
      ko: '당뇨가 잘 조절되지 않고 있어, 조절된 후로 시술을 연기합니다.',
    }),
  },
  {
    id: 'defer-recent-dental',
    verdict: 'defer',
    description: `Dental work within ${T.recentDentalDays.value} days (recentDentalDays)`,
    cite: T.recentDentalDays.cite,
    check: (c) => {
      let days = Infinity;
      for (const p of c.patient.previousProcedures) {
        if (p.kind === 'dental-work') days = Math.min(days, daysBetween(p.date, c.visitDate));
      }
      if (days >= T.recentDentalDays.value) return null;
      return {
        text: {
          en: `Dental work ${days} days ago (within ${T.recentDentalDays.value} days): defer.`,
          ko: `${days}일 전에 치과 치료를 받아 ${T.recentDentalDays.value}일 이내이므로 시술을 연기합니다.`,
        },
      };
    },
  },
  {
    id: 'defer-recent-threads',
    verdict: 'defer',
    description: `Previous threads in a region to be treated within ${T.recentThreadsDays.value} days (recentThreadsDays)`,
    cite: T.recentThreadsDays.cite,
    check: (c) => {
      const hit = priorInTreated(c, ['threads'], T.recentThreadsDays.value);
      if (!hit) return null;
      return {
        regions: hit.regions,
        text: {
          en: `Threads in the ${regionList(hit.regions, 'en')} ${hit.days} days ago (within ${T.recentThreadsDays.value} days): defer.`,
          ko: `${regionList(hit.regions, 'ko')} 부위에 ${hit.days}일 전 실리프팅을 받았습니다 (${T.recentThreadsDays.value}일 이내). 시술을 연기합니다.`,
        },
      };
    },
  },
  {
    id: 'defer-unrealistic-expectations',
    verdict: 'defer',
    description: 'Unrealistic expectations: counsel on limits and duration first',
    cite: ['unrealistic-expectations', 'satisfaction-decline'],
    check: (c) =>
      c.patient.expectations === 'unrealistic'
        ? {
            text: {
              en: 'Expectations are unrealistic: discuss the limits and the non-permanence of results before planning.',
              ko: '기대 수준이 현실적이지 않습니다. 결과의 한계와 지속 기간에 대해 다시 상담한 뒤 계획합니다.',
            },
          }
        : null,
  },
  {
    id: 'defer-asymmetry-work-up',
    verdict: 'defer',
    description: `Measured asymmetry beyond what threads correct (over ${T.asymmetryWorkupMm.value} mm or ${T.asymmetryWorkupDeg.value}°, asymmetryWorkupMm/Deg): look for the cause first`,
    cite: [...T.asymmetryWorkupMm.cite, 'asymmetry-perception'],
    check: (_c, front) => {
      const a = asymmetrySummary(front);
      if (a.beyond.length === 0) return null;
      return {
        text: {
          en: `Measured left/right difference beyond what threads can correct (${a.beyond.join(', ')}): examine for a cause (skeletal, dental, nerve or soft tissue) and complete a work-up or refer before planning threads.`,
          ko: `실로 교정할 수 있는 범위를 넘는 좌우 차이가 측정되었습니다 (${a.beyond.join(', ')}). 실 시술을 계획하기 전에 원인(골격, 치아, 신경, 연부조직)을 진찰하고 정밀 검사를 하거나 의뢰합니다.`,
        },
      };
    },
  },
  // --- refer for a surgical opinion ---
  {
    id: 'refer-severe-laxity-heavy',
    verdict: 'refer-surgical',
    description: 'Grade 4 laxity in any region with heavy tissue',
    cite: ['excessive-laxity-surgery', 'heavy-face', 'refer-durability'],
    check: (c) =>
      maxGrade(c) >= 4 && c.assessment.fat === 'heavy'
        ? {
            regions: REGIONS.filter((r) => c.assessment.grades[r] >= 4),
            text: {
              en: 'Severe laxity (grade 4) with heavy tissue: threads may not hold the tissue weight; refer for a surgical opinion.',
              ko: '심한 이완(4등급)과 무거운 조직: 실이 조직의 무게를 지탱하지 못할 수 있어 수술 상담을 권유합니다.',
            },
          }
        : null,
  },
  {
    id: 'refer-laxity-thin-poor-elasticity',
    verdict: 'refer-surgical',
    description: 'Grade 3 or more laxity with thin skin and poor elasticity',
    cite: ['very-thin-skin-surgery', 'excessive-laxity-surgery', 'thin-skin-visibility'],
    check: (c) =>
      maxGrade(c) >= 3 && c.assessment.skinThickness === 'thin' && c.assessment.elasticity === 'poor'
        ? {
            regions: REGIONS.filter((r) => c.assessment.grades[r] >= 3),
            text: {
              en: 'Marked laxity (grade 3 or more) with thin skin and poor elasticity: threads would show and hold poorly; refer for a surgical opinion.',
              ko: '뚜렷한 이완(3등급 이상)에 얇은 피부와 낮은 탄력: 실이 비치고 유지가 어려울 수 있어 수술 상담을 권유합니다.',
            },
          }
        : null,
  },
  {
    id: 'refer-glogau-iv',
    verdict: 'refer-surgical',
    description: 'Glogau IV photoageing',
    cite: ['glogau-iv'],
    check: (c) =>
      c.assessment.glogau === 'IV'
        ? {
            text: {
              en: 'Glogau IV ("only wrinkles"): usually needs deep resurfacing and/or surgery; refer for a surgical opinion.',
              ko: '글로고 IV형(주름이 전반적): 보통 깊은 피부 재생 치료나 수술이 필요하여 수술 상담을 권유합니다.',
            },
          }
        : null,
  },
  // --- caution ---
  {
    id: 'caution-anticoagulants',
    verdict: 'caution',
    description: 'Anticoagulants or antiplatelets: bruising risk; never advise stopping prescribed ones',
    cite: ['anticoagulants', 'contra-bleeding'],
    check: flag('anticoagulantsOrAntiplatelets', {
      en: 'Takes anticoagulants or antiplatelets: higher bruising and bleeding risk. Do not stop prescribed anticoagulants without the prescriber.',
      ko: '항응고제 또는 항혈소판제를 복용 중입니다: 멍과 출혈 위험이 높습니다. 처방받은 항응고제는 처방의와 상의 없이 중단하지 마십시오.',
    }),
  },
  {
    id: 'caution-herpes',
    verdict: 'caution',
    description: 'Herpes labialis history: antiviral prophylaxis',
    cite: ['herpes-prophylaxis'],
    check: flag('herpesLabialisHistory', {
      en: 'History of herpes labialis: consider antiviral prophylaxis before the procedure.',
      ko: '입술 헤르페스 병력이 있습니다: 시술 전 항바이러스제 예방 투여를 고려합니다.',
    }),
  },
  {
    id: 'caution-age',
    verdict: 'caution',
    description: `Age over ${T.ageHigherRiskYears.value} (ageHigherRiskYears): higher dimpling and infection rates`,
    cite: T.ageHigherRiskYears.cite,
    check: (c) =>
      c.patient.age > T.ageHigherRiskYears.value
        ? {
            text: {
              en: `Age over ${T.ageHigherRiskYears.value}: published dimpling 16 % vs 5.6 % and infection 5.9 % vs 0.7 % (Niu 2021).`,
              ko: `${T.ageHigherRiskYears.value}세 초과: 보고된 피부 함몰 16 % (이하 5.6 %), 감염 5.9 % (이하 0.7 %)로 더 높습니다 (Niu 2021).`,
            },
          }
        : null,
  },
  {
    id: 'caution-age-outside-studied',
    verdict: 'caution',
    description: `Age outside the typical ${T.typicalAgeMinYears.value}–${T.typicalAgeMaxYears.value} band of published series (typicalAgeMin/MaxYears)`,
    cite: ['typical-age-band', 'age-over-50-rates'],
    check: (c) =>
      c.patient.age < T.typicalAgeMinYears.value || c.patient.age > T.typicalAgeMaxYears.value
        ? {
            text: {
              en: `Age ${c.patient.age} is outside the typical ${T.typicalAgeMinYears.value}–${T.typicalAgeMaxYears.value} band of published thread-lift series: results and risks at this age are not well studied.`,
              ko: `${c.patient.age}세는 발표된 실리프팅 연구의 일반적인 연령대(${T.typicalAgeMinYears.value}–${T.typicalAgeMaxYears.value}세)를 벗어납니다. 이 연령의 결과와 위험은 충분히 연구되지 않았습니다.`,
            },
          }
        : null,
  },
  {
    id: 'caution-thin-skin',
    verdict: 'caution',
    description: 'Thin skin: visibility and dimpling; finer threads, deeper plane, lower tension',
    cite: ['thin-skin-visibility', 'superficial-placement'],
    check: (c) =>
      c.assessment.skinThickness === 'thin'
        ? {
            text: {
              en: 'Thin skin: higher risk of visible threads and dimpling; the plan uses finer threads, a deeper plane and lower tension.',
              ko: '얇은 피부: 실 비침과 피부 함몰 위험이 높습니다. 더 가는 실, 더 깊은 층, 낮은 장력으로 계획합니다.',
            },
          }
        : null,
  },
  {
    id: 'caution-permanent-filler',
    verdict: 'caution',
    description: 'Permanent filler in a region to be treated (alters the plan)',
    cite: ['prior-threads-filler'],
    check: (c) => {
      const hit = priorInTreated(c, ['permanent-filler'], Infinity);
      if (!hit) return null;
      return {
        regions: hit.regions,
        text: {
          en: `Permanent filler in the ${regionList(hit.regions, 'en')}: take it into account when placing threads.`,
          ko: `${regionList(hit.regions, 'ko')} 부위에 영구 필러가 있습니다: 실 위치를 정할 때 반영해야 합니다.`,
        },
      };
    },
  },
  {
    id: 'caution-earlier-threads',
    verdict: 'caution',
    description: `Threads in a region to be treated more than ${T.recentThreadsDays.value} days ago (alters the plan)`,
    cite: ['prior-threads-filler'],
    check: (c) => {
      const hit = priorInTreated(c, ['threads'], Infinity, T.recentThreadsDays.value);
      if (!hit) return null;
      return {
        regions: hit.regions,
        text: {
          en: `Earlier threads in the ${regionList(hit.regions, 'en')} (${hit.days} days ago): take remaining material and scarring into account.`,
          ko: `${regionList(hit.regions, 'ko')} 부위에 이전 실리프팅 이력이 있습니다 (${hit.days}일 전): 남은 실과 흉터를 고려합니다.`,
        },
      };
    },
  },
  {
    id: 'caution-recent-injectable',
    verdict: 'caution',
    description: `Temporary filler or toxin in a region to be treated within ${T.recentInjectableDays.value} days (recentInjectableDays; no validated interval)`,
    cite: T.recentInjectableDays.cite,
    check: (c) => {
      const hit = priorInTreated(c, ['temporary-filler', 'botulinum-toxin'], T.recentInjectableDays.value);
      if (!hit) return null;
      return {
        regions: hit.regions,
        text: {
          en: `Filler or toxin in the ${regionList(hit.regions, 'en')} ${hit.days} days ago: no validated interval exists; stage with care.`,
          ko: `${regionList(hit.regions, 'ko')} 부위에 ${hit.days}일 전 필러 또는 보톡스 시술을 받았습니다: 검증된 간격 기준이 없으므로 일정을 신중히 정합니다.`,
        },
      };
    },
  },
  {
    id: 'caution-expectations-not-assessed',
    verdict: 'caution',
    description: 'Expectations not yet assessed',
    cite: ['unrealistic-expectations'],
    check: (c) =>
      c.patient.expectations === 'not-assessed'
        ? {
            text: {
              en: 'Expectations have not been assessed: discuss them before signing the plan.',
              ko: '기대 수준이 아직 평가되지 않았습니다: 계획 확정 전에 상담합니다.',
            },
          }
        : null,
  },
];
