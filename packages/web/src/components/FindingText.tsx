import type { DangerZone, PlanFinding, ThreadPlacement } from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { langOf } from '../lib/format.js';

/** A planner finding in the UI language (the domain's own message is English, shown as the detail). */
export function useFindingText(zones: readonly DangerZone[], placements: readonly ThreadPlacement[]) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (f: PlanFinding): string => {
    const zone = zones.find((z) => z.id === f.zoneId);
    const p = placements.find((x) => x.id === f.placementId);
    const thread = p ? `${t(`regions.${p.region}`)} ${t(`sides.${p.side}`)}` : (f.placementId ?? '');
    const zoneName = zone ? `${zone.name[lang]} (${t(`severity.${zone.severity}`)})` : (f.zoneId ?? '');
    // The planner's own sentence is English: a detail for English readers, never inside Korean text.
    const detail = lang === 'en' ? ` — ${f.message}` : '';
    const accepted = f.justification
      ? ` ${t('plan.finding.accepted', { reason: f.justification.reason })}`
      : '';
    switch (f.code) {
      case 'entry-in-danger-zone':
        return `${t('plan.finding.entry', { thread, zone: zoneName })}${accepted}`;
      case 'path-crosses-danger-zone':
        return `${t('plan.finding.path', { thread, zone: zoneName })}${accepted}`;
      case 'zone-estimated':
        return t('plan.finding.estimated', { zone: zoneName });
      case 'not-planned':
        return `${t('plan.finding.notPlanned')}${detail}`;
      case 'measurement-estimate':
        return `${t('plan.finding.measurementEstimate')}${detail}`;
      case 'path-end-outside-target':
        return `${t('plan.finding.pathEndOutsideTarget', { thread })}${detail}`;
      case 'prior-procedure':
        return `${t('plan.finding.priorProcedure')}${detail}`;
      case 'technique-advice':
        return `${t('plan.finding.techniqueAdvice')}${detail}`;
      case 'work-up':
        return `${t('plan.finding.workUp')}${detail}`;
      case 'age-outside-studied-range':
        return `${t('plan.finding.ageOutsideStudied')}${detail}`;
      case 'widening-design':
        return `${t('plan.finding.wideningDesign')}${detail}`;
    }
  };
}
