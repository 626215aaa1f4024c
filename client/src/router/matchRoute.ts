export type Route =
  | { page: 'login' }
  | { page: 'live' }
  | { page: 'flights' }
  | { page: 'flight'; flightId: string }
  | { page: 'compare' }
  | { page: 'admin'; section: string }
  | { page: 'account' }
  | { page: 'home' }
  | { page: 'not-found' };

/** Maps a path to a page. */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (first === 'login' && parts.length === 1) return { page: 'login' };
  if (first === 'account' && parts.length === 1) return { page: 'account' };
  if (first === 'live' && parts.length === 1) return { page: 'live' };
  if (first === 'flights' && parts.length === 1) return { page: 'flights' };
  // The compared flights are in the query (`/compare?flights=a,b`), read by the page.
  if (first === 'compare' && parts.length === 1) return { page: 'compare' };
  if (first === 'flights' && second && parts.length === 2)
    return { page: 'flight', flightId: second };
  if (first === 'admin' && parts.length <= 2) return { page: 'admin', section: second ?? 'users' };
  return { page: 'not-found' };
}
