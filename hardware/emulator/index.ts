export { EmulatorPrinter, EMULATOR_PANELS, EMULATOR_FAULT_KINDS, EMULATOR_CARD_OUTCOMES, EMULATOR_CARD_POSITIONS } from './emulator-printer.js';
export type {
  EmulatorCardOutcome,
  EmulatorCardPosition,
  EmulatorContactlessStation,
  EmulatorCardRecord,
  EmulatorConnection,
  EmulatorFault,
  EmulatorFaultKind,
  EmulatorLink,
  EmulatorPanelLetter,
  EmulatorPanelRecord,
  EmulatorPrinterOptions,
  EmulatorReplyScript,
  EmulatorSideRecord,
} from './emulator-printer.js';
export { EmulatorParser } from './emulator-parser.js';
export type { EmulatorCommand } from './emulator-parser.js';
export { EmulatorDecodeError, emulatorDecodePanel } from './emulator-decode.js';
export { emulatorPanelToNetpbm } from './emulator-netpbm.js';
export { serveEmulatorOnTransport } from './emulator-transport.js';
export type { EmulatorTransportServing } from './emulator-transport.js';
export { startEmulatorTcpServer } from './emulator-tcp-server.js';
export type { EmulatorTcpServer, EmulatorTcpServerOptions } from './emulator-tcp-server.js';
export { serveEmulatorOnSerial } from './emulator-serial.js';
export type { EmulatorSerialServing } from './emulator-serial.js';
export { runEmulatorCli } from './emulator-cli.js';
export type { EmulatorCliOptions } from './emulator-cli.js';
