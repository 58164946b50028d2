import { Anchor, Button, Center, Group, Loader, SegmentedControl, Text } from '@mantine/core';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useOrganisation } from './api/care-hooks.js';
import { useAuth } from './auth.js';
import { setClinicTimeZone } from './lib/format.js';
import { isPatientModePath, redirectFor } from './lib/patient-mode.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { NewPatientScreen } from './screens/NewPatientScreen.js';
import { PatientListScreen } from './screens/PatientListScreen.js';

// Heavy screens load on demand: the domain (planner, zones, metrics), charts and the face models stay out of
// the first download.
const PatientScreen = lazy(() => import('./screens/PatientScreen.js'));
const VisitScreen = lazy(() => import('./screens/visit/VisitScreen.js'));
const CompareScreen = lazy(() => import('./screens/compare/CompareScreen.js'));
const AdminScreen = lazy(() => import('./screens/AdminScreen.js'));
const PatientModeScreen = lazy(() => import('./screens/patient-mode/PatientModeScreen.js'));
const DueThisWeekScreen = lazy(() => import('./screens/DueThisWeekScreen.js'));
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

export function LanguageSwitch({ size = 'xs' }: { readonly size?: 'xs' | 'lg' }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size={size}
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
          {user && (
            <Anchor component={Link} to="/follow-ups" data-testid="nav-due">
              {t('followUpCare.nav')}
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

/** Every instant on screen in the clinic's time zone (Asia/Seoul until the organisation has loaded). */
function ClinicTimeZone() {
  const { user } = useAuth();
  const org = useOrganisation(user !== null);
  const tz = org.data?.timeZone;
  useEffect(() => {
    if (tz) setClinicTimeZone(tz);
  }, [tz]);
  return null;
}

export function App() {
  const location = useLocation();
  // Patient mode holds the screen: every other route leads back to it until the staff password unlocks it.
  // Sign-in stays reachable (a session that ended while locked); after it, the lock applies again.
  const locked = location.pathname === '/login' ? null : redirectFor(localStorage, location.pathname);
  if (locked) return <Navigate to={locked} replace />;
  if (isPatientModePath(location.pathname)) {
    return (
      <RequireAuth>
        <ClinicTimeZone />
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/patients/:patientId/visits/:visitId/patient-mode" element={<PatientModeScreen />} />
          </Routes>
        </Suspense>
      </RequireAuth>
    );
  }
  return (
    <>
      <ClinicTimeZone />
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
              path="/follow-ups"
              element={
                <RequireAuth>
                  <DueThisWeekScreen />
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
