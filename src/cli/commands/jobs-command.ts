import type { Command } from 'commander';
import { JobDetail, JobsPage } from '../../api/protocol.js';
import type { JobRow } from '../../api/views.js';
import { JOB_STATES, RESOLUTIONS, type JobState } from '../../domain/job-states.js';
import { PRIORITY_CLASSES } from '../../domain/record.js';
import { t } from '../../i18n/i18n.js';
import { UsageError } from '../cli-error.js';
import type { GlobalOptions } from '../cli-station.js';
import { json, type Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';
import { signInOnLink, withStationLink, type StationLink } from '../station-link.js';
import { textTable } from '../text-table.js';

interface LinkOptions {
  readonly technician?: boolean;
  readonly json?: boolean;
}

const FINAL_STATES: ReadonlySet<JobState> = new Set(['completed', 'canceled']);

function parseStates(text: string): JobState[] {
  const states = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of states) {
    if (!(JOB_STATES as readonly string[]).includes(s)) throw new UsageError(t('cli-jobs:badState', { state: s, states: JOB_STATES.join(', ') }));
  }
  return states as JobState[];
}

/**
 * The job a person means by a NIK or a job id. A NIK can have several jobs (a reprint makes a new
 * one): the one still open is meant; when that is not clear, the ids are listed to choose from.
 */
async function resolveJob(link: StationLink, ref: string): Promise<JobRow> {
  const isNik = /^\d{16}$/.test(ref);
  const filter = isNik ? { text: ref } : {};
  if (!isNik) {
    const detail = JobDetail.parse(await link.call('job.detail', { jobId: ref }));
    return detail.job;
  }
  const page = JobsPage.parse(await link.call('jobs.page', { filter, offset: 0, limit: 50 }));
  const matches = page.rows.filter((r) => r.nik === ref);
  if (matches.length === 0) throw new UsageError(t('cli-jobs:noJobForNik', { nik: `${ref.slice(0, 4)}…` }), 1);
  if (matches.length === 1) return matches[0]!;
  const open = matches.filter((r) => !FINAL_STATES.has(r.state));
  if (open.length === 1) return open[0]!;
  throw new UsageError(t('cli-jobs:severalJobs', { jobs: matches.map((r) => `${r.id} (${r.state})`).join(', ') }), 2);
}

function jobLines(detail: JobDetail): string[] {
  const { job, record } = detail;
  const fields: [string, string][] = [
    [t('cli-jobs:job'), job.id],
    ['NIK', job.nik],
    [t('cli-jobs:name'), job.name],
    [t('cli-jobs:state'), `${job.state}${job.reason ? ` (${job.reason})` : ''}`],
    [t('cli-jobs:priority'), job.priority],
    [t('cli-jobs:queued'), job.queuedAt],
    [t('cli-jobs:printer'), job.printerId ?? '-'],
    [t('cli-jobs:source'), `${record.sourceFile}:${record.sourceRow} (${record.importedAt})`],
  ];
  // Labels are padded to the longest in the language shown: "pekerjaan" is longer than "job".
  const width = Math.max(...fields.map(([label]) => label.length));
  const lines = fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  if (detail.attempts.length === 0) lines.push(t('cli-jobs:noAttempts'));
  else {
    lines.push(t('cli-jobs:attempts'));
    for (const line of textTable(
      [t('cli-jobs:colAttempt'), t('cli-jobs:colPrinter'), t('cli-jobs:colState'), t('cli-jobs:colStarted'), t('cli-jobs:colReason')],
      detail.attempts.map((a) => [a.id, a.printerId, a.state, a.startedAt, a.reason ?? '']),
    )) lines.push(`  ${line}`);
  }
  return lines;
}

