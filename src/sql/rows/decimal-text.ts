// Decimal numbers as text, exactly (no binary floating point): numeric_in's syntax, numeric_out's
// text, the canonical form equal values share, and numeric → integer rounding.

export interface Decimal {
  negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  whole: string;
  /** Fraction digits, as many as the display scale (trailing zeros kept). */
  fraction: string;
}

export type NumericValue = Decimal | 'NaN' | 'Infinity' | '-Infinity';

const decimalSyntax =
  /^([+-])?(?:([0-9](?:_?[0-9])*)(?:\.((?:[0-9](?:_?[0-9])*)?))?|\.([0-9](?:_?[0-9])*))(?:[eE]([+-]?[0-9]+))?$/;
const radixSyntax = /^([+-])?0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)$/;

/** numeric_in: the value of the text, or null when the server would reject it. */
export function parseNumeric(input: string): NumericValue | null {
  const text = input.trim();
  const special = text.toLowerCase();
  if (special === 'nan') return 'NaN';
  if (
    special === 'infinity' ||
    special === '+infinity' ||
    special === 'inf' ||
    special === '+inf'
  ) {
    return 'Infinity';
  }
  if (special === '-infinity' || special === '-inf') return '-Infinity';
  const radix = radixSyntax.exec(text);
  if (radix) {
    const negative = radix[1] === '-';
    const magnitude = BigInt(text.slice(radix[1] ? 1 : 0).replaceAll('_', '')).toString();
    return { negative, whole: magnitude === '0' ? '' : magnitude, fraction: '' };
  }
  const m = decimalSyntax.exec(text);
  if (!m) return null;
  const whole = (m[2] ?? '').replaceAll('_', '');
  const fraction = (m[3] ?? m[4] ?? '').replaceAll('_', '');
  const exponent = m[5] === undefined ? 0 : Number(m[5]);
  // Shift the point by the exponent; the display scale is the fraction's length less it.
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let w: string;
  let f: string;
  if (point <= 0) {
    w = '';
    f = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    w = digits + '0'.repeat(point - digits.length);
    f = '';
  } else {
    w = digits.slice(0, point);
    f = digits.slice(point);
  }
  return { negative: m[1] === '-', whole: w.replace(/^0+/, ''), fraction: f };
}

function isZero(d: Decimal): boolean {
  return d.whole === '' && !/[1-9]/.test(d.fraction);
}

/** numeric_out: `1.50e1` → `15.0`, `-0.00` → `0.00`. */
export function numericText(value: NumericValue): string {
  if (typeof value === 'string') return value;
  const sign = value.negative && !isZero(value) ? '-' : '';
  return `${sign}${value.whole || '0'}${value.fraction ? `.${value.fraction}` : ''}`;
}

/** The same text for equal values: no trailing fraction zeros, no negative zero. */
export function canonicalNumeric(value: NumericValue): string {
  if (typeof value === 'string') return value;
  const fraction = value.fraction.replace(/0+$/, '');
  return numericText({ negative: value.negative, whole: value.whole, fraction });
}

/** numeric → integer, rounding half away from zero as the server does. */
export function roundToInteger(value: NumericValue): bigint | null {
  if (typeof value === 'string') return null;
  let magnitude = BigInt(value.whole || '0');
  if ((value.fraction.charCodeAt(0) || 48) >= 53) magnitude += 1n;
  return value.negative ? -magnitude : magnitude;
}

/**
 * numeric(precision, scale): the value rounded half away from zero to `scale` fraction digits
 * (a negative scale rounds left of the point), or null when it then has more than
 * `precision - scale` integer digits ("numeric field overflow").
 */
export function applyTypmod(
  value: NumericValue,
  precision: number,
  scale: number,
): NumericValue | null {
  if (typeof value === 'string') return value === 'NaN' ? value : null;
  // All digits as one integer, scaled so that `scale` fraction digits remain.
  const digits = value.whole + value.fraction;
  const kept = digits.length - value.fraction.length + scale;
  let magnitude = kept <= 0 ? 0n : BigInt(digits.slice(0, Math.min(kept, digits.length)) || '0');
  if (kept > digits.length) magnitude *= 10n ** BigInt(kept - digits.length);
  const next = kept >= 0 && kept < digits.length ? digits.charCodeAt(kept) : 48;
  if (next >= 53) magnitude += 1n;
  let text = magnitude.toString();
  if (scale > 0) text = text.padStart(scale + 1, '0');
  const whole = scale > 0 ? text.slice(0, -scale) : `${text}${'0'.repeat(-scale)}`;
  const fraction = scale > 0 ? text.slice(-scale) : '';
  const trimmedWhole = whole.replace(/^0+/, '');
  if (trimmedWhole.length > precision - scale) return null;
  return { negative: value.negative, whole: trimmedWhole, fraction };
}
