export { VIRTUAL_CARD_ATR, VIRTUAL_CARD_TEST_FILE_BYTES, VIRTUAL_CARD_TEST_FILE_ID, VirtualCard } from './virtual-card.js';
export type { VirtualCardOptions } from './virtual-card.js';
export { VPCD_DEFAULT_PORT, VPCD_FAULTS, VpcdCardEmulator } from './vpcd-card-emulator.js';
export type { VpcdCardEmulatorOptions, VpcdExchange, VpcdFault } from './vpcd-card-emulator.js';
export { runCardEmulatorCli } from './card-emulator-cli.js';
export type { CardEmulatorCliOptions } from './card-emulator-cli.js';
