/**
 * Routing (config `routes[] {match, channels}`): the first route whose matchers all match an alert
 * decides its channels; with none, the alert channel. The digest is not routed. Pure.
 */
import { type AlertFacts, type Matchers, matches } from './matchers.js';

export interface Route {
  match: Matchers;
  channels: string[];
}

export interface RouteChoice {
  /** Index into `routes`, or `default` for the alert channel. */
  route: number | 'default';
  /** The first channel holds the living root message; the others get a copy that is kept in step. */
  channels: string[];
}

export function chooseRoute(
  routes: readonly Route[],
  defaultChannel: string,
  facts: AlertFacts,
): RouteChoice {
  const i = routes.findIndex((r) => matches(r.match, facts));
  return i < 0
    ? { route: 'default', channels: [defaultChannel] }
    : { route: i, channels: [...routes[i]!.channels] };
}
