import { ApiError, isApiErrorBody } from '../api/apiError';

/** Where an upload is: bytes still going up, or all sent and the server reading the log. */
export type UploadProgress =
  { phase: 'uploading'; sentBytes: number; totalBytes: number } | { phase: 'processing' };

/**
 * Sends a file as the raw body of a POST (application/octet-stream), reporting the bytes sent
 * as they go (fetch cannot report upload progress; XMLHttpRequest can), then "processing" until
 * the server answers. Resolves with the parsed JSON; rejects with ApiError carrying the server's
 * own sentence.
 */
export function uploadLog<T>(
  url: string,
  file: Blob,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      onProgress({
        phase: 'uploading',
        sentBytes: event.loaded,
        totalBytes: event.lengthComputable ? event.total : file.size,
      });
    };
    xhr.upload.onload = () => onProgress({ phase: 'processing' });
    xhr.onerror = () =>
      reject(
        new ApiError(
          'The server cannot be reached. Check the network and try again.',
          0,
          'network',
        ),
      );
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      let parsed: unknown = undefined;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed as T);
      } else if (isApiErrorBody(parsed)) {
        const { code, message, details } = parsed.error;
        reject(new ApiError(message, xhr.status, code, details));
      } else {
        reject(
          new ApiError(
            `The server answered ${xhr.status} ${xhr.statusText} without an explanation.`,
            xhr.status,
            'http_error',
          ),
        );
      }
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    onProgress({ phase: 'uploading', sentBytes: 0, totalBytes: file.size });
    xhr.send(file);
  });
}
