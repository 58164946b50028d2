import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganisation, useUpdateOrganisation, useUpdateUserDetails } from '../../api/care-hooks.js';
import type { Organisation } from '@liftplan/api';
import { useUsers } from '../../api/hooks.js';
import type { User } from '@liftplan/api';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { DEFAULT_CLINIC_TIME_ZONE } from '../../lib/format.js';

/** Every IANA zone the browser knows (the server checks the same names). */
const zones = (): string[] => {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.length > 0 ? all : [DEFAULT_CLINIC_TIME_ZONE];
};

function OrganisationForm({ org }: { readonly org: Organisation }) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation();
  const [name, setName] = useState(org.name);
  const [phone, setPhone] = useState(org.phone ?? '');
  const [address, setAddress] = useState(org.address ?? '');
  const [timeZone, setTimeZone] = useState(org.timeZone);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    update.mutate({
      version: org.version,
      name,
      phone: phone.trim() === '' ? null : phone,
      address: address.trim() === '' ? null : address,
      timeZone,
    });
  };
  return (
    <form onSubmit={submit}>
      <Stack maw={640}>
        <Text size="sm" c="dimmed">
          {t('clinicAdmin.intro')}
        </Text>
        <TextInput
          label={t('clinicAdmin.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="org-name"
        />
        <TextInput
          label={t('clinicAdmin.phone')}
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          data-testid="org-phone"
        />
        <TextInput
          label={t('clinicAdmin.address')}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          data-testid="org-address"
        />
        <NativeSelect
          label={t('clinicAdmin.timeZone')}
          description={t('clinicAdmin.timeZoneHint')}
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          data={zones()}
          data-testid="org-time-zone"
          translate="no"
        />
        <ErrorAlert error={update.error} />
        <Group>
          <Button type="submit" loading={update.isPending} data-testid="org-save">
            {t('clinicAdmin.save')}
          </Button>
          {update.isSuccess && !update.isPending && (
            <Text size="sm" c="teal" data-testid="org-saved">
              {t('clinicAdmin.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

type UserWithLicence = User & { readonly licenceNumber?: string | null };

function LicenceRow({ user }: { readonly user: UserWithLicence }) {
  const { t } = useTranslation();
  const update = useUpdateUserDetails();
  const [licence, setLicence] = useState(user.licenceNumber ?? '');
  return (
    <Table.Tr data-testid="licence-row">
      <Table.Td translate="no">{user.displayName}</Table.Td>
      <Table.Td>
        <TextInput
          aria-label={t('clinicAdmin.licence')}
          value={licence}
          onChange={(e) => setLicence(e.currentTarget.value)}
          data-testid={`licence-${user.id}`}
        />
        <ErrorAlert error={update.error} />
      </Table.Td>
      <Table.Td>
        <Button
          variant="light"
          loading={update.isPending}
          onClick={() =>
            update.mutate({
              id: user.id,
              version: user.version ?? 1,
              licenceNumber: licence.trim() === '' ? null : licence.trim(),
            })
          }
          data-testid={`licence-save-${user.id}`}
        >
          {t('clinicAdmin.save')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** Admin → Clinic: what patient documents and screens print about the clinic and its doctors. */
export function ClinicPanel() {
  const { t } = useTranslation();
  const org = useOrganisation();
  const users = useUsers();
  const doctors = (users.data ?? []).filter((u) => u.role === 'doctor' && !u.disabled) as UserWithLicence[];
  return (
    <Stack data-testid="clinic-panel">
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('clinicAdmin.clinicTitle')}
        </Title>
        {org.data ? <OrganisationForm key={org.data.id} org={org.data} /> : <ErrorAlert error={org.error} />}
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('clinicAdmin.licencesTitle')}
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.name')}</Table.Th>
              <Table.Th>{t('clinicAdmin.licence')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {doctors.map((u) => (
              <LicenceRow key={`${u.id}-${u.version ?? 0}`} user={u} />
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
