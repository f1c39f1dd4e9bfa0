// The slice of the `smartcard` package (N-API binding to libpcsclite) that this layer uses, so the
// rest of the code never imports its types, and a station without libpcsclite still starts: the
// addon is loaded on first use and its absence is an error with a code.
import { createRequire } from 'node:module';
import { SmartCardError, smartCardSentence } from './smartcard-error.js';

export interface PcscBindingCard {
  readonly protocol: number;
  readonly atr: Buffer | null;
  transmit(command: Buffer): Promise<Buffer>;
  disconnect(disposition?: number): void;
}

export interface PcscBindingReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<PcscBindingCard>;
}

export interface PcscBindingReaderState {
  readonly name: string;
  readonly state: number;
  readonly changed: boolean;
  readonly atr: Buffer | null;
}

export interface PcscBindingContext {
  readonly isValid: boolean;
  listReaders(): PcscBindingReader[];
  waitForChange(readers?: PcscBindingReader[] | PcscBindingReaderState[], timeoutMs?: number): Promise<PcscBindingReaderState[] | null>;
  cancel(): void;
  close(): void;
}

export interface PcscBinding {
  readonly Context: new () => PcscBindingContext;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
}

let loaded: PcscBinding | undefined;

/** The real binding, loaded once. Throws SmartCardError 'binding-unavailable' when it cannot load. */
export function loadPcscBinding(): PcscBinding {
  if (loaded !== undefined) return loaded;
  try {
    loaded = createRequire(import.meta.url)('smartcard') as PcscBinding;
    return loaded;
  } catch (error) {
    throw new SmartCardError('binding-unavailable', smartCardSentence('binding-unavailable', undefined, undefined), {
      pcsc: error instanceof Error ? error.message : String(error),
    });
  }
}
