import type { LiveAlert } from '../../../telemetry/contract/live';
import type { MessageKey } from '../i18n/en';
import { en } from '../i18n/en';

/** The message id naming an alert's kind, or the generic one. */
export function alertTitleKey(alert: LiveAlert): MessageKey {
  const key = `alert.${alert.event.type}`;
  return key in en ? (key as MessageKey) : 'alert.other';
}
