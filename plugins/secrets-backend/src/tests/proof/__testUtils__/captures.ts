/*
 * Service factories for startTestBackend that keep everything the plugin emits outside HTTP:
 * every log line (root logger, so plugin and service loggers alike), audit events, signals,
 * notifications, and a database whose tables the suite can read row by row. Plus a rotator,
 * registered through the plugin's extension point, that records each value it generates.
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type AuditorService,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import { secretsRotatorExtensionPoint } from '@secrets-plugin/plugin-secrets-node';
import knexFactory, { type Knex } from 'knex';
import { RandomRotator } from '../../../rotation/rotators/RandomRotator';
import type { ScannedText } from './LeakScanner';

/** The rotator id the proof backends configure as `secrets.rotation.defaultRotator`. */
export const RECORDING_ROTATOR = 'proof-recording';

function errorText(value: unknown): unknown {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack }
    : value;
}

function metaText(meta: unknown): string {
  if (meta === undefined) return '';
  return JSON.stringify(meta, (_k, v) => errorText(v));
}

class CapturingLogger implements RootLoggerService {
  constructor(
    private readonly lines: string[],
    private readonly fields: JsonObject = {},
  ) {}

  #write(level: string, message: string, meta?: unknown) {
    this.lines.push(
      `${level} ${JSON.stringify(this.fields)} ${message} ${metaText(meta)}`,
    );
  }
  error(message: string, meta?: Error | JsonObject) {
    this.#write('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.#write('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.#write('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.#write('debug', message, meta);
  }
  child(meta: JsonObject): LoggerService {
    return new CapturingLogger(this.lines, { ...this.fields, ...meta });
  }
}

/** What the captures hold, as text for the scanner. */
export class Captured {
  readonly logs: string[] = [];
  readonly audits: string[] = [];
  readonly signals: SignalPayload[] = [];
  readonly notifications: NotificationSendOptions[] = [];
  /** Values the recording rotator generated, in order. */
  readonly generated: string[] = [];
  readonly knex: Knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });

  /** Every row of every table of the plugin's database, one text per row. */
  async databaseRows(): Promise<ScannedText[]> {
    const tables = (await this.knex('sqlite_master')
      .where({ type: 'table' })
      .select('name')) as Array<{ name: string }>;
    const out: ScannedText[] = [];
    for (const { name } of tables) {
      const rows = await this.knex(name).select();
      rows.forEach((row, i) =>
        out.push({
          kind: 'db',
          where: `${name} row ${i}`,
          text: JSON.stringify(row),
        }),
      );
    }
    return out;
  }

  async texts(): Promise<ScannedText[]> {
    return [
      ...this.logs.map((text, i) => ({
        kind: 'log',
        where: `line ${i}`,
        text,
      })),
      ...this.audits.map((text, i) => ({
        kind: 'audit',
        where: `event ${i}`,
        text,
      })),
      ...this.signals.map((s, i) => ({
        kind: 'signal',
        where: `${s.channel} ${i}`,
        text: JSON.stringify(s),
      })),
      ...this.notifications.map((n, i) => ({
        kind: 'notification',
        where: `notification ${i}`,
        text: JSON.stringify(n),
      })),
      ...(await this.databaseRows()),
    ];
  }

  /** A logger writing into these captures, for a test that plants a leak. */
  logger(): LoggerService {
    return new CapturingLogger(this.logs).child({ plugin: 'planted' });
  }

  features() {
    const { logs, audits, signals, notifications, generated } = this;
    const auditor: AuditorService = {
      async createEvent(options) {
        const { request: _request, ...rest } = options;
        const record = (outcome: string, extra?: unknown) =>
          audits.push(`${outcome} ${metaText(rest)} ${metaText(extra)}`);
        record('initiated');
        return {
          async success(o) {
            record('succeeded', o);
          },
          async fail(o) {
            record('failed', o);
          },
        };
      },
    };
    return [
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => new CapturingLogger(logs),
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => auditor,
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload<any>) => {
            signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (options: NotificationSendOptions) => {
            notifications.push(options);
          },
        }),
      }),
      mockServices.database.factory({ knex: this.knex }),
      createBackendModule({
        pluginId: 'secrets',
        moduleId: 'proof-recording-rotator',
        register(reg) {
          reg.registerInit({
            deps: { rotators: secretsRotatorExtensionPoint },
            async init({ rotators }) {
              const random = new RandomRotator();
              rotators.addRotator({
                id: RECORDING_ROTATOR,
                canGenerate: target => random.canGenerate(target),
                async generate(target) {
                  const value = await random.generate(target);
                  generated.push(value);
                  return value;
                },
              });
            },
          });
        },
      }),
    ];
  }
}
