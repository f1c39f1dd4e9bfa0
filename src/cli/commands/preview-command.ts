import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { loadStationConfig } from '../../station/config/station-config.js';
import { renderJob } from '../../station/jobs/job-card.js';
import { defaultCardLayout, encodePng, loadCardLayout } from '../../station/render/index.js';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../cli-error.js';
import { authenticate, withStation, type GlobalOptions } from '../cli-station.js';
import type { Output } from '../output.js';
import { requirePermission } from '../../station/operators.js';

export function registerPreviewCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('preview')
    .description('write the card as it will print, for the newest job of a NIK, to a PNG file')
    .argument('<nik>', 'the NIK (16 digits)')
    .requiredOption('--out <file>', 'PNG file to write')
    .action(async (nik: string, o: { out: string }) => {
      if (!/^\d{16}$/.test(nik)) throw new UsageError('the NIK must be 16 digits');
      const png = await withStation(globals(), async (s) => {
        requirePermission(await authenticate(s, globals()), 'jobs.personal-data');
        const job = await s.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').select('jobs.id').where('records.nik', '=', nik).orderBy('jobs.queued_at', 'desc').executeTakeFirst();
        if (!job) throw new UsageError(`no job for NIK ${nik.slice(0, 4)}…`, 1);
        const { config } = await loadStationConfig(s.home);
        const layout = config.layout ? await loadCardLayout(isAbsolute(config.layout) ? config.layout : join(s.home, config.layout)) : defaultCardLayout();
        const rendered = await renderJob(s, job.id, layout);
        if (!rendered.ok) throw new UsageError(`the card cannot be made: ${rendered.holdReason}`, 1);
        return encodePng(rendered.preview);
      });
      await writeFile(o.out, png);
      output.out(`wrote ${o.out}`);
    });
}
