import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { PropsValidator, listOf } from '../../src/private/validation';

describe('PropsValidator', () => {
  test('reports several problems in one Error naming each prop', () => {
    const stack = new Stack(new App(), 'S');
    const v = new PropsValidator();
    v.integerInRange('desiredCount', -1, 0, 10);
    v.durationInRange('stopTimeout', Duration.seconds(500), 2, 120);
    expect(() => v.throwIfInvalid(stack)).toThrow(/2 invalid props:\n {2}- 'desiredCount' must be an integer from 0 to 10, got -1\n {2}- 'stopTimeout'/);
  });

  test('skips unresolved tokens', () => {
    const stack = new Stack(new App(), 'S');
    const v = new PropsValidator();
    v.integerInRange('desiredCount', Token.asNumber({ Ref: 'P' }), 0, 10);
    v.durationInRange('stopTimeout', Duration.seconds(Token.asNumber({ Ref: 'P' })), 2, 120);
    expect(() => v.throwIfInvalid(stack)).not.toThrow();
  });

  test('lists allowed values in prose', () => {
    expect(listOf([512, 1024, 2048])).toBe('512, 1024 or 2048');
  });
});
