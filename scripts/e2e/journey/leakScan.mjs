// The journey's leak scanner: every response body and WebSocket frame the browser received,
// every request it sent and the rendered HTML of each page are recorded; afterwards every value
// fleet-sim's Vault holds (all namespaces, mounts, paths and versions, read with the root token)
// is searched for in them, as is, base64-encoded (as a Kubernetes Secret would carry it) and
// JSON-escaped. Values shorter than 6 characters are too likely to occur by chance.
export const MIN_VALUE_LENGTH = 6;

export class TrafficRecorder {
  /** @type {{where: string, text: string}[]} */
  records = [];

  add(where, text) {
    if (text) this.records.push({ where, text });
  }

  /** Records everything `page` receives and sends from now on. */
  attach(page, tag = 'journey') {
    page.on('response', async response => {
      const status = response.status();
      if (status >= 300 && status < 400) return;
      try {
        const body = await response.body();
        this.add(
          `${tag} response ${status} ${response.url()}`,
          body.toString('utf8'),
        );
      } catch {
        // bodies of requests the page abandoned (navigations) are gone: nothing reached it
      }
    });
    page.on('request', request => {
      const body = request.postData();
      if (body)
        this.add(`${tag} request ${request.method()} ${request.url()}`, body);
    });
    page.on('websocket', ws => {
      ws.on('framereceived', f =>
        this.add(`${tag} websocket ${ws.url()}`, String(f.payload)),
      );
    });
  }

  async snapshot(page, step) {
    this.add(`rendered HTML, ${step} (${page.url()})`, await page.content());
  }

  get bytes() {
    return this.records.reduce((n, r) => n + r.text.length, 0);
  }
}

async function vaultCall(vault, method, path, namespace) {
  const res = await fetch(`${vault.url}/v1/${path}`, {
    method,
    headers: {
      'x-vault-token': vault.rootToken,
      ...(namespace ? { 'x-vault-namespace': namespace } : {}),
    },
  });
  if (res.status === 404) return undefined;
  if (!res.ok)
    throw new Error(
      `Vault ${method} ${namespace ?? ''}/${path}: ${res.status}`,
    );
  return res.json();
}

async function namespaces(vault, parent = '') {
  const list = await vaultCall(
    vault,
    'LIST',
    'sys/namespaces',
    parent || undefined,
  );
  const found = [parent];
  for (const key of list?.data?.keys ?? [])
    found.push(...(await namespaces(vault, `${parent}${key}`)));
  return found;
}

function leaves(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) leaves(v, out);
  return out;
}

/**
 * Every string value stored in fleet-sim's Vault: {value, where}. KV v2 mounts are read at every
 * version that still has data; KV v1 mounts as they are.
 */
export async function vaultInventory(vault) {
  const values = [];
  for (const ns of await namespaces(vault)) {
    const mounts =
      (await vaultCall(vault, 'GET', 'sys/mounts', ns || undefined))?.data ??
      {};
    for (const [mount, info] of Object.entries(mounts)) {
      if (info.type !== 'kv') continue;
      const v2 = info.options?.version === '2';
      const walk = async prefix => {
        const listPath = v2
          ? `${mount}metadata/${prefix}`
          : `${mount}${prefix}`;
        const keys =
          (await vaultCall(vault, 'LIST', listPath, ns || undefined))?.data
            ?.keys ?? [];
        for (const key of keys) {
          if (key.endsWith('/')) {
            await walk(`${prefix}${key}`);
            continue;
          }
          const path = `${prefix}${key}`;
          const where = `${ns || 'root'}:${mount}${path}`;
          if (!v2) {
            const secret = await vaultCall(
              vault,
              'GET',
              `${mount}${path}`,
              ns || undefined,
            );
            for (const value of leaves(secret?.data))
              values.push({ value, where });
            continue;
          }
          const meta = await vaultCall(
            vault,
            'GET',
            `${mount}metadata/${path}`,
            ns || undefined,
          );
          for (const version of Object.keys(meta?.data?.versions ?? {})) {
            const secret = await vaultCall(
              vault,
              'GET',
              `${mount}data/${path}?version=${version}`,
              ns || undefined,
            );
            for (const value of leaves(secret?.data?.data))
              values.push({ value, where: `${where} v${version}` });
          }
        }
      };
      await walk('');
    }
  }
  return values;
}

/** What a value looks like wherever it could end up in traffic or a page. */
function disguises(value) {
  return [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** @returns {{value: string, where: string, seenIn: string}[]} every value found in a record */
export function scan(records, values) {
  const hits = [];
  for (const { value, where } of values) {
    if (value.length < MIN_VALUE_LENGTH) continue;
    const forms = [...new Set(disguises(value))];
    for (const record of records) {
      if (forms.some(f => record.text.includes(f))) {
        hits.push({ value, where, seenIn: record.where });
        break;
      }
    }
  }
  return hits;
}

/** A finding names where the value lives and where it was seen, never the value itself. */
export const describeHit = hit =>
  `value of ${hit.where} (${hit.value.length} characters) seen in ${hit.seenIn}`;
