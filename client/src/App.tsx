import { lazy, Suspense, useEffect } from 'react';
import { flightIdsFromQuery } from './compare/comparable';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ErrorMessage } from './components/ErrorMessage';
import { Header } from './components/Header';
import { LoginPage } from './components/LoginPage';
import { useI18n } from './i18n/I18nProvider';
import { matchRoute, type Route } from './router/matchRoute';
import { navigate, useLocation } from './router/navigation';
import { canOpen, homePath } from './session/roleAccess';
import { useSession } from './session/SessionProvider';

// Pages load on demand so the live view does not wait for the review's plotting code.
const LivePage = lazy(() => import('./live/LivePage').then((m) => ({ default: m.LivePage })));
const FlightsPage = lazy(() =>
  import('./flights/FlightsPage').then((m) => ({ default: m.FlightsPage })),
);
const ReviewPage = lazy(() =>
  import('./review/ReviewPage').then((m) => ({ default: m.ReviewPage })),
);
const ComparePage = lazy(() =>
  import('./compare/ComparePage').then((m) => ({ default: m.ComparePage })),
);
const AccountPage = lazy(() =>
  import('./components/AccountPage').then((m) => ({ default: m.AccountPage })),
);
const AdminPage = lazy(() => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })));

function Page({ route, search }: { route: Route; search: URLSearchParams }) {
  const { t } = useI18n();
  switch (route.page) {
    case 'live':
      return <LivePage />;
    case 'flights':
      return <FlightsPage />;
    case 'flight':
      return <ReviewPage key={route.flightId} flightId={route.flightId} />;
    case 'compare': {
      const flightIds = flightIdsFromQuery(search.get('flights'));
      return <ComparePage key={flightIds.join(',')} flightIds={flightIds} />;
    }
    case 'admin':
      return <AdminPage section={route.section} />;
    case 'account':
      return <AccountPage />;
    default:
      return <p className="page-message">{t('error.notFound')}</p>;
  }
}

export function App() {
  const { t } = useI18n();
  const { state, reload } = useSession();
  const { pathname, search } = useLocation();
  const route = matchRoute(pathname);

  // Signed out: everything is the login page, and it returns to where the user was going.
  useEffect(() => {
    if (state.status === 'anonymous' && route.page !== 'login') {
      navigate(`/login?next=${encodeURIComponent(pathname)}`, { replace: true });
    }
    if (state.status === 'signed-in') {
      const { role } = state.me;
      if (route.page === 'login') {
        const next = search.get('next');
        navigate(next && next.startsWith('/') && next !== '/login' ? next : homePath(role), {
          replace: true,
        });
      } else if (
        route.page === 'home' ||
        (route.page !== 'not-found' && !canOpen(role, route.page))
      ) {
        navigate(homePath(role), { replace: true });
      }
    }
  }, [state, route.page, pathname, search]);

  return (
    <>
      <Header />
      {state.status === 'loading' && <p className="page-message">{t('common.loading')}</p>}
      {state.status === 'failed' && <ErrorMessage error={state.error} onRetry={reload} />}
      {state.status === 'anonymous' && <LoginPage />}
      {state.status === 'signed-in' && (
        <ErrorBoundary title={t('error.title')}>
          <Suspense fallback={<p className="page-message">{t('common.loading')}</p>}>
            <Page route={route} search={search} />
          </Suspense>
        </ErrorBoundary>
      )}
    </>
  );
}
