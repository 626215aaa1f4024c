import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../server/certification/criteria/index.js';
import { evaluatePlan } from '../../server/certification/evaluatePlan.js';
import { CertificationInputError } from '../../server/certification/inputError.js';
import { parseTestPlan } from '../../server/certification/testPlan.js';
import { syntheticFlight } from './syntheticFlight.js';

const defaultPlanJson: unknown = JSON.parse(
  readFileSync(new URL('../../fixtures/test-plans/default.json', import.meta.url), 'utf8'),
);

function issuesOf(input: unknown) {
  try {
    parseTestPlan(input);
  } catch (error) {
    if (error instanceof CertificationInputError) return error.issues;
    throw error;
  }
  throw new Error('expected the plan to be rejected');
}

describe('test plans', () => {
  it('the default plan is valid and uses every one of the 15 criteria', () => {
    const plan = parseTestPlan(defaultPlanJson);
    expect(new Set(plan.items.map((item) => item.criterion))).toEqual(new Set(CRITERION_IDS));
    expect(CRITERION_IDS).toHaveLength(15);
  });

  it('names the requirement every item of the default plans tests, and carries it to the results', () => {
    for (const file of ['default.json', 'fixed-wing.json', 'vtol.json']) {
      const plan = parseTestPlan(
        JSON.parse(
          readFileSync(new URL(`../../fixtures/test-plans/${file}`, import.meta.url), 'utf8'),
        ),
      );
      for (const item of plan.items)
        expect(item.requirement?.id, `${file} ${item.id}`).toBeTruthy();
    }
    const plan = parseTestPlan({
      id: 'p',
      name: 'p',
      version: 1,
      items: [
        {
          id: 'speed',
          criterion: 'max-speed',
          requirement: { id: 'KIAST-MR-07', text: 'Declared maximum speed' },
        },
      ],
    });
    const hover = syntheticFlight({
      durationS: 10,
      state: () => ({ eastM: 0, northM: 0, altRelM: 5 }),
    });
    expect(evaluatePlan(plan, hover)[0]?.requirement).toEqual({
      id: 'KIAST-MR-07',
      text: 'Declared maximum speed',
    });
    expect(
      issuesOf({
        id: 'p',
        name: 'p',
        version: 1,
        items: [{ id: 's', criterion: 'max-speed', requirement: { id: '' } }],
      })[0]?.path,
    ).toBe('items[0].requirement.id');
  });

  it('fills parameters left out with the criterion defaults', () => {
    const plan = parseTestPlan({
      id: 'p',
      name: 'p',
      version: 3,
      items: [{ id: 'h', criterion: 'hover-accuracy', params: { max2drmsM: 1 } }],
    });
    expect(plan.items[0]).toMatchObject({
      params: { max2drmsM: 1, maxVerticalDeviationM: 1, minHoldS: 30 },
      thresholdSource: 'default',
    });
  });

  it('names an unknown criterion and lists the valid ones', () => {
    const issues = issuesOf({
      id: 'p',
      name: 'p',
      version: 1,
      items: [{ id: 'x', criterion: 'hover' }],
    });
    expect(issues[0]?.path).toBe('items[0].criterion');
    expect(issues[0]?.message).toMatch(/hover-accuracy/);
  });

  it('names the item and parameter of a bad threshold', () => {
    const issues = issuesOf({
      id: 'p',
      name: 'p',
      version: 1,
      items: [{ id: 'a', criterion: 'max-speed', params: { maxSpeedMps: -3 } }],
    });
    expect(issues[0]?.path).toBe('items[0].params.maxSpeedMps');
  });

  it('rejects an unknown parameter instead of ignoring it', () => {
    const issues = issuesOf({
      id: 'p',
      name: 'p',
      version: 1,
      items: [{ id: 'a', criterion: 'max-speed', params: { maxSpeed: 10 } }],
    });
    expect(issues[0]?.path).toBe('items[0].params');
  });

  it('rejects duplicate item ids and a time range that ends before it starts', () => {
    const issues = issuesOf({
      id: 'p',
      name: 'p',
      version: 1,
      items: [
        { id: 'a', criterion: 'endurance' },
        { id: 'a', criterion: 'endurance', window: { kind: 'time-range', startS: 50, endS: 10 } },
      ],
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'items[1].id',
      'items[1].window.endS',
    ]);
  });

  it('evaluates every item of the default plan, none silently passing on an empty flight', () => {
    const plan = parseTestPlan(defaultPlanJson);
    const empty = syntheticFlight({
      durationS: 0,
      state: () => ({ eastM: 0, northM: 0, altRelM: 0 }),
    });
    const results = evaluatePlan(plan, empty);
    expect(results.map((r) => r.itemId)).toEqual(plan.items.map((item) => item.id));
    for (const result of results) {
      expect(result.verdict, `${result.criterion}: ${result.reason}`).not.toBe('pass');
    }
  });
});
