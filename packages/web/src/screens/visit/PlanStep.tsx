import {
  Accordion,
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  CITATIONS,
  buildDangerZones,
  frontGeometry,
  movePathEnd,
  projectPlan,
  type CitationKey,
  type DangerZoneKind,
  type Justification,
  type PlacementProblem,
  type PlanFinding,
  type ThreadPlacement,
  type View,
} from '@liftplan/domain';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePhotoAnalysis, useSavePlan } from '../../api/hooks.js';
import type { Photo } from '@liftplan/api';
import { useAuth } from '../../auth.js';
import { CandidacyBanner } from '../../components/CandidacyBanner.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { SignDialog } from '../../components/SignDialog.js';
import { initialState, savedRecord } from '../../lib/plan-draft.js';
import { ProvisionalBanner } from '../../components/measure/bands.js';
import { FaceCanvas, useImageSize } from '../../components/face/FaceCanvas.js';
import { faceBox, frameOf, unitOf } from '../../components/face/geometry.js';
import { PlanLayer, ZonesLayer } from '../../components/face/layers.js';
import { legendEntries, visibleZones, type ZoneMode } from '../../components/face/zone-view.js';
import { useFindingText } from '../../components/FindingText.js';
import { buildCase } from '../../lib/case.js';
import { formatDateTime } from '../../lib/format.js';
import { liveFindings, planBase, threadCount } from '../../lib/plan.js';
import {
  changePlacement,
  moveEntryTo,
  problemsByPlacement,
  switchPlacement,
  type ChoiceChange,
} from '../../lib/plan-edit.js';
import { useBurstMates } from './burst-shots.js';
import { useVisit } from './context.js';
import { FitCanvas, useFitHeight } from './plan-fit.js';
import { PlanThreadTable } from './PlanThreadTable.js';
import { ZoneControls } from './ZoneControls.js';
import { photoUrl } from './PhotosStep.js';

const citationSource = (k: CitationKey): string => CITATIONS[k].source;

/** The plan drawn on another view (oblique): re-projected from the face-anchored placements, read-only. */
function OtherView(props: {
  readonly photo: Photo;
  readonly view: View;
  readonly placements: readonly ThreadPlacement[];
  readonly findings: readonly PlanFinding[];
  readonly zoneMode: ZoneMode;
  readonly hiddenKinds: ReadonlySet<DangerZoneKind>;
  readonly maxHeight: number;
}) {
  const { t } = useTranslation();
  const a = usePhotoAnalysis(props.photo);
  const size = useImageSize(photoUrl(props.photo));
  const lm = a.latest?.landmarks;
  const drawn = useMemo(() => {
    if (!lm) return undefined;
    const frame = frameOf(lm);
    return {
      frame,
      zones: buildDangerZones(lm, frame, props.view),
      plan: projectPlan({ placements: props.placements, findings: props.findings }, lm),
    };
  }, [lm, props.view, props.placements, props.findings]);
  if (!size || !drawn || !lm) return null;
  const crop = faceBox(lm, size);
  const u = unitOf(crop.w, crop.h);
  const zones = visibleZones(drawn.zones, props.zoneMode, props.hiddenKinds, props.findings);
  return (
    <FitCanvas crop={crop} maxHeight={props.maxHeight}>
      <FaceCanvas
        url={photoUrl(props.photo)}
        size={size}
        label={t('plan.canvasLabel', { view: t(`views.${props.view}`) })}
        testId={`plan-canvas-${props.view}`}
        crop={crop}
      >
        <ZonesLayer zones={zones} frame={drawn.frame} u={u} labelBounds={crop} />
        <PlanLayer plan={drawn.plan} u={u} />
      </FaceCanvas>
    </FitCanvas>
  );
}

