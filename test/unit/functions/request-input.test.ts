import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_YAML_BODY_BYTES, requestBody } from '../../../functions/_lib/request-input';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../../shared/kernel/errors';
import { readDocumentText } from '../../../shared/policy/document-text';

const eventWith = (body: string, headers: Record<string, string> = {}, isBase64Encoded = false) =>
  ({ body, headers, isBase64Encoded }) as unknown as APIGatewayProxyEventV2;
const yamlRoute = { bodyFormats: ['json', 'yaml'] as const, maxBodyBytes: 4 * 1024 * 1024 };
const errorOf = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('Function: requestBody', () => {
  describe('on a route that reads JSON only', () => {
    it('reads JSON whatever the content type says, as before YAML was accepted anywhere', () => {
      expect(requestBody(eventWith('{"a":1}', { 'content-type': 'text/plain' }))).toEqual({ a: 1 });
    });

    it(`throws PayloadTooLargeError over ${MAX_BODY_BYTES} bytes when the route sets no limit`, () => {
      expect(errorOf(() => requestBody(eventWith(JSON.stringify('x'.repeat(MAX_BODY_BYTES)))))).toBeInstanceOf(PayloadTooLargeError);
    });
  });

  describe('on a route that reads JSON and YAML', () => {
    it('reads YAML for each YAML media type, with parameters and in any case', () => {
      for (const type of ['application/yaml', 'Application/X-YAML', 'text/yaml; charset=utf-8']) {
        expect(
          requestBody(eventWith('rules:\n  - id: a\n    effect: deny\n', { 'content-type': type }), yamlRoute, readDocumentText),
        ).toEqual({ rules: [{ id: 'a', effect: 'deny' }] });
      }
    });

    it('reads a base64-encoded YAML body (API Gateway encodes bodies it does not take for text)', () => {
      const event = eventWith(Buffer.from('reason: r\n').toString('base64'), { 'content-type': 'application/yaml' }, true);
      expect(requestBody(event, yamlRoute, readDocumentText)).toEqual({ reason: 'r' });
    });

    it('reads JSON when no content type is given, and for +json media types', () => {
      expect(requestBody(eventWith('{"a":1}'), yamlRoute, readDocumentText)).toEqual({ a: 1 });
      expect(requestBody(eventWith('{"a":1}', { 'content-type': 'application/merge-patch+json' }), yamlRoute, readDocumentText)).toEqual({
        a: 1,
      });
    });

    it('throws UnsupportedMediaTypeError for any other content type', () => {
      const error = errorOf(() => requestBody(eventWith('{"a":1}', { 'content-type': 'text/plain' }), yamlRoute, readDocumentText));
      expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(error).toMatchObject({ code: 'unsupported_media_type', kind: 'unsupported-media-type' });
    });

    it('lets a JSON body up to the route limit through, past the default one', () => {
      const body = JSON.stringify({ text: 'x'.repeat(2 * MAX_BODY_BYTES) });
      expect(requestBody(eventWith(body, { 'content-type': 'application/json' }), yamlRoute, readDocumentText)).toEqual({
        text: 'x'.repeat(2 * MAX_BODY_BYTES),
      });
    });

    it(`throws PayloadTooLargeError for YAML over ${MAX_YAML_BODY_BYTES} bytes, even under the route limit`, () => {
      const error = errorOf(() =>
        requestBody(
          eventWith(`text: ${'x'.repeat(MAX_YAML_BODY_BYTES)}\n`, { 'content-type': 'application/yaml' }),
          yamlRoute,
          readDocumentText,
        ),
      );
      expect(error).toBeInstanceOf(PayloadTooLargeError);
    });

    it('throws ValidationError invalid_yaml with the line and column of a syntax error', () => {
      const error = errorOf(() =>
        requestBody(eventWith('a: 1\na: 2\n', { 'content-type': 'application/yaml' }), yamlRoute, readDocumentText),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'invalid_yaml', details: [{ path: 'body', in: 'body', line: 2, column: 1 }] });
    });

    it('throws invalid_yaml for nested aliases past the alias budget (billion laughs)', () => {
      const levels = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      ];
      const error = errorOf(() =>
        requestBody(eventWith(levels.join('\n'), { 'content-type': 'application/yaml' }), yamlRoute, readDocumentText),
      );
      expect(error).toMatchObject({ code: 'invalid_yaml' });
    });

    it('throws PayloadTooLargeError when aliases expand a small body past the route limit', () => {
      const text = `big: &big "${'x'.repeat(50_000)}"\nmany: [${Array(95).fill('*big').join(', ')}]\n`;
      const error = errorOf(() => requestBody(eventWith(text, { 'content-type': 'application/yaml' }), yamlRoute, readDocumentText));
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect((error as Error).message).toMatch(/expands/);
    });

    it('keeps a __proto__ key as data, never as the prototype', () => {
      const value = requestBody(
        eventWith('__proto__:\n  polluted: true\n', { 'content-type': 'application/yaml' }),
        yamlRoute,
        readDocumentText,
      ) as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
