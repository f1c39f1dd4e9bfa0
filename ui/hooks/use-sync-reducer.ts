import { useCallback, useReducer, useRef, type MutableRefObject } from 'react';

/**
 * useReducer with a mirror that the reducer updates at dispatch time. Keys can arrive faster than
 * frames: a handler that reads the mirror sees what the previous key did even before React has
 * re-rendered, so `j h` typed in one burst holds the row `j` moved to.
 */
export function useSyncReducer<S, A, I>(
  reducer: (state: S, action: A) => S,
  initialArg: I,
  init: (arg: I) => S,
): [S, (action: A) => void, MutableRefObject<S>] {
  const [state, dispatchToReact] = useReducer(reducer, initialArg, init);
  const ref = useRef<S | null>(null);
  if (ref.current === null) ref.current = state;
  const dispatch = useCallback((action: A) => {
    ref.current = reducer(ref.current as S, action);
    dispatchToReact(action);
  }, [reducer]);
  return [state, dispatch, ref as MutableRefObject<S>];
}

/** A ref that always holds the value of the latest render, for handlers made in an earlier one. */
export function useLatest<T>(value: T): MutableRefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
