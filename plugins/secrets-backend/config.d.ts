import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the secrets plugin (External Secrets Operator + Vault). */
  secrets?: {
    /**
     * Clusters whose ExternalSecrets, stores and consumers the plugin watches. Clusters declared for
     * the Kubernetes plugin (`kubernetes.clusterLocatorMethods` of type `config`) are added too,
     * unless `includeKubernetesPluginClusters` is false; a cluster listed here wins on a name clash.
     */
    clusters?: Array<{
      /** Unique name; used in URLs and in the UI. */
      name: string;
      /** Human-friendly name for the UI. Defaults to `name`. */
      title?: string;
      /** API server URL, e.g. https://10.0.0.1:6443. */
      url: string;
      /** Environment of the cluster (dev, staging, prod...): policies and the UI group by it. */
      environment?: string;
      /** Link to a dashboard for this cluster, shown in the UI. */
      dashboardUrl?: string;
      /**
       * How the plugin authenticates to this cluster. Defaults to `serviceAccount`.
       * `serviceAccount`: bearer token from `serviceAccountToken`, `serviceAccountTokenFile`, or the
       * in-cluster service account when neither is set. `kubeconfig`: a context of a kubeconfig file.
       */
      authProvider?: 'serviceAccount' | 'kubeconfig';
      /**
       * Bearer token of the plugin's service account.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** File holding the bearer token; re-read when it changes (projected tokens rotate). */
      serviceAccountTokenFile?: string;
      /** Path of a kubeconfig file, for `authProvider: kubeconfig`. Defaults to $KUBECONFIG or ~/.kube/config. */
      kubeconfigPath?: string;
      /** Context in the kubeconfig, for `authProvider: kubeconfig`. Defaults to its current context. */
      kubeconfigContext?: string;
      /**
       * Base64 PEM of the CA that signed the API server's certificate.
       * @visibility secret
       */
      caData?: string;
      /** File holding the CA PEM. */
      caFile?: string;
      /** Skip TLS verification of the API server. Never in production. Defaults to false. */
      skipTLSVerify?: boolean;
    }>;

    /** Read `kubernetes.clusterLocatorMethods` (type `config`) as well. Defaults to true. */
    includeKubernetesPluginClusters?: boolean;

    /**
     * Vault servers, matched to SecretStores by their `spec.provider.vault.server` URL. Needed for
     * rotation and history, not for status.
     */
    vault?: Array<{
      /** Unique name. */
      name: string;
      /** Vault address exactly as SecretStores reference it, e.g. https://vault.example.com:8200. */
      url: string;
      /** Address the backend uses when it differs from `url` (e.g. an internal load balancer). */
      backendUrl?: string;
      /** Base64 PEM of the CA of the Vault server. */
      caData?: string;
      /** Skip TLS verification of Vault. Never in production. Defaults to false. */
      skipTLSVerify?: boolean;
      /** The plugin's own credentials for this server. */
      auth: VaultAuthConfig;
      /** Credentials per Vault namespace (Enterprise), when one identity cannot reach all tenants. */
      namespaces?: Array<{
        /** The Vault namespace, e.g. team-payments. */
        namespace: string;
        auth: VaultAuthConfig;
      }>;
      /**
       * How often the backend reads this server's `sys/health` (unauthenticated), to tell users
       * whether Vault is up while ESO is in backoff. Defaults to 30 seconds.
       */
      healthCheckInterval?: HumanDuration | string;
    }>;

    /** `POST /stores/revalidate`. */
    revalidate?: {
      /**
       * How long a revalidation watches the ExternalSecrets it bumped, to report whether they
       * synced; the request waits at most this long for them. Defaults to 10 seconds.
       */
      watchFor?: HumanDuration | string;
    };

    /** The cache's behaviour. */
    cache?: {
      /**
       * Longest wait between watch restarts after errors; restarts back off from 1 s to this.
       * Defaults to 30 seconds.
       */
      maxBackoff?: HumanDuration | string;
      /**
       * How often each cluster is asked again which ESO API it serves, so that ESO installed,
       * upgraded or removed after startup is followed (one small GET per cluster). A cluster whose
       * ESO watches all get 404 is asked at once. Defaults to 5 minutes.
       */
      discoveryInterval?: HumanDuration | string;
      /** A synced ExternalSecret is Stale when its last sync is this much later than its interval. Defaults to 5 minutes. */
      staleMargin?: HumanDuration | string;
    };

    /** Key age and version drift on the Secrets tab and fleet page. */
    keyAge?: {
      /**
       * How long a key's Vault metadata (its versions and their times, never data) is served
       * from memory before it is read again; the plugin's own writes refresh it at once, so
       * this bounds how late a version written outside the plugin shows. Defaults to 1 minute.
       */
      metadataMaxAge?: HumanDuration | string;
    };

    /**
     * Tenants: which owner group's keys live where in Vault. A rotation is allowed only for a key
     * inside a Vault location of a tenant that owns the entity it is requested through (the
     * tenant-boundary rule); with no tenant configured, nothing can be rotated.
     */
    tenants?: Array<{
      /** The owner group, as an entity ref: group:default/team-payments. */
      owner: string;
      vault: Array<{
        /** A `secrets.vault[].name`, or the server URL as stores reference it. */
        server: string;
        /** Vault Enterprise namespace; absent = root. */
        namespace?: string;
        /** `<mount>/<path prefix>` the tenant's keys live under, e.g. `secret/payments/`. */
        paths: string[];
      }>;
      /**
       * This tenant's rotation policy, over `secrets.rotation` for its keys (the keys its group
       * owns), field by field: the fields here apply in every environment, `environments.<env>`
       * in one, and the more specific setting wins. Approval stays per environment.
       */
      policy?: RotationPolicyOverrides & {
        /** A rotation's reason must be at least this long, for this tenant. */
        minReasonLength?: number;
        environments?: {
          [environment: string]: RotationPolicyOverrides;
        };
      };
    }>;

    /** One-click rotation: the server-side policy and its timeouts. */
    rotation?: {
      /** A rotation's reason must be at least this long. Defaults to 10. */
      minReasonLength?: number;
      /** The rotator of a key listed without one in `secrets.backstage.io/rotate`. Defaults to `random`. */
      defaultRotator?: string;
      /** How long each cluster may take to prove the new version landed. Defaults to 5 minutes. */
      verifyTimeout?: HumanDuration | string;
      /** How long a restarted workload may take to complete its rollout. Defaults to 10 minutes. */
      restartTimeout?: HumanDuration | string;
      /**
       * Policy per cluster environment (`secrets.clusters[].environment`); `default` applies to
       * environments without an entry. The strictest setting of the environments a key reaches wins.
       */
      environments?: {
        [environment: string]: {
          /** An unhealthy store or unreachable cluster denies (default) or only warns. */
          storeHealthGate?: 'deny' | 'warn';
          /** Minimum time between two rotations of the same key. */
          cooldown?: HumanDuration | string;
          /** No rotation while a window is open: from each cron occurrence (UTC), for `duration`. */
          freezeWindows?: Array<{
            cron: string;
            duration: HumanDuration | string;
            reason?: string;
          }>;
          blastRadius?: {
            maxClusters?: number;
            maxWorkloads?: number;
          };
          /**
           * Four-eyes: a rotation reaching this environment, requested by someone outside the
           * approver groups, waits in `awaiting-approval` until another member approves it.
           */
          approval?: {
            /** Group refs whose members may approve, e.g. group:default/platform. */
            approvers: string[];
            /** An unapproved rotation expires after this long. */
            expiresAfter: HumanDuration | string;
          };
        };
      };
      /**
       * Scheduled rotation: keys under `path` (`<mount>/<path>`, `*` matches within one segment,
       * a trailing `*` anything below) are rotated when their last rotation, or else their
       * current Vault version, is older than `every`.
       */
      schedules?: Array<{
        path: string;
        every: HumanDuration | string;
      }>;
      /**
       * How often one replica looks for keys whose scheduled rotation is due (annotations and
       * `schedules`). Defaults to 5 minutes.
       */
      scheduleInterval?: HumanDuration | string;
    };

    /**
     * Canary probes: on a schedule (one replica at a time), a fresh random value is written to a
     * platform canary key in Vault, the canary ExternalSecret (or ClusterExternalSecret) is
     * force-synced in each cluster, and the time until its target Secret's data changed is
     * recorded per cluster (`GET /fleet` shows the latest). The value never leaves the backend's memory.
     */
    canary?: {
      /** How often to probe. Defaults to 5 minutes. */
      schedule?: HumanDuration | string;
      /** How long each cluster may take. Defaults to 2 minutes (at most the schedule). */
      timeout?: HumanDuration | string;
      vault: {
        /** A `secrets.vault[].name`, or the server URL as stores reference it. */
        server: string;
        /** Vault Enterprise namespace; absent = root. */
        namespace?: string;
        /** The KV v2 mount, e.g. `platform`. */
        mount: string;
        /** The key's path inside the mount, e.g. `canary`. */
        path: string;
        /** The property written, as the canary ExternalSecret's `remoteRef.property`. */
        key: string;
      };
      /** The canary ExternalSecret, the same in every cluster... */
      externalSecret?: { namespace: string; name: string };
      /** ...or a ClusterExternalSecret, force-synced once per cluster with all its children checked. */
      clusterExternalSecret?: string;
      /** The clusters probed (`secrets.clusters[].name`). Defaults to every cluster. */
      clusters?: string[];
    };
  };
}

