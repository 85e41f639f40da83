import { status } from '@grpc/grpc-js';
import { DomainRuleError } from '@carebridge/decider';
import { errorReason, mapError } from './errors';

describe('ErrorInfo reasons', () => {
  test.each([
    ['fund_insufficient', 'FUND_INSUFFICIENT'],
    ['FUND_INSUFFICIENT', 'FUND_INSUFFICIENT'],
    ['orderId', 'ORDER_ID'],
    ['item_draft', 'ITEM_DRAFT'],
    ['service-not-found', 'SERVICE_NOT_FOUND'],
    ['_odd__spelling_', 'ODD_SPELLING'],
  ])('%s is sent as %s', (code, reason) => {
    expect(errorReason(code)).toBe(reason);
    expect(errorReason(code)).toMatch(/^[A-Z][A-Z0-9_]+[A-Z0-9]$/);
  });

  test('a reason is at most 63 characters', () => {
    expect(errorReason('a'.repeat(100))).toHaveLength(63);
  });

  test('a domain rule is FAILED_PRECONDITION with the UPPER_SNAKE reason, its field and the service as domain', () => {
    const mapped = mapError(
      new DomainRuleError('the fund cannot cover it', 'fund_insufficient', 'amount_fen'),
      'relief',
    );
    expect(mapped).toMatchObject({
      code: status.FAILED_PRECONDITION,
      errorInfo: { reason: 'FUND_INSUFFICIENT', domain: 'relief', metadata: { field: 'amount_fen' } },
    });
  });
});
