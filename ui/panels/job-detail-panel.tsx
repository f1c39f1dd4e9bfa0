import { Box, Text } from '../terminal/ink-runtime.js';
import type { CardPreview, JobDetail } from '../../src/api/protocol.js';
import type { JobRow } from '../../src/api/views.js';
import { CardPreviewView } from '../components/card-preview-view.js';
import { Panel } from '../components/panel.js';
import { fit } from '../format/format-cell.js';
import { formatClock, formatDayTime } from '../format/format-time.js';
import { jobStateText } from '../format/format-job.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface JobDetailPanelProps {
  readonly job: JobRow;
  readonly detail: JobDetail | null;
  readonly preview: CardPreview | null;
  readonly error: string | null;
  readonly width: number;
  readonly height: number;
}

const PRIORITY_WORDS: Readonly<Record<JobRow['priority'], string>> = {
  'first-card': 'first card', 'data-change': 'data change', replacement: 'replacement',
};

/** The job's fields as the station sent them (masked for technicians), one per row. */
export function jobFieldLines(job: JobRow, detail: JobDetail | null): string[] {
  const lines = [`state ${jobStateText(job.state)}, priority ${PRIORITY_WORDS[job.priority]}${job.printerId ? `, printer ${job.printerId}` : ''}`];
  if (job.reason) lines.push(`reason: ${job.reason}`);
  if (!detail) return [...lines, TEXT.loadingRow];
  const r = detail.record;
  lines.push(
    `born ${r.birthPlace}, ${r.birthDate} (${r.sex})`,
    `address ${r.address}, RT/RW ${r.rtRw}`,
    `kel/desa ${r.village}, kec. ${r.district}`,
    `imported ${formatDayTime(r.importedAt)} from ${r.sourceFile} row ${r.sourceRow}`,
  );
  if (detail.attempts.length === 0) lines.push('attempts: none');
  for (const a of detail.attempts.slice(-3)) {
    lines.push(`attempt ${a.printerId} ${a.state} ${formatClock(a.startedAt)}${a.chipUid ? ` chip ${a.chipUid}` : ''}${a.reason ? ` (${a.reason})` : ''}`);
  }
  return lines;
}

/** Card preview in half blocks where the terminal has colour and Unicode, else the field list. */
export function JobDetailPanel({ job, detail, preview, error, width, height }: JobDetailPanelProps) {
  const theme = useTheme();
  const inner = width - 2;
  const showPreview = theme.preview !== 'fields' && preview !== null;
  const fieldsWidth = showPreview && preview ? inner - preview.width - 2 : inner - 1;
  const lines = jobFieldLines(job, detail);
  if (error) lines.push(`${TEXT.errorPrefix} ${error}`);
  return (
    <Panel title={`${job.nik} ${job.name}`} width={width} height={height}>
      <Box>
        {preview && theme.preview !== 'fields' ? (
          <Box marginRight={2}>
            <CardPreviewView preview={preview} mode={theme.preview} upperHalf={theme.glyphs.upperHalf} />
          </Box>
        ) : <Text> </Text>}
        <Box flexDirection="column" width={fieldsWidth}>
          {lines.slice(0, height - 2).map((line, i) => (
            <Text key={i} wrap="truncate">{fit(line, fieldsWidth, theme.glyphs.ellipsis)}</Text>
          ))}
        </Box>
      </Box>
    </Panel>
  );
}
