import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateVisit } from '../../api/hooks.js';
import type { FollowUp, Procedure, Visit } from '@liftplan/api';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { RecordHistory } from '../../components/RecordHistory.js';
import { followUpKind } from '../../lib/follow-up-label.js';
import { formatDate, today } from '../../lib/format.js';

/**
 * The booked follow-ups on the timeline: which one it is (about 1 week, 1, 3, 6 months after the
 * procedure), the date and status; each opens its follow-up visit (the one it was scored in), or starts one
 * on the day it is opened (not on the booked date: the visit is the day the patient came).
 */
/** A follow-up visit this many days before to after the due date is that follow-up's visit (liftplan-default). */
export const FOLLOW_UP_VISIT_WINDOW = { beforeDays: 14, afterDays: 30 } as const;

const dayNumber = (d: string): number => Math.round(Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / 86_400_000);

/** The visit a follow-up was scored in, else the follow-up visit nearest its due date inside the window. */
export function visitOf(f: FollowUp, visits: readonly Visit[]): Visit | undefined {
  const linked = visits.find((v) => v.id === f.visitId);
  if (linked) return linked;
  const due = dayNumber(f.dueDate);
  return visits
    .filter((v) => v.kind === 'follow-up')
    .map((v) => ({ v, d: dayNumber(v.date) - due }))
    .filter((x) => x.d >= -FOLLOW_UP_VISIT_WINDOW.beforeDays && x.d <= FOLLOW_UP_VISIT_WINDOW.afterDays)
    .sort((a, b) => Math.abs(a.d) - Math.abs(b.d))[0]?.v;
}

export function FollowUpTimeline(props: {
  readonly patientId: string;
  readonly followUps: readonly FollowUp[];
  readonly procedures: readonly Procedure[];
  readonly visits: readonly Visit[];
  readonly canStart: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const createVisit = useCreateVisit(props.patientId);
  const procedureDate = (id: string | null): string | null =>
    props.procedures.find((p) => p.id === id)?.performedOn ?? null;
  const now = today();
  if (props.followUps.length === 0) return <Text c="dimmed">{t('timeline.noFollowUps')}</Text>;
  return (
    <Stack gap="xs">
      <ErrorAlert error={createVisit.error} />
      {props.followUps.map((f) => {
        const kind = followUpKind(procedureDate(f.procedureId), f.dueDate);
        const visit = visitOf(f, props.visits);
        const overdue = f.status === 'scheduled' && f.dueDate < now;
        return (
          <Card withBorder padding="sm" key={f.id} data-testid="timeline-followup" data-status={f.status}>
            <Group justify="space-between" wrap="wrap">
              <Group gap="sm">
                <Text fw={600}>{kind ? t(`followUpCare.kind.${kind}`) : t('followUpCare.kind.other')}</Text>
                <Text>{formatDate(f.dueDate, lang)}</Text>
                <Badge variant="light" color={overdue ? 'red' : f.status === 'done' ? 'teal' : 'gray'}>
                  {overdue ? t('followUpCare.overdue') : t(`followUpStatus.${f.status}`)}
                </Badge>
                {f.gaisClinician !== null && (
                  <Text size="sm">{t('followUpCare.gais', { score: f.gaisClinician })}</Text>
                )}
              </Group>
              {visit ? (
                <Anchor
                  href={`/patients/${props.patientId}/visits/${visit.id}/photos`}
                  onClick={(e) => {
                    e.preventDefault();
                    void navigate(`/patients/${props.patientId}/visits/${visit.id}/photos`);
                  }}
                  data-testid="followup-open"
                >
                  {t('followUpCare.openVisit', { date: formatDate(visit.date, lang) })}
                </Anchor>
              ) : (
                props.canStart &&
                f.status === 'scheduled' && (
                  <Button
                    variant="light"
                    loading={createVisit.isPending}
                    onClick={() =>
                      createVisit.mutate(
                        { kind: 'follow-up', date: now, notes: null },
                        {
                          onSuccess: (v) =>
                            void navigate(`/patients/${props.patientId}/visits/${v.id}/photos`),
                        },
                      )
                    }
                    data-testid="followup-start"
                  >
                    {t('followUpCare.startVisit')}
                  </Button>
                )
              )}
            </Group>
            {f.status === 'done' && <RecordHistory entity="follow-ups" id={f.id} />}
          </Card>
        );
      })}
    </Stack>
  );
}
