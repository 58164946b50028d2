import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { THREAD_KINDS, MATERIALS, USP_GAUGES } from '@liftplan/domain';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  AUDIT_PAGE_SIZE,
  useAddLot,
  useAudit,
  useCreateProduct,
  useCreateUser,
  useLots,
  useProducts,
  useRevokeSessions,
  useSetUserDisabled,
  useSetUserPassword,
  useUsers,
} from '../api/hooks.js';
import { ROLES, type Product, type Role, type User } from '@liftplan/api';
import { useAuth } from '../auth.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { ClinicPanel } from './admin/ClinicPanel.js';
import { formatDate, formatDateTime, today } from '../lib/format.js';
import { CompliancePanel } from './interop/CompliancePanel.js';
import { ResearchExportCard } from './interop/ResearchExportCard.js';

/** Disable/enable, end sessions, set a new password: the account operations an admin needs at once. */
function UserActions({ user }: { user: User }) {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const setDisabled = useSetUserDisabled();
  const revoke = useRevokeSessions();
  const setPassword = useSetUserPassword();
  const [password, setPw] = useState<string | null>(null);
  const self = me?.id === user.id;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {!self && (
          <Button
            size="xs"
            variant="light"
            color={user.disabled ? 'teal' : 'red'}
            loading={setDisabled.isPending}
            onClick={() => {
              setDisabled.mutate({ id: user.id, version: user.version ?? 1, disabled: !user.disabled });
            }}
          >
            {user.disabled ? t('admin.enable') : t('admin.disable')}
          </Button>
        )}
        <Button
          size="xs"
          variant="light"
          loading={revoke.isPending}
          onClick={() => {
            revoke.mutate(user.id);
          }}
        >
          {t('admin.endSessions')}
        </Button>
        <Button
          size="xs"
          variant="subtle"
          onClick={() => {
            setPw(password === null ? '' : null);
          }}
        >
          {t('admin.setPassword')}
        </Button>
      </Group>
      {password !== null && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setPassword.mutate(
              { id: user.id, password },
              {
                onSuccess: () => {
                  setPw(null);
                },
              },
            );
          }}
        >
          <Group align="end" gap="xs">
            <PasswordInput
              size="xs"
              label={t('admin.newPassword', { name: user.displayName })}
              description={t('admin.passwordRule')}
              value={password}
              onChange={(e) => {
                setPw(e.currentTarget.value);
              }}
              required
            />
            <Button size="xs" type="submit" loading={setPassword.isPending}>
              {t('admin.setPassword')}
            </Button>
          </Group>
        </form>
      )}
      {revoke.data && <Text size="xs">{t('admin.sessionsEnded', { count: revoke.data.revoked })}</Text>}
      {setPassword.isSuccess && password === null && (
        <Text size="xs">{t('admin.passwordSet', { name: user.displayName })}</Text>
      )}
      <ErrorAlert error={setDisabled.error ?? revoke.error ?? setPassword.error} />
    </Stack>
  );
}

