import type {
  CriterionResult,
  Evidence,
  EvidenceSpan,
  Metric,
  ResultWindow,
} from '../criterionResult.js';
import type { Message } from '../message.js';
import { renderMessage, renderReason } from '../messageCatalog.js';
import type { ReportLanguage } from './reportInput.js';

/**
 * A result's sentences in the report's language. Results stored before reasons carried codes
 * have only their English text, which is printed as it is.
 */
export function reasonIn(result: CriterionResult, lang: ReportLanguage): string {
  if (!result.reasonMessage) return result.reason;
  const legacyMetrics = result.metrics.some((m) => !m.nameMessage);
  return legacyMetrics && result.reasonMessage.code === 'judged-metrics'
    ? result.reason
    : renderReason(result, lang);
}

export function metricNameIn(metric: Metric, lang: ReportLanguage): string {
  return metric.nameMessage ? renderMessage(metric.nameMessage, lang) : metric.name;
}

export function windowDescriptionIn(window: ResultWindow, lang: ReportLanguage): string {
  return window.descriptionMessage
    ? renderMessage(window.descriptionMessage, lang)
    : window.description;
}

export function spanLabelIn(span: EvidenceSpan, lang: ReportLanguage): string {
  return span.labelMessage ? renderMessage(span.labelMessage, lang) : span.label;
}

export function notesIn(evidence: Evidence, lang: ReportLanguage): string[] {
  return evidence.noteMessages
    ? evidence.noteMessages.map((note) => renderMessage(note, lang))
    : evidence.notes;
}

export function messageIn(message: Message, lang: ReportLanguage): string {
  return renderMessage(message, lang);
}
