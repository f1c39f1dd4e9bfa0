import { SerialPort } from 'serialport';
import type { EmulatorPrinter } from './emulator-printer.js';

export interface EmulatorSerialServing {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serve the emulator on a serial device or pty end (e.g. one side of a socat pair). A drop
 * (fault `drop-mid-job`) closes the port. Line settings default to 115200 8N1 (§1.5).
 */
export async function serveEmulatorOnSerial(printer: EmulatorPrinter, path: string, options: { baudRate?: number } = {}): Promise<EmulatorSerialServing> {
  const port = new SerialPort({ path, baudRate: options.baudRate ?? 115_200, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(new Error(`Emulator could not open serial port ${path}: ${error.message}`)) : resolve())));
  const connection = printer.connect({
    send: (bytes) => {
      if (port.isOpen) port.write(Buffer.from(bytes));
    },
    drop: () => {
      if (port.isOpen) port.close();
    },
  });
  port.on('data', (data: Buffer) => connection.feed(data));
  port.on('error', () => undefined);
  port.on('close', () => connection.end());
  return {
    path,
    close: async () => {
      connection.end();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
