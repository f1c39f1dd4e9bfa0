import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IppDriver } from '../../../hardware/ipp/ipp-driver.js';
import { createSimulatedPrinter } from '../../../hardware/sim/index.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, makeGrayPlane, makeMonoPlane, type PrintJob } from '../../../hardware/types.js';
import { printerAlerts, reasonWords } from '../../../src/api/runtime/printer-views.js';
import { PrinterView } from '../../../src/api/views.js';
import { t } from '../../../src/i18n/i18n.js';
import { supplyFigures } from '../../../src/station/printing/printer-supplies.js';
import { startIppEvePrinter, type IppEvePrinter } from '../../support/ippeveprinter.js';

function card(id: string): PrintJob {
  const k = makeMonoPlane();
  k.data[CARD_WIDTH_DOTS * CARD_HEIGHT_DOTS - 1] = 1;
  return { id, front: { y: makeGrayPlane(), m: makeGrayPlane(), c: makeGrayPlane(), k } };
}

describe("the printer's own supply figures next to the ledger's", () => {
  let printer: IppEvePrinter;
  let driver: IppDriver;
  beforeAll(async () => {
    printer = await startIppEvePrinter();
    driver = new IppDriver({ uri: printer.uri, family: 'fargo-hdp', ratedCardsPerHour: 140, pollIntervalMs: 100, jobTimeoutMs: 15_000, requestTimeoutMs: 5_000, unreachableAfterMs: 2_000 });
  });
  afterAll(async () => {
    await driver?.close();
    await printer?.stop();
  });

  it('IPP: reads marker-levels with marker-low-levels and marker-supply-low-warning, calls the ribbon low, and alerts in words', async () => {
    await printer.scriptNextJobs({
      stderr: [
        // printer-supply gives the levels; the CUPS markers of the same names give their low marks.
        'ATTR: printer-supply="index=1;class=supplyThatIsConsumed;type=ribbonWax;unit=percent;maxcapacity=100;level=8;","index=2;class=supplyThatIsConsumed;type=transferRibbon;unit=percent;maxcapacity=100;level=60;" printer-supply-description="YMCKO Ribbon","HDP Film"',
        'ATTR: marker-names="YMCKO Ribbon","HDP Film" marker-types=ink-ribbon,transfer-ribbon marker-levels=8,60 marker-low-levels=10,10',
        'STATE: +marker-supply-low-warning',
      ],
    });
    expect((await driver.print(card('c1'))).outcome).toBe('printed');
    const status = await driver.status();
    expect(status.reasons).toContain('marker-supply-low');
    expect(status.levels).toEqual([
      { kind: 'ribbon', name: 'YMCKO Ribbon', percent: 8, lowPercent: 10 },
      { kind: 'film', name: 'HDP Film', percent: 60, lowPercent: 10 },
    ]);
    // Ledger: ribbon 40 of 500 (the printer's 8% is about 40), film 100 of 500 (the printer's 60% is about 300).
    const figures = supplyFigures({ levels: status.levels, reasons: status.reasons, rolls: { ribbon: { remaining: 40, capacity: 500 }, film: { remaining: 100, capacity: 500 } }, cardOnPrinter: false, toleranceImages: 2 });
    expect(figures).toEqual([
      { kind: 'ribbon', name: 'YMCKO Ribbon', printerImages: 40, printerPercent: 8, ledgerImages: 40, low: true, disagree: false },
      { kind: 'film', name: 'HDP Film', printerImages: 300, printerPercent: 60, ledgerImages: 100, low: false, disagree: true },
    ]);
    const view = PrinterView.parse({
      id: 'f1', name: 'F1', family: 'fargo-hdp', model: 'HDP5000', uri: printer.uri, station: 'ws', simulated: false, state: 'idle', reasons: status.reasons, current: null,
      film: null, ribbon: null, usesFilm: true, cardsToday: 0, counters: {}, lastOutcome: null, discrepancy: null, supplies: figures,
    });
    const alerts = printerAlerts(view, 0);
    expect(alerts.map((a) => a.code)).toEqual(['supply-low', 'consumable-discrepancy']);
    expect(alerts[0]!.message).toMatch(/^F1 ribbon running low by the printer's own figure \(40 images\), ledger 40/);
    expect(alerts[1]!.message).toBe('F1 film: printer says 60% (about 300 images), ledger 100');
    expect(alerts.map((a) => a.message).join(' ')).not.toContain('marker-supply-low');
  }, 60_000);

  it('IPP reasons in words an operator acts on, whatever their severity suffix', () => {
    expect(reasonWords('media-empty-error')).toBe(t('printers:reasons.media-empty'));
    expect(reasonWords('marker-supply-low-warning')).toBe(t('printers:reasons.marker-supply-low'));
    expect(reasonWords('com.hid-ribbon-panel-error')).toBe('com.hid-ribbon-panel-error');
    const stopped = PrinterView.parse({
      id: 'f1', name: 'F1', family: 'fargo-hdp', model: 'm', uri: 'ipp://x', station: 'ws', simulated: false, state: 'stopped', reasons: ['media-empty'], current: null,
      film: null, ribbon: null, usesFilm: true, cardsToday: 0, counters: {}, lastOutcome: null, discrepancy: null,
    });
    expect(printerAlerts(stopped, 3)).toEqual([{ level: 'critical', code: 'printer-stopped', message: `F1 stopped: ${t('printers:reasons.media-empty')}` }]);
  });

  it('Evolis: Rrt gives the ribbon left, compared with the ledger within the tolerance', async () => {
    const sim = createSimulatedPrinter('sim://evolis-primacy?speedup=400');
    try {
      sim.simulator.loadRibbon(37, 200);
      const status = await sim.status();
      expect(status.levels).toEqual([expect.objectContaining({ kind: 'ribbon', remainingImages: 37 })]);
      const close = supplyFigures({ levels: status.levels, reasons: status.reasons, rolls: { ribbon: { remaining: 39, capacity: 200 } }, cardOnPrinter: false, toleranceImages: 2 });
      expect(close[0]).toMatchObject({ printerImages: 37, ledgerImages: 39, disagree: false, low: false });
      const far = supplyFigures({ levels: status.levels, reasons: status.reasons, rolls: { ribbon: { remaining: 45, capacity: 200 } }, cardOnPrinter: false, toleranceImages: 2 });
      expect(far[0]).toMatchObject({ printerImages: 37, ledgerImages: 45, disagree: true });
    } finally {
      await sim.close();
    }
  }, 30_000);
});