/** Rotation policy settings a tenant may set for its own keys. */
type RotationPolicyOverrides = {
  /** An unhealthy store or unreachable cluster denies or only warns. */
  storeHealthGate?: 'deny' | 'warn';
  /** Minimum time between two rotations of the same key. */
  cooldown?: HumanDuration | string;
  /** No rotation while a window is open: from each cron occurrence (UTC), for `duration`. */
  freezeWindows?: Array<{
    cron: string;
    duration: HumanDuration | string;
    reason?: string;
  }>;
  blastRadius?: {
    maxClusters?: number;
    maxWorkloads?: number;
  };
};

/** Credentials the plugin uses to talk to Vault. */
type VaultAuthConfig =
  | {
      type: 'token';
      /**
       * @visibility secret
       */
      token: string;
    }
  | {
      type: 'approle';
      /** Mount path of the AppRole method. Defaults to approle. */
      mountPath?: string;
      roleId: string;
      /**
       * @visibility secret
       */
      secretId: string;
    }
  | {
      type: 'kubernetes';
      /** Mount path of the Kubernetes method. Defaults to kubernetes. */
      mountPath?: string;
      role: string;
      /** Service-account token file. Defaults to /var/run/secrets/kubernetes.io/serviceaccount/token. */
      serviceAccountTokenFile?: string;
    };
