// a root devDependency, shared by the workspaces through the one lockfile entry
// eslint-disable-next-line @backstage/no-undeclared-imports
import fc from 'fast-check';
import { ExpiryHeap } from './expiryHeap';

describe('ExpiryHeap', () => {
  it('pops in order of instant whatever the order of pushes and pops', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
        ),
        ops => {
          const heap = new ExpiryHeap();
          const model: Array<[number, string]> = [];
          ops.forEach((at, i) => {
            if (at !== undefined) {
              heap.push(at, `k${i}`);
              model.push([at, `k${i}`]);
              return;
            }
            model.sort((a, b) => a[0] - b[0]);
            const earliest = model.length ? model[0][0] : Infinity;
            expect(heap.peek()).toBe(earliest);
            const key = heap.pop();
            // among equal instants any may come first
            const index = model.findIndex(
              ([t, k]) => t === earliest && k === key,
            );
            expect(model.length === 0 ? key === undefined : index >= 0).toBe(
              true,
            );
            if (index >= 0) model.splice(index, 1);
            expect(heap.size).toBe(model.length);
          });
        },
      ),
    );
  });
});
