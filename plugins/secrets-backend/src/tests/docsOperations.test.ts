/*
 * docs/operations.md's metrics table against the instruments src/metrics registers (name, type,
 * unit, labels), its Prometheus names against what the exporters make of them, and its alert
 * rules' PromQL against both: every series, label and label value they use must exist.
 */
import { readdirSync } from 'node:fs';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  secretSyncStatuses,
  terminalRotationStates,
  type FleetResponse,
} from '@secrets-plugin/plugin-secrets-common';
import type { CanaryResult } from '../canary/CanaryStore';
import { registerCacheMetrics } from '../metrics/cacheMetrics';
import { createRotationMetrics } from '../metrics/rotationMetrics';
import {
  codeSpans,
  markedBlock,
  repoFile,
  section,
  tableRows,
} from './docsMarkdown';

interface Instrument {
  name: string;
  type: 'gauge' | 'counter' | 'histogram';
  unit?: string;
  labels: Set<string>;
  /** a histogram's advised bucket boundaries */
  buckets?: number[];
}

/** A MetricsService that remembers every instrument and the attribute keys it is given. */
function recordingMetrics() {
  const instruments = new Map<string, Instrument>();
  const callbacks: Array<(r: unknown) => unknown> = [];
  const make =
    (type: Instrument['type']) =>
    (
      name: string,
      options?: {
        unit?: string;
        advice?: { explicitBucketBoundaries?: number[] };
      },
    ) => {
      if (instruments.has(name)) throw new Error(`${name} registered twice`);
      const instrument: Instrument = {
        name,
        type,
        unit: options?.unit || undefined,
        labels: new Set(),
        buckets: options?.advice?.explicitBucketBoundaries,
      };
      instruments.set(name, instrument);
      const saw = (attributes?: Record<string, unknown>) =>
        Object.keys(attributes ?? {}).forEach(k => instrument.labels.add(k));
      return {
        add: (_: number, a?: Record<string, unknown>) => saw(a),
        record: (_: number, a?: Record<string, unknown>) => saw(a),
        addCallback: (cb: (r: unknown) => unknown) =>
          callbacks.push(() =>
            cb({ observe: (_: number, a?: Record<string, unknown>) => saw(a) }),
          ),
        removeCallback: () => {},
      };
    };
  const unsupported = (kind: string) => (name: string) => {
    throw new Error(
      `${name}: a ${kind} is new to the docs test; give it a type in docs/operations.md and here`,
    );
  };
  const metrics = {
    createGauge: make('gauge'),
    createObservableGauge: make('gauge'),
    createCounter: make('counter'),
    createObservableCounter: make('counter'),
    createHistogram: make('histogram'),
    createUpDownCounter: unsupported('up-down counter'),
    createObservableUpDownCounter: unsupported('up-down counter'),
  } as unknown as MetricsService;
  const collect = async () => {
    for (const cb of callbacks) await cb(undefined);
  };
  return { metrics, instruments, collect };
}

const fleet: FleetResponse = {
  generatedAt: '2026-01-01T00:00:00Z',
  vaultServers: [],
  clusters: [
    {
      name: 'prod-eu',
      state: 'connected',
      esoApiVersion: 'v1',
      counts: Object.fromEntries(secretSyncStatuses.map(s => [s, 1])) as any,
    },
  ],
  stores: [
    {
      cluster: 'prod-eu',
      kind: 'ClusterSecretStore',
      name: 'vault',
      health: { ready: false },
      dependents: 1,
    },
  ],
  failing: { items: [], totalCount: 0, offset: 0, limit: 1 },
  errors: [],
};

/** Every instrument the plugin registers, with the labels it records. */
async function pluginInstruments(): Promise<Map<string, Instrument>> {
  const { metrics, instruments, collect } = recordingMetrics();
  registerCacheMetrics(metrics, {
    fleet: async () => fleet,
    clusters: () => [{ config: { name: 'prod-eu' }, lists: 3, relists: 1 }],
  });
  const rotation = createRotationMetrics(metrics);
  rotation.rotationFinished('succeeded');
  rotation.rotationPropagated('prod-eu', 1.5);
  rotation.probed({
    cluster: 'prod-eu',
    outcome: 'succeeded',
    propagationMs: 900,
  } as CanaryResult);
  rotation.probed({
    cluster: 'prod-eu',
    outcome: 'timed-out',
    reason: 'x',
  } as CanaryResult);
  await collect();
  return instruments;
}

const sanitise = (name: string) =>
  name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
const UNIT_SUFFIX: Record<string, string> = {
  s: 'seconds',
  ms: 'milliseconds',
  By: 'bytes',
};

/** @opentelemetry/exporter-prometheus: sanitised, `_total` on monotonic sums, no unit suffix. */
function exporterName(i: Instrument): string {
  const name = sanitise(i.name);
  return i.type === 'counter' && !name.endsWith('_total')
    ? `${name}_total`
    : name;
}

