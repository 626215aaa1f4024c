import { useState, type ChangeEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { fetchRanges } from '../api/resources';
import type { FenceVertex, Range, RangeFences } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import { BasemapUpload } from './BasemapUpload';
import { CreateForm } from './CreateForm';
import { FenceMapEditor } from './FenceMapEditor';
import type { AdminSection } from './adminSections';

const RANGE_FORM: AdminSection = {
  id: 'ranges',
  title: 'admin.ranges',
  path: '/api/ranges',
  listName: 'ranges',
  columns: [],
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'timeZone', type: 'text' },
  ],
  deleteLabel: 'common.delete',
};

/** Ranges: create one, pick one, import or draw its fences, save them (the server validates). */
export function RangeEditor() {
  const { t } = useI18n();
  const ranges = useAsync((signal) => fetchRanges(signal), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [edited, setEdited] = useState<RangeFences | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<FenceVertex[]>([]);
  const [error, setError] = useState<unknown>(null);

  const list = ranges.status === 'done' ? ranges.value : [];
  const selected: Range | undefined = list.find((r) => r.id === selectedId) ?? list[0];
  const fences = edited ?? selected?.fences ?? null;

  const putFences = async (contentType: string, text: string) => {
    if (!selected) return;
    setError(null);
    try {
      await apiFetch(`/api/ranges/${encodeURIComponent(selected.id)}/fences`, {
        method: 'PUT',
        rawBody: { contentType, text },
      });
      setEdited(null);
      ranges.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  // The server reads GeoJSON and KML itself, and names the zone and vertex at fault.
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const isKml = /\.kml$/i.test(file.name);
    await putFences(
      isKml ? 'application/vnd.google-earth.kml+xml' : 'application/geo+json',
      await file.text(),
    );
  };

  const finishDrawing = () => {
    if (draft.length >= 3) {
      const zones = fences?.zones ?? [];
      setEdited({
        ...(fences ?? {}),
        zones: [
          ...zones,
          { id: `drawn-${zones.length + 1}`, role: 'inclusion', shape: 'polygon', vertices: draft },
        ],
      });
    }
    setDraft([]);
    setDrawing(false);
  };

  const save = async () => {
    if (edited) await putFences('application/json', JSON.stringify(edited));
  };

  return (
    <section className="range-editor">
      <div className="create-range">
        <CreateForm
          section={{
            ...RANGE_FORM,
            fields: [
              ...RANGE_FORM.fields,
              { name: 'originLatDeg', type: 'number', required: true },
              { name: 'originLonDeg', type: 'number', required: true },
            ],
            path: '',
          }}
          onCreated={() => ranges.reload()}
          submitOverride={async (body) => {
            const { originLatDeg, originLonDeg, ...rest } = body;
            return apiFetch('/api/ranges', {
              method: 'POST',
              body: { ...rest, origin: { latDeg: originLatDeg, lonDeg: originLonDeg } },
            });
          }}
        />
      </div>
      {ranges.status === 'failed' && <ErrorMessage error={ranges.error} onRetry={ranges.reload} />}
      {error !== null && <ErrorMessage error={error} />}
      {list.length > 0 && selected && (
        <>
          <div className="range-toolbar">
            <select
              value={selected.id}
              onChange={(event) => {
                setSelectedId(event.target.value);
                setEdited(null);
              }}
            >
              {list.map((range) => (
                <option key={range.id} value={range.id}>
                  {range.name}
                </option>
              ))}
            </select>
            <label className="button">
              {t('admin.importFences')}
              <input
                type="file"
                accept=".geojson,.json,.kml"
                hidden
                onChange={(e) => void importFile(e)}
              />
            </label>
            {drawing ? (
              <button type="button" onClick={finishDrawing}>
                {t('admin.finishDrawing')}
              </button>
            ) : (
              <button type="button" onClick={() => setDrawing(true)}>
                {t('admin.drawFence')}
              </button>
            )}
            <button type="button" disabled={!edited} onClick={() => void save()}>
              {t('admin.saveFences')}
            </button>
            <span className="muted">{fences?.zones.length ?? 0} zones</span>
          </div>
          <BasemapUpload rangeId={selected.id} />
          <FenceMapEditor
            range={selected}
            fences={fences}
            drawing={drawing}
            draft={draft}
            onAddVertex={(vertex) => setDraft((previous) => [...previous, vertex])}
          />
        </>
      )}
    </section>
  );
}
