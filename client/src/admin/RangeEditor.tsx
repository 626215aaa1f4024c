import { useState, type ChangeEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { ApiError } from '../api/apiError';
import { fetchRanges } from '../api/resources';
import type { FenceVertex, Range, RangeFences } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import type { AdminSection } from './adminSections';
import { BasemapUpload } from './BasemapUpload';
import { CreateForm } from './CreateForm';
import { FenceMapEditor } from './FenceMapEditor';
import { readFenceFile, type FenceFile } from './fencePreview';

const RANGE_FORM: AdminSection = {
  id: 'ranges',
  title: 'admin.ranges',
  path: '',
  listName: 'ranges',
  columns: [],
  fields: [
    { name: 'name', label: 'admin.field.name', type: 'text', required: true },
    { name: 'timeZone', label: 'admin.field.timeZone', type: 'text' },
    {
      name: 'originLatDeg',
      label: 'admin.field.originLatDeg',
      type: 'number',
      step: 'any',
      required: true,
    },
    {
      name: 'originLonDeg',
      label: 'admin.field.originLonDeg',
      type: 'number',
      step: 'any',
      required: true,
    },
  ],
  deleteLabel: 'common.delete',
};

/** What is waiting to be saved: an imported file, or fences edited by drawing. */
type Pending = { kind: 'file'; file: FenceFile } | { kind: 'drawn'; fences: RangeFences };

/**
 * Ranges: create one, pick one by name, import or draw its fences, look at them on the map, then
 * save (the server validates and its sentence is shown).
 */
export function RangeEditor() {
  const { t } = useI18n();
  const ranges = useAsync((signal) => fetchRanges(signal), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<FenceVertex[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  const list = ranges.status === 'done' ? ranges.value : [];
  const selected: Range | undefined = list.find((r) => r.id === selectedId) ?? list[0];
  const shown: RangeFences | null =
    pending?.kind === 'file'
      ? pending.file.preview
      : pending?.kind === 'drawn'
        ? pending.fences
        : (selected?.fences ?? null);

  const discard = () => {
    setPending(null);
    setDraft([]);
    setDrawing(false);
    setError(null);
  };

  const putFences = async (body: unknown, allowEmpty: boolean): Promise<void> => {
    if (!selected) return;
    const answer = await apiFetch<{ fencesVersion: number }>(
      `/api/ranges/${encodeURIComponent(selected.id)}/fences`,
      { method: 'PUT', body, query: { allowEmpty: allowEmpty ? 'true' : undefined } },
    );
    setSavedVersion(answer.fencesVersion);
  };

  const save = async () => {
    if (!pending) return;
    setError(null);
    setSavedVersion(null);
    const body = pending.kind === 'file' ? pending.file.body : pending.fences;
    try {
      try {
        await putFences(body, false);
      } catch (caught) {
        // No zone at all would unfence the range: only on the admin's explicit yes.
        const noZone =
          caught instanceof ApiError && caught.status === 422 && /allowEmpty/.test(caught.message);
        if (!noZone || !window.confirm(t('admin.confirmEmpty', { sentence: caught.message })))
          throw caught;
        await putFences(body, true);
      }
      setPending(null);
      ranges.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (!picked) return;
    setError(null);
    setSavedVersion(null);
    const file = readFenceFile(picked.name, await picked.text());
    if (!file) {
      setError(new Error(t('admin.unreadableFile', { file: picked.name })));
      return;
    }
    setPending({ kind: 'file', file });
  };

  const finishDrawing = () => {
    if (draft.length >= 3) {
      const base = pending?.kind === 'drawn' ? pending.fences : (selected?.fences ?? { zones: [] });
      setPending({
        kind: 'drawn',
        fences: {
          ...base,
          zones: [
            ...base.zones,
            {
              id: `drawn-${base.zones.length + 1}`,
              role: 'inclusion',
              shape: 'polygon',
              vertices: draft,
            },
          ],
        },
      });
    }
    setDraft([]);
    setDrawing(false);
  };

  return (
    <section className="range-editor">
      <div className="create-range">
        <CreateForm
          section={RANGE_FORM}
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
      {list.length > 0 && selected && (
        <>
          <div className="range-toolbar">
            <label>
              <span className="field-label">{t('admin.range')}</span>
              <select
                value={selected.id}
                onChange={(event) => {
                  setSelectedId(event.target.value);
                  discard();
                }}
              >
                {list.map((range) => (
                  <option key={range.id} value={range.id}>
                    {range.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="button">
              {t('admin.importFences')}
              <input
                type="file"
                accept=".geojson,.json,.kml"
                hidden
                data-testid="fence-file"
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
            <button type="button" disabled={!pending} onClick={() => void save()}>
              {t('admin.saveFences')}
            </button>
            <button type="button" disabled={!pending && draft.length === 0} onClick={discard}>
              {t('admin.discard')}
            </button>
            <span className="muted">{t('admin.zones', { count: shown?.zones.length ?? 0 })}</span>
          </div>
          {drawing && <p className="muted">{t('admin.drawHint')}</p>}
          {pending && (
            <p className="fence-preview-note" role="status" data-testid="fence-preview">
              {pending.kind === 'file'
                ? t('admin.preview', {
                    count: pending.file.preview.zones.length,
                    file: pending.file.fileName,
                  })
                : t('admin.previewDrawn')}
            </p>
          )}
          {savedVersion !== null && (
            <p role="status" className="muted" data-testid="fences-saved">
              {t('admin.fencesSaved', { version: savedVersion })}
            </p>
          )}
          {error !== null && <ErrorMessage error={error} />}
          <BasemapUpload rangeId={selected.id} />
          <FenceMapEditor
            range={selected}
            fences={shown}
            drawing={drawing}
            draft={draft}
            previewing={pending !== null}
            onAddVertex={(vertex) => setDraft((previous) => [...previous, vertex])}
          />
        </>
      )}
    </section>
  );
}
