export { discoverPrinters, DISCOVERED_KINDS } from './discover-printers.js';
export type { DiscoveredKind, DiscoveredPrinter, DiscoveredReader, DiscoveryResult, DiscoverySources, SerialPortInfo, UsbDeviceInfo } from './discover-printers.js';
export { formatDiscoveryReport } from './format-discovery-report.js';
export { parseLpstatDevices, runLpstat } from './cups-queues.js';
export type { CupsQueue, RunLpstat } from './cups-queues.js';
