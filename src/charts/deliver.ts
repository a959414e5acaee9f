/** Charts to a chat: rendered to PNG and uploaded one by one (digest thread, `/pipeline trends` channel, files). */
import type { Chat } from '../ports.js';
import { errText } from '../util/error-text.js';
import type { Chart } from './charts.js';
import type { ChartRenderer } from './ports.js';

/** Renders and uploads each chart (into a thread when `threadTs` is set); returns the first failure's text. */
export async function attachCharts(
  chat: Chat,
  renderer: ChartRenderer,
  where: { channel: string; threadTs?: string },
  charts: Chart[],
): Promise<string | undefined> {
  if (!chat.upload) return undefined;
  for (const chart of charts) {
    try {
      const data = await renderer.png(chart);
      await chat.upload({
        channel: where.channel,
        threadTs: where.threadTs,
        filename: chart.filename,
        title: chart.title,
        altText: chart.altText,
        data,
      });
    } catch (err) {
      return `${chart.title}: ${errText(err)}`;
    }
  }
  return undefined;
}
