import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/apiError';
import { useI18n } from '../i18n/I18nProvider';
import { uploadLog, type UploadProgress } from './uploadLog';

type State =
  | { status: 'idle' }
  | { status: 'busy'; progress: UploadProgress; fileName: string }
  | { status: 'failed'; message: string }
  | { status: 'done'; message: string };

/**
 * A file picker that uploads the chosen onboard log with a progress bar: the bytes sent, then
 * "parsing and storing" until the server answers; the server's sentence on failure.
 */
export function LogUploadControl<T>({
  label,
  url,
  disabled = false,
  onUploaded,
  describe,
  children,
  testId,
}: {
  label: string;
  /** Where to send the file; null while the form around it is not complete. */
  url: string | null;
  disabled?: boolean;
  onUploaded: (answer: T) => void;
  /** The success sentence shown for the server's answer. */
  describe: (answer: T) => string;
  children?: ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ status: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  const send = async (file: File) => {
    if (!url) return;
    setState({
      status: 'busy',
      fileName: file.name,
      progress: { phase: 'uploading', sentBytes: 0, totalBytes: file.size },
    });
    try {
      const answer = await uploadLog<T>(url, file, (progress) =>
        setState({ status: 'busy', fileName: file.name, progress }),
      );
      setState({ status: 'done', message: describe(answer) });
      onUploaded(answer);
    } catch (caught) {
      const message =
        caught instanceof ApiError || caught instanceof Error
          ? caught.message
          : t('logUpload.failed');
      setState({ status: 'failed', message });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const busy = state.status === 'busy';
  return (
    <section className="log-upload" data-testid={testId}>
      {children}
      <label className="button">
        {label}
        <input
          ref={input}
          type="file"
          accept=".ulg,.tlog,.bin"
          hidden
          disabled={disabled || busy || !url}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void send(file);
          }}
          data-testid={`${testId}-input`}
        />
      </label>
      {state.status === 'busy' && (
        <UploadProgressBar progress={state.progress} name={state.fileName} />
      )}
      {state.status === 'failed' && (
        <p className="error" role="alert" data-testid={`${testId}-error`}>
          {state.message}
        </p>
      )}
      {state.status === 'done' && (
        <p className="muted" role="status" data-testid={`${testId}-done`}>
          {state.message}
        </p>
      )}
    </section>
  );
}

function UploadProgressBar({ progress, name }: { progress: UploadProgress; name: string }) {
  const { t } = useI18n();
  if (progress.phase === 'processing') {
    return (
      <div className="upload-progress" role="status">
        <progress aria-label={t('logUpload.processing')} />
        <span>{t('logUpload.processing')}</span>
      </div>
    );
  }
  const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
  return (
    <div className="upload-progress" role="status">
      <progress
        value={progress.sentBytes}
        max={Math.max(1, progress.totalBytes)}
        aria-label={t('logUpload.uploading', { name })}
      />
      <span>
        {t('logUpload.uploadingBytes', {
          name,
          sent: megabytes(progress.sentBytes),
          total: megabytes(progress.totalBytes),
        })}
      </span>
    </div>
  );
}
