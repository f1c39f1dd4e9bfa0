import { useCallback, useEffect, useRef } from 'react';

/**
 * Signs a shared workstation's console out after `idleMs` without a key. Returns the function the
 * key router calls on every key, which starts the wait again. Off when `idleMs` is 0 or nobody is
 * signed in.
 */
export function useIdleSignOut(signedIn: boolean, idleMs: number, signOut: () => void): () => void {
  const timer = useRef<NodeJS.Timeout | null>(null);
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  const arm = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!signedIn || idleMs <= 0) return;
    timer.current = setTimeout(() => signOutRef.current(), idleMs);
    timer.current.unref?.();
  }, [signedIn, idleMs]);
  useEffect(() => {
    arm();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [arm]);
  return arm;
}
