/**
 * Doctor, Firestore: reachable, and the completion documents the checks read are readable (one batched
 * read of each transition's current document; a document not written yet is fine, a refused read is not).
 */
import { addDays, localDate } from '../pipeline/dates.js';
import { errText } from '../util/error-text.js';
import { type CheckGroup, fail, pass, skip } from './types.js';

/** Why a constant: every check of this group carries the same group name in the report. */
const G = 'firestore';

export const firestoreChecks: CheckGroup = async (ctx) => {
  if (!ctx.completions)
    return [skip(G, 'completion documents', `${ctx.config.backend} backend: no Firestore`)];
  const today = localDate(ctx.now, ctx.config.timezone);
  const refs = ctx.config.transitions.map((t) => ({
    collection: t.collection,
    date: addDays(today, t.date_offset_days),
  }));
  try {
    const docs = await ctx.completions.getMany(refs);
    const described = docs.map((d) => {
      const path = `${d.collection}/${d.date}`;
      if (!d.exists) return `${path} not written yet`;
      return `${path} ${Object.keys(d.processors).length} processor(s)${d.triggered ? ', triggered' : ''}`;
    });
    return [pass(G, 'completion documents', `read ${described.join('; ')}`)];
  } catch (err) {
    return [
      fail(
        G,
        'completion documents',
        `reading ${refs.map((r) => `${r.collection}/${r.date}`).join(', ')} failed: ${errText(err)}`,
        `check GOOGLE_CLOUD_PROJECT=${ctx.config.project ?? ''} and grant the bot's service account roles/datastore.user (Cloud Datastore User) on it`,
      ),
    ];
  }
};
