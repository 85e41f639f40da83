import express from 'express';
import { createPublicHttpApp, publicRoutesOf } from './publicHttp';
import { checkQuery, integer, publicRoute, text } from './publicParams';

const declaration = {
  cache: 'no-store',
  query: { q: text({ maxLength: 5 }), n: integer({ min: 1, max: 9 }) },
} as const;
const route = publicRoute(declaration, () => undefined);

describe('public HTTP hygiene', () => {
  it('lists every route through routers at any depth, with its declaration', () => {
    const app = createPublicHttpApp((a) => {
      const inner = express.Router();
      inner.get('/items/:id', route);
      const outer = express.Router();
      outer.use('/inner', inner);
      a.use('/v1', outer);
      a.post('/top', route);
    });
    expect(publicRoutesOf(app).map((r) => `${r.methods.join(',')} ${r.path}`)).toEqual([
      'GET /v1/inner/items/:id',
      'POST /top',
    ]);
  });

  it('refuses to build an app with an undeclared route or a mounted app it cannot see into', () => {
    expect(() => createPublicHttpApp((a) => void a.get('/bare', (_req, res) => void res.json({})))).toThrow(
      /GET \/bare declares no query parameters/,
    );
    expect(() => createPublicHttpApp((a) => void a.use(express()))).toThrow(/mount an express.Router/);
  });

  it('names unknown, repeated, bracketed, nested and malformed parameters; empty counts as not given', () => {
    const { values, violations } = checkQuery(declaration, {
      q: 'caf\u0065\u0301',
      n: '',
      'q[$ne]': 'x',
      other: '1',
      nested: { $ne: 'x' },
    });
    expect(values).toEqual({ q: 'caf\u00e9' });
    expect(violations.map((v) => v.field)).toEqual(['q[$ne]', 'other', 'nested']);
    expect(checkQuery(declaration, { q: ['a', 'b'], n: '10' }).violations).toEqual([
      { field: 'q', description: 'is given 2 times; give it once' },
      { field: 'n', description: 'must be a whole number from 1 to 9' },
    ]);
    expect(checkQuery(declaration, { q: 'a\u202eb' }).violations.map((v) => v.field)).toEqual(['q']);
  });
});