export function PlanStep() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = useVisit();
  const { user } = useAuth();
  /** The rule's description in the UI language (`rules.<ruleId>`); the id itself for an unknown rule. */
  const ruleDescription = (id: string): string => (i18n.exists(`rules.${id}`) ? t(`rules.${id}`) : id);
  const navigate = useNavigate();
  const front = d.photoByView.front;
  const a = usePhotoAnalysis(front);
  const size = useImageSize(front ? photoUrl(front) : undefined);
  const savePlan = useSavePlan(d.patient.id);
  const [zoneMode, setZoneMode] = useState<ZoneMode>('all');
  const [hiddenKinds, setHiddenKinds] = useState<ReadonlySet<DangerZoneKind>>(new Set());
  const [editFailed, setEditFailed] = useState(false);
  const fit = useFitHeight();
  const [view, setView] = useState<View>('front');
  const lm = a.latest?.landmarks;
  const mates = useBurstMates(d.shotsByView.front);

  const caseFile = useMemo(() => {
    // No plan on grades nobody gave: without the clinician's assessment there is nothing to plan from.
    if (!lm || !size || !front || !d.assessment) return undefined;
    return buildCase({
      patient: d.patient,
      visitId: d.visit.id,
      visitDate: d.visit.date,
      intake: d.intake,
      assessment: d.assessment.assessment,
      photos: [
        {
          view: 'front',
          width: size.width,
          height: size.height,
          landmarks: lm,
          sha256: front.sha256,
          // A burst's other shots: the plan's numbers are their median with this one (as on the server).
          burst: mates.map((m) => ({
            width: size.width,
            height: size.height,
            landmarks: m.landmarks,
            sha256: m.sha256,
          })),
        },
      ],
    });
  }, [lm, size, front, mates, d.patient, d.visit, d.intake, d.assessment]);
  const base = useMemo(() => (caseFile ? planBase(caseFile) : undefined), [caseFile]);
  // The case's own front geometry (measured PD, zones, depth rules): the same the server verifies against.
  const geo = useMemo(() => (caseFile ? (frontGeometry(caseFile) ?? undefined) : undefined), [caseFile]);
  const planned = useMemo(() => new Map((base?.placements ?? []).map((p) => [p.id, p])), [base]);

  const saved = savedRecord(d.currentVersion);
  const [signOpen, setSignOpen] = useState(false);
  const canWrite = user?.role === 'doctor';
  const [placements, setPlacements] = useState<readonly ThreadPlacement[] | undefined>(undefined);
  const [justifications, setJustifications] = useState<readonly Justification[]>([]);
  const [edited, setEdited] = useState<readonly string[]>([]);
  const [dirty, setDirty] = useState(false);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // Nothing editable until the saved version (or its absence) is known: see `initialState`.
  useEffect(() => {
    if (placements !== undefined) return;
    const init = initialState(d.plansLoaded, saved, base);
    if (!init) return;
    setPlacements(init.placements);
    setJustifications(init.justifications);
    setEdited(init.edited);
  }, [base, saved, placements, d.plansLoaded]);

  const live = useMemo(
    () => (base && geo && placements ? liveFindings(base, placements, geo, justifications) : undefined),
    [base, geo, placements, justifications],
  );
  const projected = useMemo(
    () => (lm && placements && live ? projectPlan({ placements, findings: live.findings }, lm) : undefined),
    [lm, placements, live],
  );
  const findingText = useFindingText(geo?.zones ?? [], placements ?? []);
  const problems = useMemo(
    (): ReadonlyMap<string, readonly PlacementProblem[]> =>
      geo && placements ? problemsByPlacement(placements, geo) : new Map(),
    [geo, placements],
  );
  const legend = useMemo(() => (geo && live ? legendEntries(geo.zones, live.findings) : []), [geo, live]);
  const legendNumbers = useMemo(() => new Map(legend.map((e) => [e.kind, e.number])), [legend]);
  const shownZones = useMemo(
    () => (geo && live ? visibleZones(geo.zones, zoneMode, hiddenKinds, live.findings) : []),
    [geo, live, zoneMode, hiddenKinds],
  );
  const crossedIds = useMemo(
    () =>
      new Set(
        (live?.findings ?? []).flatMap((f) =>
          f.zoneId && (f.code === 'entry-in-danger-zone' || f.code === 'path-crosses-danger-zone')
            ? [f.zoneId]
            : [],
        ),
      ),
    [live],
  );

  if (!front) return <Alert color="gray">{t('plan.needFront')}</Alert>;
  if (!d.assessment) {
    return (
      <Alert color="gray" data-testid="plan-needs-assessment">
        {t('plan.needAssessment')}
      </Alert>
    );
  }
  if (!d.plansLoaded) return <Text data-testid="plan-loading">{t('sign.loadingPlan')}</Text>;
  if (!base || !caseFile || !geo || !size || !placements || !live || !projected || !lm) {
    return <Text>{a.unknown ? t('photos.analysisUnknown') : t('photos.analysing')}</Text>;
  }
  const crop = faceBox(lm, size);
  const u = unitOf(crop.w, crop.h);

  const update = (id: string, f: (p: ThreadPlacement) => ThreadPlacement) => {
    const cur = placements.find((p) => p.id === id);
    if (!cur) return;
    let next: ThreadPlacement;
    try {
      next = f(cur);
    } catch {
      // A choice the domain cannot lay out (e.g. a technique that no longer exists): nothing changes.
      setEditFailed(true);
      return;
    }
    setEditFailed(false);
    setPlacements((ps) => (ps ?? []).map((p) => (p.id === id ? next : p)));
    setEdited((e) => (e.includes(id) ? e : [...e, id]));
    setDirty(true);
  };
  const plannedOf = (id: string): ThreadPlacement | undefined => planned.get(id);
  const change = (id: string, c: ChoiceChange) => {
    const mine = plannedOf(id);
    if (mine) update(id, (p) => changePlacement(mine, p, c, geo));
  };
  const switchTo = (id: string, templateId: string) => {
    const mine = plannedOf(id);
    if (mine) update(id, () => switchPlacement(mine, templateId, geo));
  };
  const reset = (id: string) => {
    const mine = plannedOf(id);
    if (!mine) return;
    setPlacements((ps) => (ps ?? []).map((p) => (p.id === id ? mine : p)));
    setEdited((e) => e.filter((x) => x !== id));
    setDirty(true);
  };
  const blockingProblems = [...problems.values()].flat().some((p) => p.severity === 'error');
  const zoneFindings = live.findings.filter(
    (f) => f.code === 'entry-in-danger-zone' || f.code === 'path-crosses-danger-zone',
  );
  const errors = live.findings.filter((f) => f.level === 'error');
  const zoneErrors = zoneFindings.filter((f) => f.level === 'error');
  const zoneAccepted = zoneFindings.filter((f) => f.level !== 'error');
  const signed = d.currentVersion?.status === 'signed';

  const analysisId = a.analysis?.id;
  const landmarkVersion = a.latest?.number;
  const save = () => {
    if (!analysisId || landmarkVersion === undefined) return;
    savePlan.mutate(
      {
        plan: d.plan,
        state: {
          visitId: d.visit.id,
          photos: [{ photoId: front.id, analysisId, landmarkVersion }, ...mates.map((m) => m.source)],
          intake: d.intake,
          placements,
          edited,
          justifications,
        },
      },
      { onSuccess: () => setDirty(false) },
    );
  };
  const justify = (f: PlanFinding) => {
    const reason = (reasons[`${f.placementId ?? ''}|${f.zoneId ?? ''}`] ?? '').trim();
    const p = placements.find((x) => x.id === f.placementId);
    if (!f.zoneId || reason.length < 10) return;
    setJustifications((js) => [
      ...js,
      {
        zoneId: f.zoneId ?? '',
        ...(p ? { region: p.region, side: p.side } : {}),
        reason,
        by: user?.displayName ?? '',
      },
    ]);
    setDirty(true);
  };

  const obliques = (['oblique-left', 'oblique-right'] as const).filter((v) => d.photoByView[v]);
  return (
    <Stack className="lp-plan" data-testid="plan-step">
      <div className="lp-two">
        <Stack>
          {obliques.length > 0 && (
            <SegmentedControl
              value={view}
              onChange={(v) => setView(v)}
              data={(['front', ...obliques] as const).map((v) => ({ value: v, label: t(`views.${v}`) }))}
            />
          )}
          <div className="lp-plan-canvas-row">
            {view === 'front' ? (
              <FitCanvas crop={crop} maxHeight={fit.maxHeight} fitRef={fit.ref}>
                <FaceCanvas
                  url={photoUrl(front)}
                  size={size}
                  label={t('plan.canvasLabel', { view: t('views.front') })}
                  testId="plan-canvas"
                  crop={crop}
                >
                  <ZonesLayer
                    zones={shownZones}
                    frame={geo.frame}
                    u={u}
                    labelBounds={crop}
                    emphasise={crossedIds}
                    numbers={legendNumbers}
                  />
                  <PlanLayer
                    plan={projected}
                    u={u}
                    onEntry={(id, pt) => update(id, (p) => moveEntryTo(p, pt, geo))}
                    onPathEnd={(id, i, pt) => update(id, (p) => movePathEnd(p, lm, i, pt, geo))}
                  />
                </FaceCanvas>
              </FitCanvas>
            ) : (
              (() => {
                const ph = d.photoByView[view];
                return ph ? (
                  <OtherView
                    photo={ph}
                    view={view}
                    placements={placements}
                    findings={live.findings}
                    zoneMode={zoneMode}
                    hiddenKinds={hiddenKinds}
                    maxHeight={fit.maxHeight}
                  />
                ) : null;
              })()
            )}
            <ZoneControls
              mode={zoneMode}
              onMode={setZoneMode}
              legend={legend}
              hidden={hiddenKinds}
              onToggle={(kind) =>
                setHiddenKinds((h) => {
                  const n = new Set(h);
                  if (n.has(kind)) n.delete(kind);
                  else n.add(kind);
                  return n;
                })
              }
            />
          </div>
          <Text size="xs" c="dimmed">
            {t('plan.dragHint')}
          </Text>
        </Stack>
        <Stack>
          <ProvisionalBanner landmarks={lm} passed={a.analysis?.passed} />
          <CandidacyBanner candidacy={base.candidacy} />
          <Title order={4}>{t('plan.findings')}</Title>
          <div aria-live="polite">
            {zoneErrors.length === 0 ? (
              <Text size="sm" c="teal" data-testid="no-zone-findings">
                {t('plan.noZoneFindings')}
              </Text>
            ) : (
              <Stack gap="xs">
                {zoneErrors.map((f) => {
                  const key = `${f.placementId ?? ''}|${f.zoneId ?? ''}`;
                  return (
                    <Alert
                      key={`${key}|${f.code}`}
                      color="red"
                      role="alert"
                      data-testid="zone-warning"
                      data-level={f.level}
                      title={t('plan.level.error')}
                    >
                      <Text size="sm">{findingText(f)}</Text>
                      <Group mt="xs" gap="xs" align="end">
                        <TextInput
                          size="xs"
                          style={{ flex: 1 }}
                          label={t('plan.justification')}
                          placeholder={t('plan.justificationHint')}
                          value={reasons[key] ?? ''}
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            setReasons((r) => ({ ...r, [key]: v }));
                          }}
                          data-testid="justification-input"
                        />
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => justify(f)}
                          disabled={(reasons[key] ?? '').trim().length < 10}
                          data-testid="justify"
                        >
                          {t('plan.justify')}
                        </Button>
                      </Group>
                    </Alert>
                  );
                })}
              </Stack>
            )}
          </div>
          {zoneAccepted.length > 0 && (
            <Accordion variant="contained">
              <Accordion.Item value="accepted">
                <Accordion.Control data-testid="accepted-crossings">
                  {t('plan.acceptedCrossings', { count: zoneAccepted.length })}
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap={4}>
                    {zoneAccepted.map((f, i) => (
                      <Text
                        key={i}
                        size="xs"
                        data-testid="zone-accepted"
                        data-user-justified={
                          f.justification && 'by' in f.justification && f.justification.by !== 'rule'
                            ? 'yes'
                            : 'no'
                        }
                      >
                        {findingText(f)}
                      </Text>
                    ))}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
          )}
          {live.findings
            .filter((f) => f.code !== 'entry-in-danger-zone' && f.code !== 'path-crosses-danger-zone')
            .map((f, i) => (
              <Text key={i} size="xs" c="dimmed">
                {findingText(f)}
              </Text>
            ))}
        </Stack>
      </div>

      <div className="lp-action-bar" data-testid="plan-actions" ref={fit.barRef}>
        <ErrorAlert error={savePlan.error} />
        <Group gap="sm" wrap="wrap">
          {canWrite && (
            <Button
              onClick={save}
              loading={savePlan.isPending}
              disabled={(!dirty && d.plan !== undefined) || !analysisId || blockingProblems}
              data-testid="plan-save"
            >
              {d.plan ? (signed ? t('plan.newVersion') : t('plan.saveDraft')) : t('plan.saveDraft')}
            </Button>
          )}
          {canWrite && d.plan && (
            <Button
              color="teal"
              variant="filled"
              onClick={() => setSignOpen(true)}
              disabled={dirty || signed}
              data-testid="plan-sign"
            >
              {t('plan.sign')}
            </Button>
          )}
          {signed && (
            <Button
              variant="light"
              onClick={() => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/consult`)}
              data-testid="to-consult"
            >
              {t('plan.toConsult')}
            </Button>
          )}
          {!canWrite && (
            <Text size="xs" c="dimmed" data-testid="plan-read-only">
              {t('sign.readOnly')}
            </Text>
          )}
          {d.plan && (
            <SignDialog
              plan={d.plan}
              patientId={d.patient.id}
              opened={signOpen}
              onClose={() => setSignOpen(false)}
            />
          )}
          {errors.length > 0 && (
            <Text size="xs" c="red">
              {t('plan.signBlocked')}
            </Text>
          )}
          {dirty && (
            <Text size="xs" c="orange" data-testid="plan-unsaved">
              {t('plan.unsaved')}
            </Text>
          )}
          {blockingProblems && (
            <Text size="xs" c="red" data-testid="plan-choices-blocked">
              {t('plan.choicesBlocked')}
            </Text>
          )}
          {editFailed && (
            <Text size="xs" c="red" role="alert">
              {t('plan.editFailed')}
            </Text>
          )}
        </Group>
      </div>

      <PlanThreadTable
        placements={placements}
        edited={edited}
        alternatives={base.alternatives}
        problems={problems}
        canWrite={canWrite}
        onChange={change}
        onSwitch={switchTo}
        onReset={reset}
        title={t('plan.totalThreads', { count: threadCount(placements) })}
      />

      <Card withBorder>
        <Title order={4}>{t('plan.rationale')}</Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('plan.rationaleHint', { version: base.ruleSetVersion })}
        </Text>
        <Accordion multiple variant="separated" data-testid="rationale">
          {live.trace
            .filter((e) => e.fired)
            .map((e, i) => (
              <Accordion.Item key={`${e.ruleId}-${i}`} value={`${e.ruleId}-${i}`}>
                <Accordion.Control data-rule-id={e.ruleId}>
                  <Text size="sm" fw={600} data-testid="rule-description">
                    {ruleDescription(e.ruleId)}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {e.ruleId}
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <Text size="xs" c="dimmed" data-testid="rule-trace">
                    {t('plan.technicalTrace')}: <span lang="en">{e.because}</span>
                  </Text>
                  {e.effects.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('plan.effects')}: {e.effects.join('; ')}
                    </Text>
                  )}
                  {e.cite.map((k) => (
                    <Text size="xs" key={k}>
                      {t('plan.evidence')}: {citationSource(k)} ({CITATIONS[k].grade})
                    </Text>
                  ))}
                </Accordion.Panel>
              </Accordion.Item>
            ))}
        </Accordion>
      </Card>

      {d.plan && (
        <Card withBorder>
          <Title order={4}>{t('plan.versions')}</Title>
          {d.plan.versions.map((v) => (
            <Text size="sm" key={v.id} data-testid="plan-version">
              {t('plan.versionN', { n: v.number })} · {t(`planStatus.${v.status}`)} ·{' '}
              {v.signature
                ? t('sign.signedBy', { name: v.signature.signedByName, at: v.signature.signedAtLocal })
                : formatDateTime(v.createdAt, lang)}
              {v.diff.length > 0 &&
                ` · ${t('plan.changes', { count: v.diff.length })}: ${v.diff
                  .slice(0, 4)
                  .map((x) => x.path)
                  .join(', ')}`}
            </Text>
          ))}
        </Card>
      )}
    </Stack>
  );
}
