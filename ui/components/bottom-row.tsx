import type { ScreenId, Modal } from '../hooks/app-reducer.js';
import { fit } from '../format/format-cell.js';
import { layerHints, globalHints, type HintItem } from '../keymap/hints.js';
import { ALL_COMMANDS, displayKey } from '../keymap/keymap.js';
import { INPUT_LAYER_SCOPES } from '../keymap/modal-layers.js';
import { Text } from '../terminal/ink-runtime.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';
import { KeyHints } from './key-hints.js';

const SCREEN_COMMANDS: Readonly<Record<ScreenId, 'screen.dashboard' | 'screen.queue' | 'screen.printers' | 'screen.stock' | 'screen.audit'>> = {
  dashboard: 'screen.dashboard', queue: 'screen.queue', printers: 'screen.printers', stock: 'screen.stock', audit: 'screen.audit',
};
const NOOP = { run: () => undefined };

/** Before sign-in only typing, the field keys and Ctrl+C work; the hints say so, from the keymap. */
function signInHints(ascii: boolean): HintItem[] {
  const quit = ALL_COMMANDS.find((c) => c.id === 'app.interrupt')!;
  return [
    ...layerHints([{ scopes: INPUT_LAYER_SCOPES, table: { 'input.submit': NOOP, 'input.next-field': NOOP } }], ascii),
    { id: quit.id, key: displayKey(quit.keys[0]!), label: quit.hint ?? quit.id },
  ];
}

export interface BottomRowProps {
  readonly width: number;
  readonly modal: Modal | null;
  readonly screen: ScreenId;
  /** Signed in with a snapshot: the global keys apply. */
  readonly signedIn: boolean;
}

/** The last row: a field's refusal, or the keys that work now (field, question, screens, sign-in). */
export function BottomRow({ width, modal, screen, signedIn }: BottomRowProps) {
  const theme = useTheme();
  const ascii = theme.glyphs.kind === 'ascii';
  if (modal?.kind === 'input' && modal.error) {
    return (
      <Text wrap="truncate">
        {' '}
        <Text bold inverse color={theme.colors.critical}>{TEXT.errorPrefix}</Text>
        <Text bold>{fit(` ${modal.error}`, width - TEXT.errorPrefix.length - 1, theme.glyphs.ellipsis)}</Text>
      </Text>
    );
  }
  if (modal?.kind === 'input' && modal.purpose !== 'sign-in') {
    return <KeyHints items={layerHints([{ scopes: INPUT_LAYER_SCOPES, table: { 'input.submit': NOOP, 'input.cancel': NOOP } }], ascii)} width={width} />;
  }
  if (modal?.kind === 'pick') {
    const table = { 'pick.accept': NOOP, 'pick.cancel': NOOP, ...(modal.multiple ? { 'pick.toggle': NOOP } : {}) };
    return <KeyHints items={[...layerHints([{ scopes: ['modal:pick'], table }], ascii)]} width={width} />;
  }
  if (modal?.kind === 'confirm') {
    return <KeyHints items={layerHints([{ scopes: ['modal:confirm'], table: { 'dialog.confirm': NOOP, 'dialog.cancel': NOOP } }], ascii)} width={width} />;
  }
  if (signedIn) return <KeyHints items={globalHints(ascii)} width={width} currentId={SCREEN_COMMANDS[screen]} />;
  return <KeyHints items={signInHints(ascii)} width={width} />;
}
