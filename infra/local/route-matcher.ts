/**
 * Matches request paths to route templates the way API Gateway does: whole segments, literal
 * segments preferred over `{parameters}`, values passed raw (not decoded).
 */
import type { RouteSpec } from '../../shared/manifest/route-spec';

interface CompiledRoute {
  readonly route: RouteSpec;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly literalSegments: number;
}

export interface RouteMatch {
  readonly route: RouteSpec;
  readonly pathParameters: Record<string, string>;
}

export function createRouteMatcher(routes: readonly RouteSpec[]) {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1] ?? '');
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names, literalSegments: route.path.split('/').length - names.length };
    })
    .sort((a, b) => b.literalSegments - a.literalSegments);

  return {
    /** The route for a method and path; `methodAllowed` false when only the method is wrong. */
    match(method: string, path: string): RouteMatch | undefined {
      const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
      for (const candidate of compiled) {
        if (candidate.route.method !== method) continue;
        const found = candidate.pattern.exec(normalized);
        if (!found) continue;
        return {
          route: candidate.route,
          pathParameters: Object.fromEntries(candidate.names.map((name, index) => [name, found[index + 1] ?? ''])),
        };
      }
      return undefined;
    },
  };
}
