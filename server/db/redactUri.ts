/** The URI with any password replaced, safe for logs and error messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
