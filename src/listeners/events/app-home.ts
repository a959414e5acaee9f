/**
 * App Home: on `app_home_opened` (Home tab), publish the dashboard with the current state. Heal buttons
 * only for users the heal service allows (every click is re-checked anyway). Bolt acks events at once;
 * the dashboard is read and published after. A dashboard that cannot be built is replaced by a short
 * message with an error reference.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildDigest, type DigestDeps } from '../../digest/model.js';
import { errorRef } from '../../util/error-ref.js';
import { section } from '../../views/blocks.js';
import { type HomeTab, homeView } from '../../views/digest.js';

export function appHomeOpened(deps: DigestDeps & Pick<Deps, 'clock'>) {
  return async ({
    event,
    client,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const user = event.user;
    let view: HomeTab;
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
  };
}
