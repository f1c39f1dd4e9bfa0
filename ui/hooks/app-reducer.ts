/**
 * Console-wide UI state: which screen, which modal, the status-line message and the requests in flight.
 * A pure reducer, tested without rendering. Station data is not here: it comes from the connection.
 */

export const SCREENS = ['dashboard', 'queue', 'printers', 'stock', 'audit'] as const;
export type ScreenId = (typeof SCREENS)[number];

export const INPUT_PURPOSES = ['filter', 'command', 'prompt', 'sign-in'] as const;
export type InputPurpose = (typeof INPUT_PURPOSES)[number];

/** One row of a pick list: what is sent (`id`) and what the operator reads (`label`). */
export interface PickOption {
  readonly id: string;
  readonly label: string;
}

export type Modal =
  | { readonly kind: 'help'; readonly topic?: 'commands' }
  | {
      readonly kind: 'pick';
      readonly title: string;
      readonly options: readonly PickOption[];
      readonly cursor: number;
      /** Several may be marked with Space; Enter with none marked takes the highlighted one. */
      readonly multiple: boolean;
      readonly marked: readonly string[];
      readonly onPick: (ids: readonly string[]) => void;
    }
  | { readonly kind: 'confirm'; readonly message: string; readonly onYes: () => void }
  | {
      readonly kind: 'input';
      readonly purpose: InputPurpose;
      readonly label: string;
      readonly value: string;
      /** Why the last Enter was refused, shown until the next keystroke. */
      readonly error?: string;
      /** Never echoed (PIN): shown as dots. */
      readonly secret?: boolean;
      /** Longest value accepted. */
      readonly maxLength: number;
      /** Called with the trimmed value on Enter; return a reason to refuse it and keep the prompt open. */
      readonly onSubmit: (value: string) => string | null | void;
      /** Called on each keystroke (live filter). */
      readonly onChange?: (value: string) => void;
      readonly onCancel?: () => void;
    };

export type FlashLevel = 'info' | 'error';

export interface Flash {
  readonly level: FlashLevel;
  readonly text: string;
}

export interface Pending {
  readonly id: number;
  /** "hold 5371…0002", for the status line. */
  readonly label: string;
  /** The job or printer the request is about, to mark its row. */
  readonly subject: string | null;
  readonly action: string;
}

export interface AppState {
  readonly screen: ScreenId;
  readonly modal: Modal | null;
  readonly flash: Flash | null;
  readonly pending: readonly Pending[];
}

export type AppAction =
  | { readonly type: 'screen.show'; readonly screen: ScreenId }
  | { readonly type: 'screen.cycle'; readonly step: 1 | -1 }
  | { readonly type: 'modal.open'; readonly modal: Modal }
  | { readonly type: 'modal.close' }
  | { readonly type: 'input.type'; readonly text: string }
  | { readonly type: 'input.erase' }
  | { readonly type: 'input.clear' }
  | { readonly type: 'input.error'; readonly error: string }
  | { readonly type: 'pick.move'; readonly delta: number }
  | { readonly type: 'pick.toggle' }
  | { readonly type: 'flash'; readonly flash: Flash | null }
  | { readonly type: 'pending.add'; readonly pending: Pending }
  | { readonly type: 'pending.done'; readonly id: number };

export const INITIAL_APP_STATE: AppState = Object.freeze({ screen: 'dashboard', modal: null, flash: null, pending: [] });

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'screen.show':
      return state.screen === action.screen ? state : { ...state, screen: action.screen };
    case 'screen.cycle': {
      const index = SCREENS.indexOf(state.screen);
      const next = SCREENS[(index + action.step + SCREENS.length) % SCREENS.length] ?? 'dashboard';
      return { ...state, screen: next };
    }
    case 'modal.open':
      return { ...state, modal: action.modal };
    case 'modal.close':
      return state.modal === null ? state : { ...state, modal: null };
    case 'input.type': {
      const modal = state.modal;
      if (modal?.kind !== 'input') return state;
      // Control characters never enter a field; a paste keeps only what is printable.
      const printable = action.text.replace(/[\u0000-\u001f\u007f]/g, '');
      const value = (modal.value + printable).slice(0, modal.maxLength);
      return value === modal.value ? state : { ...state, modal: { ...modal, value, error: undefined } };
    }
    case 'input.erase': {
      const modal = state.modal;
      if (modal?.kind !== 'input' || modal.value === '') return state;
      return { ...state, modal: { ...modal, value: modal.value.slice(0, -1), error: undefined } };
    }
    case 'input.clear': {
      const modal = state.modal;
      if (modal?.kind !== 'input' || modal.value === '') return state;
      return { ...state, modal: { ...modal, value: '', error: undefined } };
    }
    case 'pick.move': {
      const modal = state.modal;
      if (modal?.kind !== 'pick' || modal.options.length === 0) return state;
      const cursor = Math.min(Math.max(0, modal.cursor + action.delta), modal.options.length - 1);
      return cursor === modal.cursor ? state : { ...state, modal: { ...modal, cursor } };
    }
    case 'pick.toggle': {
      const modal = state.modal;
      const id = modal?.kind === 'pick' && modal.multiple ? modal.options[modal.cursor]?.id : undefined;
      if (modal?.kind !== 'pick' || id === undefined) return state;
      const marked = modal.marked.includes(id) ? modal.marked.filter((m) => m !== id) : [...modal.marked, id];
      return { ...state, modal: { ...modal, marked } };
    }
    case 'input.error': {
      const modal = state.modal;
      if (modal?.kind !== 'input') return state;
      return { ...state, modal: { ...modal, error: action.error } };
    }
    case 'flash':
      return state.flash === action.flash ? state : { ...state, flash: action.flash };
    case 'pending.add':
      return { ...state, pending: [...state.pending, action.pending] };
    case 'pending.done':
      return { ...state, pending: state.pending.filter((p) => p.id !== action.id) };
    default: {
      const never: never = action;
      return never;
    }
  }
}
