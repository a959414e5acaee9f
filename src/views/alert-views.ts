/** The views that the alert service renders with (the `AlertViews` port), bundled for the wiring. */
import type { AlertViews } from '../alerts/views-port.js';
import { alertView } from './alert.js';
import { actionResultText, threadItemText } from './alert-notes.js';
import { escalationDmView, silenceEndedView, stormRootView } from './oncall-alerts.js';

export const alertViews: AlertViews = {
  root: alertView,
  thread: threadItemText,
  escalationDm: escalationDmView,
  silenceEnded: silenceEndedView,
  stormRoot: stormRootView,
  actionResult: actionResultText,
};
