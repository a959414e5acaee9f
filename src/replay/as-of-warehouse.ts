/**
 * The warehouse as replay sees it: every read is made as of the simulated clock (the rules in
 * `warehouse/as-of.ts`, applied by each adapter), and nothing is written. The live bot's check history
 * belongs to the config it ran with, so a replay reads none of it (the digest's failing checks are empty).
 */
import type { Clock } from '../ports.js';
import type { Warehouse } from '../warehouse/ports.js';

export class AsOfWarehouse implements Warehouse {
  constructor(
    private readonly inner: Warehouse,
    private readonly clock: Clock,
  ) {}

  dailyCounts: Warehouse['dailyCounts'] = (target, from, to, tz) =>
    this.inner.dailyCounts(target, from, to, tz, this.clock.now());
  failureStreaks: Warehouse['failureStreaks'] = (since) => this.inner.failureStreaks(since, this.clock.now());
  phaseCompletions: Warehouse['phaseCompletions'] = (phases, from, to) =>
    this.inner.phaseCompletions(phases, from, to, this.clock.now());
  recordRun: Warehouse['recordRun'] = async () => {};
  failingChecks: Warehouse['failingChecks'] = async () => [];
  ping: Warehouse['ping'] = () => this.inner.ping();
}
