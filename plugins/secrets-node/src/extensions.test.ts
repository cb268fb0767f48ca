import {
  secretsPolicyExtensionPoint,
  secretsRotatorExtensionPoint,
} from './extensions';

describe('extension points', () => {
  it('keep the ids modules register against (changing one breaks every module)', () => {
    expect(secretsPolicyExtensionPoint.id).toBe('secrets.rotation-policy');
    expect(secretsRotatorExtensionPoint.id).toBe('secrets.rotators');
  });
});
