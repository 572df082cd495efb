/**
 * How policy documents and test libraries sit in the policies table. New items hold them as
 * brotli-compressed JSON (compressed-content.ts): on the version, head or library item when small,
 * else in chunk items under a partition of their own (`<version partition>#v#<n>` for a version,
 * `<owner>#POLICY_TESTS#v#<n>` for a library version), written in the owner's transaction.
 * Items written before compression (`documentJson`, `activeDocumentJson`, `scenariosJson`) are
 * read as they are.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DocumentTooLargeError } from '../../kernel/errors';
import type { PolicyVersion, ScopeHead, TestLibrary } from '../../policy-lifecycle/policy-version';
import {
  chunkPuts,
  type CompressedJson,
  compressJson,
  type ContentLayout,
  decompressJson,
  layoutOf,
  MAX_STORED_BYTES,
  readChunks,
} from './compressed-content';
import { policyKeys } from './keys';
import type { TransactItem } from './transact-write';

/** A version item: the document inline (`documentBr`), in `documentChunks` chunks, or as JSON text (before compression). */
export interface StoredVersion extends Omit<PolicyVersion, 'document'> {
  readonly documentJson?: string;
  readonly documentBr?: Uint8Array;
  readonly documentChunks?: number;
}

/** A head item: the active document inline, or in the active version's chunks, or as JSON text (before compression). */
export interface StoredHead extends Omit<ScopeHead, 'activeDocument'> {
  readonly activeDocumentJson?: string;
  readonly activeDocumentBr?: Uint8Array;
  readonly activeDocumentChunks?: number;
}

/** The test library item. */
export interface StoredTestLibrary extends Omit<TestLibrary, 'scenarios'> {
  readonly scenariosJson?: string;
  readonly scenariosBr?: Uint8Array;
  readonly scenariosChunks?: number;
}

/** The partition of a version's chunks. */
export const versionContentPartition = (ownerKey: string, scope: string, version: number) =>
  `${policyKeys.versionPartition(ownerKey, scope)}#${policyKeys.versionPosition(version)}`;

/** The partition of a test library version's chunks. */
export const testsContentPartition = (ownerKey: string, version: number) =>
  `${policyKeys.testLibrary(ownerKey).pk}#${policyKeys.versionPosition(version)}`;

/** The layout of `compressed`, or DocumentTooLargeError when even chunks cannot hold it. */
export function layoutOrRefuse(compressed: CompressedJson, code: 'policy_too_large' | 'policy_tests_too_large'): ContentLayout {
  const layout = layoutOf(compressed.bytes);
  if (layout) return layout;
  const what = code === 'policy_too_large' ? 'policy document' : 'test library';
  throw new DocumentTooLargeError(
    code,
    `The ${what} compresses to ${compressed.bytes.length} bytes; Warden stores at most ${MAX_STORED_BYTES} compressed bytes`,
    {
      path: code === 'policy_too_large' ? 'rules' : 'scenarios',
      limitBytes: MAX_STORED_BYTES,
      actualBytes: compressed.bytes.length,
      measuredAs: 'compressed',
    },
  );
}

/** The attributes that hold a laid-out value on its owner item, named `<prefix>Br` or `<prefix>Chunks`. */
export const contentAttributes = (prefix: string, layout: ContentLayout): Record<string, unknown> =>
  'inline' in layout ? { [`${prefix}Br`]: layout.inline } : { [`${prefix}Chunks`]: layout.chunks.length };

/**
 * What a publish writes on the head for `candidate`: the attribute holding the active document
 * (inline, or a count of the version's chunks), and any items to write with it (the chunks of a
 * version saved as JSON text before compression, when it does not fit inline).
 */
export function headContentOf(
  table: string,
  ownerKey: string,
  candidate: StoredVersion,
): { name: string; value: unknown; items: TransactItem[] } {
  if (candidate.documentBr !== undefined) return { name: 'activeDocumentBr', value: candidate.documentBr, items: [] };
  if (candidate.documentChunks !== undefined) return { name: 'activeDocumentChunks', value: candidate.documentChunks, items: [] };
  const layout = layoutOrRefuse(compressJson(JSON.parse(candidate.documentJson ?? 'null')), 'policy_too_large');
  if ('inline' in layout) return { name: 'activeDocumentBr', value: layout.inline, items: [] };
  const partition = versionContentPartition(ownerKey, candidate.scope, candidate.version);
  return {
    name: 'activeDocumentChunks',
    value: layout.chunks.length,
    items: chunkPuts(table, partition, layout.chunks, { onlyNew: true }),
  };
}

/** The head attributes a publish removes: every form of the active document but the one it sets. */
export const otherHeadContent = (name: string): string[] =>
  ['activeDocumentJson', 'activeDocumentBr', 'activeDocumentChunks'].filter((other) => other !== name);

/** Reads stored items back into domain records, fetching chunks where a value has them. */
export function policyContentReader(client: DynamoDBDocumentClient, table: string) {
  return {
    async version(ownerKey: string, { documentJson, documentBr, documentChunks, ...rest }: StoredVersion): Promise<PolicyVersion> {
      const document =
        documentBr !== undefined
          ? decompressJson(documentBr)
          : documentChunks !== undefined
            ? await readChunks(client, table, versionContentPartition(ownerKey, rest.scope, rest.version), documentChunks)
            : (JSON.parse(documentJson ?? 'null') as unknown);
      return {
        ...rest,
        ...(rest.documentBytes === undefined && documentJson !== undefined ? { documentBytes: Buffer.byteLength(documentJson) } : {}),
        document,
      };
    },

    async head(ownerKey: string, { activeDocumentJson, activeDocumentBr, activeDocumentChunks, ...rest }: StoredHead): Promise<ScopeHead> {
      let activeDocument: unknown;
      if (activeDocumentBr !== undefined) activeDocument = decompressJson(activeDocumentBr);
      else if (activeDocumentChunks !== undefined && rest.activeVersion !== undefined) {
        activeDocument = await readChunks(
          client,
          table,
          versionContentPartition(ownerKey, rest.scope, rest.activeVersion),
          activeDocumentChunks,
        );
      } else if (activeDocumentJson !== undefined) activeDocument = JSON.parse(activeDocumentJson) as unknown;
      return { ...rest, ...(activeDocument === undefined ? {} : { activeDocument }) };
    },

    async tests(ownerKey: string, { scenariosJson, scenariosBr, scenariosChunks, ...rest }: StoredTestLibrary): Promise<TestLibrary> {
      const scenarios =
        scenariosBr !== undefined
          ? decompressJson(scenariosBr)
          : scenariosChunks !== undefined
            ? await readChunks(client, table, testsContentPartition(ownerKey, rest.version), scenariosChunks)
            : (JSON.parse(scenariosJson ?? '[]') as unknown);
      return { ...rest, scenarios: scenarios as unknown[] };
    },
  };
}