function Users() {
  const { t } = useTranslation();
  const users = useUsers();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [displayName, setName] = useState('');
  const [role, setRole] = useState<Role>('coordinator');
  const [password, setPassword] = useState('');
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    create.mutate(
      { email, displayName, role, password },
      {
        onSuccess: () => {
          setEmail('');
          setName('');
          setPassword('');
        },
      },
    );
  };
  return (
    <Stack>
      <ErrorAlert error={users.error} />
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.name')}</Table.Th>
            <Table.Th>{t('login.email')}</Table.Th>
            <Table.Th>{t('admin.role')}</Table.Th>
            <Table.Th>{t('admin.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users.data ?? []).map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>{u.displayName}</Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
              <Table.Td>{u.disabled ? t('admin.disabledStatus') : t('admin.enabled')}</Table.Td>
              <Table.Td>
                <UserActions user={u} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Card withBorder>
        <form onSubmit={submit}>
          <Title order={5}>{t('admin.addUser')}</Title>
          <Group align="end">
            <TextInput
              label={t('admin.name')}
              required
              value={displayName}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextInput
              label={t('login.email')}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <NativeSelect
              label={t('admin.role')}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
              data={ROLES.map((r) => ({
                value: r,
                label: t(`roles.${r}`),
              }))}
            />
            <PasswordInput
              label={t('login.password')}
              description={t('admin.passwordRule')}
              required
              minLength={12}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={create.isPending}>
              {t('admin.add')}
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
        </form>
      </Card>
    </Stack>
  );
}

function Lots({ product }: { readonly product: Product }) {
  const { t, i18n } = useTranslation();
  const lots = useLots(product.id);
  const add = useAddLot(product.id);
  const [lotNumber, setLot] = useState('');
  const [expiryDate, setExpiry] = useState('');
  const [stock, setStock] = useState<number | string>(10);
  const now = today();
  return (
    <Stack gap="xs">
      {(lots.data ?? []).map((l) => (
        <Text size="sm" key={l.id} c={l.expiryDate < now ? 'red' : undefined} data-testid="lot-row">
          {t('procedure.lot')} {l.lotNumber} ·{' '}
          {t('procedure.expires', { date: formatDate(l.expiryDate, i18n.language) })} ·{' '}
          {t('procedure.stock', { count: l.stock })}
          {l.expiryDate < now && ` · ${t('procedure.expired')}`}
        </Text>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(
            { lotNumber, expiryDate, stock: Number(stock) },
            {
              onSuccess: () => {
                setLot('');
                setExpiry('');
              },
            },
          );
        }}
      >
        <Group align="end" gap="xs">
          <TextInput
            size="xs"
            label={t('admin.lotNumber')}
            required
            value={lotNumber}
            onChange={(e) => setLot(e.currentTarget.value)}
            data-testid={`lot-number-${product.name}`}
          />
          <TextInput
            size="xs"
            type="date"
            label={t('admin.expiry')}
            required
            value={expiryDate}
            onChange={(e) => setExpiry(e.currentTarget.value)}
            data-testid={`lot-expiry-${product.name}`}
          />
          <NumberInput
            size="xs"
            w={90}
            label={t('admin.stock')}
            min={0}
            value={stock}
            onChange={setStock}
            data-testid={`lot-stock-${product.name}`}
          />
          <Button size="xs" type="submit" loading={add.isPending} data-testid={`lot-add-${product.name}`}>
            {t('admin.addLot')}
          </Button>
        </Group>
        <ErrorAlert error={add.error} />
      </form>
    </Stack>
  );
}

function Catalogue() {
  const { t } = useTranslation();
  const products = useProducts();
  const create = useCreateProduct();
  const [name, setName] = useState('');
  const [manufacturer, setManufacturer] = useState('');
  const [threadKind, setKind] = useState<string>('bidirectional-cog');
  const [material, setMaterial] = useState<string>('PDO');
  const [gauge, setGauge] = useState<string>('1-0');
  const [lengthMm, setLength] = useState<number | string>(100);
  return (
    <Stack>
      <ErrorAlert error={products.error} />
      {(products.data ?? []).map((p) => (
        <Card withBorder key={p.id} data-testid="product">
          <Text fw={600}>
            {p.name} · {p.manufacturer}
          </Text>
          <Text size="sm" c="dimmed" mb="xs">
            {t(`threadKinds.${p.threadKind}`, { defaultValue: p.threadKind })} · {p.material} · {p.gauge} ·{' '}
            {p.lengthMm} {t('units.mm')}
          </Text>
          <Lots product={p} />
        </Card>
      ))}
      <Card withBorder>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, manufacturer, threadKind, material, gauge, lengthMm: Number(lengthMm) });
          }}
        >
          <Title order={5}>{t('admin.addProduct')}</Title>
          <Group align="end">
            <TextInput
              label={t('admin.productName')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="product-name"
            />
            <TextInput
              label={t('admin.manufacturer')}
              required
              value={manufacturer}
              onChange={(e) => setManufacturer(e.currentTarget.value)}
              data-testid="product-manufacturer"
            />
            <NativeSelect
              label={t('plan.col.kind')}
              value={threadKind}
              onChange={(e) => setKind(e.currentTarget.value)}
              data={THREAD_KINDS.map((k) => ({ value: k, label: t(`threadKinds.${k}`) }))}
            />
            <NativeSelect
              label={t('plan.col.material')}
              value={material}
              onChange={(e) => setMaterial(e.currentTarget.value)}
              data={[...MATERIALS]}
            />
            <NativeSelect
              label={t('plan.col.gauge')}
              value={gauge}
              onChange={(e) => setGauge(e.currentTarget.value)}
              data={[...USP_GAUGES]}
            />
            <NumberInput w={110} label={t('plan.col.length')} min={1} value={lengthMm} onChange={setLength} />
            <Button type="submit" loading={create.isPending} data-testid="product-add">
              {t('admin.add')}
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
        </form>
      </Card>
    </Stack>
  );
}

