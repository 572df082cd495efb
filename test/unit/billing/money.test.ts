import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, formatMicros, nanosToCents, thousandths, toMicros } from '../../../shared/billing/money';

describe('Exact money', () => {
  it('reads decimal prices as integer micro-units, without binary floating point', () => {
    expect(toMicros('0.45')).toBe(450_000n);
    expect(toMicros('12')).toBe(12_000_000n);
    expect(toMicros('0.000001')).toBe(1n);
    expect(toMicros('0.1') + toMicros('0.2')).toBe(toMicros('0.3'));
  });

  it('rounds half away from zero to cents', () => {
    expect(nanosToCents(4_999_999n)).toBe(0n);
    expect(nanosToCents(5_000_000n)).toBe(1n);
    expect(nanosToCents(-5_000_000n)).toBe(-1n);
    expect(nanosToCents(112_500_000n)).toBe(11n);
    expect(nanosToCents(115_000_000n)).toBe(12n);
  });

  it('writes amounts as plain decimals', () => {
    expect(formatCents(1234n)).toBe('12.34');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(-210n)).toBe('-2.10');
    expect(formatCents(0n)).toBe('0.00');
    expect(formatMicros(450_000n)).toBe('0.45');
    expect(formatMicros(2_000_000n)).toBe('2');
    expect(thousandths(250)).toBe('0.25');
    expect(thousandths(1234)).toBe('1.234');
    expect(thousandths(3000)).toBe('3');
  });

  it('round-trips every price it accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999_999 }), (whole, micros) => {
        const text = formatMicros(BigInt(whole) * 1_000_000n + BigInt(micros));
        expect(toMicros(text)).toBe(BigInt(whole) * 1_000_000n + BigInt(micros));
      }),
    );
  });
});
