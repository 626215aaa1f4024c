import { useI18n } from '../i18n/I18nProvider';
import { Link } from '../router/Link';
import { useLocation } from '../router/navigation';
import { canOpen } from '../session/roleAccess';
import { useSession } from '../session/SessionProvider';
import { LanguageSwitch } from './LanguageSwitch';

export function Header() {
  const { t } = useI18n();
  const { state, logout } = useSession();
  const { pathname } = useLocation();
  const me = state.status === 'signed-in' ? state.me : null;
  const tab = (href: string, label: string) => (
    <Link href={href} className={pathname.startsWith(href) ? 'tab active' : 'tab'}>
      {label}
    </Link>
  );
  return (
    <header className="app-header">
      <span className="brand">{t('appName')}</span>
      {me && (
        <nav>
          {canOpen(me.role, 'live') && tab('/live', t('header.live'))}
          {canOpen(me.role, 'flights') && tab('/flights', t('header.flights'))}
          {canOpen(me.role, 'admin') && tab('/admin', t('header.admin'))}
        </nav>
      )}
      <span className="spacer" />
      <LanguageSwitch />
      {me && (
        <>
          <Link href="/account" className="who" title={me.email}>
            {me.name} · {me.role}
          </Link>
          <button type="button" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        </>
      )}
    </header>
  );
}
