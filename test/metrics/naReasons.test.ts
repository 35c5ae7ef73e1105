import { describe, expect, it } from 'vitest';
import { NA_REASONS, na, naReason } from '../../src/metrics/naReasons.js';

describe('naReasons: the one catalogue of n/a reasons', () => {
  it('names every reason with a stable kebab-case code', () => {
    for (const code of Object.keys(NA_REASONS)) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('words a reason from its code and arguments, with the wording the outputs print', () => {
    expect(naReason('no-closed-deals')).toEqual({ code: 'no-closed-deals', message: 'no closed deals in window' });
    expect(naReason('no-closed-deals', 'rate window').message).toBe('no closed deals in rate window');
    expect(naReason('small-peer-group', 30).message).toBe('no rep has 30 or more closed deals in the window');
    expect(naReason('stage-pvf-unknown', 'Qualify', 'conversion to won is unknown').message).toBe('the pvf of stage Qualify is unknown: conversion to won is unknown');
  });

  it('makes an n/a figure: value null exactly when the reason is set', () => {
    expect(na('target-met')).toEqual({ value: null, reason: { code: 'target-met', message: 'target already met' } });
  });
});
