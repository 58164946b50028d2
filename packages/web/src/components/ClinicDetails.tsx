import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDoctors } from '../api/hooks.js';
import { useOrganisation } from '../api/care-hooks.js';

/**
 * Who to call and who is responsible, where patients need it (consultation, patient mode, aftercare): the
 * clinic's name, phone and address and the signing doctor's name with licence number. Missing details are
 * left out (an admin records them under Admin → Clinic), never invented.
 */
export function ClinicDetails(props: {
  readonly doctorId?: string | null;
  readonly size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const doctors = useDoctors();
  const doctor = props.doctorId ? doctors.data?.find((d) => d.id === props.doctorId) : undefined;
  const o = org.data;
  if (!o) return null;
  const size = props.size ?? 'sm';
  return (
    <Stack gap={2} data-testid="clinic-details">
      <Text size={size} fw={600} translate="no">
        {o.name}
      </Text>
      {o.phone ? (
        <Text size={size}>
          {t('clinicDetails.phone')}{' '}
          <a href={`tel:${o.phone.replace(/[^0-9+]/g, '')}`} data-testid="clinic-phone">
            {o.phone}
          </a>
        </Text>
      ) : (
        <Text size={size} c="dimmed">
          {t('clinicDetails.noPhone')}
        </Text>
      )}
      {o.address && (
        <Text size={size} translate="no">
          {t('clinicDetails.address')} {o.address}
        </Text>
      )}
      {doctor && (
        <Text size={size} data-testid="doctor-licence">
          {doctor.licenceNumber
            ? t('clinicDetails.doctorWithLicence', {
                name: doctor.displayName,
                licence: doctor.licenceNumber,
              })
            : t('clinicDetails.doctor', { name: doctor.displayName })}
        </Text>
      )}
    </Stack>
  );
}
