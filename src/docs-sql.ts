/** `npm run docs:sql`: writes `docs/bigquery.sql` from the schema source (src/adapters/bigquery/schema.ts). */
import { writeFileSync } from 'node:fs';
import { bigquerySqlDoc } from './adapters/bigquery/ddl.js';

const target = process.argv[2] ?? 'docs/bigquery.sql';
writeFileSync(target, bigquerySqlDoc());
console.log(`wrote ${target}`);
