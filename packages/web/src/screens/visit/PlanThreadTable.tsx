import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  THREAD_CATALOGUE,
  catalogueEntry,
  techniqueTemplate,
  type CatalogueId,
  type PlacementAlternatives,
  type PlacementProblem,
  type ThreadPlacement,
  type UspGauge,
} from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { formatNumber, langOf } from '../../lib/format.js';
import type { ChoiceChange } from '../../lib/plan-edit.js';

const isCatalogueId = (v: string): v is CatalogueId => THREAD_CATALOGUE.some((c) => c.id === v);

/** Count limits of the record schema (the technique's published range is checked live, not enforced here). */
const COUNT_MIN = 1;
const COUNT_MAX = 50;

/**
 * The thread table of the plan screen: per placement the clinician's choices (thread, gauge, length, count, and
 * the technique among the region's published alternatives, one click each — one the planner passed over is marked
 * and still selectable, its findings shown at once: the doctor decides), a reset to the planner's placement,
 * and the server's checks (`validatePlacementEdits`) shown under the row as they run.
 */
export function PlanThreadTable(props: {
  readonly title: string;
  readonly placements: readonly ThreadPlacement[];
  readonly edited: readonly string[];
  readonly alternatives: readonly PlacementAlternatives[];
  readonly problems: ReadonlyMap<string, readonly PlacementProblem[]>;
  readonly canWrite: boolean;
  readonly onChange: (id: string, change: ChoiceChange) => void;
  readonly onSwitch: (id: string, templateId: string) => void;
  readonly onReset: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { placements, edited, alternatives, problems, canWrite, onChange, onSwitch, onReset } = props;
  const COLS = 9;
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {props.title}
      </Title>
      <Table.ScrollContainer minWidth={980}>
        <Table data-testid="thread-table" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plan.col.region')}</Table.Th>
              <Table.Th>{t('plan.col.thread')}</Table.Th>
              <Table.Th>{t('plan.col.gauge')}</Table.Th>
              <Table.Th>{t('plan.col.length')}</Table.Th>
              <Table.Th>{t('plan.col.count')}</Table.Th>
              <Table.Th>{t('plan.col.plane')}</Table.Th>
              <Table.Th>{t('plan.col.fixation')}</Table.Th>
              <Table.Th>{t('plan.col.vector')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {placements.flatMap((p) => {
              const cat = THREAD_CATALOGUE.find((c) => c.id === p.catalogueId);
              const own = problems.get(p.id) ?? [];
              const alt = alternatives.find((a) => a.placementId === p.id);
              const techniques = alt
                ? [
                    {
                      templateId: alt.current,
                      name: techniqueTemplate(alt.current)?.name,
                      available: true,
                      planner: true,
                    },
                    ...alt.options.map((o) => ({
                      templateId: o.templateId,
                      name: o.name,
                      available: o.available,
                      planner: false,
                    })),
                  ]
                : [];
              const isEdited = edited.includes(p.id);
              const gauges: readonly string[] = cat ? [...cat.gauges] : [];
              const lengths: readonly number[] = cat ? [...cat.lengthsMm] : [];
              const field = (k: string) => own.filter((x) => x.path.endsWith(`.${k}`)).length > 0;
              return [
                <Table.Tr key={p.id} data-placement={p.id} className="lp-thread-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {t(`regions.${p.region}`)} · {t(`sides.${p.side}`)}
                    </Text>
                    {isEdited && (
                      <Badge size="sm" color="yellow" data-testid={`edited-${p.id}`}>
                        {t('plan.edited')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <NativeSelect
                        aria-label={t('plan.col.thread')}
                        value={p.catalogueId}
                        data={THREAD_CATALOGUE.map((c) => ({ value: c.id, label: c.name[lang] }))}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          if (isCatalogueId(v)) onChange(p.id, { catalogueId: v });
                        }}
                        error={field('catalogueId') || field('kind') || field('material')}
                        data-testid={`thread-${p.id}`}
                      />
                    ) : (
                      <Text size="sm">{cat ? cat.name[lang] : p.catalogueId}</Text>
                    )}
                    <Text size="xs" c="dimmed" data-testid={`kind-${p.id}`}>
                      {t(`threadKinds.${p.kind}`)} · {p.material}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <NativeSelect
                        aria-label={t('plan.col.gauge')}
                        value={p.gauge}
                        data={gauges.includes(p.gauge) ? [...gauges] : [p.gauge, ...gauges]}
                        onChange={(e) => onChange(p.id, { gauge: e.currentTarget.value as UspGauge })}
                        error={field('gauge')}
                        data-testid={`gauge-${p.id}`}
                      />
                    ) : (
                      p.gauge
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <NativeSelect
                        aria-label={t('plan.col.length')}
                        value={String(p.lengthMm)}
                        data={(lengths.includes(p.lengthMm) ? lengths : [p.lengthMm, ...lengths]).map(
                          (l) => ({
                            value: String(l),
                            label: `${formatNumber(l, lang, 0)} ${t('units.mm')}`,
                          }),
                        )}
                        onChange={(e) => onChange(p.id, { lengthMm: Number(e.currentTarget.value) })}
                        error={field('lengthMm')}
                        data-testid={`length-${p.id}`}
                      />
                    ) : (
                      `${formatNumber(p.lengthMm, lang, 0)} ${t('units.mm')}`
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <Group gap={4} wrap="nowrap" className="lp-stepper">
                        <ActionIcon
                          size={44}
                          variant="default"
                          aria-label={t('plan.countLess')}
                          disabled={p.count <= COUNT_MIN}
                          onClick={() => onChange(p.id, { count: p.count - 1 })}
                          data-testid={`count-dec-${p.id}`}
                        >
                          −
                        </ActionIcon>
                        <Text
                          size="sm"
                          fw={600}
                          w={28}
                          ta="center"
                          c={field('count') ? 'red' : undefined}
                          data-testid={`count-${p.id}`}
                          aria-live="polite"
                        >
                          {p.count}
                        </Text>
                        <ActionIcon
                          size={44}
                          variant="default"
                          aria-label={t('plan.countMore')}
                          disabled={p.count >= COUNT_MAX}
                          onClick={() => onChange(p.id, { count: p.count + 1 })}
                          data-testid={`count-inc-${p.id}`}
                        >
                          +
                        </ActionIcon>
                      </Group>
                    ) : (
                      p.count
                    )}
                  </Table.Td>
                  <Table.Td>{t(`planes.${p.plane}`)}</Table.Td>
                  <Table.Td>{t(`fixations.${p.fixation}`)}</Table.Td>
                  <Table.Td>{formatNumber(p.vectorDeg, lang, 0)}°</Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Button
                        variant="default"
                        disabled={!isEdited}
                        onClick={() => onReset(p.id)}
                        data-testid={`reset-${p.id}`}
                      >
                        {t('plan.reset')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>,
                <Table.Tr key={`${p.id}:detail`} data-placement-detail={p.id}>
                  <Table.Td colSpan={COLS}>
                    <Stack gap={6}>
                      {techniques.length > 0 && (
                        <Group gap="xs" role="group" aria-label={t('plan.technique')}>
                          <Text size="xs" c="dimmed">
                            {t('plan.technique')}
                          </Text>
                          {techniques.map((x) => {
                            const current = p.templateId === x.templateId;
                            return (
                              <Button
                                key={x.templateId}
                                size="sm"
                                variant={current ? 'filled' : 'light'}
                                aria-pressed={current}
                                disabled={!canWrite}
                                onClick={() => {
                                  if (!current) onSwitch(p.id, x.templateId);
                                }}
                                data-testid={`technique-${p.id}-${x.templateId}`}
                                data-available={x.available ? 'yes' : 'no'}
                              >
                                {x.name?.[lang] ?? x.templateId}
                                {x.planner ? ` · ${t('plan.plannerChoice')}` : ''}
                                {!x.available ? ` · ${t('plan.techniqueDoesNotFit')}` : ''}
                              </Button>
                            );
                          })}
                        </Group>
                      )}
                      {own.map((x) => (
                        <Text
                          key={x.path}
                          size="sm"
                          c={x.severity === 'error' ? 'red' : 'orange'}
                          data-testid="placement-problem"
                          data-code={x.code}
                          data-severity={x.severity}
                        >
                          {t(`plan.problem.${x.code}`, problemParams(x, lang))}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                </Table.Tr>,
              ];
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** A problem's parameters with catalogue and technique ids given as names in the UI language. */
function problemParams(p: PlacementProblem, lang: 'en' | 'ko'): Record<string, string | number> {
  const out: Record<string, string | number> = { ...p.params };
  const c = p.params['catalogueId'];
  if (typeof c === 'string' && isCatalogueId(c)) out['thread'] = catalogueEntry(c).name[lang];
  const tid = p.params['templateId'];
  if (typeof tid === 'string') out['technique'] = techniqueTemplate(tid)?.name[lang] ?? tid;
  return out;
}
