import { makeGroup, makeRow } from '../__testUtils__';
import {
  defaultSecretFilters,
  filterGroups,
  matchGroups,
} from './filterGroups';

const rows = [
  makeRow({ cluster: 'prod-eu', name: 'b', status: 'Synced' }),
  makeRow({
    cluster: 'dev-eu',
    name: 'a',
    status: 'Error',
    cause: 'Permission Denied',
  }),
  makeRow({ cluster: 'prod-us', name: 'c', status: 'Synced' }),
];
const groups = [
  makeGroup('payments-api/db', rows),
  makeGroup('payments-api/stripe', [makeRow({ name: 'stripe' })]),
];

describe('filterGroups', () => {
  it('hands back the same group objects while the filters leave them whole', () => {
    const first = filterGroups(groups, defaultSecretFilters);
    // a keystroke that matches everything: nothing for the memoised tables to re-render
    const again = filterGroups(groups, {
      ...defaultSecretFilters,
      search: 'pay',
    });
    expect(again).toHaveLength(2);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    // worst status first, as before
    expect(first[0].rows.map(r => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('filters on the rows and the key, case-insensitively, keeping the sort and the row objects', () => {
    const byCause = filterGroups(groups, {
      ...defaultSecretFilters,
      search: 'permission DENIED',
    });
    expect(byCause.map(g => g.id)).toEqual(['payments-api/db']);
    expect(byCause[0].rows).toEqual([rows[1]]);
    expect(byCause[0].rows[0]).toBe(rows[1]);

    const prod = filterGroups(groups, {
      ...defaultSecretFilters,
      search: 'prod-',
      sort: 'name',
    });
    expect(prod[0].rows.map(r => r.name)).toEqual(['b', 'c']);
    expect(prod[1].rows.map(r => r.name)).toEqual(['stripe']); // prod-eu by default

    const byKey = filterGroups(groups, {
      ...defaultSecretFilters,
      search: 'STRIPE',
    });
    expect(byKey.map(g => g.id)).toEqual(['payments-api/stripe']);
  });

  it('derives again when the rows are replaced', () => {
    const before = filterGroups(groups, defaultSecretFilters);
    const replaced = [
      makeGroup('payments-api/db', [
        makeRow({ name: 'z', cause: 'new trouble' }),
      ]),
    ];
    const after = filterGroups(replaced, {
      ...defaultSecretFilters,
      search: 'trouble',
    });
    expect(after[0]).not.toBe(before[0]);
    expect(after[0].rows.map(r => r.name)).toEqual(['z']);
  });

  it('keeps every group whole, in order, with the rows that match: the same set while all or none do', () => {
    const all = matchGroups(groups, defaultSecretFilters);
    const prod = matchGroups(groups, {
      ...defaultSecretFilters,
      search: 'prod-us',
      sort: 'name',
    });
    expect(prod.map(m => m.group.id)).toEqual([
      'payments-api/db',
      'payments-api/stripe',
    ]);
    expect(prod[0].group.rows.map(r => r.name)).toEqual(['a', 'b', 'c']);
    expect([...prod[0].matching]).toEqual([rows[2]]);
    expect(prod[1].matching.size).toBe(0);

    const again = matchGroups(groups, { ...defaultSecretFilters, search: 'p' });
    expect(again[0].group).toBe(all[0].group);
    expect(again[0].matching).toBe(all[0].matching);
    expect(again[0].matching.size).toBe(3);
    const none = matchGroups(groups, { ...defaultSecretFilters, search: 'zz' });
    expect(none[0].matching).toBe(none[1].matching);
  });
});
