// PostgreSQL's parse_bool: how the server reads a boolean written as text, in a setting's value
// (SET standard_conforming_strings = off, COPY ... HEADER true) and in the bool type's input.

/** Any prefix of true/false/yes/no, on, of(f), 1 and 0, in any case; null for anything else. */
export function parseBoolean(text: string): boolean | null {
  const value = text.toLowerCase();
  if (value.length === 0) return null;
  if ('true'.startsWith(value) || 'yes'.startsWith(value)) return true;
  if ('false'.startsWith(value) || 'no'.startsWith(value)) return false;
  if (value === 'on' || value === '1') return true;
  if (value === 'of' || value === 'off' || value === '0') return false;
  return null;
}
