import { apiFetch } from './apiFetch';
import { listItems } from './listItems';
import type { Range } from './types';

export async function fetchRanges(signal?: AbortSignal): Promise<Range[]> {
  return listItems<Range>(await apiFetch('/api/ranges', { signal }), 'ranges');
}