/** OTLP into Prometheus (Collector, or Prometheus' receiver) with suffixes: the unit, then `_total`. */
function suffixedName(i: Instrument): string {
  let name = sanitise(i.name);
  const unit = i.unit && UNIT_SUFFIX[i.unit];
  if (unit && !name.endsWith(`_${unit}`)) name = `${name}_${unit}`;
  return i.type === 'counter' && !name.endsWith('_total')
    ? `${name}_total`
    : name;
}

describe('docs/operations.md', () => {
  const doc = repoFile('docs/operations.md');
  const rows = tableRows(section(doc, 'Metrics'));

  it('lists every metric src/metrics registers, with its type, unit and labels, and no other', async () => {
    const registered = await pluginInstruments();
    const documented = rows.map(([metric, type, unit, labels]) => ({
      name: codeSpans(metric)[0],
      type,
      unit: codeSpans(unit)[0],
      labels: codeSpans(labels).sort(),
    }));
    expect(documented).toEqual(
      [...registered.values()].map(i => ({
        name: i.name,
        type: i.type,
        unit: i.unit,
        labels: [...i.labels].sort(),
      })),
    );
  });

  it('registers at runtime every metric name src/metrics spells', async () => {
    const files = readdirSync(
      // eslint-disable-next-line no-restricted-syntax
      `${__dirname}/../metrics`,
    ).filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const spelled = new Set(
      files.flatMap(f =>
        [
          ...repoFile(`plugins/secrets-backend/src/metrics/${f}`).matchAll(
            /['"`](secrets\.[a-z_.]+)['"`]/g,
          ),
        ].map(m => m[1]),
      ),
    );
    expect([...spelled].sort()).toEqual(
      [...(await pluginInstruments()).keys()].sort(),
    );
  });

  it('gives the Prometheus names each exporter makes of them', async () => {
    const registered = await pluginInstruments();
    for (const [metric, , , , exporter, suffixed] of rows) {
      const i = registered.get(codeSpans(metric)[0])!;
      expect({ metric: i.name, names: [exporter, suffixed] }).toEqual({
        metric: i.name,
        names: [`\`${exporterName(i)}\``, `\`${suffixedName(i)}\``],
      });
    }
  });

  it('gives the bucket boundaries every histogram advises', async () => {
    const histograms = [...(await pluginInstruments()).values()].filter(
      i => i.type === 'histogram',
    );
    const bullet = doc.match(/^- \*\*Histogram buckets\.\*\*[\s\S]*?(?=^- )/m);
    expect(bullet).not.toBeNull();
    const documented = codeSpans(bullet![0])
      .filter(c => /^[\d., ]+$/.test(c))
      .map(c => c.split(',').map(Number));
    expect(documented).toHaveLength(1);
    expect(histograms.length).toBeGreaterThan(0);
    for (const h of histograms)
      expect({ name: h.name, buckets: h.buckets }).toEqual({
        name: h.name,
        buckets: documented[0],
      });
  });

  it('alerts only on series, labels and label values that exist', async () => {
    const registered = await pluginInstruments();
    const byPromName = new Map(
      [...registered.values()].map(i => [exporterName(i), i]),
    );
    const values: Record<string, readonly string[]> = {
      status: secretSyncStatuses,
      ready: ['true', 'false', 'unknown'],
      outcome: terminalRotationStates,
    };
    const rules = markedBlock(doc, 'alert rules');
    const exprs = [...rules.matchAll(/^\s*expr: (.*)$/gm)].map(m => m[1]);
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    for (const expr of exprs) {
      const used = [...expr.matchAll(/\b(secrets_[a-z_]+)/g)].map(m => {
        const base = m[1].replace(/_(bucket|sum|count)$/, '');
        const i = byPromName.get(byPromName.has(m[1]) ? m[1] : base);
        // _bucket, _sum and _count exist for histograms only
        expect({
          expr,
          series: m[1],
          known: !!i && (base === m[1] || i.type === 'histogram'),
        }).toEqual({ expr, series: m[1], known: true });
        return i!;
      });
      for (const m of expr.matchAll(/\b(secrets_[a-z_]+)\{([^}]*)\}/g)) {
        const i = used.find(u => exporterName(u) === m[1])!;
        for (const [, label, op, value] of m[2].matchAll(
          /(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g,
        )) {
          expect(i.labels.has(label)).toBe(true);
          const wanted = op.includes('~') ? value.split('|') : [value];
          for (const v of wanted)
            expect({ label, value: v, ok: values[label]?.includes(v) }).toEqual(
              { label, value: v, ok: true },
            );
        }
      }
      const labels = new Set(used.flatMap(u => [...u.labels]));
      if (used.some(u => u.type === 'histogram')) labels.add('le');
      for (const m of expr.matchAll(/\bby \(([^)]*)\)/g))
        for (const label of m[1].split(',').map(l => l.trim()))
          expect({ expr, label, known: labels.has(label) }).toEqual({
            expr,
            label,
            known: true,
          });
    }
  });
});
