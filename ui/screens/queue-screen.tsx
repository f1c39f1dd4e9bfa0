import { Box, Text } from '../terminal/ink-runtime.js';
import type { ScreenProps } from './screen-props.js';
import { useCallback } from 'react';
import { CardPreview, JobDetail } from '../../src/api/protocol.js';
import type { JobRow } from '../../src/api/views.js';
import { allowedEvents, RESOLUTIONS, type JobEvent } from '../../src/domain/job-states.js';
import { PRIORITY_CLASSES } from '../../src/domain/record.js';
import { KeyHints } from '../components/key-hints.js';
import { fit, shortenNik } from '../format/format-cell.js';
import { formatNumber } from '../format/format-number.js';
import { useConsoleActions, useScreenLayers } from '../hooks/console-actions.js';
import { rowAt } from '../hooks/job-list-reducer.js';
import { useJobList } from '../hooks/use-job-list.js';
import { useLatest } from '../hooks/use-sync-reducer.js';
import { requestValue, useRequest } from '../hooks/use-request.js';
import type { CommandHandler, CommandLayer, CommandTable } from '../keymap/command-router.js';
import { layerHints } from '../keymap/hints.js';
import { JobDetailPanel } from '../panels/job-detail-panel.js';
import { JobListPanel, jobHeaderText } from '../panels/job-list-panel.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export type QueueScreenProps = ScreenProps;

/** Rows the job detail takes: the card preview is 10 text rows (20 pixel rows) plus its border. */
export const DETAIL_HEIGHT = 12;
const PREVIEW_WIDTH = 32;
const PREVIEW_HEIGHT = 20;

/** Why a job action cannot run now, worked out from what is already on screen; null when it can. */
export function jobActionUnavailable(event: JobEvent | 'priority', job: JobRow | null, role: string): string | null {
  if (role === 'technician') return TEXT.unavailable.technicianPrint;
  if (!job) return TEXT.unavailable.noJob;
  if (event === 'priority') return job.state === 'queued' || job.state === 'held' ? null : TEXT.unavailable.wrongState('re-prioritise', job.state);
  if (event === 'release' && job.reason?.toLowerCase().includes('duplicate') && role !== 'supervisor') return TEXT.unavailable.needsSupervisor;
  if (!allowedEvents(job.state).includes(event)) return TEXT.unavailable.wrongState(event === 'fail-qc' ? 'spoil' : event, job.state);
  return null;
}

/** "5371…0002 YOHANES LAKA": how prompts, confirmations and the status line name a job. */
export function jobWho(job: JobRow, ellipsis: string): string {
  return `${shortenNik(job.nik, ellipsis)} ${job.name}`.trim();
}

