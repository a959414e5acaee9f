/** Domain types of the pipeline: transitions, completion documents, derived state. Slack-free. */
export {};
//# sourceMappingURL=types.js.map