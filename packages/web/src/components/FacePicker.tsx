import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { keys } from '../api/hooks.js';
import { JobResultSchema, type CandidateFace, type Photo } from '@liftplan/api';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * A photo refused as ambiguous (a second face of at least 0.4 of the patient's width): the photo with every
 * face boxed and numbered, and one button per face. Nothing is pre-selected: the user says which face is the
 * patient, and the server re-analyses the photo on that face (`POST /api/photos/:id/face`).
 */
export function FacePicker(props: {
  readonly photo: Photo;
  readonly faces: readonly CandidateFace[];
  readonly src: string;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [size, setSize] = useState<{ w: number; h: number } | undefined>();
  const choose = useMutation({
    mutationFn: (face: number) =>
      api(`/api/photos/${props.photo.id}/face`, JobResultSchema, { method: 'POST', body: { face } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.photoAnalysis(props.photo.id) }),
  });
  return (
    <Stack gap="xs" data-testid={`face-picker-${props.photo.view}`}>
      <Text size="sm">{t('photos.facePicker.hint', { count: props.faces.length })}</Text>
      <div style={{ position: 'relative' }}>
        <img
          src={props.src}
          alt={t('photos.facePicker.title')}
          style={{ width: '100%', display: 'block', borderRadius: 8 }}
          onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
        />
        {size &&
          props.faces.map((f) => (
            <div
              key={f.n}
              aria-hidden
              style={{
                position: 'absolute',
                left: `${(f.box.x / size.w) * 100}%`,
                top: `${(f.box.y / size.h) * 100}%`,
                width: `${(f.box.width / size.w) * 100}%`,
                height: `${(f.box.height / size.h) * 100}%`,
                border: '2px solid #fab005',
                borderRadius: 4,
              }}
            >
              <span style={{ background: '#fab005', color: '#000', fontSize: 12, padding: '0 4px' }}>
                {f.n}
              </span>
            </div>
          ))}
      </div>
      <Group gap="xs">
        {props.faces.map((f) => (
          <Button
            key={f.n}
            size="xs"
            variant="light"
            loading={choose.isPending && choose.variables === f.n}
            onClick={() => choose.mutate(f.n)}
            data-testid={`choose-face-${f.n}`}
          >
            {t('photos.facePicker.choose', { n: f.n })}
          </Button>
        ))}
      </Group>
      <ErrorAlert error={choose.error} />
    </Stack>
  );
}
