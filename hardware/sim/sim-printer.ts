import type { PrinterDriver } from '../types.js';
import { EvolisDriver } from '../evolis/evolis-driver.js';
import { EmulatorPrinter } from '../emulator/emulator-printer.js';
import type { EmulatorCardRecord } from '../emulator/emulator-printer.js';
import { SimMemoryLink } from './sim-memory-link.js';
import { SimulatedRetransferDriver } from './sim-retransfer-driver.js';
import type { SimFault } from './sim-retransfer-driver.js';

/** The `sim://` hosts understood by `createSimulatedPrinter`. */
/** The CD800 is direct-to-card (ribbon only); the CR805 is Datacard's retransfer printer (film + ribbon). */
export const SIM_MODELS = ['evolis-primacy', 'fargo-hdp5000', 'datacard-cd800', 'datacard-cr805'] as const;
export type SimModel = (typeof SIM_MODELS)[number];

/** Test and demo hooks of a simulated printer. */
export interface PrinterSimulator {
  readonly model: SimModel;
  inject(fault: SimFault): void;
  clearFaults(): void;
  loadCards(count: number): void;
  loadRibbon(images: number, capacity?: number): void;
  /** Retransfer models only; a direct-to-card model throws. */
  loadFilm(images: number, capacity?: number): void;
  closeCover(): void;
  /** Every card picked and finished, oldest first, with per-panel SHA-256 (and recent pixels for Evolis). */
  readonly cards: readonly EmulatorCardRecord[];
  /** The emulated Evolis printer behind `sim://evolis-primacy` (undefined for the others). */
  readonly emulator?: EmulatorPrinter;
}

/** A `PrinterDriver` plus its simulator hooks (`printer.simulator`). */
export type SimulatedPrinter = PrinterDriver & { readonly simulator: PrinterSimulator };

const QUERY_KEYS = ['speedup', 'cards', 'ribbon', 'film', 'cph', 'msPerCard'] as const;

/**
 * Make a simulated printer from `sim://<model>[?speedup=50&cards=200&ribbon=500&film=500&cph=150]`.
 *
 * - `sim://evolis-primacy`: the real `EvolisDriver` over a memory transport to an in-process
 *   Evolis emulator (so the real protocol code runs).
 * - `sim://fargo-hdp5000` (retransfer: film + ribbon), `sim://datacard-cd800` (direct-to-card):
 *   `SimulatedRetransferDriver`, as no public protocol exists (printer-protocols.md §7).
 *
 * Model names say SIMULATED and `identify().simulated` is true. Throws `TypeError` for an unknown
 * model or a bad query value.
 */
export function createSimulatedPrinter(uri: string): SimulatedPrinter {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new TypeError(`Simulated printer URI ${JSON.stringify(uri)} is not a valid URI.`);
  }
  if (url.protocol !== 'sim:') throw new TypeError(`Simulated printer URI ${uri} must start with sim://.`);
  const model = url.hostname as SimModel;
  if (!(SIM_MODELS as readonly string[]).includes(model)) {
    throw new TypeError(`Unknown simulated printer ${JSON.stringify(url.hostname)} in ${uri}; use one of ${SIM_MODELS.join(', ')}.`);
  }
  const num = (key: (typeof QUERY_KEYS)[number]): number | undefined => {
    const raw = url.searchParams.get(key);
    if (raw === null) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || (key !== 'speedup' && !Number.isInteger(value)) || (key === 'speedup' && value === 0)) {
      throw new TypeError(`Query parameter ${key}=${raw} in ${uri} must be a ${key === 'speedup' ? 'positive number' : 'whole number'}.`);
    }
    return value;
  };
  for (const key of url.searchParams.keys()) {
    if (!(QUERY_KEYS as readonly string[]).includes(key)) throw new TypeError(`Unknown query parameter ${key} in ${uri}; known: ${QUERY_KEYS.join(', ')}.`);
  }
  const speedup = num('speedup') ?? 1;
  const cards = num('cards');
  const ribbon = num('ribbon');
  const film = num('film');
  const cph = num('cph');
  const msPerCardParam = num('msPerCard');

  if (model === 'evolis-primacy') {
    const ratedCardsPerHour = cph ?? 150;
    const emulator = new EmulatorPrinter({
      model: 'Evolis Primacy (SIMULATED)',
      serial: 'SIM-EVO-0001',
      firmware: 'SIM-1.0',
      speedup,
      msPerCard: msPerCardParam ?? 3_600_000 / ratedCardsPerHour,
      ...(cards !== undefined ? { cards } : {}),
      ...(ribbon !== undefined ? { ribbonImages: ribbon, ribbonCapacity: ribbon } : {}),
    });
    const driver = new EvolisDriver({
      uri,
      transport: new SimMemoryLink(emulator, `sim://${model}`),
      simulated: true,
      ratedCardsPerHour,
      replyGapMs: 50,
    });
    const simulator: PrinterSimulator = {
      model,
      emulator,
      inject: (fault) => {
        if (fault.kind === 'film-out') throw new TypeError('An Evolis Primacy has no retransfer film.');
        emulator.inject(fault);
      },
      clearFaults: () => emulator.clearFaults(),
      loadCards: (count) => emulator.loadCards(count),
      loadRibbon: (images, capacity) => emulator.loadRibbon(images, capacity),
      loadFilm: () => {
        throw new TypeError('An Evolis Primacy has no retransfer film.');
      },
      closeCover: () => emulator.closeCover(),
      get cards() {
        return emulator.cards;
      },
    };
    return Object.assign(driver, { simulator });
  }

  const fargo = model === 'fargo-hdp5000';
  const cr805 = model === 'datacard-cr805';
  const driver = new SimulatedRetransferDriver({
    uri,
    vendor: fargo ? 'HID Global' : 'Entrust Datacard',
    model: fargo ? 'FARGO HDP5000 (SIMULATED)' : cr805 ? 'Datacard CR805 (SIMULATED)' : 'Datacard CD800 (SIMULATED)',
    serial: fargo ? 'SIM-HDP-0001' : cr805 ? 'SIM-CR8-0001' : 'SIM-CD8-0001',
    family: fargo ? 'fargo-hdp' : 'datacard',
    retransfer: fargo || cr805,
    ratedCardsPerHour: cph ?? (fargo ? 140 : 200),
    speedup,
    ...(msPerCardParam !== undefined ? { msPerCard: msPerCardParam } : {}),
    ...(cards !== undefined ? { cards } : {}),
    ...(ribbon !== undefined ? { ribbonImages: ribbon } : {}),
    ...(film !== undefined ? { filmImages: film } : {}),
  });
  const simulator: PrinterSimulator = {
    model,
    inject: (fault) => driver.inject(fault),
    clearFaults: () => driver.clearFaults(),
    loadCards: (count) => {
      driver.feederCards = count;
    },
    loadRibbon: (images, capacity) => {
      driver.ribbonImages = images;
      driver.ribbonCapacity = capacity ?? images;
    },
    loadFilm: (images, capacity) => {
      if (!driver.capabilities.retransfer) throw new TypeError(`A ${model} has no retransfer film.`);
      driver.filmImages = images;
      driver.filmCapacity = capacity ?? images;
    },
    closeCover: () => {
      driver.coverOpen = false;
    },
    get cards() {
      return driver.cards;
    },
  };
  return Object.assign(driver, { simulator });
}
