import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/apiError';
import { apiFetch } from '../api/apiFetch';
import type { Me, MeAnswer } from '../api/types';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: Me }
  | { status: 'failed'; error: Error };

interface Session {
  state: SessionState;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  reload: () => void;
}

const SessionContext = createContext<Session | null>(null);

async function fetchMe(): Promise<Me> {
  const answer = await apiFetch<MeAnswer>('/api/me');
  return { ...answer.user, permissions: new Set(answer.permissions) };
}

/** Who is signed in, from GET /api/me; 401 means nobody. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const reload = useCallback(() => {
    fetchMe()
      .then((me) => setState({ status: 'signed-in', me }))
      .catch((error: unknown) => {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          setState({ status: 'anonymous' });
        } else {
          setState({ status: 'failed', error: error as Error });
        }
      });
  }, []);

  useEffect(reload, [reload]);

  const login = useCallback(async (email: string, password: string) => {
    await apiFetch('/api/auth/login', { method: 'POST', body: { email, password } });
    const me = await fetchMe();
    setState({ status: 'signed-in', me });
  }, []);

  const logout = useCallback(async () => {
    await apiFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setState({ status: 'anonymous' });
  }, []);

  return (
    <SessionContext.Provider value={{ state, login, logout, reload }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}

/** The signed-in user; only for pages rendered behind the login. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe needs a signed-in session');
  return state.me;
}
