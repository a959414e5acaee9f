import { expect, it } from 'vitest';
import { configuredReadSchemas } from '../../src/adapters/bigquery/read-schemas.js';
import { contractConfig } from '../contract/warehouse.contract.js';

it('one table named by several specs (schedule and a target) gets the columns of all of them', () => {
  const config = contractConfig();
  config.schedule = {
    table: 'nba_raw.nbac_schedule',
    date_column: 'game_date',
    count_distinct: 'schedule_id',
  };
  const schemas = configuredReadSchemas(config);
  expect(schemas.get('nba_raw.nbac_schedule')!.columns.map((c) => [c.name, c.type])).toEqual([
    ['game_date', 'DATE'],
    ['game_id', 'STRING'],
    ['schedule_id', 'STRING'],
  ]);
  expect(schemas.get('nba_raw.nbac_schedule')!.partitionColumn).toBe('game_date');
  expect([...schemas.keys()].sort()).toEqual(['nba_raw.nbac_gamebook_player_stats', 'nba_raw.nbac_schedule']);
});
