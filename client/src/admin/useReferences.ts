import { apiFetch } from '../api/apiFetch';
import { listItems } from '../api/listItems';
import { useAsync } from '../components/useAsync';
import type { ReferenceList } from './adminSections';

export interface NamedItem {
  id: string;
  name: string;
}

export type References = Record<ReferenceList, NamedItem[]>;

/** Makers and ranges by name, for the selects of a form and the name of an id in a table. */
export function useReferences(needed: readonly ReferenceList[], reloadKey: unknown) {
  const wanted = [...new Set(needed)].sort().join(',');
  return useAsync<References>(
    async (signal) => {
      const load = async (name: ReferenceList) =>
        wanted.split(',').includes(name)
          ? listItems<NamedItem>(await apiFetch(`/api/${name}`, { signal }), name)
          : [];
      const [makers, ranges] = await Promise.all([load('makers'), load('ranges')]);
      return { makers, ranges };
    },
    [wanted, reloadKey],
  );
}
