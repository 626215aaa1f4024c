import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../client/src/router/matchRoute';
import { canOpen, homePath } from '../../client/src/session/roleAccess';

describe('client routes', () => {
  it('maps paths to pages', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/live')).toEqual({ page: 'live' });
    expect(matchRoute('/flights')).toEqual({ page: 'flights' });
    expect(matchRoute('/flights/abc123')).toEqual({ page: 'flight', flightId: 'abc123' });
    expect(matchRoute('/admin')).toEqual({ page: 'admin', section: 'users' });
    expect(matchRoute('/admin/ranges')).toEqual({ page: 'admin', section: 'ranges' });
    expect(matchRoute('/compare')).toEqual({ page: 'compare' });
    expect(matchRoute('/nowhere/at/all')).toEqual({ page: 'not-found' });
  });

  it('keeps makers out of the live view and admin', () => {
    expect(canOpen('maker', 'live')).toBe(false);
    expect(canOpen('maker', 'admin')).toBe(false);
    expect(canOpen('maker', 'flight')).toBe(true);
    expect(homePath('maker')).toBe('/flights');
    expect(homePath('operator')).toBe('/live');
  });
});
