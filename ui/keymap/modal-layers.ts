import type { Key } from 'ink';
import type { MutableRefObject } from 'react';
import type { AppAction, AppState, Modal } from '../hooks/app-reducer.js';
import type { CommandLayer, CommandTable } from './command-router.js';
import type { Scope } from './keymap.js';

export const INPUT_LAYER_SCOPES: readonly Scope[] = ['modal:input'];

type InputModal = Extract<Modal, { kind: 'input' }>;

export interface InputLayerDeps {
  readonly dispatch: (action: AppAction) => void;
  /** The console's state mirror: what the field holds after the last key. */
  readonly uiRef: MutableRefObject<AppState>;
  /** Where a refused sign-in value is said (the sign-in screen has no error row of its own). */
  readonly flashError: (text: string) => void;
}

/** The keys of a text field: accept, cancel, erase a character, clear the field, next field (sign-in). */
export function inputLayer(modal: InputModal, { dispatch, uiRef, flashError }: InputLayerDeps): CommandLayer {
  const changed = () => {
    const now = uiRef.current.modal;
    if (now?.kind === 'input') modal.onChange?.(now.value);
  };
  const table: CommandTable = {
    'input.submit': {
      run: () => {
        const refusal = modal.onSubmit(modal.value.trim());
        // onSubmit may open the next prompt; close only if this one is still showing.
        if (refusal && modal.purpose === 'sign-in') flashError(refusal);
        else if (refusal) dispatch({ type: 'input.error', error: refusal });
        else if (uiRef.current.modal === modal) dispatch({ type: 'modal.close' });
      },
    },
    'input.cancel': {
      run: () => {
        dispatch({ type: 'modal.close' });
        modal.onCancel?.();
      },
    },
    'input.erase': { run: () => { dispatch({ type: 'input.erase' }); changed(); } },
    'input.clear': { run: () => { dispatch({ type: 'input.clear' }); changed(); } },
    'input.next-field': { run: () => (modal.purpose === 'sign-in' && !modal.secret ? table['input.submit']?.run() : undefined) },
  };
  return { scopes: INPUT_LAYER_SCOPES, table };
}

/** What a key types into a field: one printable character, or a paste; nothing for control keys. */
export function typedText(name: string | null, input: string, key: Key): string {
  if (name === 'space') return ' ';
  if (name !== null && name.length === 1) return name;
  return !key.ctrl && !key.meta && input.length > 1 ? input : '';
}

/** The help overlay's and the yes/no question's one layer. */
export function dialogLayer(modal: Exclude<Modal, InputModal>, dispatch: (action: AppAction) => void): CommandLayer {
  if (modal.kind === 'help') return { scopes: ['modal:help'], table: { 'help.close': { run: () => dispatch({ type: 'modal.close' }) } } };
  if (modal.kind === 'pick') return pickLayer(modal, dispatch);
  return {
    scopes: ['modal:confirm'],
    table: {
      'dialog.confirm': { run: () => { dispatch({ type: 'modal.close' }); modal.onYes(); } },
      'dialog.cancel': { run: () => dispatch({ type: 'modal.close' }) },
    },
  };
}

/** A pick list: move, mark (when several may be taken), take, or close. Reads the modal it was made for. */
function pickLayer(modal: Extract<Modal, { kind: 'pick' }>, dispatch: (action: AppAction) => void): CommandLayer {
  return {
    scopes: ['modal:pick'],
    table: {
      'pick.down': { run: () => dispatch({ type: 'pick.move', delta: 1 }) },
      'pick.up': { run: () => dispatch({ type: 'pick.move', delta: -1 }) },
      'pick.toggle': { run: () => dispatch({ type: 'pick.toggle' }), hidden: !modal.multiple },
      'pick.accept': {
        run: () => {
          const current = modal.options[modal.cursor];
          const ids = modal.marked.length > 0 ? modal.marked : current ? [current.id] : [];
          dispatch({ type: 'modal.close' });
          if (ids.length > 0) modal.onPick(ids);
        },
      },
      'pick.cancel': { run: () => dispatch({ type: 'modal.close' }) },
    },
  };
}
