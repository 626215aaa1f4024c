import { useState, type ChangeEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { ApiError, isApiErrorBody } from '../api/apiError';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import { fetchRangeBasemap } from '../map/rangeBasemap';

/** West, south, east, north [deg] of a georeferenced image, as typed. */
type ImageBounds = Record<(typeof BOUND_NAMES)[number], string>;
const BOUND_NAMES = ['west', 'south', 'east', 'north'] as const;
const NO_BOUNDS: ImageBounds = { west: '', south: '', east: '', north: '' };

/** Sends the file's bytes as they are; the server tells a PMTiles archive by its first bytes. */
async function putBasemap(rangeId: string, file: File, bounds?: ImageBounds): Promise<void> {
  const query = bounds ? `?${new URLSearchParams(bounds).toString()}` : '';
  let response: Response;
  try {
    response = await fetch(`/api/ranges/${encodeURIComponent(rangeId)}/basemap${query}`, {
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

/**
 * The range's offline basemap: which one it has, upload a raster PMTiles file or a PNG/JPEG
 * image with the bounds it covers, remove it.
 */
export function BasemapUpload({ rangeId }: { rangeId: string }) {
  const { t } = useI18n();
  const basemap = useAsync((signal) => fetchRangeBasemap(rangeId, signal), [rangeId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [image, setImage] = useState<File | null>(null);
  const [bounds, setBounds] = useState<ImageBounds>(NO_BOUNDS);

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
    if (!file) return;
    // An image needs its bounds first; the server tells the format by the bytes either way.
    if (/\.(png|jpe?g)$/i.test(file.name)) setImage(file);
    else void run(() => putBasemap(rangeId, file));
  };
  const uploadImage = () => {
    if (!image) return;
    setImage(null);
    void run(() => putBasemap(rangeId, image, bounds));
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
            ? current.format === 'image'
              ? t('basemap.currentImage', { size: sizeText(current.sizeBytes) })
              : t('basemap.current', {
                  size: sizeText(current.sizeBytes),
                  zooms: `${current.minZoom}–${current.maxZoom}`,
                })
            : t('basemap.none')}
      </span>
      <label className="button">
        {t('basemap.upload')}
        <input
          type="file"
          accept=".pmtiles,.png,.jpg,.jpeg"
          hidden
          disabled={busy}
          onChange={upload}
        />
      </label>
      {image && (
        <>
          {BOUND_NAMES.map((name) => (
            <input
              key={name}
              name={name}
              type="number"
              step="any"
              placeholder={t(`basemap.${name}`)}
              value={bounds[name]}
              onChange={(event) => setBounds({ ...bounds, [name]: event.target.value })}
            />
          ))}
          <button type="button" onClick={uploadImage}>
            {t('basemap.uploadImage')}
          </button>
        </>
      )}
      {current && (
        <button type="button" disabled={busy} onClick={remove}>
          {t('basemap.remove')}
        </button>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
