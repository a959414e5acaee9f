/** The App Home tab: the digest's dashboard, published when a user opens it. */
import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildDigest } from '../../digest/model.js';
import { errorRef } from '../../util/error-ref.js';
import { section } from '../../views/blocks.js';
import { homeView } from '../../views/digest.js';

/**
 * App Home (issue 6): on `app_home_opened` (Home tab), publish the dashboard with the current state. Heal
 * buttons only for users the heal service allows (every click is re-checked anyway). Bolt acks events at
 * once; the dashboard is read and published after.
 */
export function registerAppHome(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const user = event.user;
    let view: ReturnType<typeof homeView>;
    try {
      const [model, canHeal] = await Promise.all([
        buildDigest(deps, deps.clock.now()),
        deps.heal
          ? deps.heal.canHeal(user).catch((err) => {
              deps.log.warn({ err }, 'app home: could not check heal permission; hiding heal buttons');
              return false;
            })
          : Promise.resolve(false),
      ]);
      view = homeView(model, { canHeal });
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref }, 'app home: could not build the dashboard');
      view = {
        type: 'home',
        blocks: [
          section(
            `:x: The dashboard could not be built: a backend did not answer. Reopen the tab in a minute (error ${ref}).`,
          ),
        ],
      };
    }
    await client.views.publish({ user_id: user, view });
  });
}
