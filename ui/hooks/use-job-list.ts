import { useEffect, useRef, type MutableRefObject } from 'react';
import { JobsPage } from '../../src/api/protocol.js';
import type { QueueView } from '../../src/api/views.js';
import { StationRequestError } from '../../src/api/station-connection.js';
import { describeError, describeRequestError } from '../text.js';
import { initialJobListState, jobListReducer, PAGE_SIZE, parseJobFilter, stalePageOffsets, type JobListAction, type JobListState } from './job-list-reducer.js';
import { useConnection } from './station-context.js';
import { useSyncReducer } from './use-sync-reducer.js';

/**
 * The queue's virtualised list: keeps the window, fetches `jobs.page` for the pages the viewport
 * shows, and refetches them when the station reports a queue change. Only visible pages are asked for.
 */
export function useJobList(
  viewRows: number,
  queue: QueueView | undefined,
  onError: (text: string) => void,
): [JobListState, (action: JobListAction) => void, MutableRefObject<JobListState>] {
  const connection = useConnection();
  // The mirror is what key handlers read: the row under the cursor after the last key, not the last frame.
  const [state, dispatch, mirror] = useSyncReducer(jobListReducer, viewRows, initialJobListState);
  useEffect(() => dispatch({ type: 'resize', viewRows }), [viewRows]);

  const lastQueue = useRef(queue);
  useEffect(() => {
    if (queue === lastQueue.current) return;
    lastQueue.current = queue;
    dispatch({ type: 'invalidate' });
  }, [queue]);

  const inFlight = useRef(new Set<string>());
  const stale = stalePageOffsets(state);
  const staleKey = `${state.generation}:${stale.join(',')}`;
  const filterRef = useRef(state.filterText);
  filterRef.current = state.filterText;
  useEffect(() => {
    const generation = state.generation;
    for (const offset of stale) {
      const key = `${generation}:${offset}`;
      if (inFlight.current.has(key)) continue;
      inFlight.current.add(key);
      connection
        .request('jobs.page', { filter: parseJobFilter(filterRef.current), offset, limit: PAGE_SIZE })
        .then((result) => {
          const page = JobsPage.parse(result);
          dispatch({ type: 'loaded', generation, offset, total: page.total, rows: page.rows });
        })
        .catch((error: unknown) => {
          onError(error instanceof StationRequestError ? describeRequestError(error) : describeError('bad-params'));
        })
        .finally(() => inFlight.current.delete(key));
    }
    // staleKey captures generation + offsets; the list of offsets itself is rebuilt every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [staleKey, connection]);
  return [state, dispatch, mirror];
}
