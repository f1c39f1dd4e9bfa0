import { useEffect, useState } from 'react';
import type { RequestOp, RequestParams } from '../../src/api/protocol.js';
import { StationRequestError } from '../../src/api/station-connection.js';
import { describeError, describeRequestError } from '../text.js';
import { useConnection } from './station-context.js';

export type RequestState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly previous: T | null }
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly text: string };

/**
 * A read request (detail, preview, ledger) made when `key` changes; null params means "nothing to ask".
 * The last value stays visible while a refresh loads, so panels do not blink.
 */
export function useRequest<Op extends RequestOp, T>(
  op: Op,
  params: RequestParams<Op> | null,
  key: string,
  parse: (result: unknown) => T,
): RequestState<T> {
  const connection = useConnection();
  const [state, setState] = useState<RequestState<T>>({ status: 'idle' });
  useEffect(() => {
    if (params === null) {
      setState({ status: 'idle' });
      return undefined;
    }
    let live = true;
    setState((prev) => ({ status: 'loading', previous: prev.status === 'ok' ? prev.value : prev.status === 'loading' ? prev.previous : null }));
    connection.request(op, params).then(
      (result) => {
        if (!live) return;
        try {
          setState({ status: 'ok', value: parse(result) });
        } catch {
          setState({ status: 'error', text: describeError('bad-params') });
        }
      },
      (error: unknown) => {
        if (live) setState({ status: 'error', text: describeRequestError(error) });
      },
    );
    return () => {
      live = false;
    };
    // `key` stands for the params.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, connection]);
  return state;
}

export function requestValue<T>(state: RequestState<T>): T | null {
  return state.status === 'ok' ? state.value : state.status === 'loading' ? state.previous : null;
}
