import { Alert, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import type { View } from '@liftplan/domain';
// The one exception to "the web uses only @liftplan/domain": the vision package's BROWSER entry (no Node
// built-ins; same gate as the server), loaded lazily below when a camera opens.
import type { BrowserFaceAnalyzer } from '@liftplan/vision/browser';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { modelCheckRows, uiLanguage, type FrameResult } from './model-checks.js';
import { useAnalysisErrorText, useQualityText } from '../QualityText.js';
import { liveChecks, type LiveCheck } from './quality.js';

const COLOURS = { pass: 'teal', warn: 'orange', fail: 'red' } as const;
/** How often a frame goes to the face model (a frame is skipped while the previous one is analysed). */
export const MODEL_INTERVAL_MS = 700;

type ModelState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready' }
  | { readonly state: 'failed'; readonly message: string };

/**
 * The face model, created once per page when a camera first opens: `@liftplan/vision/browser` and LiteRT.js
 * are their own chunks, fetched only here (never in the initial bundle); the Face Mesh V2 bundle and the wasm
 * come from our own server (`/models/face_landmarker.task`, `/wasm/`), the bundle's sha256 checked first.
 */
let analyzerPromise: Promise<BrowserFaceAnalyzer> | undefined;
function loadAnalyzer(): Promise<BrowserFaceAnalyzer> {
  analyzerPromise ??= import('@liftplan/vision/browser')
    .then((m) =>
      m.BrowserFaceAnalyzer.create({ modelUrl: '/models/face_landmarker.task', wasmPath: '/wasm/' }),
    )
    .catch((e: unknown) => {
      analyzerPromise = undefined; // the next camera opening tries again
      throw e;
    });
  return analyzerPromise;
}

/**
 * The device camera (front or back, as the browser offers), with the earlier photo of the same view as a
 * ghost for re-shooting at follow-ups; live feedback from the real face model (face count, size, pose vs the
 * requested view, roll, sharpness, exposure, expression) every ~0.7 s, or the simple exposure/sharpness
 * checks while the model loads or when it cannot load. Capture is always allowed: the checks are advice and
 * the server's quality gate runs on the upload. Captures a full-resolution JPEG.
 */
export default function CameraCapture(props: {
  readonly view: View;
  readonly ghostUrl?: string;
  readonly onCapture: (blob: Blob) => void;
  readonly onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const qualityText = useQualityText();
  const errorText = useAnalysisErrorText();
  const lang = uiLanguage(i18n.language);
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [checks, setChecks] = useState<LiveCheck[]>([]);
  const [model, setModel] = useState<ModelState>({ state: 'loading' });
  const [frame, setFrame] = useState<FrameResult | null>(null);
  const { view } = props;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let modelTimer: number | undefined;
    let live = true;
    let busy = false;
    let analyzer: BrowserFaceAnalyzer | undefined;
    const probe = document.createElement('canvas');
    probe.width = 160;
    probe.height = 120;
    const ctx = probe.getContext('2d', { willReadFrequently: true });
    const still = document.createElement('canvas');

    const analyseFrame = async () => {
      const v = video.current;
      if (!live || busy || !analyzer || !v || v.videoWidth === 0) return;
      busy = true;
      try {
        still.width = v.videoWidth;
        still.height = v.videoHeight;
        still.getContext('2d')?.drawImage(v, 0, 0);
        const r = await analyzer.analyze(still, { view, label: 'camera' });
        if (!live) return;
        setFrame(
          r.ok
            ? { ok: true, quality: r.photo.landmarks.quality ?? [] }
            : { ok: false, code: r.error.code, message: r.error.message },
        );
      } finally {
        busy = false;
      }
    };

    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setError(t('camera.unavailable'));
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1920 }, height: { ideal: 1440 }, facingMode: 'user' },
          audio: false,
        });
      } catch {
        setError(t('camera.denied'));
        return;
      }
      if (!live || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      timer = window.setInterval(() => {
        const v = video.current;
        if (!v || !ctx || v.videoWidth === 0) return;
        // The centre half of the frame, where the face should be.
        const sw = v.videoWidth / 2;
        const sh = v.videoHeight / 2;
        ctx.drawImage(v, sw / 2, sh / 2, sw, sh, 0, 0, probe.width, probe.height);
        setChecks(liveChecks(ctx.getImageData(0, 0, probe.width, probe.height)));
      }, 300);
      setModel({ state: 'loading' });
      try {
        analyzer = await loadAnalyzer();
      } catch (e) {
        if (live) setModel({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (!live) return;
      setModel({ state: 'ready' });
      void analyseFrame();
      modelTimer = window.setInterval(() => void analyseFrame(), MODEL_INTERVAL_MS);
    };
    void start();
    return () => {
      live = false;
      if (timer !== undefined) window.clearInterval(timer);
      if (modelTimer !== undefined) window.clearInterval(modelTimer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [t, view]);

  const capture = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')?.drawImage(v, 0, 0);
    c.toBlob((b) => b && props.onCapture(b), 'image/jpeg', 0.92);
  };

  const rows =
    model.state === 'ready' && frame
      ? modelCheckRows(
          frame,
          lang,
          {
            noFace: t('camera.model.noFace'),
            ambiguous: t('camera.model.ambiguous'),
            // The analyzer's English reason stays out of the panel; its code says what to do.
            failed: () =>
              t('camera.model.frameFailed', { message: errorText(frame.ok ? undefined : frame.code) }),
          },
          (q) => {
            const w = qualityText(q);
            return w.details ? `${w.text} (${w.details})` : w.text;
          },
        )
      : null;

  return (
    <Stack gap="xs" mt="sm" data-testid="camera" data-model={model.state}>
      {error ? (
        <Alert color="orange">{error}</Alert>
      ) : (
        <div className="lp-video-wrap">
          <video
            ref={video}
            playsInline
            muted
            aria-label={t('camera.preview', { view: t(`views.${view}`) })}
          />
          {props.ghostUrl && <img className="ghost" src={props.ghostUrl} alt="" />}
        </div>
      )}
      {!error && model.state === 'loading' && (
        <Group gap="xs" data-testid="camera-model-loading">
          <Loader size="xs" />
          <Text size="xs" c="dimmed">
            {t('camera.model.loading')}
          </Text>
        </Group>
      )}
      {!error && model.state === 'failed' && (
        <Alert color="orange" data-testid="camera-model-failed" title={t('camera.model.failedTitle')}>
          <Text size="sm">{t('camera.model.failed')}</Text>
          <details className="lp-technical">
            <summary>{t('serverErrors.technical')}</summary>
            <Text size="xs" c="dimmed" lang="en" translate="no">
              {model.message}
            </Text>
          </details>
        </Alert>
      )}
      {rows ? (
        <Stack gap={4} aria-live="polite" data-testid="model-checks">
          {rows.map((c) => (
            <Group
              key={c.check}
              gap="xs"
              wrap="nowrap"
              data-testid={`model-check-${c.check}`}
              data-status={c.status}
            >
              <Badge color={COLOURS[c.status]} variant="light" style={{ flexShrink: 0 }}>
                {t(`camera.status.${c.status}`)}
              </Badge>
              <Text size="xs">{c.text}</Text>
            </Group>
          ))}
        </Stack>
      ) : (
        <Group gap="xs" aria-live="polite" data-testid="simple-checks">
          {checks.map((c) => (
            <Badge key={c.check} color={COLOURS[c.status]} variant="light" data-status={c.status}>
              {t(c.key)}
            </Badge>
          ))}
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {t(`camera.guide.${view}`)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('camera.advisory')}
      </Text>
      <Group gap="xs">
        <Button size="xs" onClick={capture} disabled={error !== null} data-testid="camera-capture">
          {t('camera.capture')}
        </Button>
        <Button size="xs" variant="default" onClick={props.onClose}>
          {t('common.close')}
        </Button>
      </Group>
    </Stack>
  );
}
