/**
 * Exact money: prices are decimal strings with up to 6 fractional digits, held as BigInt
 * micro-units; costs are computed exactly in nano-units and rounded once, half away from zero,
 * to the currency's minor unit (cents). Never binary floating point.
 */
import * as z from 'zod';

/** A non-negative decimal with up to 6 fractional digits, e.g. "0.45" or "12". */
export const DecimalSchema = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'a decimal number such as "0.45" (up to 6 decimals)');

/** A decimal string as integer micro-units (1e-6). */
export function toMicros(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
}

/** Nano-units (1e-9) rounded half away from zero to cents (1e-2). */
export function nanosToCents(nanos: bigint): bigint {
  const unit = 10_000_000n;
  const negative = nanos < 0n;
  const magnitude = negative ? -nanos : nanos;
  const cents = (magnitude + unit / 2n) / unit;
  return negative ? -cents : cents;
}

/** An integer amount of `10^-scale` units as a decimal string ("-12.30" for -1230 at scale 2). */
function formatScaled(amount: bigint, scale: number): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export const formatCents = (cents: bigint): string => formatScaled(cents, 2);
export const formatMicros = (micros: bigint): string => formatScaled(micros, 6).replace(/\.?0+$/, '') || '0';

/** `count / 1000` exactly, as a decimal string (pricing quantities in thousands). */
export const thousandths = (count: number): string => formatScaled(BigInt(count), 3).replace(/\.?0+$/, '') || '0';