/** One job action through the station: signed in, the job found by NIK or id, the station's rules and roles. */
function jobAction(
  jobs: Command,
  output: Output,
  globals: () => GlobalOptions,
  spec: {
    readonly name: string;
    readonly description: string;
    readonly reason?: 'required' | 'optional';
    readonly extra?: (command: Command) => Command;
    readonly send: (link: StationLink, jobId: string, options: Record<string, string | boolean | undefined>, args: readonly string[]) => Promise<string>;
    readonly args?: string;
  },
): void {
  const command = jobs.command(`${spec.name} <job>${spec.args ? ` ${spec.args}` : ''}`).description(spec.description);
  if (spec.reason === 'required') command.requiredOption('--reason <text>', t('cli-jobs:reasonOption'));
  if (spec.reason === 'optional') command.option('--reason <text>', t('cli-jobs:reasonOption'));
  spec.extra?.(command);
  command
    .option('--technician', t('cli-common:technicianOption'))
    .option('--json', t('cli-common:jsonOption'))
    .action(async (ref: string, ...rest: unknown[]) => {
      // Commander passes the positional arguments, then the options, then the command itself.
      const self = rest.at(-1) as Command;
      const options = self.opts<Record<string, string | boolean | undefined>>();
      const positional = self.args.slice(1);
      await withStationLink(globals(), options['technician'] ? 'technician' : 'operator', async (link) => {
        const by = await signInOnLink(link, globals());
        const job = await resolveJob(link, ref);
        const done = await spec.send(link, job.id, options, positional);
        if (options['json']) output.out(json({ ok: true, action: spec.name, jobId: job.id, by, result: done }));
        else output.out(done);
      });
    });
}

