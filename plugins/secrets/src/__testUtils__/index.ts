export * from './fixtures';
export * from './render';
export * from './rotationFixtures';
export * from './msw';
