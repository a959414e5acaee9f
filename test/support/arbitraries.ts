/** fast-check arbitraries shared by the property tests: command texts with hostile words. */
import fc from 'fast-check';

export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<@U0EVIL>',
  '<#C0EVIL|general>',
  '<https://evil.example|click>',
  '<!subteam^S0EVIL>',
  '(.|.|.|.|.|.|.|.|.|.|.|.|.|.|.|.|.|.)*x',
  '(',
  '9'.repeat(400),
  '—force',
  '--dry-run',
  'phase3',
  'today',
  '&amp;',
];

/** Texts shaped like commands (a sub-command and hostile or random words) and plain random text. */
export const commandText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom('status', 'heal', 'completeness', 'history', 'help', 'mute', '<!channel>', ''),
      fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE)), { maxLength: 5 }),
    )
    .map(([sub, words]) => [sub, ...words].join(' ')),
);
