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

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab or CR) as a formula: a visitor's
 * comment `=HYPERLINK(...)` must stay text. A leading apostrophe makes it text in Excel,
 * LibreOffice and Google Sheets (OWASP's advice against CSV injection).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
