/**
 * CSV per RFC 4180: fields separated by commas, records by CRLF; a field holding a comma, a
 * quote, CR or LF is quoted, with quotes doubled.
 */
export function csvRecord(fields: (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab or CR) as a formula: a visitor's
 * comment `=HYPERLINK(...)` must stay text. A leading apostrophe makes it text in Excel,
 * LibreOffice and Google Sheets (OWASP's advice against CSV injection). The first character is
 * compared in its compatibility form (NFKC), since spreadsheets that fold widths also run the
 * full-width `＝ ＋ － ＠` and the small `﹦ ﹢ ﹣ ﹫` as formulas.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text.charAt(0).normalize('NFKC')) ? `'${text}` : text;
}
