import type { StationState } from '../../src/api/station-connection.js';
import type { AppState } from '../hooks/app-reducer.js';
import { COMMAND_LINE_USAGE } from '../hooks/command-line.js';
import type { SignInFlow } from '../hooks/use-sign-in.js';
import type { CommandLayer } from '../keymap/command-router.js';
import { AuditScreen } from '../screens/audit-screen.js';
import { DashboardScreen } from '../screens/dashboard-screen.js';
import { PrintersScreen } from '../screens/printers-screen.js';
import { QueueScreen } from '../screens/queue-screen.js';
import { SignInScreen } from '../screens/sign-in-screen.js';
import { StockScreen } from '../screens/stock-screen.js';
import { Box, Text } from '../terminal/ink-runtime.js';
import type { ScreenProps } from '../screens/screen-props.js';
import { TEXT } from '../text.js';
import { HelpView } from './help-view.js';
import { PickView } from './pick-view.js';

export interface ScreenBodyProps {
  readonly station: StationState;
  readonly ui: AppState;
  readonly signIn: SignInFlow;
  readonly width: number;
  readonly height: number;
  readonly nowMs: number;
  /** The layers active under the help overlay (the screen's, then global). */
  readonly helpLayers: () => readonly CommandLayer[];
  /** Where a console that reached no station says what it tried (home and socket). */
  readonly unreachableText: string;
  /** Where the console reached its station, shown under the sign-in box. */
  readonly where?: string;
}

/** Between the header and the status row: waiting, sign-in, the help overlay or the current screen. */
export function ScreenBody({ station, ui, signIn, width, height, nowMs, helpLayers, unreachableText, where }: ScreenBodyProps) {
  const snapshot = station.snapshot;
  if (!snapshot) return <Text>{` ${station.connection === 'disconnected' ? unreachableText : TEXT.waitingForSnapshot}`}</Text>;
  if (snapshot.viewer.operatorId === null) {
    return (
      <SignInScreen
        width={width} height={height} viewer={snapshot.viewer} office={snapshot.station.office}
        operatorId={signIn.operatorId} modal={ui.modal} sending={signIn.sending} {...(where ? { where } : {})}
      />
    );
  }
  const help = ui.modal?.kind === 'help' ? ui.modal : null;
  const pick = ui.modal?.kind === 'pick' ? ui.modal : null;
  const common = { snapshot, width, height, nowMs, pending: ui.pending, modal: ui.modal };
  // The screen stays mounted (hidden) under the help, so its cursor and filter survive and its keys
  // are what the help lists.
  return (
    <>
      {pick ? <PickView modal={pick} width={width} height={height} /> : null}
      {help ? <HelpView layers={helpLayers()} width={width} height={height} commands={help.topic === 'commands' ? COMMAND_LINE_USAGE : undefined} /> : null}
      <Box display={help || pick ? 'none' : 'flex'} flexDirection="column" width={width} height={height}>
        {screenOf(ui.screen, common)}
      </Box>
    </>
  );
}

function screenOf(screen: AppState['screen'], common: ScreenProps) {
  switch (screen) {
    case 'dashboard':
      return <DashboardScreen {...common} />;
    case 'queue':
      return <QueueScreen {...common} />;
    case 'printers':
      return <PrintersScreen {...common} />;
    case 'stock':
      return <StockScreen {...common} />;
    case 'audit':
      return <AuditScreen {...common} />;
  }
}
