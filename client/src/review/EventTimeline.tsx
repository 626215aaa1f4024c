import type { FlightEvent } from '../../../telemetry/model/flightEvent';
import { formatDuration, formatRangeTime, formatUtc } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import type { ReplayClock } from './ReplayClock';

/** Events from the vehicle's own log (imported or merged) rather than the live link. */
function fromOnboardLog(event: FlightEvent): boolean {
  return event.data.source === 'onboard-log';
}

/** The flight's events: ticks on a bar the length of the flight, and a list; a click seeks. */
export function EventTimeline({
  events,
  clock,
  timeZone,
}: {
  events: FlightEvent[];
  clock: ReplayClock;
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  const spanUs = Math.max(1, clock.endUs - clock.startUs);
  return (
    <section className="event-timeline" data-testid="event-timeline">
      <h2>{t('review.events')}</h2>
      <div className="event-bar">
        {events.map((event, index) => (
          <button
            type="button"
            key={`tick-${index}`}
            className={`event-tick severity-${event.severity} type-${event.type}`}
            style={{ left: `${(100 * (event.tUs - clock.startUs)) / spanUs}%` }}
            title={event.message}
            aria-label={event.message}
            onClick={() => clock.seek(event.tUs)}
          />
        ))}
      </div>
      {events.length === 0 && <p className="muted">{t('review.noEvents')}</p>}
      <ol className="event-list">
        {events.map((event, index) => {
          const tMs = event.tUs / 1000;
          return (
            <li key={index} className={`severity-${event.severity}`}>
              <button type="button" onClick={() => clock.seek(event.tUs)} data-testid="event-item">
                <span className="offset">{formatDuration((event.tUs - clock.startUs) / 1e6)}</span>
                <time title={formatUtc(tMs)}>{formatRangeTime(tMs, timeZone, locale, true)}</time>
                <span className="type">{event.type}</span>
                <span>{event.message}</span>
                <span
                  className={`event-source source-${fromOnboardLog(event) ? 'onboard-log' : 'telemetry'}`}
                  data-testid="event-source"
                >
                  {fromOnboardLog(event) ? t('sources.onboardLog') : t('sources.telemetry')}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
