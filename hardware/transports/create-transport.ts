import { formatPrinterUri, parsePrinterUri } from '../printer-uri.js';
import type { ParsedPrinterUri } from '../printer-uri.js';
import { SerialTransport } from './serial-transport.js';
import type { SerialTransportOptions } from './serial-transport.js';
import { TcpTransport } from './tcp-transport.js';
import type { TcpTransportOptions } from './tcp-transport.js';
import { UsbTransport } from './usb-transport.js';
import type { UsbTransportOptions } from './usb-transport.js';

/** Per-kind options that do not come from the URI (timeouts, injected hosts and socket factories). */
export interface CreateTransportOptions {
  readonly tcp?: Omit<TcpTransportOptions, 'host' | 'port'>;
  readonly serial?: Omit<SerialTransportOptions, 'settings'>;
  readonly usb?: Omit<UsbTransportOptions, 'vendorId' | 'productId' | 'serial' | 'interfaceNumber'>;
}

export type ByteTransport = TcpTransport | SerialTransport | UsbTransport;

/** Thrown for URIs whose printers are not driven over a byte stream (`ipp`, `ipps`, `sim`). */
export class NotAByteTransportError extends Error {
  readonly code = 'not-a-byte-transport';
  readonly uri: string;
  constructor(uri: string, scheme: string) {
    super(
      `Printer URI "${uri}" has no byte transport: ${scheme}:// printers are opened by the printer driver factory (hardware/ipp for IPP, hardware/sim for simulated printers), not by createTransport.`,
    );
    this.name = 'NotAByteTransportError';
    this.uri = uri;
  }
}

/**
 * Turns a `usb://`, `serial://` or `tcp://` URI into an unopened transport (style.md house rule 6: one
 * factory from URI to transport). Accepts the URI as text (parsed with `parsePrinterUri`, so it may
 * throw `PrinterUriError`) or already parsed.
 *
 * @throws NotAByteTransportError for `ipp`, `ipps` and `sim` URIs.
 */
export function createTransport(uri: ParsedPrinterUri | string, options: CreateTransportOptions = {}): ByteTransport {
  const parsed = typeof uri === 'string' ? parsePrinterUri(uri) : uri;
  switch (parsed.scheme) {
    case 'tcp':
      return new TcpTransport({ ...options.tcp, host: parsed.host, port: parsed.port });
    case 'serial': {
      const { scheme: _scheme, ...settings } = parsed;
      return new SerialTransport({ ...options.serial, settings });
    }
    case 'usb':
      return new UsbTransport({
        ...options.usb,
        vendorId: parsed.vendorId,
        productId: parsed.productId,
        ...(parsed.serial === undefined ? {} : { serial: parsed.serial }),
        ...(parsed.interfaceNumber === undefined ? {} : { interfaceNumber: parsed.interfaceNumber }),
      });
    case 'ipp':
    case 'ipps':
    case 'sim':
      throw new NotAByteTransportError(formatPrinterUri(parsed), parsed.scheme);
  }
}
