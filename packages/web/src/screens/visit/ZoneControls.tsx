import { Button, Group, Stack, Text } from '@mantine/core';
import type { DangerZoneKind } from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { SeveritySwatch } from '../../components/face/layers.js';
import { shortZoneName } from '../../components/face/zone-labels.js';
import { ZONE_MODES, type LegendEntry, type ZoneMode } from '../../components/face/zone-view.js';
import { langOf } from '../../lib/format.js';

/**
 * The plan drawing's zone controls: zones off / only those a thread meets / all, and a legend whose rows switch
 * one zone kind on or off. Severity reads from the swatch's colour and its pattern (the drawing's own).
 */
export function ZoneControls(props: {
  readonly mode: ZoneMode;
  readonly onMode: (m: ZoneMode) => void;
  readonly legend: readonly LegendEntry[];
  readonly hidden: ReadonlySet<DangerZoneKind>;
  readonly onToggle: (kind: DangerZoneKind) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { mode, onMode, legend, hidden, onToggle } = props;
  return (
    <Stack gap="xs" data-testid="zone-controls">
      <Group gap="xs" role="group" aria-label={t('plan.zones.modeLabel')}>
        <Text size="sm" fw={600}>
          {t('plan.zones.modeLabel')}
        </Text>
        {ZONE_MODES.map((m) => (
          <Button
            key={m}
            size="sm"
            variant={mode === m ? 'filled' : 'default'}
            aria-pressed={mode === m}
            onClick={() => onMode(m)}
            data-testid={`zone-mode-${m}`}
          >
            {t(`plan.zones.mode.${m}`)}
          </Button>
        ))}
      </Group>
      {mode !== 'off' && legend.length > 0 && (
        <div
          className="lp-zone-legend"
          role="group"
          aria-label={t('plan.zones.legend')}
          data-testid="zone-legend"
        >
          {legend.map((e) => {
            const shown = !hidden.has(e.kind);
            return (
              <Button
                key={e.kind}
                variant={shown ? 'light' : 'subtle'}
                color={shown ? 'dark' : 'gray'}
                aria-pressed={shown}
                onClick={() => onToggle(e.kind)}
                data-testid={`zone-kind-${e.kind}`}
                data-shown={shown ? 'yes' : 'no'}
                justify="flex-start"
                leftSection={<SeveritySwatch severity={e.severity} />}
                className="lp-zone-legend-item"
                title={e.name[lang]}
              >
                <span
                  className="lp-legend-text"
                  style={shown ? undefined : { textDecoration: 'line-through' }}
                >
                  {e.number}. {shortZoneName(e.name[lang])} · {t(`severity.${e.severity}`)}
                  {e.crossed > 0 ? ` · ${t('plan.zones.crossed', { count: e.crossed })}` : ''}
                  {e.estimated ? ` · ${t('plan.zones.estimated')}` : ''}
                </span>
              </Button>
            );
          })}
        </div>
      )}
    </Stack>
  );
}
