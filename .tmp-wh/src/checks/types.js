export const CHECK_IDS = [
    'stuck',
    'overdue',
    'drift',
    'completeness',
    'consecutive_failures',
    'reconcile',
    'check_health',
    'heal_frequency',
];
export const fingerprint = (r) => `${r.check}:${r.subject}`;
//# sourceMappingURL=types.js.map