export function registerJobsCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  const jobs = program.command('jobs').description(t('cli-jobs:groupDescription'));

  jobs
    .command('list')
    .description(t('cli-jobs:listDescription'))
    .option('--state <states>', t('cli-jobs:stateOption', { states: JOB_STATES.join(', ') }))
    .option('--text <text>', t('cli-jobs:textOption'))
    .option('--limit <n>', t('cli-jobs:limitOption'), '100')
    .option('--offset <n>', t('cli-jobs:offsetOption'), '0')
    .option('--technician', t('cli-common:technicianOption'))
    .option('--json', t('cli-common:jsonOption'))
    .action(async (o: LinkOptions & { state?: string; text?: string; limit: string; offset: string }) => {
      const limit = wholeNumber('--limit', o.limit);
      if (limit < 1 || limit > 500) throw new UsageError(t('cli-jobs:badLimit', { value: o.limit }));
      const offset = wholeNumber('--offset', o.offset);
      const filter = { ...(o.state ? { states: parseStates(o.state) } : {}), ...(o.text ? { text: o.text } : {}) };
      const page = await withStationLink(globals(), o.technician ? 'technician' : 'operator', async (link) => JobsPage.parse(await link.call('jobs.page', { filter, offset, limit })));
      if (o.json) return output.out(json(page));
      if (page.rows.length === 0) return output.out(t('cli-jobs:noJobs'));
      for (const line of textTable(
        [t('cli-jobs:colJob'), 'NIK', t('cli-jobs:colName'), t('cli-jobs:colState'), t('cli-jobs:colPriority'), t('cli-jobs:colPrinter'), t('cli-jobs:colQueued'), t('cli-jobs:colReason')],
        page.rows.map((r) => [r.id, r.nik, r.name, r.state, r.priority, r.printerId ?? '-', r.queuedAt.slice(0, 16), r.reason ?? '']),
      )) output.out(line);
      output.out(t('cli-jobs:shown', { from: page.rows.length === 0 ? 0 : page.offset + 1, to: page.offset + page.rows.length, total: page.total }));
    });

  jobs
    .command('show <job>')
    .description(t('cli-jobs:showDescription'))
    .option('--technician', t('cli-common:technicianOption'))
    .option('--json', t('cli-common:jsonOption'))
    .action(async (ref: string, o: LinkOptions) => {
      const detail = await withStationLink(globals(), o.technician ? 'technician' : 'operator', async (link) => {
        await signInOnLink(link, globals());
        const job = await resolveJob(link, ref);
        return JobDetail.parse(await link.call('job.detail', { jobId: job.id }));
      });
      if (o.json) return output.out(json(detail));
      for (const line of jobLines(detail)) output.out(line);
    });

  const reasonOf = (o: Record<string, string | boolean | undefined>) => String(o['reason']);
  jobAction(jobs, output, globals, {
    name: 'hold', description: t('cli-jobs:holdDescription'), reason: 'required',
    send: async (link, jobId, o) => { await link.call('job.hold', { jobId, reason: reasonOf(o) }); return t('cli-jobs:held', { jobId }); },
  });
  jobAction(jobs, output, globals, {
    name: 'release', description: t('cli-jobs:releaseDescription'),
    send: async (link, jobId) => { await link.call('job.release', { jobId }); return t('cli-jobs:released', { jobId }); },
  });
  jobAction(jobs, output, globals, {
    name: 'cancel', description: t('cli-jobs:cancelDescription'), reason: 'required',
    send: async (link, jobId, o) => { await link.call('job.cancel', { jobId, reason: reasonOf(o) }); return t('cli-jobs:canceled', { jobId }); },
  });
  jobAction(jobs, output, globals, {
    name: 'reprint', description: t('cli-jobs:reprintDescription'), reason: 'required',
    send: async (link, jobId, o) => { await link.call('job.reprint', { jobId, reason: reasonOf(o) }); return t('cli-jobs:reprinted', { jobId }); },
  });
  jobAction(jobs, output, globals, {
    name: 'spoil', description: t('cli-jobs:spoilDescription'), reason: 'required',
    send: async (link, jobId, o) => { await link.call('job.spoil', { jobId, reason: reasonOf(o) }); return t('cli-jobs:spoiled', { jobId }); },
  });
  jobAction(jobs, output, globals, {
    name: 'resolve', description: t('cli-jobs:resolveDescription'), reason: 'optional',
    extra: (c) => c.requiredOption('--as <outcome>', t('cli-jobs:asOption', { outcomes: RESOLUTIONS.join(', ') })),
    send: async (link, jobId, o) => {
      const resolution = String(o['as']);
      if (!(RESOLUTIONS as readonly string[]).includes(resolution)) throw new UsageError(t('cli-jobs:badResolution', { value: resolution, outcomes: RESOLUTIONS.join(', ') }));
      await link.call('job.resolve', { jobId, resolution: resolution as (typeof RESOLUTIONS)[number], ...(typeof o['reason'] === 'string' ? { reason: o['reason'] } : {}) });
      return t('cli-jobs:resolved', { jobId, resolution });
    },
  });
  jobAction(jobs, output, globals, {
    name: 'qc', description: t('cli-jobs:qcDescription'), reason: 'optional',
    extra: (c) => c.option('--fail', t('cli-jobs:failOption')),
    send: async (link, jobId, o) => {
      if (!o['fail']) {
        await link.call('job.pass-qc', { jobId });
        return t('cli-jobs:passed', { jobId });
      }
      if (typeof o['reason'] !== 'string') throw new UsageError(t('cli-jobs:failNeedsReason'));
      await link.call('job.spoil', { jobId, reason: o['reason'] });
      return t('cli-jobs:spoiled', { jobId });
    },
  });
  jobAction(jobs, output, globals, {
    name: 'priority', description: t('cli-jobs:priorityDescription', { classes: PRIORITY_CLASSES.join(', ') }), args: '<class>',
    send: async (link, jobId, _o, [priority]) => {
      if (!priority || !(PRIORITY_CLASSES as readonly string[]).includes(priority)) throw new UsageError(t('cli-jobs:badPriority', { value: priority ?? '', classes: PRIORITY_CLASSES.join(', ') }));
      await link.call('job.priority', { jobId, priority: priority as (typeof PRIORITY_CLASSES)[number] });
      return t('cli-jobs:prioritised', { jobId, priority });
    },
  });
}
