import type { AppAction, ScreenId } from '../hooks/app-reducer.js';
import type { CommandTable } from './command-router.js';

export interface GlobalTableDeps {
  readonly dispatch: (action: AppAction) => void;
  readonly quit: () => void;
  readonly commandLine: () => void;
  readonly signOut: () => void;
}

/**
 * Keys that work on every screen once signed in. Movement keys a screen does not use do nothing
 * rather than complain, and are hidden, so each screen's help lists only the keys it acts on.
 */
export function globalTable({ dispatch, quit, commandLine, signOut }: GlobalTableDeps): CommandTable {
  const show = (screen: ScreenId) => ({ run: () => dispatch({ type: 'screen.show', screen }) });
  const quiet = { run: () => undefined, hidden: true };
  return {
    'app.quit': { run: quit },
    'app.interrupt': { run: quit },
    'app.help': { run: () => dispatch({ type: 'modal.open', modal: { kind: 'help' } }) },
    'app.filter': { run: () => undefined, unavailable: 'no filter on this screen', hidden: true },
    'app.command': { run: commandLine },
    'app.back': { run: () => dispatch({ type: 'flash', flash: null }) },
    'app.sign-out': { run: signOut },
    'screen.dashboard': show('dashboard'),
    'screen.queue': show('queue'),
    'screen.printers': show('printers'),
    'screen.stock': show('stock'),
    'screen.audit': show('audit'),
    'screen.next': { run: () => dispatch({ type: 'screen.cycle', step: 1 }) },
    'screen.previous': { run: () => dispatch({ type: 'screen.cycle', step: -1 }) },
    'nav.down': quiet, 'nav.up': quiet, 'nav.page-down': quiet, 'nav.page-up': quiet, 'nav.first': quiet, 'nav.last': quiet, 'nav.open': quiet,
  };
}
