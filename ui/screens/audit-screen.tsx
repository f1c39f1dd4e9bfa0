import { Box, Text } from '../terminal/ink-runtime.js';
import type { ScreenProps } from './screen-props.js';
import { useCallback, useMemo, useState } from 'react';
import { AuditPage, AuditVerifyResult, MonthlyReportView } from '../../src/api/protocol.js';
import { KeyHints } from '../components/key-hints.js';
import { fit, fitRight } from '../format/format-cell.js';
import { formatNumber } from '../format/format-number.js';
import { formatDayTime } from '../format/format-time.js';
import { useScreenLayers } from '../hooks/console-actions.js';
import { requestValue, useRequest } from '../hooks/use-request.js';
import type { CommandLayer, CommandTable } from '../keymap/command-router.js';
import { layerHints } from '../keymap/hints.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export type AuditScreenProps = ScreenProps;

/** The monthly report's sections as text: the same figures as the Markdown and the PDF. */
export function reportLines(view: MonthlyReportView | null | undefined): string[] {
  if (!view) return ['  …'];
  const lines = [`  Monthly report ${view.month}${view.complete ? '' : ' (month not over yet)'}`];
  for (const section of view.sections) {
    lines.push(`  ${section.title}`);
    if (section.rows.length === 0) lines.push(`    ${section.empty}`);
    else lines.push(`    ${section.columns.join(' | ')}`, ...section.rows.map((row) => `    ${row.join(' | ')}`));
    for (const note of section.notes) lines.push(`    ${note}`);
  }
  return lines;
}

/** The audit log, newest first, a page at a time (`beforeSeq`), with the hash-chain check on top. */
export function AuditScreen({ snapshot, width, height }: AuditScreenProps) {
  const theme = useTheme();
  const e = theme.glyphs.ellipsis;
  const rows = Math.max(1, height - 4);
  // Page boundaries: the first `beforeSeq` of each page visited, so PgUp returns exactly.
  const [pages, setPages] = useState<readonly (number | undefined)[]>([undefined]);
  const [verifyRun, setVerifyRun] = useState(0);
  const [showReport, setShowReport] = useState(false);
  const report = useRequest('report.monthly', showReport ? {} : null, `${showReport}:${snapshot.stock.blanks.printed}`, (r) => MonthlyReportView.parse(r));
  const beforeSeq = pages[pages.length - 1];
  const page = useRequest('audit.page', beforeSeq === undefined ? { limit: rows } : { beforeSeq, limit: rows }, `${beforeSeq ?? 'top'}:${rows}:${pages.length === 1 ? (snapshot.lastEvent?.at ?? '') : ''}`, (r) => AuditPage.parse(r));
  const verify = useRequest('audit.verify', {}, String(verifyRun), (r) => AuditVerifyResult.parse(r));
  const entries = requestValue(page)?.rows ?? [];
  const oldest = entries[entries.length - 1]?.seq;

  const table = useMemo<CommandTable>(() => ({
    'nav.page-down': { run: () => oldest !== undefined && oldest > 1 && setPages((p) => [...p, oldest]), unavailable: oldest !== undefined && oldest > 1 ? null : 'this is the oldest page' },
    'nav.down': { run: () => oldest !== undefined && oldest > 1 && setPages((p) => [...p, oldest]) },
    'nav.page-up': { run: () => setPages((p) => (p.length > 1 ? p.slice(0, -1) : p)) },
    'nav.up': { run: () => setPages((p) => (p.length > 1 ? p.slice(0, -1) : p)) },
    'nav.first': { run: () => setPages([undefined]) },
    'audit.verify': { run: () => setVerifyRun((n) => n + 1) },
    'audit.report': { run: () => setShowReport((v) => !v) },
  }), [oldest]);
  const layers = useScreenLayers(useCallback((): CommandLayer[] => [{ scopes: ['screen:audit'], table }], [table]));

  const v = requestValue(verify);
  const verifyText = verify.status === 'error' ? `${TEXT.errorPrefix} ${verify.text}` : !v || verify.status === 'loading' ? TEXT.audit.verifying : v.ok ? TEXT.audit.ok(formatNumber(v.count)) : `${TEXT.audit.broken(v.problems.length)}: ${v.problems[0] ?? ''}`;
  const broken = v !== null && !v.ok;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>{` ${TEXT.screenTitles.audit}   `}</Text>
        <Text bold={broken} inverse={broken} color={broken ? theme.colors.critical : theme.colors.ok}>{fit(verifyText, width - 16, e)}</Text>
      </Text>
      {showReport ? (
        <Box flexDirection="column" height={rows + 2}>
          {(report.status === 'error' ? [`  ${TEXT.errorPrefix} ${report.text}`] : reportLines(requestValue(report))).slice(0, rows + 2).map((line, i) => (
            <Text key={i} wrap="truncate">{fit(line, width, e)}</Text>
          ))}
        </Box>
      ) : null}
      {showReport ? null : <Text bold wrap="truncate">{fit(`  ${fitRight('SEQ', 7)}  ${fit('WHEN', 13)}${fit('WHO', 10)}${fit('ACTION', 18)}${fit('ENTITY', 14)}DETAILS`, width)}</Text>}
      {showReport ? null : <Box flexDirection="column" height={rows}>
        {page.status === 'error' ? <Text>{fit(`  ${TEXT.errorPrefix} ${page.text}`, width, e)}</Text> : null}
        {entries.slice(0, rows).map((r) => (
          <Text key={r.seq} wrap="truncate">
            {fit(`  ${fitRight(String(r.seq), 7)}  ${fit(formatDayTime(r.at), 13)}${fit(r.actor, 9, e)} ${fit(r.action, 17, e)} ${fit(`${r.entityKind} ${r.entityId}`, 13, e)} ${r.details}`, width, e)}
          </Text>
        ))}
      </Box>}
      {showReport ? null : <Text wrap="truncate">{fit(`  page ${pages.length}${pages.length > 1 ? '  (PgUp: newer)' : ''}${oldest !== undefined && oldest > 1 ? '  (PgDn: older)' : ''}`, width)}</Text>}
      <KeyHints items={layerHints(layers, theme.glyphs.kind === 'ascii')} width={width} />
    </Box>
  );
}
