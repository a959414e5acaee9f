/** `npm run bench`: prints numbers and ratios against a baseline measured in the same run. */
import { runBurstBench } from './burst.js';
import { runCliBench } from './cli.js';
import { runColdStartBench } from './cold-start.js';
import { runDeployBench } from './deploy.js';
import { runDetectionBench } from './detection.js';
import { runDlqBench } from './dlq.js';
import { runGrowthBench } from './growth.js';
import { runDlqGrowthBench } from './growth-dlq.js';
import { runHistoryBench } from './history.js';
import { runMemoryBench } from './memory.js';
import { runStatusBench } from './status.js';
import { runWarehouseBench } from './warehouse.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want('cold-start')) await runColdStartBench();
if (want('status')) await runStatusBench();
if (want('detection')) await runDetectionBench();
if (want('warehouse')) await runWarehouseBench();
if (want('deploy')) await runDeployBench();
if (want('history')) await runHistoryBench();
if (want('burst')) await runBurstBench();
if (want('cli')) await runCliBench();
if (want('growth')) await runGrowthBench();
if (only.includes('growth-dlq')) await runDlqGrowthBench();
if (want('memory')) await runMemoryBench();
if (want('dlq')) await runDlqBench();
