import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { StationConnection, StationState } from '../../src/api/station-connection.js';

export const StationContext = createContext<StationConnection | null>(null);

export function useConnection(): StationConnection {
  const connection = useContext(StationContext);
  if (!connection) throw new Error('useConnection: no StationContext.Provider above this component');
  return connection;
}

/**
 * The station state, read through useSyncExternalStore. The connection hands out the same object until
 * something changes, so nothing re-renders (and nothing is written) while the station is quiet.
 */
export function useStationState(): StationState {
  const connection = useConnection();
  // Stable across renders, so React subscribes once rather than on every frame.
  const subscribe = useCallback((listener: () => void) => connection.subscribe(listener), [connection]);
  const getState = useCallback(() => connection.getState(), [connection]);
  return useSyncExternalStore(subscribe, getState);
}
