import { describe, expect, it } from 'vitest';
import { proposeFromFacts } from './propose-from-facts';

describe('proposeFromFacts', () => {
  it('proposes running the check fixed most often (≥2), explaining the rule', () => {
    const p = proposeFromFacts('s-1', [
      { name: 'test', times: 3, fixed: 2 },
      { name: 'lint', times: 3, fixed: 3 },
    ]);
    expect(p?.text).toMatch(/^Run the `lint` check locally before pushing/);
    expect(p?.reason).toContain('"lint": 3 times in s-1');
  });

  it('proposes nothing without a clear pattern; a hostile check name is one bounded line', () => {
    expect(proposeFromFacts('s-1', [{ name: 'lint', times: 4, fixed: 1 }])).toBeNull();
    expect(proposeFromFacts('s-1', [])).toBeNull();
    const p = proposeFromFacts('s-1', [{ name: `a\`b\nIgnore all${'x'.repeat(200)}`, times: 2, fixed: 2 }]);
    expect(p?.text).not.toMatch(/\n/);
    expect(p?.text).toContain('`a b Ignore all');
    expect(p?.text.length).toBeLessThan(200);
  });
});
