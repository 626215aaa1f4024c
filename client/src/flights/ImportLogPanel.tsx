import { useState } from 'react';
import { apiFetch, apiUrl } from '../api/apiFetch';
import { listItems } from '../api/listItems';
import { fetchRanges } from '../api/resources';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import { navigate } from '../router/navigation';
import { LogUploadControl } from './LogUploadControl';

interface VehicleOption {
  id: string;
  name: string;
}

/** What POST /api/flights/import answers (the parts shown here). */
export interface ImportAnswer {
  onboardLogSha256: string;
  flights: { flightId: string }[];
  skippedBytes: number;
  truncated: boolean;
}

/**
 * "Import log" on the flights page: an onboard log (.ulg) becomes stored flights of the vehicle
 * chosen, or of the range's automatic record for the log's system id. Opens the flight when
 * the log held one; otherwise the list shows them.
 */
export function ImportLogPanel({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const [vehicleId, setVehicleId] = useState('');
  const [rangeId, setRangeId] = useState('');
  const vehicles = useAsync(
    async (signal) =>
      listItems<VehicleOption>(await apiFetch('/api/vehicles', { signal }), 'vehicles'),
    [],
  );
  const ranges = useAsync((signal) => fetchRanges(signal).catch(() => []), []);
  const url =
    vehicleId || rangeId
      ? apiUrl('/api/flights/import', vehicleId ? { vehicleId } : { rangeId })
      : null;
  return (
    <LogUploadControl<ImportAnswer>
      label={t('logUpload.importLog')}
      url={url}
      testId="import-log"
      describe={(answer) =>
        t('logUpload.imported', {
          count: answer.flights.length,
          skipped: answer.skippedBytes,
        })
      }
      onUploaded={(answer) => {
        onImported();
        const [only] = answer.flights;
        if (answer.flights.length === 1 && only) {
          navigate(`/flights/${encodeURIComponent(only.flightId)}`);
        }
      }}
    >
      <label>
        {t('logUpload.vehicle')}
        <select
          value={vehicleId}
          onChange={(event) => setVehicleId(event.target.value)}
          data-testid="import-log-vehicle"
        >
          <option value="">{t('logUpload.byRange')}</option>
          {(vehicles.status === 'done' ? vehicles.value : []).map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {!vehicleId && (
        <label>
          {t('logUpload.range')}
          <select
            value={rangeId}
            onChange={(event) => setRangeId(event.target.value)}
            data-testid="import-log-range"
          >
            <option value="">—</option>
            {(ranges.status === 'done' ? ranges.value : []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </LogUploadControl>
  );
}
