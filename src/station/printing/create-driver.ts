import { EvolisDriver } from '../../../hardware/evolis/index.js';
import { IppDriver } from '../../../hardware/ipp/ipp-driver.js';
import { parsePrinterUri } from '../../../hardware/printer-uri.js';
import { createSimulatedPrinter } from '../../../hardware/sim/index.js';
import { createTransport } from '../../../hardware/transports/index.js';
import type { PrinterDriver } from '../../../hardware/types.js';
import type { PrinterConfig } from '../config/station-config.js';
import { StationError } from '../station-error.js';

/**
 * Turns a configured printer into its driver. `sim://` makes a simulated printer; `ipp://` goes
 * through the vendor's CUPS driver; byte transports (usb, serial, tcp) speak the Evolis protocol,
 * the one public card-printer protocol we drive natively.
 */
export function createDriver(printer: PrinterConfig): PrinterDriver {
  const uri = parsePrinterUri(printer.uri);
  switch (uri.scheme) {
    case 'sim':
      return createSimulatedPrinter(printer.uri);
    case 'ipp':
    case 'ipps': {
      if (printer.family !== 'fargo-hdp' && printer.family !== 'datacard') {
        throw new StationError('config-invalid', `printer ${printer.id}: IPP printers are fargo-hdp or datacard, not ${printer.family}`);
      }
      return new IppDriver({
        uri: printer.uri,
        family: printer.family,
        ratedCardsPerHour: printer.ratedCardsPerHour ?? 140,
        ...(printer.tlsCertificateSha256 ? { tls: { certificateSha256: printer.tlsCertificateSha256 } } : {}),
        ...(printer.unreachableAfterSeconds ? { unreachableAfterMs: printer.unreachableAfterSeconds * 1000 } : {}),
      });
    }
    default:
      if (printer.family !== 'evolis') {
        throw new StationError('config-invalid', `printer ${printer.id}: ${uri.scheme}:// printers speak the Evolis protocol; family must be evolis, not ${printer.family}`);
      }
      // A factory, so the driver can reconnect after the cable or the network comes back.
      return new EvolisDriver({ uri: printer.uri, transport: () => createTransport(printer.uri), ratedCardsPerHour: printer.ratedCardsPerHour ?? 150, duplex: printer.duplex });
  }
}
