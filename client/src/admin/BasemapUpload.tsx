import { useState, type ChangeEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { ApiError, isApiErrorBody } from '../api/apiError';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import { fetchRangeBasemap } from '../map/rangeBasemap';

/** Sends the file's bytes as they are; the server tells a PMTiles archive by its first bytes. */
async function putBasemap(rangeId: string, file: File): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/ranges/${encodeURIComponent(rangeId)}/basemap`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(
      'The server cannot be reached. Check the network and try again.',
      0,
      'network',
    );
  }
  if (response.ok) return;
  const parsed: unknown = await response.json().catch(() => undefined);
  if (isApiErrorBody(parsed)) {
    const { code, message, details } = parsed.error;
    throw new ApiError(message, response.status, code, details);
  }
  throw new ApiError(`The server answered ${response.status}.`, response.status, 'http_error');
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KiB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The range's offline basemap: which one it has, upload a raster PMTiles file, remove it. */
export function BasemapUpload({ rangeId }: { rangeId: string }) {
  const { t } = useI18n();
  const basemap = useAsync((signal) => fetchRangeBasemap(rangeId, signal), [rangeId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
      basemap.reload();
    }
  };
  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void run(() => putBasemap(rangeId, file));
  };
  const remove = () =>
    void run(() =>
      apiFetch(`/api/ranges/${encodeURIComponent(rangeId)}/basemap`, { method: 'DELETE' }),
    );

  const current = basemap.status === 'done' ? basemap.value : null;
  return (
    <div className="range-toolbar basemap-upload" data-testid="basemap-upload">
      <span className="muted">
        {busy
          ? t('basemap.uploading')
          : current
            ? t('basemap.current', {
                size: sizeText(current.sizeBytes),
                zooms: `${current.minZoom}–${current.maxZoom}`,
              })
            : t('basemap.none')}
      </span>
      <label className="button">
        {t('basemap.upload')}
        <input type="file" accept=".pmtiles" hidden disabled={busy} onChange={upload} />
      </label>
      {current && (
        <button type="button" disabled={busy} onClick={remove}>
          {t('basemap.remove')}
        </button>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
