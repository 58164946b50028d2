import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { View } from '@liftplan/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveChecks, type LiveCheck } from './quality.js';

const COLOURS = { pass: 'teal', warn: 'orange', fail: 'red' } as const;

/**
 * The device camera (front or back, as the browser offers), with the earlier photo of the same view as a
 * ghost for re-shooting at follow-ups and live exposure/sharpness feedback; captures a full-resolution JPEG.
 */
export default function CameraCapture(props: {
  readonly view: View;
  readonly ghostUrl?: string;
  readonly onCapture: (blob: Blob) => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [checks, setChecks] = useState<LiveCheck[]>([]);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let live = true;
    const probe = document.createElement('canvas');
    probe.width = 160;
    probe.height = 120;
    const ctx = probe.getContext('2d', { willReadFrequently: true });
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
    };
    void start();
    return () => {
      live = false;
      if (timer !== undefined) window.clearInterval(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [t]);

  const capture = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')?.drawImage(v, 0, 0);
    c.toBlob((b) => b && props.onCapture(b), 'image/jpeg', 0.92);
  };

  return (
    <Stack gap="xs" mt="sm">
      {error ? (
        <Alert color="orange">{error}</Alert>
      ) : (
        <div className="lp-video-wrap">
          <video
            ref={video}
            playsInline
            muted
            aria-label={t('camera.preview', { view: t(`views.${props.view}`) })}
          />
          {props.ghostUrl && <img className="ghost" src={props.ghostUrl} alt="" />}
        </div>
      )}
      <Group gap="xs" aria-live="polite">
        {checks.map((c) => (
          <Badge key={c.check} color={COLOURS[c.status]} variant="light">
            {t(c.key)}
          </Badge>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        {t(`camera.guide.${props.view}`)}
      </Text>
      <Group gap="xs">
        <Button
          size="xs"
          onClick={capture}
          disabled={error !== null || checks.some((c) => c.status === 'fail')}
        >
          {t('camera.capture')}
        </Button>
        <Button size="xs" variant="default" onClick={props.onClose}>
          {t('common.close')}
        </Button>
      </Group>
    </Stack>
  );
}
