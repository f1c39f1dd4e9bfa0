import { formatNip, type Official, type OfficeIdentity } from '../config/office-config.js';
import { t } from '../../i18n/i18n.js';
import type { ReportSection } from './monthly-report-sections.js';

/** One signature: the line above ("Mengetahui,"), the position, room to sign, the name and the NIP. */
export interface SignatureBlock {
  readonly label: string;
  readonly position: string;
  readonly name: string;
  /** `NIP 19700101 199503 1 001`, or a witness's NRP, or null when there is none. */
  readonly idLine: string | null;
}

/** A chart drawn into the PDF: bars (one per day) or a line (a level over the days). */
export interface DocumentChart {
  readonly kind: 'bars' | 'line';
  readonly title: string;
  /** Labels along the bottom, one per value (dates as `1`, `2` … or `01-12`). */
  readonly labels: readonly string[];
  readonly values: readonly number[];
  /** For a level: where it is projected to go after the last value (dashed), and the words for it. */
  readonly projection?: { readonly values: readonly number[]; readonly note: string };
}

export type DocumentPart =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'table'; readonly section: ReportSection }
  | { readonly kind: 'chart'; readonly chart: DocumentChart };

/** Everything an official document shows, in words already in the office's language. */
export interface OfficialDocument {
  readonly office: OfficeIdentity;
  /** Centred under the letterhead: the title, then its lines (the month, the period). */
  readonly title: string;
  readonly subtitle: readonly string[];
  readonly number: string;
  readonly parts: readonly DocumentPart[];
  /** `Kupang, 3 Desember 2026`, written above the signatures. */
  readonly placeAndDate: string;
  /** Rows of signatures, left to right. */
  readonly signatures: readonly (readonly SignatureBlock[])[];
  /** The small line at the foot of every page (when and by what it was made). */
  readonly footer: string;
  readonly landscape: boolean;
}

export function officialSignature(label: string, official: Official): SignatureBlock {
  return { label, position: official.position, name: official.name, idLine: t('documents:nip', { nip: formatNip(official.nip) }) };
}

/** "Yang membuat" on the right, "Mengetahui" (the head of office) on the left, as offices sign. */
export function madeAndKnown(office: OfficeIdentity): SignatureBlock[] {
  return [officialSignature(t('documents:knownBy'), office.head), officialSignature(t('documents:preparedBy'), office.preparedBy)];
}
