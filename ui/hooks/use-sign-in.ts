import { useEffect, useState } from 'react';
import { TEXT } from '../text.js';
import type { AppAction, Modal } from './app-reducer.js';
import type { ConsoleActions } from './console-actions.js';

export interface SignInFlow {
  /** The operator ID typed so far, kept while the PIN is asked. */
  readonly operatorId: string;
  /** The sign-in request is with the station. */
  readonly sending: boolean;
}

/**
 * Sign-in as two prompts: the operator ID, then the PIN (secret), then the request. The console's
 * screen changes only when the station's viewer patch arrives; until then the prompts come back.
 */
export function useSignIn(needsSignIn: boolean, modal: Modal | null, dispatch: (action: AppAction) => void, actions: ConsoleActions): SignInFlow {
  const [operatorId, setOperatorId] = useState('');
  const [sending, setSending] = useState(false);
  useEffect(() => {
    if (!needsSignIn || sending || modal !== null) return;
    dispatch({
      type: 'modal.open',
      modal: {
        kind: 'input', purpose: 'sign-in', label: TEXT.signIn.operatorId, value: operatorId, maxLength: 32,
        onSubmit: (id) => {
          if (id === '') return TEXT.signIn.hint;
          setOperatorId(id);
          dispatch({
            type: 'modal.open',
            modal: {
              kind: 'input', purpose: 'sign-in', label: TEXT.signIn.pin, value: '', secret: true, maxLength: 12,
              onSubmit: (pin) => {
                if (pin.length < 4) return TEXT.signIn.shortPin;
                setSending(true);
                dispatch({ type: 'modal.close' });
                actions
                  .send('sign-in', { operatorId: id, pin }, { label: TEXT.signIn.title, action: 'sign-in' })
                  .catch(() => undefined)
                  .finally(() => setSending(false));
                return null;
              },
              onCancel: () => setOperatorId(id),
            },
          });
          return null;
        },
      },
    });
  }, [needsSignIn, sending, modal, operatorId, actions, dispatch]);
  useEffect(() => {
    if (!needsSignIn && modal?.kind === 'input' && modal.purpose === 'sign-in') dispatch({ type: 'modal.close' });
  }, [needsSignIn, modal, dispatch]);
  return { operatorId, sending };
}
