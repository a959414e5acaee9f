/**
 * The composite indexes production needs are shipped in `firestore.indexes.json` (deployed with
 * `gcloud firestore indexes composite create` or `firebase deploy --only firestore:indexes`, see
 * docs/deploy.md): the file lists exactly the indexes the dead-letter store's queries declare, and every
 * field it names is one the store writes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DLQ_COLLECTION, DLQ_INDEXES } from '../../src/adapters/firestore/dlq-store.js';
import { dlqRecord } from '../support/builders.js';

interface IndexFile {
  indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order: string }[] }[];
  fieldOverrides: unknown[];
}

const file = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../firestore.indexes.json'), 'utf8'),
) as IndexFile;

describe('firestore.indexes.json', () => {
  it('lists exactly the composite indexes the dead-letter queries need, collection-scoped', () => {
    expect(file.indexes).toEqual(
      DLQ_INDEXES.map((fields) => ({ collectionGroup: DLQ_COLLECTION, queryScope: 'COLLECTION', fields })),
    );
  });

  it('names only fields a dead-letter record has', () => {
    const written = Object.keys(dlqRecord());
    const named = new Set(file.indexes.flatMap((i) => i.fields.map((f) => f.fieldPath)));
    expect([...named].filter((f) => !written.includes(f))).toEqual([]);
  });
});
