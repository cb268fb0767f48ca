#!/usr/bin/env node
/*
 * Compares two heap snapshots of one soak run (SOAK_SNAPSHOTS, see soakHeap.ts); snapshots of one
 * process keep their object ids, so "new" means allocated after the first and still alive.
 *
 *   node soakHeapDiff.mjs a.heapsnapshot b.heapsnapshot              count and size by constructor
 *   node soakHeapDiff.mjs a.heapsnapshot b.heapsnapshot --holders    new objects by the nearest
 *        holder on their retainer path (HOLDERS=Captured,TimerHeap,... to choose the classes)
 *   node soakHeapDiff.mjs a.heapsnapshot b.heapsnapshot --paths=ResourceWatch   their paths
 *
 * A 500 MB snapshot needs about 4 GB: node --max-old-space-size=8000 soakHeapDiff.mjs ...
 */
import { readFileSync } from 'node:fs';

const HOLDERS = (
  process.env.HOLDERS ??
  'Captured,LeakScanner,TimerHeap,ResourceWatch,WatchHub,InMemoryClusterStore,ClusterObjectRegistry,' +
    'Kv2Store,VaultCore,ClusterCache,ClusterData,ClusterWatch,RotationRunner,DefaultRotationService,' +
    'Agent,Generator'
).split(',');

function load(file) {
  const s = JSON.parse(readFileSync(file, 'utf8'));
  const m = s.snapshot.meta;
  const nodeFields = m.node_fields;
  const edgeFields = m.edge_fields;
  return {
    s,
    N: nodeFields.length,
    E: edgeFields.length,
    nodeTypes: m.node_types[0],
    edgeTypes: m.edge_types[0],
    type: nodeFields.indexOf('type'),
    name: nodeFields.indexOf('name'),
    size: nodeFields.indexOf('self_size'),
    edgeCount: nodeFields.indexOf('edge_count'),
    id: nodeFields.indexOf('id'),
    edgeType: edgeFields.indexOf('type'),
    edgeName: edgeFields.indexOf('name_or_index'),
    edgeTo: edgeFields.indexOf('to_node'),
  };
}

/** Constructor name of an object or closure, else `(type)`: strings, code, arrays... */
function label(h, n) {
  const type = h.nodeTypes[h.s.nodes[n * h.N + h.type]];
  const name = h.s.strings[h.s.nodes[n * h.N + h.name]];
  return type === 'object' || type === 'closure'
    ? name.slice(0, 60)
    : `(${type})`;
}

function byConstructor(h) {
  const out = new Map();
  for (let n = 0; n < h.s.nodes.length / h.N; n++) {
    const k = label(h, n);
    const e = out.get(k) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += h.s.nodes[n * h.N + h.size];
    out.set(k, e);
  }
  return out;
}

/** A shortest retainer path from the root to each node (breadth first, weak edges skipped). */
function retainers(h) {
  const count = h.s.nodes.length / h.N;
  const first = new Uint32Array(count + 1);
  for (let n = 0, e = 0; n < count; n++) {
    first[n] = e;
    e += h.s.nodes[n * h.N + h.edgeCount] * h.E;
  }
  first[count] = h.s.edges.length;
  const parent = new Int32Array(count).fill(-1);
  const via = new Int32Array(count).fill(-1);
  const queue = new Uint32Array(count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  while (head < tail) {
    const n = queue[head++];
    for (let e = first[n]; e < first[n + 1]; e += h.E) {
      if (h.edgeTypes[h.s.edges[e + h.edgeType]] === 'weak') continue;
      const to = h.s.edges[e + h.edgeTo] / h.N;
      if (parent[to] !== -1) continue;
      parent[to] = n;
      via[to] = e;
      queue[tail++] = to;
    }
  }
  return { parent, via };
}

function edgeLabel(h, e) {
  const type = h.edgeTypes[h.s.edges[e + h.edgeType]];
  return type === 'element' || type === 'hidden'
    ? '[]'
    : String(h.s.strings[h.s.edges[e + h.edgeName]]);
}

const [fileA, fileB, ...flags] = process.argv.slice(2);
const flag = name => flags.find(f => f.startsWith(name))?.split('=')[1] ?? '';
const top = Number(flag('--top') || 40);
const a = load(fileA);
const b = load(fileB);
const kb = bytes => `${(bytes / 1024).toFixed(1).padStart(9)} KB`;

if (!flags.some(f => f.startsWith('--holders') || f.startsWith('--paths'))) {
  const [ca, cb] = [byConstructor(a), byConstructor(b)];
  const rows = [...new Set([...ca.keys(), ...cb.keys()])].map(k => {
    const [ea, eb] = [ca.get(k), cb.get(k)];
    return [
      k,
      (eb?.count ?? 0) - (ea?.count ?? 0),
      (eb?.bytes ?? 0) - (ea?.bytes ?? 0),
    ];
  });
  const total = rows.reduce((s, r) => s + r[2], 0);
  console.log(`self size ${kb(total)} from the first snapshot to the second`);
  rows.sort((x, y) => y[2] - x[2]);
  for (const [k, dn, db] of rows.slice(0, top))
    console.log(`${kb(db)} ${String(dn).padStart(8)}  ${k}`);
} else {
  const old = new Set();
  for (let i = a.id; i < a.s.nodes.length; i += a.N) old.add(a.s.nodes[i]);
  a.s = undefined;
  const { parent, via } = retainers(b);
  const only = flag('--paths');
  const groups = new Map();
  for (let n = 0; n < b.s.nodes.length / b.N; n++) {
    if (old.has(b.s.nodes[n * b.N + b.id])) continue;
    const own = label(b, n);
    let key;
    if (only) {
      if (own !== only) continue;
      const path = [];
      for (
        let c = n, k = 0;
        k < Number(process.env.DEPTH ?? 12) && c > 0 && parent[c] >= 0;
        k++
      ) {
        path.push(`${edgeLabel(b, via[c])} < ${label(b, parent[c])}`);
        c = parent[c];
      }
      key = `${own}: ${path.join(' ')}`;
    } else {
      key = '(no holder listed)';
      for (let c = n; c > 0; c = parent[c]) {
        if (parent[c] < 0) {
          key = '(unreachable)';
          break;
        }
        if (HOLDERS.includes(label(b, c))) {
          key = label(b, c);
          break;
        }
      }
    }
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += b.s.nodes[n * b.N + b.size];
    groups.set(key, g);
  }
  const rows = [...groups].sort((x, y) => y[1].bytes - x[1].bytes);
  for (const [k, g] of rows.slice(0, top))
    console.log(`${kb(g.bytes)} ${String(g.count).padStart(8)}  ${k}`);
}
