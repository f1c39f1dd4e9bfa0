export { createSimulatedPrinter, SIM_MODELS } from './sim-printer.js';
export type { PrinterSimulator, SimModel, SimulatedPrinter } from './sim-printer.js';
export { SimulatedRetransferDriver } from './sim-retransfer-driver.js';
export type { SimFault, SimulatedRetransferOptions } from './sim-retransfer-driver.js';
