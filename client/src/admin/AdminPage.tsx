import { useI18n } from '../i18n/I18nProvider';
import { Link } from '../router/Link';
import { ADMIN_SECTIONS } from './adminSections';
import { RangeEditor } from './RangeEditor';
import { ResourceTable } from './ResourceTable';

export function AdminPage({ section }: { section: string }) {
  const { t } = useI18n();
  const current = ADMIN_SECTIONS.find((s) => s.id === section) ?? ADMIN_SECTIONS[0]!;
  return (
    <main className="admin-page">
      <h1>{t('admin.title')}</h1>
      <nav className="admin-tabs">
        {ADMIN_SECTIONS.map((s) => (
          <Link
            key={s.id}
            href={`/admin/${s.id}`}
            className={s.id === current.id ? 'tab active' : 'tab'}
          >
            {t(s.title)}
          </Link>
        ))}
      </nav>
      {current.id === 'ranges' && <RangeEditor />}
      <ResourceTable key={current.id} section={current} />
    </main>
  );
}
