import { Anchor, Button, Center, Group, Loader, SegmentedControl, Text } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { NewPatientScreen } from './screens/NewPatientScreen.js';
import { PatientListScreen } from './screens/PatientListScreen.js';

// Heavy screens load on demand: the domain (planner, zones, metrics), charts and the face models stay out of
// the first download.
const PatientScreen = lazy(() => import('./screens/PatientScreen.js'));
const VisitScreen = lazy(() => import('./screens/visit/VisitScreen.js'));
const CompareScreen = lazy(() => import('./screens/compare/CompareScreen.js'));
const AdminScreen = lazy(() => import('./screens/AdminScreen.js'));
// Issue 13: outcomes.
const OutcomesScreen = lazy(() => import('./screens/interop/OutcomesScreen.js'));

function Loading() {
  const { t } = useTranslation();
  return (
    <Center p="xl" aria-busy="true">
      <Loader size="sm" />
      <Text ml="sm">{t('common.loading')}</Text>
    </Center>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={i18n.language.startsWith('ko') ? 'ko' : 'en'}
      onChange={(v) => void i18n.changeLanguage(v)}
      data={[
        { value: 'ko', label: '한국어' },
        { value: 'en', label: 'English' },
      ]}
      data-testid="lang-switch"
    />
  );
}

function Header() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  return (
    <header className="lp-header">
      <Group justify="space-between" px="md" py="xs" wrap="nowrap">
        <Group gap="lg">
          <Anchor component={Link} to="/" fw={700} c="teal.8" underline="never">
            {t('common.appName')}
          </Anchor>
          {user && (
            <Anchor component={Link} to="/">
              {t('nav.patients')}
            </Anchor>
          )}
          {(user?.role === 'admin' || user?.role === 'doctor') && (
            <Anchor component={Link} to="/outcomes" data-testid="nav-outcomes">
              {t('interop.nav')}
            </Anchor>
          )}
          {user?.role === 'admin' && (
            <Anchor component={Link} to="/admin">
              {t('nav.admin')}
            </Anchor>
          )}
        </Group>
        <Group gap="sm" wrap="nowrap">
          <LanguageSwitch />
          {user && (
            <>
              <Text size="sm" c="dimmed" visibleFrom="sm">
                {user.displayName} · {t(`roles.${user.role}`)}
              </Text>
              <Button size="xs" variant="subtle" onClick={() => void logout()}>
                {t('common.logout')}
              </Button>
            </>
          )}
        </Group>
      </Group>
    </header>
  );
}

function RequireAuth({ children }: { readonly children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

export function App() {
  return (
    <>
      <Header />
      <main className="lp-main">
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<LoginScreen />} />
            <Route
              path="/"
              element={
                <RequireAuth>
                  <PatientListScreen />
                </RequireAuth>
              }
            />
            <Route
              path="/patients/new"
              element={
                <RequireAuth>
                  <NewPatientScreen />
                </RequireAuth>
              }
            />
            <Route
              path="/patients/:patientId"
              element={
                <RequireAuth>
                  <PatientScreen />
                </RequireAuth>
              }
            />
            <Route
              path="/patients/:patientId/visits/:visitId/*"
              element={
                <RequireAuth>
                  <VisitScreen />
                </RequireAuth>
              }
            />
            <Route
              path="/patients/:patientId/compare"
              element={
                <RequireAuth>
                  <CompareScreen />
                </RequireAuth>
              }
            />
            <Route
              path="/admin/*"
              element={
                <RequireAuth>
                  <AdminScreen />
                </RequireAuth>
              }
            />
            <Route
              path="/outcomes"
              element={
                <RequireAuth>
                  <OutcomesScreen />
                </RequireAuth>
              }
            />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
