/**
 * The text runs of an uncompressed PDF as pdfkit writes them: each `[<hex> kern <hex> …] TJ` is
 * one run (the built-in fonts use single-byte WinAnsi codes), and `(…) Tj` is read too. Enough to
 * check the figures a report carries without installing a PDF library.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const body = pdf.toString('latin1');
  const texts: string[] = [];
  for (const match of body.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
    let text = '';
    for (const hex of match[1]!.matchAll(/<([0-9a-fA-F]*)>/g)) text += Buffer.from(hex[1]!, 'hex').toString('latin1');
    texts.push(text);
  }
  for (const match of body.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) texts.push(match[1]!.replace(/\\(.)/g, '$1'));
  return texts;
}