/** The audit log, newest first, a page at a time (`GET /api/audit?limit=&before=`). */
function Audit() {
  const { t, i18n } = useTranslation();
  // The `before` cursor of each page shown so far: [null] is the newest page.
  const [cursors, setCursors] = useState<readonly (number | null)[]>([null]);
  const before = cursors.at(-1) ?? null;
  const audit = useAudit(before);
  const rows = audit.data ?? [];
  const last = rows.at(-1);
  const first = rows[0];
  return (
    <Stack>
      <ErrorAlert error={audit.error} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="audit-range">
          {first && last ? t('admin.auditRange', { from: first.seq, to: last.seq }) : t('admin.auditEmpty')}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            disabled={cursors.length <= 1}
            onClick={() => setCursors([null])}
            data-testid="audit-newest"
          >
            {t('admin.auditNewest')}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
            data-testid="audit-newer"
          >
            {t('admin.auditNewer')}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!last || rows.length < AUDIT_PAGE_SIZE || audit.isPlaceholderData}
            onClick={() => last && setCursors((c) => [...c, last.seq])}
            data-testid="audit-older"
          >
            {t('admin.auditOlder')}
          </Button>
        </Group>
      </Group>
      <Table striped data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('admin.when')}</Table.Th>
            <Table.Th>{t('admin.actor')}</Table.Th>
            <Table.Th>{t('admin.action')}</Table.Th>
            <Table.Th>{t('admin.entity')}</Table.Th>
            <Table.Th>{t('admin.outcome')}</Table.Th>
            <Table.Th>{t('admin.detail')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.seq} data-testid="audit-row" data-seq={e.seq}>
              <Table.Td>{e.seq}</Table.Td>
              <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
              <Table.Td translate="no">{e.actorName ?? e.actor}</Table.Td>
              <Table.Td>{t(`auditWords.action.${e.action}`, { defaultValue: e.action })}</Table.Td>
              <Table.Td>
                {t(`auditWords.entity.${e.entity}`, { defaultValue: e.entity })}{' '}
                <Text span size="xs" c="dimmed" translate="no">
                  {e.entityId ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>{t(`auditWords.outcome.${e.outcome}`, { defaultValue: e.outcome })}</Table.Td>
              <Table.Td translate="no">{e.detail ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Clinic administration: users and roles, the thread catalogue with lots and expiry, the audit log. */
export default function AdminScreen() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const params = useParams();
  const navigate = useNavigate();
  const tab = (params['*'] ?? '') || 'catalogue';
  if (user?.role !== 'admin') return <Alert color="orange">{t('admin.adminsOnly')}</Alert>;
  return (
    <Stack>
      <Title order={2}>{t('admin.title')}</Title>
      <Tabs value={tab} onChange={(v) => v && void navigate(`/admin/${v}`)}>
        <Tabs.List>
          <Tabs.Tab value="catalogue" data-testid="admin-catalogue">
            {t('admin.catalogue')}
          </Tabs.Tab>
          <Tabs.Tab value="users" data-testid="admin-users">
            {t('admin.users')}
          </Tabs.Tab>
          <Tabs.Tab value="audit" data-testid="admin-audit">
            {t('admin.audit')}
          </Tabs.Tab>
          <Tabs.Tab value="clinic" data-testid="admin-clinic">
            {t('clinicAdmin.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="exports" data-testid="admin-exports">
            {t('interop.exportsTab')}
          </Tabs.Tab>
          <Tabs.Tab value="compliance" data-testid="admin-compliance">
            {t('interop.complianceTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="catalogue" pt="md">
          <Catalogue />
        </Tabs.Panel>
        <Tabs.Panel value="users" pt="md">
          <Users />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <Audit />
        </Tabs.Panel>
        <Tabs.Panel value="clinic" pt="md">
          <ClinicPanel />
        </Tabs.Panel>
        <Tabs.Panel value="exports" pt="md">
          <ResearchExportCard />
        </Tabs.Panel>
        <Tabs.Panel value="compliance" pt="md">
          <CompliancePanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
