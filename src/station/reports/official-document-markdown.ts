import { t } from '../../i18n/i18n.js';
import type { OfficialDocument } from './official-document.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The same document as Markdown, for a message or a wiki: letterhead lines, tables, signatures (charts are PDF only). */
export function officialDocumentMarkdown(document: OfficialDocument): string {
  const { office } = document;
  const lines = [`**${office.government}**  `, `**${office.name}**  `, `${office.address}${office.contact ? `  \n${office.contact}` : ''}`, '', `# ${document.title}`, ''];
  for (const line of document.subtitle) lines.push(`${line}  `);
  lines.push(t('documents:number', { number: document.number }), '');
  for (const part of document.parts) {
    if (part.kind === 'paragraph') {
      lines.push(part.text, '');
      continue;
    }
    if (part.kind === 'chart') continue;
    const s = part.section;
    lines.push(`## ${s.title}`, '');
    if (s.rows.length === 0) {
      lines.push(s.empty, '');
      continue;
    }
    lines.push(`| ${s.columns.map(cell).join(' | ')} |`, `|${s.columns.map(() => ' --- |').join('')}`);
    for (const row of s.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
    lines.push('');
    for (const note of s.notes) lines.push(note, '');
  }
  lines.push(document.placeAndDate, '');
  for (const row of document.signatures) {
    for (const block of row) lines.push(`${block.label} ${block.position}  `, `**${block.name}**${block.idLine ? `  \n${block.idLine}` : ''}`, '');
  }
  lines.push(`_${document.footer}_`);
  return `${lines.join('\n').trimEnd()}\n`;
}
