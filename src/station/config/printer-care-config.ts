import { z } from 'zod';

/**
 * `care` of one printer in station.json: offices rest printers after about 100 cards, printers left
 * idle break, and lamination needs a narrow temperature window (160-170 °C). Every field has a
 * default except the duty limit and the temperature window, which an office sets for its printers.
 *
 *   "care": { "cleanEveryCards": 500, "dutyCards": 100, "restMinutes": 20, "idleExerciseHours": 48,
 *             "temperatureC": { "min": 160, "max": 170 }, "feederCards": 100, "supplyToleranceImages": 2 }
 */
export const PrinterCareConfig = z
  .strictObject({
    /** A cleaning is due once this many cards went through since the last one. Default 500. */
    cleanEveryCards: z.number().int().min(1).max(100_000).default(500),
    /** Cards in a row after which the printer rests (the dispatcher gives it none). Default: no limit. */
    dutyCards: z.number().int().min(1).max(10_000).optional(),
    /** How long that rest lasts. Default 15 minutes. */
    restMinutes: z.number().int().min(1).max(24 * 60).default(15),
    /** Not used for this long: a reminder to exercise it (a test card). Default 48 hours; 0 never. */
    idleExerciseHours: z.number().int().min(0).max(24 * 60).default(48),
    /** Where the printer reports its temperature: an alert outside this window. */
    temperatureC: z
      .strictObject({ min: z.number().min(-50).max(400), max: z.number().min(-50).max(400) })
      .refine((w) => w.min < w.max, { message: 'min must be below max' })
      .optional(),
    /** Blanks the feeder holds: a refill without a count fills it to this. Default 100. */
    feederCards: z.number().int().min(1).max(10_000).default(100),
    /** How far the printer's own ribbon or film count may be from the ledger's before an alert. Default 2 images. */
    supplyToleranceImages: z.number().int().min(0).max(10_000).default(2),
  })
  .superRefine((care, ctx) => {
    if (care.dutyCards === undefined && 'restMinutes' in care && care.restMinutes !== 15) {
      // restMinutes alone does nothing: say so rather than let an office believe its printers rest.
      ctx.addIssue({ code: 'custom', path: ['restMinutes'], message: 'needs "dutyCards": the cards in a row before the rest' });
    }
  });
export type PrinterCareConfig = z.output<typeof PrinterCareConfig>;

/** The care settings of a printer with every default filled in. */
export function printerCare(config: { care?: PrinterCareConfig | undefined }): PrinterCareConfig {
  return config.care ?? PrinterCareConfig.parse({});
}
