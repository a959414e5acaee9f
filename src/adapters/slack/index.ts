/** Everything that needs Bolt / the Web API, behind one module so local mode never loads them. */
export { registerListeners } from '../../listeners/index.js';
export { createBoltApp, SLACK_EVENTS_PATH } from './bolt.js';
