import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useConsentForm, useConsentStatus, useDoctors, useSignConsent } from '../../api/hooks.js';
import type { PhotoScope } from '@liftplan/api';
import { DocumentDownloads } from '../../components/DocumentDownloads.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { SignaturePad } from '../../components/SignaturePad.js';
import { consentMissing } from '../../lib/choices.js';
import { formatDateTime } from '../../lib/format.js';
import { commandCount, MIN_COMMANDS } from '../../lib/signature.js';
import { useVisit } from './context.js';
import { MissingList } from './MissingList.js';

/**
 * The consent form of the signed plan version (Medical Service Act Art. 24-2), filled by the server: the
 * patient reads it on the tablet, answers each photo scope, and signs with a finger. Nothing is pre-chosen.
 */
export function ConsentStep() {
  const { t, i18n } = useTranslation();
  const d = useVisit();
  const navigate = useNavigate();
  const version = d.currentVersion?.status === 'signed' ? d.currentVersion : undefined;
  const [lang, setLang] = useState<'ko' | 'en'>(i18n.language === 'en' ? 'en' : 'ko');
  const [performers, setPerformers] = useState<string[]>([]);
  const [scopes, setScopes] = useState<Partial<Record<PhotoScope, boolean>>>({});
  const [read, setRead] = useState(false);
  const [signerName, setSignerName] = useState('');
  const [relation, setRelation] = useState('');
  const [signature, setSignature] = useState('');
  const [tried, setTried] = useState(false);
  const doctors = useDoctors();
  const status = useConsentStatus(version?.id);
  const form = useConsentForm(version?.id, lang, performers);
  const sign = useSignConsent(version?.id ?? '');

  if (!version) return <Alert color="gray">{t('care.consentNeedSigned')}</Alert>;
  const s = status.data;
  if (s?.status === 'signed') {
    return (
      <Alert
        color="teal"
        title={t('care.consentSigned', {
          name: s.signerName,
          date: formatDateTime(s.signedAt, i18n.language),
        })}
        data-testid="consent-done"
      >
        <Group>
          <DocumentDownloads
            testId="consent-documents"
            links={[
              {
                label: t('care.consentPdf'),
                path: `/api/consents/${s.consentId}/consent.pdf`,
                testId: 'consent-pdf',
              },
            ]}
          />
          <Button
            size="xs"
            variant="light"
            onClick={() => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/procedure`)}
            data-testid="consent-to-procedure"
          >
            {t('steps.procedure')}
          </Button>
        </Group>
      </Alert>
    );
  }
  const doc = form.data?.document;
  const missing = consentMissing(
    { performers, scopes, signerName, signatureCommands: commandCount(signature), readConfirmed: read },
    MIN_COMMANDS,
  );
  const submit = () => {
    setTried(true);
    if (missing.length > 0 || !form.data || !doc) return;
    const answered = scopes as Record<PhotoScope, boolean>;
    sign.mutate({
      locale: lang,
      templateVersion: doc.templateVersion,
      documentSha256: form.data.documentSha256,
      performingDoctorIds: performers,
      procedureAgreed: true,
      photoScopes: { record: answered.record, marketing: answered.marketing, research: answered.research },
      signerName: signerName.trim(),
      signerRelation: relation.trim() === '' ? null : relation.trim(),
      signaturePath: signature,
    });
  };
  return (
    <Stack>
      <Card withBorder>
        <Group align="end">
          <div>
            <Text size="sm" fw={500}>
              {t('care.consentLang')}
            </Text>
            <SegmentedControl
              value={lang}
              onChange={(v) => setLang(v === 'en' ? 'en' : 'ko')}
              data={[
                { value: 'ko', label: '한국어' },
                { value: 'en', label: 'English' },
              ]}
            />
          </div>
          <Checkbox.Group label={t('care.performers')} value={performers} onChange={setPerformers}>
            <Group mt={4}>
              {(doctors.data ?? []).map((u) => (
                <Checkbox key={u.id} value={u.id} label={u.displayName} data-testid={`performer-${u.id}`} />
              ))}
            </Group>
          </Checkbox.Group>
        </Group>
      </Card>
      <ErrorAlert error={form.error ?? doctors.error} />
      {doc && (
        <Card withBorder data-testid="consent-form" data-server-document="consent" lang={doc.locale}>
          <Title order={3}>{doc.title}</Title>
          {doc.facts.map((f) => (
            <Text size="sm" key={f.key}>
              <b>{f.key}</b>: {f.value}
            </Text>
          ))}
          <Text mt="sm">{doc.intro}</Text>
          {doc.sections.map((sec) => (
            <div key={sec.id} data-testid={`consent-${sec.id}`}>
              <Title order={4} mt="md">
                {sec.heading}
              </Title>
              <Text size="sm">{sec.intro}</Text>
              <List size="sm">
                {sec.items.map((it) => (
                  <List.Item key={it}>{it}</List.Item>
                ))}
              </List>
            </div>
          ))}
          <Title order={4} mt="md">
            {doc.photo.heading}
          </Title>
          <Text size="sm">{doc.photo.intro}</Text>
          {doc.photo.scopes.map((sc) => (
            <Radio.Group
              key={sc.id}
              mt="xs"
              label={sc.text}
              value={scopes[sc.id] === undefined ? null : scopes[sc.id] ? 'yes' : 'no'}
              onChange={(v) => setScopes((x) => ({ ...x, [sc.id]: v === 'yes' }))}
            >
              <Group mt={4}>
                <Radio value="yes" label={t('care.agree')} data-testid={`scope-${sc.id}-yes`} />
                <Radio value="no" label={t('care.refuse')} data-testid={`scope-${sc.id}-no`} />
              </Group>
            </Radio.Group>
          ))}
          <Text mt="md" fw={600}>
            {doc.declaration}
          </Text>
          <Alert color="gray" mt="sm">
            {doc.notice}
          </Alert>
        </Card>
      )}
      <Card withBorder>
        <Stack>
          <Checkbox
            label={t('care.readConfirmed')}
            checked={read}
            onChange={(e) => setRead(e.currentTarget.checked)}
            data-testid="consent-read"
          />
          <Group grow>
            <TextInput
              label={t('care.signerName')}
              value={signerName}
              onChange={(e) => setSignerName(e.currentTarget.value)}
              data-testid="signer-name"
            />
            <TextInput
              label={t('care.signerRelation')}
              value={relation}
              onChange={(e) => setRelation(e.currentTarget.value)}
            />
          </Group>
          <SignaturePad label={t('care.signatureLabel')} onChange={setSignature} />
        </Stack>
      </Card>
      {tried && <MissingList keys={missing} />}
      <ErrorAlert error={sign.error} />
      <Group>
        <Button onClick={submit} loading={sign.isPending} disabled={!doc} data-testid="consent-sign">
          {t('care.signConsent')}
        </Button>
      </Group>
    </Stack>
  );
}