export function QueueScreen({ snapshot, width, height, nowMs, pending, modal }: QueueScreenProps) {
  const theme = useTheme();
  const actions = useConsoleActions();
  const role = snapshot.viewer.role;
  const flashError = useCallback((text: string) => actions.flash(text, 'error'), [actions]);
  // Title, column header and hints take three rows; the detail takes its own when open.
  const listRowsClosed = Math.max(1, height - 3);
  const printersRef = useLatest(snapshot.printers);
  const [list, dispatch, listRef] = useJobList(listRowsClosed, snapshot.queue, flashError);
  const viewRows = list.detailOpen ? Math.max(1, height - 3 - DETAIL_HEIGHT) : listRowsClosed;
  if (viewRows !== list.viewRows) dispatch({ type: 'resize', viewRows });

  const job = rowAt(list, list.cursor);
  const detailKey = list.detailOpen && job ? `${job.id}:${list.generation}` : '';
  const detail = useRequest('job.detail', list.detailOpen && job ? { jobId: job.id } : null, detailKey, (r) => JobDetail.parse(r));
  // Technicians never get the card picture (the station refuses job.preview on their socket).
  const wantsPreview = list.detailOpen && job && theme.preview !== 'fields' && role !== 'technician';
  const preview = useRequest('job.preview', wantsPreview ? { jobId: job.id, width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT } : null, wantsPreview ? job.id : '', (r) => CardPreview.parse(r));

  const send = actions.send;
  const ellipsis = theme.glyphs.ellipsis;
  // Made anew each render, but reads the list's mirror when it runs: the job is the one highlighted
  // when the key arrives, even if the movement key before it has not been drawn yet.
  const build = (): CommandLayer[] => {
    const current = listRef.current;
    const job = rowAt(current, current.cursor);
    const tech = role === 'technician';
    const act = (event: JobEvent | 'priority', run: (j: JobRow, who: string) => void): CommandHandler => {
      const unavailable = jobActionUnavailable(event, job, role);
      return { run: () => job && run(job, jobWho(job, ellipsis)), unavailable, hidden: tech };
    };
    const meta = (action: string, j: JobRow) => ({ label: `${action} ${jobWho(j, ellipsis)}`, subject: j.id, action });
    const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);
    const table: CommandTable = {
      'nav.down': { run: () => dispatch({ type: 'move', delta: 1 }) },
      'nav.up': { run: () => dispatch({ type: 'move', delta: -1 }) },
      'nav.page-down': { run: () => dispatch({ type: 'page', direction: 1 }) },
      'nav.page-up': { run: () => dispatch({ type: 'page', direction: -1 }) },
      'nav.first': { run: () => dispatch({ type: 'first' }) },
      'nav.last': { run: () => dispatch({ type: 'last' }) },
      'nav.open': { run: () => dispatch({ type: 'detail', open: true }), unavailable: job ? null : TEXT.unavailable.noJob },
      // The field starts empty: a new filter replaces the old one; Esc keeps none.
      'app.filter': { run: () => actions.filter(current.filterText, (text) => dispatch({ type: 'filter', text })) },
      'app.back': { run: () => (current.filterText ? dispatch({ type: 'filter', text: '' }) : undefined) },
      // The id only: a NIK never reaches the clipboard, whoever is signed in.
      'jobs.copy-id': { run: () => job && actions.copy(job.id, `job id ${job.id}`), unavailable: job ? null : TEXT.unavailable.noJob },
      'jobs.hold': act('hold', (j, who) => actions.ask({ label: TEXT.prompts.holdReason(who) }, (reason) => quiet(send('job.hold', { jobId: j.id, reason }, meta('hold', j))))),
      'jobs.release': act('release', (j) => quiet(send('job.release', { jobId: j.id }, meta('release', j)).then(() => actions.flash(TEXT.done(meta('release', j).label))))),
      'jobs.cancel': act('cancel', (j, who) =>
        actions.ask({ label: TEXT.prompts.cancelReason }, (reason) =>
          actions.confirm(TEXT.confirm.cancel(who), () => quiet(send('job.cancel', { jobId: j.id, reason }, meta('cancel', j)))))),
      'jobs.priority': act('priority', (j) =>
        actions.ask({ label: TEXT.prompts.priorityChoice, maxLength: 1, validate: (v) => (/^[123]$/.test(v) ? null : 'type 1, 2 or 3') }, (v) =>
          quiet(send('job.priority', { jobId: j.id, priority: PRIORITY_CLASSES[Number(v) - 1]! }, meta('priority', j))))),
      'jobs.reprint': act('reprint', (j, who) =>
        actions.ask({ label: TEXT.prompts.reprintReason }, (reason) =>
          actions.confirm(TEXT.confirm.reprint(who), () => quiet(send('job.reprint', { jobId: j.id, reason }, meta('reprint', j)))))),
      'jobs.spoil': act('fail-qc', (j, who) =>
        actions.ask({ label: TEXT.prompts.spoilReason }, (reason) =>
          actions.confirm(TEXT.confirm.spoil(who), () => quiet(send('job.spoil', { jobId: j.id, reason }, meta('spoil', j)))))),
      'jobs.resolve': act('resolve-printed', (j, who) =>
        actions.ask({ label: TEXT.prompts.resolveChoice, maxLength: 1, validate: (v) => (/^[123]$/.test(v) ? null : 'type 1, 2 or 3') }, (v) => {
          const resolution = RESOLUTIONS[Number(v) - 1]!;
          const finish = (reason?: string) =>
            actions.confirm(TEXT.confirm.resolve(who, resolution.replace('-', ' ')), () => {
              const resolved = send('job.resolve', reason ? { jobId: j.id, resolution, reason } : { jobId: j.id, resolution }, meta(`resolve ${resolution}`, j));
              quiet(resolved);
              // The printer stopped for this card; offer to start it again in the same flow,
              // once the station has recorded the outcome.
              const printer = printersRef.current.find((p) => p.id === j.printerId);
              if (printer && (printer.state === 'paused' || printer.state === 'stopped')) {
                actions.confirm(TEXT.confirm.resumeAfterResolve(printer.id), () =>
                  quiet(resolved.then(() => send('printer.resume', { printerId: printer.id }, { label: `resume ${printer.id}`, subject: printer.id, action: 'resume' }))));
              }
            });
          if (resolution === 'spoiled') actions.ask({ label: TEXT.prompts.resolveReason }, finish);
          else finish();
        })),
    };
    // Rows 0 and 1 are the title and the column header; the list follows.
    const click = (row: number) => {
      const index = current.top + row - 2;
      if (row >= 2 && row - 2 < current.viewRows && current.total !== null && index < current.total) dispatch({ type: 'move', delta: index - current.cursor });
    };
    return current.detailOpen
      ? [{ scopes: ['panel:queue.detail'], table: { 'jobs.close-detail': { run: () => dispatch({ type: 'detail', open: false }) } } }, { scopes: ['screen:queue'], table, click }]
      : [{ scopes: ['screen:queue'], table, click }];
  };
  const layers = useScreenLayers(build);

  const rows: (JobRow | null)[] = [];
  const count = list.total === null ? 0 : Math.min(viewRows, Math.max(0, list.total - list.top));
  for (let i = 0; i < count; i += 1) rows.push(rowAt(list, list.top + i));
  const pendingByJob = new Map(pending.filter((p) => p.subject).map((p) => [p.subject!, p.action]));

  const editing = modal?.kind === 'input' && modal.purpose === 'filter';
  const filterShown = editing ? modal.value : list.filterText;
  const filterText = filterShown || editing ? `/${filterShown}${editing ? theme.glyphs.textCursor : ''}` : '';
  const countText = list.total === null ? TEXT.loadingRow : list.filterText ? `${formatNumber(list.total)} match` : `${formatNumber(list.total)} jobs`;
  const title = ` ${TEXT.screenTitles.queue}   `;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>{title}</Text>
        <Text inverse={editing}>{fit(filterText, width - title.length - countText.length - 2, theme.glyphs.ellipsis)}</Text>
        {'  '}{countText}
      </Text>
      <Text bold wrap="truncate">{fit(jobHeaderText(width), width)}</Text>
      <JobListPanel
        rows={rows} top={list.top} cursor={list.cursor} width={width} height={viewRows} nowMs={nowMs}
        pendingByJob={pendingByJob} emptyText={list.total === null ? TEXT.loadingRow : list.filterText ? TEXT.noJobsMatch : TEXT.noJobs}
      />
      {list.detailOpen && job ? (
        <JobDetailPanel
          job={job} detail={requestValue(detail)} preview={requestValue(preview)}
          error={detail.status === 'error' ? detail.text : null} width={width} height={DETAIL_HEIGHT}
        />
      ) : null}
      {role === 'technician' ? (
        <Text wrap="truncate">{fit(` ${TEXT.unavailable.technicianPrint}`, width)}</Text>
      ) : (
        <KeyHints items={layerHints(layers, theme.glyphs.kind === 'ascii')} width={width} />
      )}
    </Box>
  );
}
